import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { enforcementText } from '../credit/credit-text.ts';
import { raise } from '../hazards/hazards.service.ts';
import type { CheckInput, CheckListQuery, CheckOut } from './enforcement.schema.ts';
import { inPrefix, narrow, regionPrefixOf, regulatorUsers, targetOrg } from './enforcement.scope.ts';

/**
 * 监督检查: a regulator's check of an organisation and/or elevators. One transaction stores the check, its findings,
 * the hazards they raise (hazards.raise, source 'supervision', `check:<id>`) and the audit entry.
 */
export async function createCheck(ctx: AppContext, p: Principal, input: CheckInput): Promise<CheckOut> {
  const prefix = regionPrefixOf(ctx, p);
  const { db } = ctx.store;
  const now = ctx.clock.now();
  if (input.checkedOn > shanghaiDate(now)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'checkedOn', message: '检查日期不能晚于今天' }] });
  if (!input.targetCreditCode && !input.registrationCodes.length) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'targetCreditCode', message: '请填写被检查单位或电梯' }] });
  const target = input.targetCreditCode ? await targetOrg(db, prefix, input.targetCreditCode) : null;
  const codes = [...new Set([...input.registrationCodes, ...input.findings.flatMap((f) => (f.registrationCode ? [f.registrationCode] : []))])];
  const elevators = codes.length
    ? (await sql<{ id: number; registration_code: string; region_code: string }>`SELECT e.id, e.registration_code, e.region_code FROM elevator e
        WHERE e.registration_code = ANY(${codes}::text[]) AND ${inPrefix(sql`e.region_code`, prefix)}`.execute(db)).rows
    : [];
  const byCode = new Map(elevators.map((e) => [e.registration_code, e]));
  const unknown = codes.filter((c) => !byCode.has(c));
  if (unknown.length) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'registrationCodes', message: `登记库中没有这些电梯，或不在您的辖区：${unknown.join('、')}` }] });
  input.findings.forEach((f, i) => {
    if (f.raiseHazard && !f.registrationCode) throw new AppError('VALIDATION_FAILED', { fields: [{ field: `findings.${i}.registrationCode`, message: '登记隐患须指明电梯' }] });
    if (f.deadline && f.deadline < shanghaiDate(now)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: `findings.${i}.deadline`, message: '整改期限不能早于今天' }] });
  });
  const inspectors = await regulatorUsers(db, prefix, [...new Set([p.userId, ...input.inspectorIds])]);
  const first = elevators[0];
  const regionCode = first ? first.region_code : target && target.region_code.startsWith(prefix) ? target.region_code : p.regionCode;
  const id = await db.transaction().execute(async (trx) => {
    const check = await trx
      .insertInto('supervision_check')
      .values({
        region_code: regionCode,
        regulator_org_id: p.orgId,
        target_org_id: target?.id ?? null,
        elevator_ids: input.registrationCodes.map((c) => byCode.get(c)!.id),
        checked_on: input.checkedOn,
        inspector_ids: inspectors.map((i) => i.id),
        summary: input.summary,
        created_by: p.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const f of input.findings) {
      const e = f.registrationCode ? byCode.get(f.registrationCode)! : null;
      const [h] = f.raiseHazard && e
        ? await raise(trx, now, [{ elevatorId: e.id, source: 'supervision', sourceRef: `check:${check.id}`, item: f.item ?? enforcementText('findingItem'), description: f.description, severity: f.severity, remedy: f.remedy, deadline: f.deadline, raisedBy: p.userId }])
        : [];
      await trx.insertInto('supervision_finding').values({ check_id: check.id, elevator_id: e?.id ?? null, description: f.description, severity: f.severity, hazard_id: h?.id ?? null, created_at: now }).execute();
    }
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'enforcement.check.create', entityType: 'supervision_check', entityId: String(check.id), regionCode, after: input }]);
    return check.id;
  });
  return getCheck(ctx, p, id);
}

interface CheckRow {
  id: number;
  region_code: string;
  regulator_org_id: number;
  regulator_code: string | null;
  regulator_name: string;
  target_org_id: number | null;
  target_code: string | null;
  target_name: string | null;
  elevator_ids: number[];
  checked_on: string;
  inspector_ids: number[];
  summary: string;
  created_at: Date;
}

