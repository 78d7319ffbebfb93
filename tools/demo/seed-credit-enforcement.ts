import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import { shanghaiDate } from '../../src/server/clock.ts';
import * as audit from '../../src/modules/audit/audit.service.ts';
import { makePrincipal, SYSTEM_ACTOR, type Principal } from '../../src/modules/auth/principal.ts';
import { addDays } from '../../src/modules/hazards/hazards.domain.ts';
import { commend, publish } from '../../src/modules/credit/credit.service.ts';
import { previousMonth, recordAccidents, recordMaintenanceGrades } from '../../src/modules/credit/credit-sources.ts';
import { actOn, createAction } from '../../src/modules/enforcement/actions.service.ts';
import { createCampaign, preview, recordResult } from '../../src/modules/enforcement/campaigns.service.ts';
import type { CampaignCriteria } from '../../src/modules/enforcement/enforcement.schema.ts';
import { createCheck } from '../../src/modules/enforcement/checks.service.ts';

/**
 * The demo's credit files and enforcement, once per store, through the modules' own services (so every step is
 * checked, audited and writes its credit events), acting as the `jinan` regulator:
 * - a supervision check of the `useunit` company with a finding that raises a hazard on one of its elevators;
 * - a published warning to that company (with the check), listed supervision (挂牌督办) of Jinan's largest
 *   maintenance company with a deadline and one follow-up, a published exposure of it whose deadline comes in three
 *   days (overdue soon after), a penalty of the use unit executed, closed and published, an interview of the Jinan
 *   inspection branch, closed;
 * - a commendation (published) for a second maintenance company;
 * - last month's maintenance grades and the accidents among closed 96333 incidents;
 * - a 隐患排查专项行动 over Lixia's school (else old, else residential) elevators, assigned to the Jinan inspector, a
 *   few results recorded.
 */
export const CREDIT_ENFORCEMENT_MARK = 'demo.credit-enforcement';

