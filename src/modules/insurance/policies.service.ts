import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { ageYears } from '../elevators/elevators.domain.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { overlay, regionSettings } from '../regions/region-settings.ts';
import { DEFAULT_SUBSIDY_RULE, inForce, payerAllowed, periodPremium, premiumFor, premiumSubsidy, type PremiumRule, type SubsidyRule } from './insurance.domain.ts';
import type { PolicyInput, PolicyOut, PolicyQuery } from './insurance.schema.ts';
import { assertInsurer } from './products.service.ts';

const fieldError = (field: string, message: string) => new AppError('VALIDATION_FAILED', { fields: [{ field, message }] });

/**
 * Policies and claims a caller sees, as SQL on rows aliased `ip` (policy) joined to `e` (elevator): an insurer its
 * own (lapsed ones too); everyone else those on the elevators of its registry scope.
 */
export function rowScope(ctx: AppContext, p: Principal, column = 'ip.insurer_org_id'): RawBuilder<boolean> {
  if (p.orgType === 'insurer') return sql<boolean>`${sql.ref(column)} = ${p.orgId}`;
  return scopeSql(scopeOf(ctx, p));
}

/** Ended, elevator still in use, and no policy (of any insurer) continuing it from the day after. */
export const LAPSED = (today: string) => sql<boolean>`(ip.status = 'active' AND ip.ends_on < ${today} AND e.status = 'IN_USE' AND NOT EXISTS (
  SELECT 1 FROM insurance_policy r WHERE r.elevator_id = ip.elevator_id AND r.status = 'active' AND r.id <> ip.id
     AND r.starts_on <= ip.ends_on + 1 AND r.ends_on > ip.ends_on))`;

/** A city's premium subsidy rule: `insurance_rule_setting` keys `subsidy.ratio`, `subsidy.cap`, `subsidy.requiresIot`. */
export async function subsidyRule(ctx: AppContext, regionCode: string): Promise<SubsidyRule> {
  return overlay<SubsidyRule & Record<string, number>>({ ...DEFAULT_SUBSIDY_RULE }, await regionSettings(ctx.store.db, 'insurance_rule_setting', regionCode), 'subsidy.');
}

type Row = {
  id: number; policy_no: string; product_id: number; product_name: string; kind: string; insurer_org_id: number; insurer_name: string; registration_code: string; address: string;
  region_code: string; starts_on: string; ends_on: string; premium: number; subsidy: number; premium_basis: unknown; payer: z.infer<typeof PolicyOut>['payer']; status: 'active' | 'cancelled'; lapsed: boolean;
};

export async function listPolicies(ctx: AppContext, p: Principal, q: Partial<z.infer<typeof PolicyQuery>> & { id?: number }) {
  const today = shanghaiDate(ctx.clock.now());
  const conds = [rowScope(ctx, p)];
  if (q.id) conds.push(sql<boolean>`ip.id = ${q.id}`);
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(ip.region_code >= ${prefix} AND ip.region_code < ${`${prefix}~`})`);
  }
  if (q.registrationCode) conds.push(sql<boolean>`e.registration_code = ${q.registrationCode}`);
  if (q.kind) conds.push(sql<boolean>`pr.kind = ${q.kind}`);
  if (q.state === 'in_force') conds.push(sql<boolean>`(ip.status = 'active' AND ip.starts_on <= ${today} AND ip.ends_on >= ${today})`);
  if (q.state === 'lapsed') conds.push(LAPSED(today));
  if (q.state === 'cancelled') conds.push(sql<boolean>`ip.status = 'cancelled'`);
  const where = sql.join(conds, sql` AND `);
  const from = sql`FROM insurance_policy ip JOIN elevator e ON e.id = ip.elevator_id JOIN insurance_product pr ON pr.id = ip.product_id JOIN organization o ON o.id = ip.insurer_org_id`;
  const pageSize = q.pageSize ?? 20;
  const [rows, count] = await Promise.all([
    sql<Row>`SELECT ip.id, ip.policy_no, ip.product_id, pr.name AS product_name, pr.kind, ip.insurer_org_id, o.name AS insurer_name, e.registration_code, e.address, ip.region_code,
                    ip.starts_on, ip.ends_on, ip.premium, ip.subsidy, ip.premium_basis, ip.payer, ip.status, ${LAPSED(today)} AS lapsed
               ${from} WHERE ${where} ORDER BY ip.ends_on DESC, ip.id DESC LIMIT ${pageSize} OFFSET ${((q.page ?? 1) - 1) * pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(ctx.store.db),
  ]);
  const items = rows.rows.map((r): z.infer<typeof PolicyOut> => ({
    id: r.id,
    policyNo: r.policy_no,
    product: { id: r.product_id, name: r.product_name, kind: r.kind },
    insurer: { id: r.insurer_org_id, name: r.insurer_name },
    registrationCode: r.registration_code,
    address: r.address,
    regionCode: r.region_code,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    premium: Number(r.premium),
    subsidy: Number(r.subsidy),
    basis: r.premium_basis as Record<string, unknown>,
    payer: r.payer,
    status: r.status,
    inForce: inForce(r, today),
    lapsed: r.lapsed,
  }));
  return { items, total: count.rows[0]?.n ?? 0 };
}

