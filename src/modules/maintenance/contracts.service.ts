import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { invalidatePublic } from '../elevators/public-lookup.service.ts';

/**
 * Contracts and 告知性登记. The contract in force names the elevator's maintenance company (the registry follows it);
 * in-use elevators without one are gaps; a price far below the city's median for the same category is flagged as
 * possible price dumping (the notice: 低价恶性竞争), with the median it was compared to.
 */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const ContractInput = z.object({
  registrationCode: z.string().regex(/^\d{20}$/, '注册代码应为20位数字'),
  startsOn: Day,
  endsOn: Day,
  pricePerYear: z.number().min(0).max(10_000_000),
  scope: z.enum(['standard', 'full']).default('standard'),
});
export const NotificationInput = z.object({ cityCode: z.string().regex(/^\d{4}00$/, '应为地级市代码，如 370100'), licenceNo: z.string().trim().min(3).max(60) });

/** Below this share of the city's median annual price (same category) a contract is flagged. */
export const DUMPING_RATIO = 0.5;
/** The median needs this many other contracts in force to mean anything. */
const MEDIAN_MIN_SAMPLE = 5;

export const ContractOut = z.object({
  id: z.number(),
  registrationCode: z.string(),
  company: z.object({ id: z.number(), name: z.string() }),
  startsOn: z.string(),
  endsOn: z.string(),
  pricePerYear: z.number(),
  scope: z.string(),
  active: z.boolean(),
  priceCheck: z.object({ cityMedian: z.number().nullable(), sample: z.number(), belowRatio: z.boolean() }),
});

async function cityMedian(ctx: AppContext, cityPrefix: string, category: string, today: string, excludeId?: number) {
  const { rows } = await sql<{ median: number | null; n: number }>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY price_per_year)::float8 AS median, count(*)::int AS n FROM maintenance_contract
     WHERE region_code >= ${cityPrefix} AND region_code < ${`${cityPrefix}~`} AND category_code = ${category}
       AND starts_on <= ${today} AND ends_on >= ${today} ${excludeId ? sql`AND id <> ${excludeId}` : sql``}`.execute(ctx.store.db);
  return { median: rows[0]?.median ?? null, n: rows[0]?.n ?? 0 };
}

export async function fileContract(ctx: AppContext, p: Principal, input: z.infer<typeof ContractInput>): Promise<z.infer<typeof ContractOut>> {
  if (p.orgType !== 'maintenance') throw new AppError('FORBIDDEN', { reason: 'only a maintenance company files its contracts' });
  if (input.endsOn < input.startsOn) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'endsOn', message: '结束日期早于开始日期' }] });
  const { db } = ctx.store;
  const e = await db.selectFrom('elevator').select(['id', 'registration_code', 'rescue_code', 'region_code', 'category_code', 'maintenance_org_id', 'status']).where('registration_code', '=', input.registrationCode).executeTakeFirst();
  if (!e) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'registrationCode', message: '登记库中没有这台电梯' }] });
  // 告知性登记 first: a company works in a city only after notifying its regulator.
  const city = `${e.region_code.slice(0, 4)}00`;
  const notified = await db.selectFrom('maintenance_notification').select('id').where('org_id', '=', p.orgId).where('city_code', '=', city).executeTakeFirst();
  if (!notified) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'registrationCode', message: `本单位尚未在该市（${ctx.regions.get(city)?.name ?? city}）办理告知性登记` }] });
  const today = shanghaiDate(ctx.clock.now());
  const now = ctx.clock.now();
  const id = await db.transaction().execute(async (trx) => {
    const overlap = await trx
      .selectFrom('maintenance_contract')
      .select(['id', 'org_id'])
      .where('elevator_id', '=', e.id)
      .where('starts_on', '<=', input.endsOn)
      .where('ends_on', '>=', input.startsOn)
      .where('org_id', '<>', p.orgId)
      .executeTakeFirst();
    if (overlap) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'startsOn', message: '该期间已有其他维保单位的合同' }] });
    const row = await trx
      .insertInto('maintenance_contract')
      .values({ org_id: p.orgId, elevator_id: e.id, region_code: e.region_code, category_code: e.category_code, starts_on: input.startsOn, ends_on: input.endsOn, price_per_year: input.pricePerYear, scope: input.scope, created_by: p.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const active = input.startsOn <= today && input.endsOn >= today;
    if (active && e.maintenance_org_id !== p.orgId)
      await trx.updateTable('elevator').set((eb) => ({ maintenance_org_id: p.orgId, updated_at: now, version: eb('version', '+', 1) })).where('id', '=', e.id).execute();
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'maintenance.contract.create', entityType: 'maintenance_contract', entityId: String(row.id), regionCode: e.region_code, before: { maintenanceOrgId: e.maintenance_org_id }, after: { ...input, orgId: p.orgId, active } },
    ]);
    return row.id;
  });
  invalidatePublic(ctx, [e.registration_code, e.rescue_code]);
  return (await listContracts(ctx, p, { id }))[0]!;
}

export async function listContracts(ctx: AppContext, p: Principal, q: { id?: number; registrationCode?: string; regionCode?: string; dumpingOnly?: boolean }): Promise<z.infer<typeof ContractOut>[]> {
  const today = shanghaiDate(ctx.clock.now());
  const conds = [p.orgType === 'maintenance' ? sql<boolean>`c.org_id = ${p.orgId}` : scopeSql(scopeOf(ctx, p))];
  if (q.id) conds.push(sql<boolean>`c.id = ${q.id}`);
  if (q.registrationCode) conds.push(sql<boolean>`e.registration_code = ${q.registrationCode}`);
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(c.region_code >= ${prefix} AND c.region_code < ${`${prefix}~`})`);
  }
  const { rows } = await sql<{ id: number; registration_code: string; org_id: number; org_name: string; starts_on: string; ends_on: string; price_per_year: number; scope: string; region_code: string; category_code: string }>`
    SELECT c.id, e.registration_code, c.org_id, o.name AS org_name, c.starts_on, c.ends_on, c.price_per_year, c.scope, c.region_code, c.category_code
      FROM maintenance_contract c JOIN elevator e ON e.id = c.elevator_id JOIN organization o ON o.id = c.org_id
     WHERE ${sql.join(conds, sql` AND `)} ORDER BY c.ends_on DESC, c.id DESC LIMIT 500`.execute(ctx.store.db);
  const medians = new Map<string, { median: number | null; n: number }>();
  const out = [];
  for (const r of rows) {
    const key = `${r.region_code.slice(0, 4)}|${r.category_code}|${r.id}`;
    let m = medians.get(key);
    if (!m) medians.set(key, (m = await cityMedian(ctx, r.region_code.slice(0, 4), r.category_code, today, r.id)));
    const meaningful = m.median !== null && m.n >= MEDIAN_MIN_SAMPLE;
    const below = meaningful && Number(r.price_per_year) < DUMPING_RATIO * m.median!;
    if (q.dumpingOnly && !below) continue;
    out.push({
      id: r.id,
      registrationCode: r.registration_code,
      company: { id: r.org_id, name: r.org_name },
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      pricePerYear: Number(r.price_per_year),
      scope: r.scope,
      active: r.starts_on <= today && r.ends_on >= today,
      priceCheck: { cityMedian: m.median === null ? null : Math.round(m.median * 100) / 100, sample: m.n, belowRatio: below },
    });
  }
  return out;
}