async function principalOf(ctx: AppContext, username: string): Promise<Principal | undefined> {
  const u = await ctx.store.db
    .selectFrom('app_user as u')
    .innerJoin('organization as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'o.id as org_id', 'o.name', 'o.type', 'o.region_code'])
    .where('u.username', '=', username)
    .executeTakeFirst();
  if (!u) return undefined;
  return makePrincipal({ userId: u.id, username: u.username, displayName: u.display_name, orgId: u.org_id, orgName: u.name, orgType: u.type as Principal['orgType'], regionCode: u.region_code, roles: u.roles });
}

async function creditCodeOf(ctx: AppContext, orgId: number): Promise<string | null> {
  return (await ctx.store.db.selectFrom('organization').select('credit_code').where('id', '=', orgId).executeTakeFirst())?.credit_code ?? null;
}

export async function seedDemoCreditEnforcement(ctx: AppContext): Promise<void> {
  const { db } = ctx.store;
  if (await db.selectFrom('audit_log').select('id').where('action', '=', CREDIT_ENFORCEMENT_MARK).limit(1).executeTakeFirst()) return;
  const [jinan, useUnit, mrescue, jninspect] = await Promise.all(['jinan', 'useunit', 'mrescue', 'jninspect'].map((u) => principalOf(ctx, u)));
  if (!jinan || !useUnit || !mrescue || !jninspect) return;
  const started = performance.now();
  const today = shanghaiDate(ctx.clock.now());
  const [unitCode, maintCode, agencyCode] = await Promise.all([useUnit, mrescue, jninspect].map((p) => creditCodeOf(ctx, p.orgId)));
  if (!unitCode || !maintCode || !agencyCode) return;
  const { rows: unitElevators } = await sql<{ registration_code: string }>`SELECT registration_code FROM elevator WHERE use_unit_id = ${useUnit.orgId} AND status = 'IN_USE' ORDER BY registration_code LIMIT 2`.execute(db);

  const check = await createCheck(ctx, jinan, {
    targetCreditCode: unitCode,
    registrationCodes: unitElevators.map((e) => e.registration_code),
    checkedOn: addDays(today, -6),
    inspectorIds: [],
    summary: '检查电梯安全管理制度、安全管理员配备和维保记录确认情况',
    findings: [
      ...(unitElevators[0] ? [{ registrationCode: unitElevators[0].registration_code, description: '轿厢应急照明不亮，五方通话无法接通值班室', severity: 'serious' as const, raiseHazard: true, remedy: 'repair' as const }] : []),
      { description: '维保记录有 6 份未经安全管理员签字确认', severity: 'general' as const, raiseHazard: false, remedy: 'repair' as const },
    ],
  });
  const warning = await createAction(ctx, jinan, { kind: 'warning', targetCreditCode: unitCode, checkId: check.id, reason: '未按规定确认维保记录、应急通话装置失效', legalBasis: '《中华人民共和国特种设备安全法》第三十九条', publish: true });
  const listed = await createAction(ctx, jinan, { kind: 'listed_supervision', targetCreditCode: maintCode, reason: '所维保电梯困人故障率连续两个季度居全市前列', legalBasis: '鲁市监特设字〔2024〕188号', deadline: addDays(today, 20), publish: false });
  await actOn(ctx, jinan, listed.id, { step: 'follow_up', note: '企业已提交整改方案，增派维保人员 6 名' });
  const overdue = await createAction(ctx, jinan, { kind: 'exposure', targetCreditCode: maintCode, reason: '维保人员持证不符、记录造假', legalBasis: '《电梯维护保养规则》TSG T5002-2017', deadline: addDays(today, 3), publish: true });
  const penalty = await createAction(ctx, jinan, { kind: 'penalty', targetCreditCode: unitCode, reason: '使用未经定期检验的电梯', legalBasis: '《中华人民共和国特种设备安全法》第八十四条', penalty: { amount: 30000, decisionNo: `济市监特罚〔${today.slice(0, 4)}〕7号` }, publish: false });
  await actOn(ctx, jinan, penalty.id, { step: 'follow_up', note: '罚款已缴纳，电梯已完成定期检验' });
  await actOn(ctx, jinan, penalty.id, { step: 'close', note: '处罚决定执行完毕' });
  if (penalty.creditEventId) await publish(ctx, jinan, penalty.creditEventId);
  const interview = await createAction(ctx, jinan, { kind: 'interview', targetCreditCode: agencyCode, reason: '检验报告关键数据缺失问题集中', legalBasis: '《特种设备检验机构核准规则》', publish: false });
  await actOn(ctx, jinan, interview.id, { step: 'close', note: '已约谈机构负责人，机构承诺开展内部复核' });
  const { rows: other } = await sql<{ credit_code: string }>`SELECT o.credit_code FROM organization o WHERE o.type = 'maintenance' AND o.credit_code IS NOT NULL AND o.id <> ${mrescue.orgId}
    AND EXISTS (SELECT 1 FROM elevator e WHERE e.maintenance_org_id = o.id AND e.region_code >= '3701' AND e.region_code < '3701~') ORDER BY o.id LIMIT 1`.execute(db);
  if (other[0]) await commend(ctx, jinan, other[0].credit_code, { summary: '2025 年度电梯应急救援先进单位', evidenceText: '济南市市场监督管理局通报表扬', publish: true });
  const grades = await recordMaintenanceGrades(ctx, previousMonth(today));
  const accidents = await recordAccidents(ctx);

  let campaignElevators = 0;
  try {
    // The first of these that selects a workable number of Lixia elevators (the generated province varies).
    const options: [string, CampaignCriteria][] = [
      ['校园电梯', { regionCode: '370102', placeType: 'SCHOOL', status: 'IN_USE' }],
      ['老旧电梯', { regionCode: '370102', ageTier: '15', status: 'IN_USE' }],
      ['住宅电梯', { regionCode: '370102', placeType: 'RESIDENTIAL', status: 'IN_USE' }],
    ];
    let chosen: [string, CampaignCriteria] | undefined;
    for (const o of options) {
      const n = (await preview(ctx, jinan, o[1])).total;
      if (n > 0 && n <= 2000) {
        chosen = o;
        break;
      }
    }
    if (!chosen) throw new Error('no criteria select 1–2000 elevators in Lixia');
    const c = await createCampaign(ctx, jinan, { name: `${today.slice(0, 4)} 年${chosen[0]}隐患排查专项行动`, criteria: chosen[1], endsOn: addDays(today, 30), assignment: 'round_robin', inspectorIds: [jinan.userId] });
    campaignElevators = c.progress.total;
    const { rows } = await sql<{ registration_code: string }>`SELECT e.registration_code FROM campaign_elevator ce JOIN elevator e ON e.id = ce.elevator_id WHERE ce.campaign_id = ${c.id} ORDER BY e.registration_code LIMIT 3`.execute(db);
    for (const [i, r] of rows.entries())
      await recordResult(ctx, jinan, c.id, r.registration_code, i === 1 ? { result: 'hazard', note: '', hazard: { description: '自动扶梯梳齿板多齿断裂', severity: 'serious', remedy: 'repair' } } : { result: 'ok', note: '' });
  } catch (err) {
    ctx.log.warn({ err }, 'demo campaign not created');
  }
  const summary = { checks: 1, actions: 5, overdueActionId: overdue.id, warningId: warning.id, grades, accidents, campaignElevators };
  await db.transaction().execute((trx) => audit.record(trx, SYSTEM_ACTOR, ctx.clock.now(), [{ action: CREDIT_ENFORCEMENT_MARK, entityType: 'enforcement_action', entityId: 'demo', regionCode: '370100', after: summary }]));
  ctx.log.info({ ...summary, ms: Math.round(performance.now() - started) }, 'demo credit files and enforcement seeded');
}
