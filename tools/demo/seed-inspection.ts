import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import type { DB } from '../../src/server/db/schema.ts';
import { shanghaiDate } from '../../src/server/clock.ts';
import * as audit from '../../src/modules/audit/audit.service.ts';
import { makePrincipal, SYSTEM_ACTOR, type Principal } from '../../src/modules/auth/principal.ts';
import * as reports from '../../src/modules/inspection/reports.service.ts';
import { recomputeAll } from '../../src/modules/inspection/schedule.service.ts';
import { addDays } from '../../src/modules/inspection/schedule.ts';
import { generateInspectionHistory, inspectorsFor, measurementsFor, type HistoryPerson, type HistoryReport, type InspectionAgency, type InspectionElevator } from './inspection-history.ts';
import { Rng } from './random.ts';

/**
 * The demo's inspection side (应检尽检), run at every demo start after the province and the 96333 side:
 * - registered inspectors for every agency (the institute, its city branches, the testing companies), added to
 *   stores seeded before they existed; the first of each agency signs reports (README: `jninspect` files as 济南分公司);
 * - once per store, the report of each in-use elevator's latest due year (a few percent missing: overdue), the two
 *   years before for a sample, failures with rectification tasks in every state, written directly; then a dozen
 *   recent reports filed through the real service so that each kind of quality flag shows with its evidence;
 * - the schedules of every elevator recomputed from them, then the branches' plans (and some use units'
 *   applications) for most elevators due in the coming weeks, so 本月应检 / 已报计划 look like a working month.
 */
export const INSPECTION_MARK = 'demo.inspection';
const PROVINCE = '370000';
const JINAN = '370100';
const YANTAI = '370600';

interface AgencyRow {
  id: number;
  name: string;
  region_code: string;
}

/** Agencies of the store with their report-number prefix and registered people (deterministic per agency). */
function agenciesOf(rows: AgencyRow[]): InspectionAgency[] {
  return rows.map((o) => {
    const provincial = o.region_code === PROVINCE;
    const branch = !provincial && o.region_code.endsWith('00');
    const prefix = provincial ? 'SDTJ' : branch ? `SD${o.region_code.slice(2, 4)}` : `JC${o.id}`;
    const certPrefix = provincial ? '3700' : branch ? o.region_code.slice(0, 4) : `J${o.id}`;
    return {
      id: Number(o.id),
      cityCode: provincial ? null : `${o.region_code.slice(0, 4)}00`,
      testing: !provincial && !branch,
      prefix,
      inspectors: inspectorsFor(certPrefix, provincial ? 8 : branch ? 12 : 4, Number(o.id) * 7 + 11),
    };
  });
}

