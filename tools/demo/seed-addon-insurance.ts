import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import { shanghaiDate } from '../../src/server/clock.ts';
import * as audit from '../../src/modules/audit/audit.service.ts';
import { makePrincipal, SYSTEM_ACTOR, type Principal } from '../../src/modules/auth/principal.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';
import * as addon from '../../src/modules/addon/addon.service.ts';
import * as workflow from '../../src/modules/addon/addon-workflow.service.ts';
import { register } from '../../src/modules/addon/addon-registration.service.ts';
import { addDays } from '../../src/modules/addon/addon.domain.ts';
import { saveProduct } from '../../src/modules/insurance/products.service.ts';
import { actOnClaim, fileClaim } from '../../src/modules/insurance/claims.service.ts';
import { issuePolicy } from '../../src/modules/insurance/policies.service.ts';

/**
 * The demo's added elevators and insurance, run at every demo start after the maintenance side:
 * - logins (README): `housing` (济南市住房和城乡建设局, approves projects), `finance` (济南市财政局, subsidies),
 *   `insurer` (the PICC Shandong branch the province has);
 * - once per store, through the modules' own services (so every step is checked and audited): five projects of the
 *   `useunit` company in 历下区 at different stages — owners being consulted, a notice held by an objection, one
 *   waiting for the housing department, one accepted 40 days ago and not registered (overdue), one in service with
 *   its registry record, maintenance contract, 96333 enrolment and approved subsidy; Jinan's premium subsidy rule
 *   (10%, at most 1,000 yuan, with a terminal), three PICC products and one Ping An product, policies on Jinan
 *   elevators (some lapsed) and claims linked to closed 96333 incidents in several states (the open ones are
 *   replaced at every start by seed-emergency.ts).
 */
export const ADDON_INSURANCE_MARK = 'demo.addon-insurance';
const JINAN = '370100';
const LIXIA = '370102';

const LOGINS = [
  { username: 'housing', password: 'Housing12345', displayName: '住建局加装电梯科', roles: ['housing'], org: { name: '济南市住房和城乡建设局', type: 'housing', region: JINAN } },
  { username: 'finance', password: 'Finance12345', displayName: '财政局经建科', roles: ['finance'], org: { name: '济南市财政局', type: 'finance', region: JINAN } },
  { username: 'insurer', password: 'Insurer12345', displayName: '人保财险电梯保险专员', roles: ['insurer'], org: { name: '中国人民财产保险股份有限公司山东省分公司', type: 'insurer', region: '370000' } },
] as const;

