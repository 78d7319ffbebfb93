import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import { shanghaiDate } from '../../src/server/clock.ts';
import * as audit from '../../src/modules/audit/audit.service.ts';
import { SYSTEM_ACTOR } from '../../src/modules/auth/principal.ts';
import * as assessments from '../../src/modules/assessments/assessments.service.ts';
import * as renovation from '../../src/modules/renovation/renovation.service.ts';
import * as plan from '../../src/modules/renovation/renovation-plan.service.ts';
import { act } from '../../src/modules/renovation/renovation-workflow.service.ts';
import { sweep } from '../../src/modules/stewardship/stewardship.service.ts';
import { principalOf } from './seed-addon-insurance.ts';

/**
 * The demo's old-elevator work, once per store, through the modules' own services (every step checked and audited):
 * - safety assessments (GB/T 42615) that `useunit` commissioned from the Jinan branch of the provincial institute on
 *   its two oldest elevators: one submitted by `jninspect` (grade 3, modernise → a hazard to plan for), one waiting;
 * - three renovation projects of `useunit` on its old elevators: an ascending-overspeed retrofit whose subsidy waits for
 *   `finance`, a modernisation under construction, and a replacement still waiting for the owners' vote;
 * - two elevators in the `street` office's district whose use unit was struck off: the sweep makes them its tasks
 *   (管理主体认定), and they may not be put back into use until it appoints one.
 */
export const OLD_ELEVATORS_MARK = 'demo.old-elevators';

export async function seedDemoOldElevators(ctx: AppContext): Promise<void> {
  const { db } = ctx.store;
  if (await db.selectFrom('audit_log').select('id').where('action', '=', OLD_ELEVATORS_MARK).limit(1).executeTakeFirst()) return;
  const [useUnit, finance, inspector, street] = await Promise.all(['useunit', 'finance', 'jninspect', 'street'].map((u) => principalOf(ctx, u)));
  if (!useUnit || !finance || !inspector || !street) return;
  const started = performance.now();
  const today = shanghaiDate(ctx.clock.now());
  const old = await db
    .selectFrom('elevator')
    .select(['registration_code'])
    .where('use_unit_id', '=', useUnit.orgId)
    .where('status', '=', 'IN_USE')
    .orderBy('registration_date')
    .orderBy('id')
    .limit(7)
    .execute();
  if (old.length < 7) return;
  const code = (i: number) => old[i]!.registration_code;
  const inDays = (n: number) => shanghaiDate(new Date(ctx.clock.now().getTime() + n * 86_400_000));

  // Assessments, by the Jinan branch under its approval (检验机构核准, scope including safety assessment).
  await db
    .insertInto('organization_licence')
    .values({ org_id: inspector.orgId, kind: '检验机构核准', number: 'TS7137001-2028', scope: '电梯定期检验、监督检验；电梯安全评估', issued_on: '2024-01-15', expires_on: '2028-01-14' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const done = await assessments.commission(ctx, useUnit, { registrationCode: code(0), agencyOrgId: inspector.orgId, dueOn: inDays(20) });
  await assessments.commission(ctx, useUnit, { registrationCode: code(1), agencyOrgId: inspector.orgId, dueOn: inDays(30) });
  await assessments.submit(ctx, inspector, done.id, {
    reportNo: `PG-${today.slice(0, 4)}-0001`,
    assessedOn: today,
    items: [
      { group: 'equipment', item: '曳引机与制动器', finding: '制动器磨损接近极限，曳引轮绳槽磨损不均', risk: 3 },
      { group: 'equipment', item: '控制系统', finding: '继电器控制，无上行超速保护', risk: 4 },
      { group: 'building', item: '机房与井道', finding: '机房通风不良，井道局部渗水', risk: 2 },
      { group: 'use_management', item: '安全管理', finding: '应急预案未按年度演练', risk: 1 },
      { group: 'maintenance', item: '维保质量', finding: '近一年困人 3 次，均为门系统故障', risk: 3 },
    ],
    grade: 3,
    conclusion: 'modernise',
    measures: '建议一年内实施改造：更换控制系统和曳引机，加装上行超速保护；改造前加强门系统维保。',
  });

  // Renovation projects.
  const vote = { heldOn: inDays(-10), totalArea: 12_400, totalOwners: 120, participatingArea: 10_200, participatingOwners: 98, consentingArea: 9_100, consentingOwners: 86 };
  const retrofit = await renovation.create(ctx, useUnit, { kind: 'overspeed_retrofit', title: '加装上行超速保护装置（两台）', registrationCodes: [code(2), code(3)], plan: '两台电梯加装夹绳器式上行超速保护装置，施工期间轮流停梯。', budget: 36_000, hazardIds: [] });
  await plan.recordVote(ctx, useUnit, retrofit.id, vote);
  await act(ctx, useUnit, retrofit.id, { action: 'decide', note: '业主大会表决通过' });
  await plan.setFunding(ctx, useUnit, retrofit.id, { lines: [{ source: 'maintenance_fund', amount: 21_600 }, { source: 'subsidy', amount: 14_400, note: '老旧电梯改造补贴' }] });
  await act(ctx, useUnit, retrofit.id, { action: 'confirm_funding', note: '维修资金使用已公示' });
  await act(ctx, useUnit, retrofit.id, { action: 'apply_subsidy', note: '申请财政补贴 40%' });

  const modernise = await renovation.create(ctx, useUnit, { kind: 'modernise', title: '电梯控制系统和曳引机改造', registrationCodes: [code(4)], plan: '更换微机控制系统、永磁同步曳引机和层门门锁。', budget: 180_000, hazardIds: [] });
  await plan.recordVote(ctx, useUnit, modernise.id, vote);
  await act(ctx, useUnit, modernise.id, { action: 'decide', note: '业主大会表决通过' });
  await plan.setFunding(ctx, useUnit, modernise.id, { lines: [{ source: 'maintenance_fund', amount: 150_000 }, { source: 'public_income', amount: 30_000 }] });
  await act(ctx, useUnit, modernise.id, { action: 'confirm_funding', note: '资金到位' });
  await act(ctx, useUnit, modernise.id, { action: 'start', startedOn: inDays(-5), installerName: '山东快捷电梯工程有限公司' });

  await renovation.create(ctx, useUnit, { kind: 'replace', title: '20 年以上电梯整梯更新', registrationCodes: [code(5)], plan: '拆除旧梯，原井道更新为 1000 kg、1.75 m/s 乘客电梯。', budget: 420_000, hazardIds: [] });

  // Management subject: two elevators in the street office's district lose their use unit (struck off).
  const { rows } = await sql<{ id: number }>`SELECT e.id FROM elevator e WHERE e.status = 'IN_USE' AND e.use_unit_id IS NOT NULL
      AND e.region_code >= ${street.regionCode} AND e.region_code < ${`${street.regionCode}~`} ORDER BY e.registration_date, e.id LIMIT 2`.execute(db);
  if (rows.length) await db.updateTable('elevator').set({ use_unit_id: null }).where('id', 'in', rows.map((r) => r.id)).execute();
  const swept = await sweep(ctx);

  await db.transaction().execute((trx) =>
    audit.record(trx, SYSTEM_ACTOR, ctx.clock.now(), [{ action: OLD_ELEVATORS_MARK, entityType: 'renovation_project', entityId: 'demo', regionCode: useUnit.regionCode, after: { assessments: 2, projects: 3, stewardship: swept.opened } }]),
  );
  ctx.log.info({ ms: Math.round(performance.now() - started), stewardshipTasks: swept.opened }, 'demo old-elevator work seeded');
}