export async function seedDemoInspection(ctx: AppContext): Promise<void> {
  const started = performance.now();
  const { db } = ctx.store;
  const rows = (await db.selectFrom('organization').select(['id', 'name', 'region_code']).where('type', '=', 'inspection').orderBy('id').execute()) as AgencyRow[];
  if (!rows.length) return;
  const agencies = agenciesOf(rows);
  await ensureInspectors(db, agencies);
  const done = await db.selectFrom('audit_log').select('id').where('action', '=', INSPECTION_MARK).limit(1).executeTakeFirst();
  if (done) return;

  const today = shanghaiDate(ctx.clock.now());
  const { rows: elevators } = await sql<{ id: number; registration_code: string; region_code: string; category_code: string; baseline: string | null; use_unit_id: number | null }>`
    SELECT e.id, e.registration_code, e.region_code, e.category_code, coalesce(e.acceptance_date, e.commissioning_date)::text AS baseline, e.use_unit_id
      FROM elevator e WHERE e.status = 'IN_USE' ORDER BY e.id`.execute(db);
  const list = generateInspectionHistory({
    elevators: elevators.map((e): InspectionElevator => ({ id: Number(e.id), regionCode: e.region_code, category: e.category_code, baseline: e.baseline })),
    agencies,
    today,
  });
  const flagged = pickFlagged(elevators, list, today);
  const skip = new Set(flagged.map((f) => f.elevator.id));
  const info = new Map(elevators.map((e) => [Number(e.id), e]));
  const bulk = list.filter((r) => !(skip.has(r.elevatorId) && r.date >= addDays(today, -60)));
  const now = ctx.clock.now();
  for (let i = 0; i < bulk.length; i += 1000) await insertReports(db, bulk.slice(i, i + 1000), info, now, today);

  const filed = await fileFlagged(ctx, flagged, agencies, rows, today);
  await db.transaction().execute((trx) =>
    audit.record(trx, SYSTEM_ACTOR, now, [{ action: INSPECTION_MARK, entityType: 'inspection_report', entityId: 'demo', regionCode: PROVINCE, after: { reports: bulk.length + filed } }]),
  );
  const scheduled = await recomputeAll(ctx);
  const plans = await seedPlans(ctx, agencies, today);
  ctx.log.info({ reports: bulk.length, flagged: filed, scheduled, plans, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'demo inspection history ready');
}

async function ensureInspectors(db: Kysely<DB>, agencies: InspectionAgency[]): Promise<void> {
  const values = agencies.flatMap((a) =>
    a.inspectors.map((p, i) => ({
      org_id: a.id,
      name: p.name,
      certificate_no: p.certificateNo,
      qualification: i === 0 ? '电梯检验师' : '电梯检验员',
      valid_from: '2018-01-01',
      valid_to: '2030-12-31',
      employed_from: '2016-03-01',
      employed_to: null,
    })),
  );
  // Two set-ups for the quality checks: an expired certificate, and one certificate at two employers (挂证).
  const jinan = agencies.find((a) => a.cityCode === JINAN && !a.testing);
  const testing = agencies.find((a) => a.testing);
  if (jinan) values.push({ org_id: jinan.id, name: '孙过期', certificate_no: 'TS7-3701-EXP1', qualification: '电梯检验员', valid_from: '2016-01-01', valid_to: '2024-12-31', employed_from: '2016-03-01', employed_to: null });
  if (jinan && testing) {
    values.push({ org_id: jinan.id, name: '钱双挂', certificate_no: 'TS7-3701-GZ01', qualification: '电梯检验员', valid_from: '2018-01-01', valid_to: '2030-12-31', employed_from: '2019-05-01', employed_to: null });
    values.push({ org_id: testing.id, name: '钱双挂', certificate_no: 'TS7-3701-GZ01', qualification: '电梯检验员', valid_from: '2018-01-01', valid_to: '2030-12-31', employed_from: '2021-09-01', employed_to: null });
  }
  for (let i = 0; i < values.length; i += 500) await db.insertInto('inspector').values(values.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
}

async function insertReports(db: Kysely<DB>, batch: HistoryReport[], info: Map<number, { region_code: string; use_unit_id: number | null }>, now: Date, today: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ids = await trx
      .insertInto('inspection_report')
      .values(
        batch.map((r) => ({
          elevator_id: r.elevatorId,
          region_code: info.get(r.elevatorId)!.region_code,
          agency_org_id: r.agencyId,
          report_no: r.reportNo,
          type: r.type,
          supervisory_kind: null,
          date: r.date,
          conclusion: r.conclusion,
          inspectors: JSON.stringify(r.inspectors),
          signer_name: r.signer.name,
          signer_cert: r.signer.certificateNo,
          measurements: JSON.stringify(r.measurements),
          pdf_sha256: null,
          pdf_bytes: null,
          created_by: null,
          // Filed a few days after the visit, as agencies do.
          created_at: new Date(Math.min(now.getTime(), Date.parse(`${r.date}T10:00:00+08:00`) + 3 * 86_400_000)),
        })),
      )
      .returning('id')
      .execute();
    const people = batch.flatMap((r, i) => r.inspectors.map((p) => ({ report_id: ids[i]!.id, certificate_no: p.certificateNo, name: p.name, date: r.date })));
    for (let i = 0; i < people.length; i += 2000) await trx.insertInto('inspection_report_inspector').values(people.slice(i, i + 2000)).onConflict((oc) => oc.doNothing()).execute();
    const defects = batch.flatMap((r, i) =>
      r.defects.map((d) => {
        const at = (days: number) => new Date(Date.parse(`${addDays(r.date, days)}T15:00:00+08:00`));
        const fixed = d.status !== 'open';
        const evidence = [
          ...(fixed ? [{ at: at(7).toISOString(), by: '使用单位安全管理员', note: 'fix: 已按要求整改，附整改照片', fileSha256: null }] : []),
          ...(d.status === 'verified' || d.status === 'closed' ? [{ at: at(12).toISOString(), by: '检验员', note: 'verify: 现场复查整改到位', fileSha256: null }] : []),
          ...(d.status === 'closed' ? [{ at: at(13).toISOString(), by: '检验员', note: 'close: 整改闭环', fileSha256: null }] : []),
        ];
        const clamp = (t: Date) => (t.getTime() > now.getTime() ? now : t);
        return {
          report_id: ids[i]!.id,
          elevator_id: r.elevatorId,
          region_code: info.get(r.elevatorId)!.region_code,
          use_unit_id: info.get(r.elevatorId)!.use_unit_id,
          item: d.item,
          description: d.description,
          severity: d.severity,
          status: d.status,
          deadline: d.deadline,
          evidence: JSON.stringify(evidence),
          fixed_at: fixed ? clamp(at(7)) : null,
          verified_at: d.status === 'verified' || d.status === 'closed' ? clamp(at(12)) : null,
          closed_at: d.status === 'closed' ? clamp(at(13)) : null,
          escalated_at: (d.status === 'open' || d.status === 'fixed') && d.deadline < today ? clamp(at(30)) : null,
          created_at: clamp(at(3)),
        };
      }),
    );
    if (defects.length) await trx.insertInto('hazard').values(defects).execute();
  });
}