/** In-use elevators with no contract in force (the registry's company without a contract behind it). */
export async function gaps(ctx: AppContext, p: Principal, q: { regionCode?: string; page: number; pageSize: number }) {
  const today = shanghaiDate(ctx.clock.now());
  const conds = [scopeSql(scopeOf(ctx, p)), sql<boolean>`e.status = 'IN_USE'`, sql<boolean>`NOT EXISTS (SELECT 1 FROM maintenance_contract c WHERE c.elevator_id = e.id AND c.starts_on <= ${today} AND c.ends_on >= ${today})`];
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`})`);
  }
  const where = sql.join(conds, sql` AND `);
  const from = sql`FROM elevator e LEFT JOIN organization o ON o.id = e.maintenance_org_id`;
  const [rows, count] = await Promise.all([
    sql<{ registration_code: string; address: string; company: string | null }>`SELECT e.registration_code, e.address, o.name AS company ${from} WHERE ${where} ORDER BY e.region_code, e.registration_code LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(ctx.store.db),
  ]);
  return { items: rows.rows.map((r) => ({ registrationCode: r.registration_code, address: r.address, company: r.company })), total: count.rows[0]?.n ?? 0 };
}

export async function notify(ctx: AppContext, p: Principal, input: z.infer<typeof NotificationInput>) {
  if (p.orgType !== 'maintenance') throw new AppError('FORBIDDEN');
  if (!ctx.regions.get(input.cityCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'cityCode', message: '未知的地级市代码' }] });
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('maintenance_notification')
      .values({ org_id: p.orgId, city_code: input.cityCode, licence_no: input.licenceNo, filed_at: now })
      .onConflict((oc) => oc.columns(['org_id', 'city_code']).doUpdateSet({ licence_no: input.licenceNo, filed_at: now }))
      .execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'maintenance.notification.file', entityType: 'maintenance_notification', entityId: `${p.orgId}:${input.cityCode}`, regionCode: input.cityCode, after: input }]);
  });
  return { orgId: p.orgId, cityCode: input.cityCode, licenceNo: input.licenceNo, filedAt: now.toISOString() };
}
