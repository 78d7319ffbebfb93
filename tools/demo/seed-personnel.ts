import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import * as audit from '../../src/modules/audit/audit.service.ts';
import { makePrincipal, SYSTEM_ACTOR, type Principal } from '../../src/modules/auth/principal.ts';
import { idCheckChar } from '../../src/modules/personnel/personnel.domain.ts';
import { createPerson, saveCertificate } from '../../src/modules/personnel/people.service.ts';
import { assign } from '../../src/modules/personnel/safety-managers.service.ts';
import { runDetections } from '../../src/modules/personnel/detections.service.ts';
import { saveRiskItem } from '../../src/modules/manufacturers/risk-list.service.ts';
import { sendAdvice } from '../../src/modules/manufacturers/advice.service.ts';

/**
 * The demo's personnel and manufacturer data, once per store, through the modules' own services (checked and
 * audited), after the maintenance side (its worker registrations become people by the sync):
 * - the `useunit` company's safety managers: 王安全 (A certificate in date), 刘超限 (more elevators than the cap
 *   of 50 when the company has them), 陈过期 (A certificate expired last month, still responsible);
 * - one 挂证 case: 张挂证 with one T certificate employed by the Jinan company of `mworker` and the Qingdao company
 *   of `maint` at once;
 * - the `maker` manufacturer's 风险管控清单 for its two commonest models and one 维保建议 to the use units and
 *   maintenance companies of its commonest model in Jinan (the `useunit` company among them when it has one);
 * - then one detection run, so 挂证检测 has results at once.
 */
export const PERSONNEL_MARK = 'demo.personnel';

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

/** A valid demo 身份证号 (region, birth date, serial). */
function demoId(region: string, birth: string, serial: number): string {
  const first = `${region}${birth}${String(serial).padStart(3, '0')}`;
  return first + idCheckChar(first);
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoPersonnel(ctx: AppContext): Promise<void> {
  const { db } = ctx.store;
  if (await db.selectFrom('audit_log').select('id').where('action', '=', PERSONNEL_MARK).limit(1).executeTakeFirst()) return;
  const [useUnit, jnMaint, qdMaint, maker] = await Promise.all(['useunit', 'mworker', 'maint', 'maker'].map((u) => principalOf(ctx, u)));
  if (!useUnit || !jnMaint || !qdMaint || !maker) return;
  const started = performance.now();
  const today = new Date(ctx.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const counts = { people: 0, assigned: 0, riskItems: 0, adviceRecipients: 0 };

  // Safety managers of the use unit.
  const codes = (await db.selectFrom('elevator').select('registration_code').where('use_unit_id', '=', useUnit.orgId).where('status', '=', 'IN_USE').orderBy('registration_code').limit(120).execute()).map((e) => e.registration_code);
  const managers = [
    { name: '王安全', id: demoId('370102', '19780315', 11), cert: 'A370100-2022-0001', take: 10 },
    { name: '刘超限', id: demoId('370103', '19810622', 12), cert: 'A370100-2021-0002', take: 60 },
    { name: '陈过期', id: demoId('370104', '19750908', 13), cert: 'A370100-2020-0003', take: 5 },
  ];
  let offset = 0;
  for (const m of managers) {
    const p = await createPerson(ctx, useUnit, { name: m.name, idNumber: m.id, phone: '13905310000', employment: { role: 'safety_manager', employedFrom: '2020-03-01' } });
    counts.people++;
    await saveCertificate(ctx, useUnit, p.id, { kind: 'A', number: m.cert, authority: '济南市市场监督管理局', issuedOn: '2020-06-01', expiresOn: '2028-06-01' });
    const mine = codes.slice(offset, offset + m.take);
    offset += mine.length;
    if (mine.length) counts.assigned += (await assign(ctx, useUnit, { personId: p.id, registrationCodes: mine, from: '2024-01-01' })).assigned;
    // 陈过期's certificate lapsed last month (复审 missed) while he is still responsible.
    if (m.name === '陈过期') await saveCertificate(ctx, useUnit, p.id, { kind: 'A', number: m.cert, authority: '济南市市场监督管理局', issuedOn: '2020-06-01', expiresOn: addDays(today, -30) });
  }

  // 挂证: one T certificate at a Jinan and a Qingdao maintenance company at once.
  const zhang = demoId('370105', '19880101', 14);
  const z = await createPerson(ctx, jnMaint, { name: '张挂证', idNumber: zhang, employment: { role: 'maintenance_worker', employedFrom: '2024-03-01' } });
  await saveCertificate(ctx, jnMaint, z.id, { kind: 'T', number: 'T370100-2023-0888', authority: '济南市市场监督管理局', issuedOn: '2023-05-01', expiresOn: '2027-05-01' });
  await createPerson(ctx, qdMaint, { name: '张挂证', idNumber: zhang, employment: { role: 'maintenance_worker', employedFrom: '2025-02-01' } });
  counts.people++;

  // The manufacturer's risk list and one advice.
  const models = await sql<{ model: string; n: number }>`SELECT e.model, count(*)::int AS n FROM elevator e
    WHERE e.manufacturer_org_id = ${maker.orgId} AND e.status = 'IN_USE' AND e.model IS NOT NULL GROUP BY e.model ORDER BY count(*) DESC LIMIT 2`.execute(db);
  const risks = [
    { risk: '制动器闸瓦早期磨损，制动力矩下降', controls: '维保时每季度测量闸瓦厚度；2026 年起更换新型耐磨闸瓦', status: 'controlled' as const, reviewOn: addDays(today, 60) },
    { risk: '门机皮带老化导致开关门故障频发', controls: '发布维保建议：每季度检查皮带张紧度，运行满 5 年更换', status: 'open' as const, reviewOn: addDays(today, -10) },
    { risk: '早期批次安全钳楔块材质不达标', controls: '已完成召回更换并经检验合格', status: 'closed' as const, reviewOn: undefined },
  ];
  for (const [i, m] of models.rows.entries()) {
    for (const r of risks.slice(0, i === 0 ? 3 : 1)) {
      await saveRiskItem(ctx, maker, { model: m.model, ...r });
      counts.riskItems++;
    }
  }
  const top = models.rows[0];
  if (top) {
    const ownCodes = (await db.selectFrom('elevator').select('registration_code').where('use_unit_id', '=', useUnit.orgId).where('manufacturer_org_id', '=', maker.orgId).where('status', '=', 'IN_USE').limit(50).execute()).map((e) => e.registration_code);
    const advice = await sendAdvice(ctx, maker, {
      kind: 'maintenance',
      title: `${top.model} 型电梯门机皮带维保建议`,
      body: `经统计，${top.model} 型电梯运行满 5 年后门机皮带老化导致的开关门故障明显增多。建议：\n1. 每季度检查门机皮带张紧度和磨损情况；\n2. 运行满 5 年的电梯更换门机皮带；\n3. 发现异常及时联系我公司技术支持。`,
      ...(ownCodes.length ? { registrationCodes: ownCodes } : { models: [top.model], regionCode: '370100' }),
    }).catch(() => undefined);
    counts.adviceRecipients = advice?.recipients ?? 0;
  }

  await runDetections(ctx);
  await db.transaction().execute((trx) => audit.record(trx, SYSTEM_ACTOR, ctx.clock.now(), [{ action: PERSONNEL_MARK, entityType: 'person', entityId: 'demo', regionCode: '370100', after: counts }]));
  ctx.log.info({ ...counts, ms: Math.round(performance.now() - started) }, 'demo personnel and manufacturers seeded');
}