type Twist = 'outOfRange' | 'missing' | 'unknown' | 'signerOnSite' | 'expired' | 'twoEmployers' | 'farApart';
const TWISTS: Twist[] = ['outOfRange', 'outOfRange', 'outOfRange', 'missing', 'missing', 'unknown', 'unknown', 'signerOnSite', 'expired', 'twoEmployers'];

interface Flagged {
  elevator: { id: number; registration_code: string; category_code: string; region_code: string };
  twist: Twist;
  date: string;
}

/** Jinan traction elevators to file recent reports for through the service (one quality flag kind each), and a Jinan–Yantai pair for one inspector on one day. */
function pickFlagged(elevators: { id: number; registration_code: string; region_code: string; category_code: string; baseline: string | null }[], list: HistoryReport[], today: string): Flagged[] {
  const reported = new Set(list.map((r) => r.elevatorId));
  const traction = (city: string) => elevators.filter((e) => e.region_code.startsWith(city.slice(0, 4)) && e.category_code.startsWith('311') && reported.has(Number(e.id)));
  const jinan = traction(JINAN);
  const yantai = traction(YANTAI);
  const out: Flagged[] = [];
  const step = Math.max(1, Math.floor(jinan.length / (TWISTS.length + 2)));
  TWISTS.forEach((twist, i) => {
    const e = jinan[i * step];
    if (e) out.push({ elevator: { ...e, id: Number(e.id) }, twist, date: addDays(today, -(2 + i)) });
  });
  const a = jinan[TWISTS.length * step];
  const b = yantai[0];
  if (a && b) for (const e of [a, b]) out.push({ elevator: { ...e, id: Number(e.id) }, twist: 'farApart', date: addDays(today, -1) });
  return out;
}

async function principalFor(ctx: AppContext, org: AgencyRow, username: string): Promise<Principal> {
  const user = await ctx.store.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', username).executeTakeFirst();
  return makePrincipal({ userId: user ? Number(user.id) : 0, username, displayName: user?.display_name ?? username, orgId: Number(org.id), orgName: org.name, orgType: 'inspection', regionCode: org.region_code, roles: ['inspector'] });
}