const CHECK_FROM = sql`FROM supervision_check c JOIN organization ro ON ro.id = c.regulator_org_id LEFT JOIN organization t ON t.id = c.target_org_id`;
const CHECK_COLS = sql`c.id, c.region_code, c.regulator_org_id, ro.credit_code AS regulator_code, ro.name AS regulator_name, c.target_org_id,
  t.credit_code AS target_code, t.name AS target_name, c.elevator_ids, c.checked_on, c.inspector_ids, c.summary, c.created_at`;

async function present(ctx: AppContext, rows: CheckRow[]): Promise<CheckOut[]> {
  if (!rows.length) return [];
  const { db } = ctx.store;
  const ids = rows.map((r) => r.id);
  const elevatorIds = [...new Set(rows.flatMap((r) => r.elevator_ids.map(Number)))];
  const userIds = [...new Set(rows.flatMap((r) => r.inspector_ids.map(Number)))];
  const [elevators, users, findings, actions] = await Promise.all([
    elevatorIds.length ? db.selectFrom('elevator').select(['id', 'registration_code', 'address']).where('id', 'in', elevatorIds).execute() : [],
    userIds.length ? db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [],
    db.selectFrom('supervision_finding as f').leftJoin('elevator as e', 'e.id', 'f.elevator_id').select(['f.id', 'f.check_id', 'e.registration_code', 'f.description', 'f.severity', 'f.hazard_id']).where('f.check_id', 'in', ids).orderBy('f.id').execute(),
    db.selectFrom('enforcement_action').select(['id', 'check_id', 'kind', 'status']).where('check_id', 'in', ids).orderBy('id').execute(),
  ]);
  const e = new Map(elevators.map((x) => [x.id, x]));
  const u = new Map(users.map((x) => [x.id, x.display_name]));
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.region_code,
    regulator: { id: r.regulator_org_id, creditCode: r.regulator_code, name: r.regulator_name },
    target: r.target_org_id ? { id: r.target_org_id, creditCode: r.target_code, name: r.target_name ?? '' } : null,
    elevators: r.elevator_ids.map(Number).flatMap((id) => (e.get(id) ? [{ registrationCode: e.get(id)!.registration_code, address: e.get(id)!.address }] : [])),
    checkedOn: r.checked_on,
    inspectors: r.inspector_ids.map(Number).map((id) => ({ id, name: u.get(id) ?? String(id) })),
    summary: r.summary,
    findings: findings.filter((f) => f.check_id === r.id).map((f) => ({ id: f.id, registrationCode: f.registration_code, description: f.description, severity: f.severity, hazardId: f.hazard_id })),
    actions: actions.filter((a) => a.check_id === r.id).map((a) => ({ id: a.id, kind: a.kind, status: a.status })),
    createdAt: r.created_at.toISOString(),
  }));
}

export async function getCheck(ctx: AppContext, p: Principal, id: number): Promise<CheckOut> {
  const prefix = regionPrefixOf(ctx, p);
  const { rows } = await sql<CheckRow>`SELECT ${CHECK_COLS} ${CHECK_FROM} WHERE c.id = ${id} AND ${inPrefix(sql`c.region_code`, prefix)}`.execute(ctx.store.db);
  if (!rows[0]) throw new AppError('SUPERVISION_CHECK_NOT_FOUND');
  return (await present(ctx, rows))[0]!;
}

export async function listChecks(ctx: AppContext, p: Principal, q: z.infer<typeof CheckListQuery>): Promise<{ items: CheckOut[]; total: number }> {
  const prefix = narrow(ctx, regionPrefixOf(ctx, p), q.regionCode);
  const conds = [inPrefix(sql`c.region_code`, prefix)];
  if (q.targetCreditCode) conds.push(sql<boolean>`t.credit_code = ${q.targetCreditCode}`);
  const where = sql.join(conds, sql` AND `);
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<CheckRow>`SELECT ${CHECK_COLS} ${CHECK_FROM} WHERE ${where} ORDER BY c.checked_on DESC, c.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${CHECK_FROM} WHERE ${where}`.execute(db),
  ]);
  return { items: await present(ctx, rows.rows), total: count.rows[0]?.n ?? 0 };
}
