import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import { can, type Principal } from '../auth/principal.ts';
import { isAgency, recordScopeSql, regionFilter } from './inspection.access.ts';
import type { DefectAction, DefectListOut, DefectListQuery } from './inspection.schema.ts';
import { daysBetween } from './schedule.ts';

/**
 * The defect-correction loop: each defect found by an inspection is a task for the use unit (or its maintenance
 * company) with a deadline: fix with evidence → the agency (or a regulator) verifies — or reopens — → closed.
 * Tasks past their deadline escalate to the regulator once (a sweeper), and stay listed as overdue until closed.
 */
interface Row {
  id: number;
  report_id: number;
  report_no: string;
  registration_code: string;
  address: string;
  item: string;
  description: string;
  severity: 'serious' | 'general';
  status: 'open' | 'fixed' | 'verified' | 'closed';
  deadline: string;
  escalated_at: Date | null;
  evidence: { at: string; by: string; note: string; fileSha256: string | null }[];
}

const FROM = sql`FROM inspection_defect d JOIN inspection_report r ON r.id = d.report_id JOIN elevator e ON e.id = d.elevator_id`;
const COLUMNS = sql`d.id, d.report_id, r.report_no, e.registration_code, e.address, d.item, d.description, d.severity, d.status, d.deadline, d.escalated_at, d.evidence`;

function present(r: Row, today: string) {
  const open = r.status === 'open' || r.status === 'fixed';
  return {
    id: r.id,
    reportId: r.report_id,
    reportNo: r.report_no,
    registrationCode: r.registration_code,
    address: r.address,
    item: r.item,
    description: r.description,
    severity: r.severity,
    status: r.status,
    deadline: r.deadline,
    overdueDays: open ? Math.max(0, daysBetween(r.deadline, today)) : 0,
    escalated: r.escalated_at !== null,
    evidence: r.evidence,
  };
}

export async function list(ctx: AppContext, p: Principal, q: z.infer<typeof DefectListQuery>): Promise<z.infer<typeof DefectListOut>> {
  const today = shanghaiDate(ctx.clock.now());
  const conds = [recordScopeSql(ctx, p), regionFilter(ctx, sql`d.region_code`, q.regionCode)];
  if (q.status) conds.push(sql<boolean>`d.status = ${q.status}`);
  if (q.overdue) conds.push(sql<boolean>`d.status IN ('open', 'fixed') AND d.deadline < ${today}`);
  if (q.registrationCode) conds.push(sql<boolean>`e.registration_code = ${q.registrationCode}`);
  const where = sql.join(conds, sql` AND `);
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<Row>`SELECT ${COLUMNS} ${FROM} WHERE ${where} ORDER BY d.deadline, d.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${FROM} WHERE ${where}`.execute(db),
  ]);
  return { items: rows.rows.map((r) => present(r, today)), total: count.rows[0]?.n ?? 0 };
}

const NEXT: Record<z.infer<typeof DefectAction>['action'], { from: Row['status'][]; to: Row['status'] }> = {
  fix: { from: ['open'], to: 'fixed' },
  verify: { from: ['fixed'], to: 'verified' },
  reopen: { from: ['fixed', 'verified'], to: 'open' },
  close: { from: ['verified'], to: 'closed' },
};

/**
 * fix: the use unit or its maintenance company, with evidence. verify / reopen: the agency that found it, or a
 * regulator. close: a regulator, or the agency once verified.
 */
export async function act(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof DefectAction>) {
  const today = shanghaiDate(ctx.clock.now());
  const { db } = ctx.store;
  const { rows } = await sql<Row & { agency_org_id: number; region_code: string }>`SELECT ${COLUMNS}, r.agency_org_id, d.region_code ${FROM} WHERE d.id = ${id} AND ${recordScopeSql(ctx, p)}`.execute(db);
  const d = rows[0];
  if (!d) throw new AppError('DEFECT_NOT_FOUND');
  const agencyHere = isAgency(p) && d.agency_org_id === p.orgId;
  const regulator = p.orgType === 'regulator' || (p.orgType === 'platform' && p.roles.includes('admin'));
  const allowed =
    input.action === 'fix' ? can(p, 'inspection.rectify') && (p.orgType === 'use_unit' || p.orgType === 'maintenance' || regulator) : agencyHere || regulator;
  if (!allowed) throw new AppError('FORBIDDEN');
  const step = NEXT[input.action];
  if (!step.from.includes(d.status)) throw new AppError('DEFECT_ACTION_INVALID', { status: d.status }, { status: d.status });
  const now = ctx.clock.now();
  const evidence = [...d.evidence, { at: now.toISOString(), by: p.displayName || p.username, note: `${input.action}: ${input.note}`, fileSha256: input.fileSha256 ?? null }];
  await db.transaction().execute(async (trx) => {
    const stamp = input.action === 'fix' ? { fixed_at: now } : input.action === 'verify' ? { verified_at: now } : input.action === 'close' ? { closed_at: now } : {};
    const n = await trx
      .updateTable('inspection_defect')
      .set({ status: step.to, evidence: JSON.stringify(evidence), ...stamp })
      .where('id', '=', id)
      .where('status', '=', d.status)
      .executeTakeFirst();
    if (!Number(n.numUpdatedRows)) throw new AppError('VERSION_CONFLICT');
    await audit.record(trx, audit.actorOf(p), now, [{ action: `inspection.defect.${input.action}`, entityType: 'inspection_defect', entityId: String(id), regionCode: d.region_code, before: { status: d.status }, after: { status: step.to, note: input.note } }]);
  });
  return present({ ...d, status: step.to, evidence }, today);
}

/** Marks tasks past their deadline as escalated to the regulator, once each; returns how many. */
export async function escalateOverdue(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  return ctx.store.db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('inspection_defect')
      .set({ escalated_at: now })
      .where('status', 'in', ['open', 'fixed'])
      .where('deadline', '<', today)
      .where('escalated_at', 'is', null)
      .returning(['id', 'region_code', 'deadline'])
      .execute();
    if (rows.length)
      await audit.record(
        trx,
        { userId: null, name: 'system:inspection', orgId: null },
        now,
        rows.map((r) => ({ action: 'inspection.defect.escalate', entityType: 'inspection_defect', entityId: String(r.id), regionCode: r.region_code, after: { deadline: r.deadline } })),
      );
    return rows.length;
  });
}