/** Recent reports through reports.submit, so each kind of quality flag is raised by the real checks with its evidence. */
async function fileFlagged(ctx: AppContext, flagged: Flagged[], agencies: InspectionAgency[], rows: AgencyRow[], today: string): Promise<number> {
  const jinanRow = rows.find((r) => r.region_code === JINAN);
  const provRow = rows.find((r) => r.region_code === PROVINCE);
  const jinan = agencies.find((a) => a.id === Number(jinanRow?.id));
  const prov = agencies.find((a) => a.id === Number(provRow?.id));
  if (!jinanRow || !provRow || !jinan || !prov) return 0;
  const creditCodes = new Map((await ctx.store.db.selectFrom('organization').select(['id', 'credit_code']).where('type', '=', 'inspection').execute()).map((o) => [Number(o.id), o.credit_code ?? '']));
  const asJinan = await principalFor(ctx, jinanRow, 'jninspect');
  const asProv = await principalFor(ctx, provRow, 'inspector');
  const rng = new Rng(99);
  let n = 0;
  for (const [i, f] of flagged.entries()) {
    const agency = f.twist === 'farApart' ? prov : jinan;
    const [signer, a, b] = [agency.inspectors[0]!, agency.inspectors[1 + (i % 5)]!, agency.inspectors[6 + (i % 2)]!];
    let inspectors: HistoryPerson[] = [a, b];
    const measurements: Record<string, number | string> = measurementsFor(f.elevator.category_code, rng);
    let signed = signer;
    if (f.twist === 'outOfRange') measurements.balanceCoefficient = [0.56, 0.35, 0.62][i % 3]!;
    if (f.twist === 'missing') delete measurements.brakeTest;
    if (f.twist === 'unknown') inspectors = [a, { name: '周临时', certificateNo: `TS7-WAI-${String(i).padStart(4, '0')}` }];
    if (f.twist === 'signerOnSite') signed = a;
    if (f.twist === 'expired') inspectors = [a, { name: '孙过期', certificateNo: 'TS7-3701-EXP1' }];
    if (f.twist === 'twoEmployers') inspectors = [a, { name: '钱双挂', certificateNo: 'TS7-3701-GZ01' }];
    if (f.twist === 'farApart') inspectors = [prov.inspectors[1]!, prov.inspectors[2]!];
    try {
      await reports.submit(ctx, f.twist === 'farApart' ? asProv : asJinan, {
        registrationCode: f.elevator.registration_code,
        reportNo: `${agency.prefix}-DJ-${today.slice(0, 4)}-9${String(i).padStart(5, '0')}`,
        agencyCreditCode: creditCodes.get(agency.id)!,
        type: 'periodic',
        date: f.date,
        conclusion: 'pass',
        inspectors,
        signer: signed,
        measurements,
        defects: [],
      });
      n++;
    } catch (err) {
      ctx.log.warn({ err, registrationCode: f.elevator.registration_code, twist: f.twist }, 'demo flagged report not filed');
    }
  }
  return n;
}

/** Plans for most in-use elevators due from today to six weeks on: the city branch's visits, some use units' applications. */
async function seedPlans(ctx: AppContext, agencies: InspectionAgency[], today: string): Promise<number> {
  const { db } = ctx.store;
  const { rows } = await sql<{ id: number; region_code: string; use_unit_id: number | null; due: string; type: string }>`
    SELECT e.id, e.region_code, e.use_unit_id, d.next_due_date::text AS due, d.next_type AS type
      FROM inspection_due d JOIN elevator e ON e.id = d.elevator_id
     WHERE e.status = 'IN_USE' AND d.next_due_date >= ${today} AND d.next_due_date < ${addDays(today, 42)} ORDER BY e.id`.execute(db);
  const branches = new Map(agencies.filter((a) => a.cityCode && !a.testing).map((a) => [a.cityCode!, a]));
  const rng = new Rng(2024);
  const now = ctx.clock.now();
  const values = rows.flatMap((e) => {
    const branch = branches.get(`${e.region_code.slice(0, 4)}00`);
    const roll = rng.next();
    if (!branch || roll > 0.8) return [];
    const planned = addDays(e.due, -rng.int(0, 14));
    const application = roll > 0.7 && e.use_unit_id !== null;
    const team = [branch.inspectors[1 + rng.int(0, 5)]!, branch.inspectors[7 + rng.int(0, 4)]!];
    return [
      {
        kind: application ? ('application' as const) : ('agency_plan' as const),
        elevator_id: Number(e.id),
        region_code: e.region_code,
        org_id: application ? Number(e.use_unit_id) : branch.id,
        agency_org_id: branch.id,
        planned_date: planned < today ? today : planned,
        type: (e.type === 'self_test' ? 'self_test' : 'periodic') as 'self_test' | 'periodic',
        inspectors: JSON.stringify(application ? [] : team),
        status: 'submitted' as const,
        report_id: null,
        created_by: null,
        created_at: now,
      },
    ];
  });
  for (let i = 0; i < values.length; i += 1000) await db.insertInto('inspection_plan').values(values.slice(i, i + 1000)).execute();
  return values.length;
}