export async function principalOf(ctx: AppContext, username: string): Promise<Principal | undefined> {
  const u = await ctx.store.db
    .selectFrom('app_user as u')
    .innerJoin('organization as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'o.id as org_id', 'o.name', 'o.type', 'o.region_code'])
    .where('u.username', '=', username)
    .executeTakeFirst();
  if (!u) return undefined;
  return makePrincipal({ userId: u.id, username: u.username, displayName: u.display_name, orgId: u.org_id, orgName: u.name, orgType: u.type as Principal['orgType'], regionCode: u.region_code, roles: u.roles });
}

async function ensureLogins(ctx: AppContext): Promise<void> {
  const { db } = ctx.store;
  for (const l of LOGINS) {
    if (await db.selectFrom('app_user').select('id').where('username', '=', l.username).executeTakeFirst()) continue;
    const org =
      (await db.selectFrom('organization').select('id').where('name', '=', l.org.name).executeTakeFirst()) ??
      (await db.insertInto('organization').values({ name: l.org.name, type: l.org.type, region_code: l.org.region, credit_code: null, address: null, contact_name: null, contact_phone: null, hotline: null }).returning('id').executeTakeFirstOrThrow());
    await db.insertInto('app_user').values({ username: l.username, display_name: l.displayName, password_hash: await hashPassword(l.password), org_id: org.id, roles: [...l.roles], phone: null }).execute();
  }
}

export async function seedDemoAddonInsurance(ctx: AppContext): Promise<void> {
  await ensureLogins(ctx);
  const { db } = ctx.store;
  if (await db.selectFrom('audit_log').select('id').where('action', '=', ADDON_INSURANCE_MARK).limit(1).executeTakeFirst()) return;
  const [useUnit, street, housing, finance, jinan, insurer] = await Promise.all(['useunit', 'street', 'housing', 'finance', 'jinan', 'insurer'].map((u) => principalOf(ctx, u)));
  if (!useUnit || !street || !housing || !finance || !jinan || !insurer) return;
  const started = performance.now();
  await seedProjects(ctx, { useUnit, street, housing, finance, jinan });
  const insurance = await seedInsurance(ctx, insurer);
  await db.transaction().execute((trx) => audit.record(trx, SYSTEM_ACTOR, ctx.clock.now(), [{ action: ADDON_INSURANCE_MARK, entityType: 'addon_project', entityId: 'demo', regionCode: JINAN, after: insurance }]));
  ctx.log.info({ ...insurance, ms: Math.round(performance.now() - started) }, 'demo added elevators and insurance seeded');
}

type Who = { useUnit: Principal; street: Principal; housing: Principal; finance: Principal; jinan: Principal };
const STAGES = ['consultation', 'notice', 'review', 'accepted', 'in_service'] as const;

async function seedProjects(ctx: AppContext, who: Who): Promise<void> {
  const today = shanghaiDate(ctx.clock.now());
  for (const [i, stage] of STAGES.entries()) {
    const p = await addon.create(ctx, who.useUnit, { regionCode: LIXIA, address: `济南市历下区文化东路${56 + i * 2}号`, building: `${i + 1}号楼`, unit: '1单元', storeys: 6 - (i % 3), streetOfficeId: who.street.orgId });
    // 12 households; the first 8 take part (7 agree, 1 abstains) unless owners are still being consulted.
    const households = Array.from({ length: 12 }, (_, k) => ({ room: `${Math.floor(k / 2) + 1}0${(k % 2) + 1}`, floor: Math.min(Math.floor(k / 2) + 1, p.storeys), area: 70 + (k % 4) * 8.5, ownerName: `业主${k + 1}`, vote: stage === 'consultation' ? (k < 5 ? ('agree' as const) : null) : k < 7 ? ('agree' as const) : k === 7 ? ('abstain' as const) : null }));
    let d = await addon.addHouseholds(ctx, who.useUnit, p.id, households);
    if (stage === 'consultation') continue;
    d = await workflow.step(ctx, who.useUnit, p.id, { action: 'confirmConsent' });
    const shares = d.households.map((h, k) => ({ householdId: h.id, share: k < 11 ? 25_000 : 0, signed: k < 11 }));
    await workflow.step(ctx, who.useUnit, p.id, { action: 'signAgreement', totalCost: 275_000, shares });
    await workflow.step(ctx, who.useUnit, p.id, { action: 'completeDesign', designer: '济南市建筑设计研究院', manufacturerName: '日立电梯（中国）有限公司', model: 'HGP-AE', ratedLoad: 800, ratedSpeed: 1, stops: p.storeys + 1 });
    if (stage === 'notice') {
      await workflow.step(ctx, who.useUnit, p.id, { action: 'startNotice', startsOn: addDays(today, -3) });
      await workflow.addObjection(ctx, who.useUnit, p.id, { objector: '一楼业主', content: '担心影响采光和通风，要求调整井道位置' });
      continue;
    }
    await workflow.step(ctx, who.useUnit, p.id, { action: 'startNotice', startsOn: addDays(today, -15) });
    await workflow.step(ctx, who.useUnit, p.id, { action: 'submit' });
    if (stage === 'review') continue;
    await workflow.review(ctx, who.housing, p.id, { decision: 'approve', approvalNo: `济建加梯〔${today.slice(0, 4)}〕${10 + i}号` });
    await workflow.step(ctx, who.useUnit, p.id, { action: 'startConstruction', startedOn: addDays(today, -120) });
    await workflow.step(ctx, who.useUnit, p.id, { action: 'accept', acceptedOn: addDays(today, stage === 'accepted' ? -40 : -20) });
    if (stage === 'accepted') continue;
    const code = await freeRegistrationCode(ctx, today);
    await register(ctx, who.jinan, p.id, { registrationCode: code, rescueCode: await freeRescueCode(ctx), category: '3110' });
    const company = await ctx.store.db
      .selectFrom('organization as o')
      .innerJoin('maintenance_notification as n', 'n.org_id', 'o.id')
      .select('o.id')
      .where('o.type', '=', 'maintenance')
      .where('n.city_code', '=', JINAN)
      .where('o.hotline', 'is not', null)
      .orderBy('o.id')
      .executeTakeFirst();
    if (!company) continue;
    await workflow.step(ctx, who.useUnit, p.id, { action: 'recordContract', maintenanceOrgId: company.id, startsOn: today, endsOn: addDays(today, 364), pricePerYear: 6_000 });
    await workflow.step(ctx, who.useUnit, p.id, { action: 'enrol' });
    await workflow.subsidy(ctx, who.useUnit, p.id, 'apply');
    await workflow.subsidy(ctx, who.finance, p.id, 'approve', '材料齐全，同意补助');
  }
}

async function freeRegistrationCode(ctx: AppContext, today: string): Promise<string> {
  for (let serial = 9001; ; serial++) {
    const code = `3110${LIXIA}${today.slice(0, 4)}${today.slice(5, 7)}${serial}`;
    if (!(await ctx.store.db.selectFrom('elevator').select('id').where('registration_code', '=', code).executeTakeFirst())) return code;
  }
}

async function freeRescueCode(ctx: AppContext): Promise<string> {
  for (let n = 7_990_001; ; n++) if (!(await ctx.store.db.selectFrom('elevator').select('id').where('rescue_code', '=', String(n)).executeTakeFirst())) return String(n);
}

const AGE_BANDS = [{ minYears: 0, factor: 1 }, { minYears: 10, factor: 1.3 }, { minYears: 15, factor: 1.6 }];

async function seedInsurance(ctx: AppContext, insurer: Principal) {
  const { db } = ctx.store;
  const today = shanghaiDate(ctx.clock.now());
  const now = ctx.clock.now();
  for (const [key, value] of [['subsidy.ratio', 0.1], ['subsidy.cap', 1000], ['subsidy.requiresIot', 1]] as const)
    await db.insertInto('insurance_rule_setting').values({ region_prefix: '3701', key, value, updated_by: null, updated_at: now }).onConflict((oc) => oc.columns(['region_prefix', 'key']).doNothing()).execute();
  const liability = await saveProduct(ctx, insurer, { name: '电梯安全责任保险', kind: 'liability', active: true, coverage: { perAccident: 1_000_000, perPerson: 500_000, items: ['第三者人身伤亡', '第三者财产损失', '救援费用'] }, premiumRule: { base: 600, byCategory: { '3110': 800, '33': 500 }, ageBands: AGE_BANDS } });
  const service = await saveProduct(ctx, insurer, { name: '电梯“保险+服务”综合保险', kind: 'service', active: true, coverage: { perAccident: 2_000_000, items: ['第三者责任', '维保服务监督', '年度检验费用'] }, premiumRule: { base: 3_000, ageBands: AGE_BANDS } });
  const pension = await saveProduct(ctx, insurer, { name: '电梯养老保险', kind: 'pension', active: true, coverage: { items: ['日常维保', '零部件更换', '检验检测费用', '更新改造资金积累'] }, premiumRule: { base: 6_000, ageBands: [{ minYears: 0, factor: 1 }, { minYears: 10, factor: 1.57 }] } });
  const elevators = await db.selectFrom('elevator').select(['registration_code']).where('region_code', '>=', '3701').where('region_code', '<', '3701~').where('status', '=', 'IN_USE')
    // Elevators with a closed entrapment first, so some claims have an incident to name.
    .orderBy(sql`EXISTS (SELECT 1 FROM incident i WHERE i.elevator_id = elevator.id AND i.type = 'trapped' AND i.status = 'closed')`, 'desc')
    .orderBy('id')
    .limit(60)
    .execute();
  const products = [liability.id, liability.id, liability.id, service.id, pension.id];
  let policies = 0;
  const issued: { id: number; code: string }[] = [];
  for (const [i, e] of elevators.entries()) {
    // Every sixth policy ended two months ago and was not renewed: lapsed.
    const lapsed = i % 6 === 5;
    const startsOn = lapsed ? addDays(today, -430) : addDays(today, -200);
    const productId = products[i % products.length]!;
    try {
      const p = await issuePolicy(ctx, insurer, { policyNo: `PICC-DEMO-${String(i + 1).padStart(4, '0')}`, productId, registrationCode: e.registration_code, startsOn, endsOn: addDays(startsOn, 364), payer: productId === service.id ? 'insurer' : productId === pension.id ? 'maintenance_fund' : 'use_unit' });
      policies++;
      if (!lapsed) issued.push({ id: p.id, code: e.registration_code });
    } catch (err) {
      ctx.log.warn({ err, code: e.registration_code }, 'demo policy skipped');
    }
  }
  let claims = 0;
  for (const p of issued) {
    if (claims >= 6) break;
    const inc = await db.selectFrom('incident as i').innerJoin('elevator as e', 'e.id', 'i.elevator_id').select(['i.id', 'i.received_at']).where('e.registration_code', '=', p.code).where('i.type', '=', 'trapped').where('i.status', '=', 'closed').orderBy('i.received_at', 'desc').executeTakeFirst();
    if (!inc || shanghaiDate(inc.received_at) < addDays(today, -200)) continue;
    const c = await fileClaim(ctx, insurer, { policyId: p.id, occurredOn: shanghaiDate(inc.received_at), description: '电梯困人，乘客被困期间受惊吓并轻微擦伤，申请医疗费用赔偿', amountClaimed: 3_000 + claims * 1_500, incidentId: inc.id });
    const steps = [[], ['accept'], ['accept', 'approve'], ['accept', 'approve', 'pay'], ['reject'], ['accept', 'approve', 'pay']][claims]! as ('accept' | 'approve' | 'pay' | 'reject')[];
    for (const a of steps) await actOnClaim(ctx, insurer, c.id, { action: a, amountPaid: a === 'approve' ? c.amountClaimed * 0.8 : undefined, note: a === 'reject' ? '不属于保险责任范围' : undefined });
    claims++;
  }
  return { products: 3, policies, claims };
}
