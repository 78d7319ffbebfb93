import type { AppContext } from '../../src/server/context.ts';
import * as audit from '../../src/modules/audit/audit.service.ts';
import { makePrincipal, SYSTEM_ACTOR, type Principal } from '../../src/modules/auth/principal.ts';
import { createComplaint, publicReport } from '../../src/modules/complaints/complaint-intake.service.ts';
import { decideReward } from '../../src/modules/complaints/complaint-reward.service.ts';
import { act } from '../../src/modules/complaints/complaints.service.ts';
import type { ComplaintActionInput } from '../../src/modules/complaints/complaints.schema.ts';

/**
 * The demo's complaints (投诉举报), once per store, through the module's own services (routing, deadlines, repeat
 * links, hazards, rewards and audit as in real use), back-dated by running each step on a clock set to its day:
 * on Jinan elevators, one report never acknowledged (overdue), a phone complaint from this morning, a report being
 * investigated with a repeat linked to it, one confirmed with a hazard and a paid reward, one found unfounded, one
 * past its outcome deadline, and an unregistered elevator reported by address. Logins: `jinan` (handles them),
 * `dispatcher` (records phone complaints).
 */
export const COMPLAINTS_MARK = 'demo.complaints';
const DAY = 86_400_000;
const HOUR = 3_600_000;

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

export async function seedDemoComplaints(ctx: AppContext): Promise<void> {
  const { db } = ctx.store;
  if (await db.selectFrom('audit_log').select('id').where('action', '=', COMPLAINTS_MARK).limit(1).executeTakeFirst()) return;
  const [jinan, dispatcher] = await Promise.all([principalOf(ctx, 'jinan'), principalOf(ctx, 'dispatcher')]);
  if (!jinan || !dispatcher) return;
  const elevators = await db.selectFrom('elevator').select(['registration_code', 'rescue_code']).where('region_code', '>=', '3701').where('region_code', '<', '3701~').where('status', '=', 'IN_USE').orderBy('registration_code').limit(6).execute();
  if (elevators.length < 6) return;
  const started = ctx.clock.now().getTime();
  /** The context as it was `ms` ago: intake and steps take their times from its clock. */
  const at = (ms: number): AppContext => ({ ...ctx, clock: { now: () => new Date(started - ms) } });
  const steps = async (agoMs: number, id: number, list: Omit<ComplaintActionInput, 'version'>[]) => {
    for (const [i, s] of list.entries()) await act(at(agoMs - i * HOUR), jinan, id, s);
  };
  const code = (i: number) => elevators[i]!.registration_code;
  const made: number[] = [];

  // 1. Never acknowledged: three days old, both clocks show it late.
  made.push((await publicReport(at(3 * DAY), { code: code(0), category: 'unsafe', description: '电梯门关闭时夹人，感应失灵，老人孩子很危险' })).id);
  // 2. This morning's phone call.
  made.push((await createComplaint(at(2 * HOUR), dispatcher, { channel: 'phone', code: code(1), category: 'no_maintenance', description: '住户反映两个多月没见维保人员，轿厢内维保记录也没有更新', anonymous: false, reporterName: '王女士', contact: '13705310001' })).id);
  // 3 and 4. Being investigated, with a repeat report on the same elevator linked to it.
  const three = await publicReport(at(10 * DAY), { code: code(2), category: 'fake_records', description: '维保记录上签了字，但当天电梯根本没人来维保', contact: '13905310002' });
  await steps(10 * DAY - 2 * HOUR, three.id, [
    { action: 'acknowledge', note: '已受理，转维保监管科核查' },
    { action: 'investigate', note: '调取维保记录和物联网运行数据比对' },
  ]);
  const four = await publicReport(at(5 * DAY), { code: elevators[2]!.rescue_code ?? code(2), category: 'fake_records', description: '又一次看到维保单签字但没人来' });
  await steps(5 * DAY - HOUR, four.id, [{ action: 'acknowledge', note: '同一电梯的重复举报，与首次举报合并核查' }]);
  made.push(three.id, four.id);
  // 5. Confirmed with a hazard, reward decided and paid, closed.
  const five = await publicReport(at(20 * DAY), { code: code(3), category: 'unsafe', description: '电梯平层不准，经常高出地面十几厘米，已有人绊倒', contact: 'jubao@example.com' });
  await steps(20 * DAY - 3 * HOUR, five.id, [
    { action: 'acknowledge', note: '已受理' },
    { action: 'investigate', note: '检查员现场检查' },
    { action: 'confirm', note: '现场确认平层误差超标，制动器磨损', resultText: '经现场核查，举报属实。已责令维保单位限期整改，整改情况将复查。', hazard: { item: '平层准确度 / 制动器', severity: 'serious', remedy: 'repair' } },
  ]);
  await decideReward(at(12 * DAY), jinan, five.id, { action: 'grant', amount: 500, note: '举报属实，涉及一般安全隐患' });
  await decideReward(at(8 * DAY), jinan, five.id, { action: 'pay', amount: 500, paidOn: new Date(started - 8 * DAY + 8 * HOUR).toISOString().slice(0, 10), method: 'bank', reference: 'JBJL-DEMO-0001' });
  await act(at(8 * DAY - HOUR), jinan, five.id, { action: 'close', note: '隐患已登记，奖励已发放，办结' });
  made.push(five.id);
  // 6. Unfounded and closed.
  const six = await publicReport(at(18 * DAY), { code: code(4), category: 'other', description: '电梯里的安全检验合格标志好像过期了' });
  await steps(18 * DAY - 4 * HOUR, six.id, [
    { action: 'acknowledge', note: '已受理' },
    { action: 'investigate', note: '核对检验记录' },
    { action: 'dismiss', note: '检验在有效期内，标志已更换', resultText: '经核查，该电梯定期检验在有效期内，检验合格标志已于近期更换，举报不属实。感谢您的监督。' },
    { action: 'close', note: '办结' },
  ]);
  made.push(six.id);
  // 7. Investigated but past its outcome deadline.
  const seven = await publicReport(at(17 * DAY), { code: code(5), category: 'unsafe', description: '自动扶梯扶手带和梯级速度不一致，扶手带有破损' });
  await steps(17 * DAY - 5 * HOUR, seven.id, [
    { action: 'acknowledge', note: '已受理' },
    { action: 'investigate', note: '已通知使用单位停梯自查' },
  ]);
  made.push(seven.id);
  // 8. An elevator in use without registration, reported by address.
  const eight = await createComplaint(at(DAY), jinan, { channel: 'staff', category: 'unregistered', description: '商场新装观光电梯未办理使用登记即投入使用', anonymous: true, regionCode: '370102', address: '济南市历下区泉城路188号（演示）' });
  await act(at(DAY - 2 * HOUR), jinan, eight.id, { action: 'acknowledge', note: '已受理，安排执法人员现场检查' });
  made.push(eight.id);

  await db.transaction().execute((trx) => audit.record(trx, SYSTEM_ACTOR, ctx.clock.now(), [{ action: COMPLAINTS_MARK, entityType: 'complaint', entityId: 'demo', regionCode: '370100', after: { complaints: made.length } }]));
  ctx.log.info({ complaints: made.length }, 'demo complaints seeded');
}
