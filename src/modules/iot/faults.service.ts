import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { csvLine } from '../../lib/csv.ts';
import { FAULT_TYPES } from './iot.domain.ts';

/**
 * The fault-data read interface (notice: "故障数据读取接口") for manufacturers, maintenance companies and regulators:
 * each sees the history of the elevators in its own scope, as a page, statistics or a CSV file.
 */
const DateOrTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, '日期格式应为 YYYY-MM-DD 或 ISO 时间');

export const FaultFilter = z.object({
  registrationCode: z.string().trim().max(40).optional(),
  type: z.enum(FAULT_TYPES).optional(),
  from: DateOrTime.optional(),
  to: DateOrTime.optional(),
});
export const FaultListQuery = FaultFilter.extend({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const FaultStatsQuery = FaultFilter.extend({ groupBy: z.enum(['type', 'day', 'month']).default('type') });

export const FaultOut = z.object({
  id: z.number(),
  registrationCode: z.string(),
  address: z.string(),
  type: z.string().nullable(),
  vendorCode: z.string().nullable(),
  phase: z.enum(['open', 'close']),
  severity: z.string().nullable(),
  occurredAt: z.string(),
  source: z.enum(['device', 'rule']),
});

/** A date alone means that whole day in Asia/Shanghai. */
function bound(v: string, end: boolean): Date {
  if (v.length === 10) return new Date(new Date(`${v}T00:00:00+08:00`).getTime() + (end ? 86_400_000 : 0));
  return new Date(v);
}

function where(ctx: AppContext, p: Principal, f: z.infer<typeof FaultFilter>) {
  const conds = [scopeSql(scopeOf(ctx, p))];
  if (f.registrationCode) conds.push(sql<boolean>`e.registration_code = ${f.registrationCode}`);
  if (f.type) conds.push(sql<boolean>`f.type = ${f.type}`);
  if (f.from) conds.push(sql<boolean>`f.occurred_at >= ${bound(f.from, false)}`);
  if (f.to) conds.push(sql<boolean>`f.occurred_at < ${bound(f.to, true)}`);
  return sql.join(conds, sql` AND `);
}

interface FaultRow {
  id: number;
  registration_code: string;
  address: string;
  type: string | null;
  vendor_code: string | null;
  phase: 'open' | 'close';
  severity: string | null;
  occurred_at: Date;
  source: 'device' | 'rule';
}

const COLS = sql`f.id, e.registration_code, e.address, f.type, f.vendor_code, f.phase, f.severity, f.occurred_at, f.source`;
const FROM = sql`FROM fault_event f JOIN elevator e ON e.id = f.elevator_id`;

const present = (r: FaultRow) => ({
  id: r.id,
  registrationCode: r.registration_code,
  address: r.address,
  type: r.type,
  vendorCode: r.vendor_code,
  phase: r.phase,
  severity: r.severity,
  occurredAt: r.occurred_at.toISOString(),
  source: r.source,
});

export async function list(ctx: AppContext, p: Principal, q: z.infer<typeof FaultListQuery>) {
  const w = where(ctx, p, q);
  const [{ rows }, { rows: c }] = await Promise.all([
    sql<FaultRow>`SELECT ${COLS} ${FROM} WHERE ${w} ORDER BY f.occurred_at DESC, f.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${FROM} WHERE ${w}`.execute(ctx.store.db),
  ]);
  return { items: rows.map(present), total: c[0]?.n ?? 0 };
}

/** Occurrences (opened faults) grouped by type, or by day or month in Asia/Shanghai. */
export async function stats(ctx: AppContext, p: Principal, q: z.infer<typeof FaultStatsQuery>) {
  const w = where(ctx, p, q);
  const key =
    q.groupBy === 'type'
      ? sql`coalesce(f.type, f.vendor_code, 'unknown')`
      : sql`to_char(f.occurred_at AT TIME ZONE 'Asia/Shanghai', ${q.groupBy === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM'})`;
  const { rows } = await sql<{ key: string; count: number }>`
    SELECT ${key} AS key, count(*)::int AS count ${FROM} WHERE ${w} AND f.phase = 'open' GROUP BY 1 ORDER BY ${q.groupBy === 'type' ? sql`2 DESC, 1` : sql`1`}`.execute(ctx.store.db);
  return { items: rows };
}

const HEADER = ['注册代码', '地址', '故障类型', '厂家代码', '阶段', '严重程度', '发生时间', '来源'];

/** The filtered history as CSV (UTF-8 with BOM for Excel), streamed in pages so a large export stays small in memory. */
export async function* exportCsv(ctx: AppContext, p: Principal, f: z.infer<typeof FaultFilter>, names: Record<string, string>): AsyncGenerator<string> {
  yield '\uFEFF' + csvLine(HEADER);
  const w = where(ctx, p, f);
  let after: { at: Date; id: number } | undefined;
  for (;;) {
    const { rows } = await sql<FaultRow>`SELECT ${COLS} ${FROM} WHERE ${w}
      ${after ? sql`AND (f.occurred_at, f.id) < (${after.at}, ${after.id})` : sql``}
      ORDER BY f.occurred_at DESC, f.id DESC LIMIT 2000`.execute(ctx.store.db);
    if (!rows.length) return;
    let out = '';
    for (const r of rows) {
      const local = new Date(r.occurred_at.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
      out += csvLine([r.registration_code, r.address, r.type ? (names[r.type] ?? r.type) : '', r.vendor_code ?? '', r.phase === 'open' ? '发生' : '恢复', r.severity ?? '', local, r.source === 'device' ? '设备' : '规则']);
    }
    yield out;
    const last = rows[rows.length - 1]!;
    after = { at: last.occurred_at, id: last.id };
  }
}
