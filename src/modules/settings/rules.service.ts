import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { FRACTIONS, GROUP_PERMISSIONS, RULE_GROUPS, RULE_TABLES, RULES, ruleLabel, specOf, type RuleGroup } from './rules-catalogue.ts';

/**
 * Per-region rules (issue 7's per-city rules for added elevators, renovation votes and insurance subsidies; the
 * inspection and maintenance thresholds too): read the effective value of every rule for a region and which level
 * set it, set or clear a region's own value. A regulator sets rules for its region and the regions inside it.
 */
export const Group = z.enum(RULE_GROUPS as [RuleGroup, ...RuleGroup[]]);
const Region6 = z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字');
export const RulesQuery = z.object({ regionCode: Region6 });
export const RuleInput = z.object({ regionCode: Region6, key: z.string().min(1).max(100), value: z.number().finite() });
export const RuleDeleteQuery = z.object({ regionCode: Region6, key: z.string().min(1).max(100) });

const RuleItem = z.object({
  key: z.string(),
  label: z.string(),
  default: z.number(),
  min: z.number(),
  max: z.number(),
  integer: z.boolean(),
  /** What applies in the region: its own value, else the nearest enclosing region's, else the default. */
  value: z.number(),
  /** The region code that set the value (null: the default applies). */
  setBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export const RulesOut = z.object({ group: Group, regionCode: z.string(), canEdit: z.boolean(), items: z.array(RuleItem) });

function mayEdit(p: Principal, group: RuleGroup): boolean {
  return GROUP_PERMISSIONS[group].some((perm) => p.permissions.has(perm));
}

/** The region's prefix after checking the caller may act there (its own region or one inside it). */
function regionPrefixFor(ctx: AppContext, p: Principal, regionCode: string): string {
  if (!ctx.regions.get(regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
  const prefix = ctx.regions.prefix(regionCode);
  const scope = scopeOf(ctx, p);
  if (scope.kind === 'all') return prefix;
  if (scope.kind === 'region' && prefix.startsWith(scope.prefix)) return prefix;
  throw new AppError('REGION_OUT_OF_SCOPE');
}

/** The prefixes a region inherits from, broadest first ('' = everywhere). */
function chain(prefix: string): string[] {
  return ['', prefix.slice(0, 2), prefix.slice(0, 4), prefix].filter((v, i, a) => a.indexOf(v) === i);
}

async function rowsFor(ctx: AppContext, group: RuleGroup, prefix: string, db = ctx.store.db) {
  return db.selectFrom(RULE_TABLES[group]).select(['region_prefix', 'key', 'value', 'updated_at']).where('region_prefix', 'in', chain(prefix)).execute();
}

function effective(rows: { region_prefix: string; key: string; value: number; updated_at: Date }[]) {
  const out = new Map<string, { value: number; prefix: string; at: Date }>();
  for (const r of [...rows].sort((a, b) => a.region_prefix.length - b.region_prefix.length)) out.set(r.key, { value: Number(r.value), prefix: r.region_prefix, at: r.updated_at });
  return out;
}

const prefixToCode = (prefix: string) => (prefix === '' ? '' : prefix.padEnd(6, '0'));

export async function get(ctx: AppContext, p: Principal, group: RuleGroup, regionCode: string): Promise<z.infer<typeof RulesOut>> {
  const prefix = regionPrefixFor(ctx, p, regionCode);
  const eff = effective(await rowsFor(ctx, group, prefix));
  return {
    group,
    regionCode,
    canEdit: mayEdit(p, group),
    items: RULES[group].map((spec) => {
      const e = eff.get(spec.key);
      return { ...spec, label: ruleLabel(group, spec.key), value: e?.value ?? spec.default, setBy: e ? prefixToCode(e.prefix) : null, updatedAt: e?.at.toISOString() ?? null };
    }),
  };
}

function checkValue(group: RuleGroup, key: string, value: number) {
  const spec = specOf(group, key);
  if (!spec) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'key', message: '没有这项规则' }] });
  if (spec.integer && !Number.isInteger(value)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'value', message: '应为整数' }] });
  if (value < spec.min || value > spec.max) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'value', message: `应在 ${spec.min} 到 ${spec.max} 之间` }] });
}

/** After a change the region's fractions must still be fractions (num ≤ den), or the change is refused. */
async function checkFractions(ctx: AppContext, trx: typeof ctx.store.db, group: RuleGroup, prefix: string) {
  const eff = effective(await rowsFor(ctx, group, prefix, trx));
  for (const [num, den] of FRACTIONS[group]) {
    const n = eff.get(num)?.value ?? specOf(group, num)!.default;
    const d = eff.get(den)?.value ?? specOf(group, den)!.default;
    if (n > d) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'value', message: `比例的分子（${n}）不能大于分母（${d}）` }] });
  }
}

async function change(ctx: AppContext, p: Principal, group: RuleGroup, regionCode: string, key: string, value: number | null) {
  if (!mayEdit(p, group)) throw new AppError('FORBIDDEN');
  const prefix = regionPrefixFor(ctx, p, regionCode);
  if (value !== null) checkValue(group, key, value);
  else if (!specOf(group, key)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'key', message: '没有这项规则' }] });
  const table = RULE_TABLES[group];
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom(table).select('value').where('region_prefix', '=', prefix).where('key', '=', key).executeTakeFirst();
    if (value === null) await trx.deleteFrom(table).where('region_prefix', '=', prefix).where('key', '=', key).execute();
    else
      await sql`INSERT INTO ${sql.table(table)} (region_prefix, key, value, updated_by, updated_at) VALUES (${prefix}, ${key}, ${value}, ${p.userId}, ${now})
                ON CONFLICT (region_prefix, key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`.execute(trx);
    await checkFractions(ctx, trx, group, prefix);
    await audit.record(trx, audit.actorOf(p), now, [
      { action: value === null ? 'rules.clear' : 'rules.set', entityType: table, entityId: `${prefix || '*'}:${key}`, regionCode: prefixToCode(prefix) || null, before: before ? { value: Number(before.value) } : null, after: value === null ? null : { value } },
    ]);
  });
  return get(ctx, p, group, regionCode);
}

export function set(ctx: AppContext, p: Principal, group: RuleGroup, input: z.infer<typeof RuleInput>) {
  return change(ctx, p, group, input.regionCode, input.key, input.value);
}

export function clear(ctx: AppContext, p: Principal, group: RuleGroup, q: z.infer<typeof RuleDeleteQuery>) {
  return change(ctx, p, group, q.regionCode, q.key, null);
}
