/**
 * 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015: 18 characters from a 31-character alphabet
 * (digits and capitals without I, O, Z, S, V). Character 18 is a check character over the first 17,
 * weighted by 3^(i) mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or undefined if one is outside the alphabet. */
export function usccCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]);
    if (v < 0) return undefined;
    sum += v * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export type UsccProblem = 'length' | 'charset' | 'check';

/** Why a code is not a valid USCC, or undefined when it is. Lower case is accepted and upper-cased. */
export function usccProblem(code: string): UsccProblem | undefined {
  const c = code.trim().toUpperCase();
  if (c.length !== 18) return 'length';
  if (![...c].every((ch) => ALPHABET.includes(ch))) return 'charset';
  return usccCheckChar(c.slice(0, 17)) === c[17] ? undefined : 'check';
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === undefined;
}

export const USCC_PROBLEM_ZH: Record<UsccProblem, string> = {
  length: '统一社会信用代码应为18位',
  charset: '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）',
  check: '统一社会信用代码校验位错误',
};

/**
 * Builds a valid code from a region code and a 9-character organisation code body (demo data, tests).
 * Registration authority 9 (工商) and type 1 (企业) unless given.
 */
export function makeUscc(regionCode: string, orgBody: string, authority = '9', type = '1'): string {
  const first17 = `${authority}${type}${regionCode}${orgBody}`.toUpperCase();
  if (first17.length !== 17) throw new Error(`USCC body must be 17 characters, got ${first17.length}`);
  const check = usccCheckChar(first17);
  if (!check) throw new Error(`USCC body ${first17} has characters outside the alphabet`);
  return first17 + check;
}
