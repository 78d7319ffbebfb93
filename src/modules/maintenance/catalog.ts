import fs from 'node:fs';
import path from 'node:path';
import { parseSimpleCsv } from '../../lib/csv.ts';

/**
 * The 257 maintenance items of TSG T5002-2017 (vendor/regulations, provenance in vendor/README.md), by annex
 * (A traction, B hydraulic, C dumbwaiter, D escalator and moving walk) and cycle. The tables are cumulative: a
 * quarterly visit does the half-month items and the quarterly ones, and so on up to the yearly visit.
 */
export const CYCLES = ['half_month', 'quarter', 'half_year', 'year'] as const;
export type Cycle = (typeof CYCLES)[number];
export const ANNEXES = ['A', 'B', 'C', 'D'] as const;
export type Annex = (typeof ANNEXES)[number];

export interface CatalogItem {
  code: string;
  annex: Annex;
  cycle: Cycle;
  name: string;
  requirement: string;
  judgeType: 'QUALITATIVE' | 'NUMERIC' | 'MANUFACTURER' | 'STANDARD';
  min: number | null;
  max: number | null;
  unit: string | null;
}

const VENDOR = path.resolve(import.meta.dirname, '../../../vendor/regulations');

const ITEMS: CatalogItem[] = parseSimpleCsv(fs.readFileSync(path.join(VENDOR, 'tsg-t5002-2017-maintenance-items.csv'), 'utf8')).map((r) => ({
  code: r.item_code!,
  annex: r.annex as Annex,
  cycle: r.cycle as Cycle,
  name: r.name!,
  requirement: r.requirement!,
  judgeType: r.judge_type as CatalogItem['judgeType'],
  min: r.value_min ? Number(r.value_min) : null,
  max: r.value_max ? Number(r.value_max) : null,
  unit: r.unit || null,
}));

/** Category code (e.g. 3110) → annex, from the 特种设备目录 file's maintenance_annex column. */
const ANNEX_OF = new Map(
  parseSimpleCsv(fs.readFileSync(path.join(VENDOR, 'special-equipment-categories.csv'), 'utf8'))
    .filter((r) => r.maintenance_annex)
    .map((r) => [r.code!, r.maintenance_annex as Annex]),
);

export function annexOf(category: string): Annex | null {
  return ANNEX_OF.get(category) ?? ANNEX_OF.get(`${category.slice(0, 2)}00`) ?? null;
}

export function allItems(): readonly CatalogItem[] {
  return ITEMS;
}

/** The items a visit of this cycle must cover: its own and every shorter cycle's. */
export function itemsFor(annex: Annex, cycle: Cycle): CatalogItem[] {
  const upTo = CYCLES.indexOf(cycle);
  return ITEMS.filter((i) => i.annex === annex && CYCLES.indexOf(i.cycle) <= upTo);
}

export function itemByCode(code: string): CatalogItem | undefined {
  return ITEMS.find((i) => i.code === code);
}
