import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { parseSimpleCsv } from '../../lib/csv.ts';
import * as repo from './regions.repo.ts';
import type { RegionRow } from './regions.repo.ts';

const VENDOR = path.resolve(import.meta.dirname, '../../../vendor/regions');

/**
 * 莱芜 (3712) merged into 济南 in 2019. Its two districts have new codes; any other 3712xx maps to 济南市.
 * Old records still carry these codes, so they are accepted with a warning.
 */
const LAIWU_ALIASES = [
  { old_code: '371200', code: '370100', note: '原莱芜市，2019年并入济南市' },
  { old_code: '371202', code: '370116', note: '原莱芜市莱城区，现济南市莱芜区' },
  { old_code: '371203', code: '370117', note: '原莱芜市钢城区，现济南市钢城区' },
];

/** Reads a `code,name,parent_code,level` CSV (the GB/T 2260 shape of vendor/regions). */
export function readRegionCsv(file: string, kind: 'gbt2260' | 'dev_zone' = 'gbt2260') {
  return parseSimpleCsv(fs.readFileSync(file, 'utf8')).map((r) => ({
    code: r.code,
    name: r.name,
    parent_code: r.parent_code || null,
    level: Number(r.level),
    kind,
  }));
}

/** Loads Shandong (and its development zones) on first start; later loads only add or rename. */
export async function seedRegions(db: Kysely<DB>): Promise<void> {
  const existing = await db.selectFrom('region').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return;
  await repo.upsertRegions(db, readRegionCsv(path.join(VENDOR, 'shandong-divisions.csv')));
  await repo.upsertRegions(db, readRegionCsv(path.join(VENDOR, 'shandong-nbs-statistical-only-zones.csv'), 'dev_zone'));
  await repo.upsertAliases(db, LAIWU_ALIASES);
}

/**
 * Loads a region CSV (another province, or new development zones). Every row is checked first: 6-digit codes,
 * level 1–3, and a parent that exists in the file or the store. Returns the number of rows loaded.
 */
export async function loadRegionFile(db: Kysely<DB>, file: string, kind: 'gbt2260' | 'dev_zone' = 'gbt2260'): Promise<number> {
  const rows = readRegionCsv(file, kind);
  const known = new Set((await repo.listAll(db)).map((r) => r.code));
  const inFile = new Set(rows.map((r) => r.code));
  const problems: string[] = [];
  rows.forEach((r, i) => {
    const line = i + 2;
    if (!/^\d{6}$/.test(r.code)) problems.push(`line ${line}: code "${r.code}" is not 6 digits`);
    if (!r.name) problems.push(`line ${line}: name is empty`);
    if (![1, 2, 3].includes(r.level)) problems.push(`line ${line}: level must be 1, 2 or 3`);
    if (r.level > 1 && (!r.parent_code || !(known.has(r.parent_code) || inFile.has(r.parent_code))))
      problems.push(`line ${line}: parent "${r.parent_code ?? ''}" is unknown`);
  });
  if (problems.length) throw new Error(`Region file rejected:\n${problems.join('\n')}`);
  await db.transaction().execute((trx) => repo.upsertRegions(trx, rows));
  return rows.length;
}

export interface Region extends RegionRow {
  cityCode: string | null;
  provinceCode: string;
}

export interface ResolvedRegion {
  region: Region;
  /** Set when an old code was mapped to its successor (莱芜). */
  warning?: string;
}

/**
 * In-memory directory of regions (a few hundred rows), loaded at start. Everything that asks
 * "is this code known, which city is it in, what does it contain" goes through here.
 */
export class RegionDirectory {
  private byCode = new Map<string, Region>();
  private aliases = new Map<string, { code: string; note: string }>();

  static async load(db: Kysely<DB>): Promise<RegionDirectory> {
    const dir = new RegionDirectory();
    dir.fill(await repo.listAll(db), await repo.listAliases(db));
    return dir;
  }

  fill(rows: RegionRow[], aliases: { old_code: string; code: string; note: string }[]): void {
    this.byCode.clear();
    for (const r of rows) this.byCode.set(r.code, { ...r, cityCode: null, provinceCode: r.code.slice(0, 2) + '0000' });
    for (const r of this.byCode.values()) {
      r.cityCode = r.level === 2 ? r.code : r.level === 3 ? r.parent_code : null;
    }
    this.aliases = new Map(aliases.map((a) => [a.old_code, { code: a.code, note: a.note }]));
  }

  /** The alias table as loaded (to rebuild a directory in a worker thread). */
  aliasRows(): { old_code: string; code: string; note: string }[] {
    return [...this.aliases].map(([old_code, a]) => ({ old_code, code: a.code, note: a.note }));
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  all(): Region[] {
    return [...this.byCode.values()];
  }

  children(code: string): Region[] {
    return this.all().filter((r) => r.parent_code === code);
  }

  /**
   * A code as found in a record: a known county-level or development-zone code is taken as is; a retired
   * 莱芜 code maps to its successor with a warning; anything else is unknown (undefined).
   */
  resolve(code: string, opts: { countyLevelOnly?: boolean } = {}): ResolvedRegion | undefined {
    const direct = this.byCode.get(code);
    if (direct && (!opts.countyLevelOnly || direct.level === 3)) return { region: direct };
    const alias = this.aliases.get(code) ?? (code.startsWith('3712') ? this.aliases.get('371200') : undefined);
    if (alias) {
      const region = this.byCode.get(alias.code);
      if (region) return { region, warning: `${code} → ${region.code} ${region.name}（${alias.note}）` };
    }
    return undefined;
  }

  /** The SQL LIKE prefix that matches a region and everything inside it: 37, 3701, 370102. */
  prefix(code: string): string {
    const r = this.byCode.get(code);
    const level = r?.level ?? (code.endsWith('0000') ? 1 : code.endsWith('00') ? 2 : 3);
    return level === 1 ? code.slice(0, 2) : level === 2 ? code.slice(0, 4) : code;
  }

  /** True when `inner` lies within `outer` (or is it). */
  contains(outer: string, inner: string): boolean {
    return inner.startsWith(this.prefix(outer));
  }

  /** Full name for display, e.g. 山东省济南市历下区. */
  fullName(code: string): string {
    const parts: string[] = [];
    let r = this.byCode.get(code);
    while (r) {
      parts.unshift(r.name);
      r = r.parent_code ? this.byCode.get(r.parent_code) : undefined;
    }
    return parts.join('');
  }
}