export async function getPolicy(ctx: AppContext, p: Principal, id: number) {
  const { items } = await listPolicies(ctx, p, { id });
  if (!items[0]) throw new AppError('INSURANCE_POLICY_NOT_FOUND');
  return items[0];
}

/** An insurer issues a policy: premium from the product's rule, the city's subsidy, the payer allowed for the product. */
export async function issuePolicy(ctx: AppContext, p: Principal, input: z.infer<typeof PolicyInput>) {
  assertInsurer(p);
  if (input.endsOn < input.startsOn) throw fieldError('endsOn', '结束日期早于开始日期');
  const { db } = ctx.store;
  const product = await db.selectFrom('insurance_product').selectAll().where('id', '=', input.productId).where('insurer_org_id', '=', p.orgId).executeTakeFirst();
  if (!product) throw new AppError('INSURANCE_PRODUCT_NOT_FOUND', { fields: [{ field: 'productId', message: '本机构没有这个产品' }] });
  if (!product.active) throw fieldError('productId', '该产品已停售');
  if (!payerAllowed(product.kind, input.payer)) throw fieldError('payer', '只有“保险+服务”产品可由保险机构出资投保');
  // Any registered elevator may be insured: the insurer names it by its code (the public page shows as much).
  const e = await db.selectFrom('elevator').select(['id', 'registration_code', 'region_code', 'category_code', 'status', 'commissioning_date', 'manufacture_date']).where('registration_code', '=', input.registrationCode).executeTakeFirst();
  if (!e) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'registrationCode', message: '登记库中没有这台电梯' }] });
  if (e.status === 'SCRAPPED' || e.status === 'CANCELLED') throw fieldError('registrationCode', '电梯已报废或注销');
  const today = shanghaiDate(ctx.clock.now());
  const yearly = premiumFor(product.premium_rule as PremiumRule, { categoryCode: e.category_code, ageYears: ageYears(e.commissioning_date ?? e.manufacture_date, input.startsOn) });
  const premium = periodPremium(yearly.premium, input.startsOn, input.endsOn);
  const hasIot = !!(await db.selectFrom('device').select('id').where('elevator_id', '=', e.id).where('status', '=', 'active').executeTakeFirst());
  const sub = premiumSubsidy(premium, await subsidyRule(ctx, e.region_code), hasIot);
  const now = ctx.clock.now();
  const id = await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('insurance_policy').select('id').where('policy_no', '=', input.policyNo).executeTakeFirst()) throw fieldError('policyNo', '保单号已存在');
    const overlap = await trx
      .selectFrom('insurance_policy as ip')
      .innerJoin('insurance_product as pr', 'pr.id', 'ip.product_id')
      .select('ip.policy_no')
      .where('ip.elevator_id', '=', e.id)
      .where('ip.insurer_org_id', '=', p.orgId)
      .where('pr.kind', '=', product.kind)
      .where('ip.status', '=', 'active')
      .where('ip.starts_on', '<=', input.endsOn)
      .where('ip.ends_on', '>=', input.startsOn)
      .executeTakeFirst();
    if (overlap) throw new AppError('INSURANCE_POLICY_OVERLAP', { policyNo: overlap.policy_no, fields: [{ field: 'startsOn', message: `与保单 ${overlap.policy_no} 的期间重叠` }] });
    const basis = { yearly, days: input.startsOn + '~' + input.endsOn, premium, subsidy: sub };
    const row = await trx
      .insertInto('insurance_policy')
      .values({ policy_no: input.policyNo, product_id: product.id, insurer_org_id: p.orgId, elevator_id: e.id, region_code: e.region_code, starts_on: input.startsOn, ends_on: input.endsOn, premium, subsidy: sub.amount, premium_basis: JSON.stringify(basis), payer: input.payer, created_by: p.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'insurance.policy.issue', entityType: 'insurance_policy', entityId: String(row.id), regionCode: e.region_code, after: { ...input, premium, subsidy: sub.amount, today } }]);
    return row.id;
  });
  return getPolicy(ctx, p, id);
}

export async function cancelPolicy(ctx: AppContext, p: Principal, id: number, reason: string) {
  assertInsurer(p);
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('insurance_policy').select(['id', 'status', 'region_code']).where('id', '=', id).where('insurer_org_id', '=', p.orgId).forUpdate().executeTakeFirst();
    if (!row) throw new AppError('INSURANCE_POLICY_NOT_FOUND');
    if (row.status === 'cancelled') throw new AppError('INSURANCE_ACTION_INVALID', undefined, { action: '退保（保单已退保）' });
    await trx.updateTable('insurance_policy').set({ status: 'cancelled' }).where('id', '=', id).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'insurance.policy.cancel', entityType: 'insurance_policy', entityId: String(id), regionCode: row.region_code, before: { status: row.status }, after: { status: 'cancelled', reason } }]);
  });
  return getPolicy(ctx, p, id);
}
