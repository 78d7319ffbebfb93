import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import { can, type Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { availableActions, checkFunding, REQUIRED_INSPECTION, type Party } from './renovation.domain.ts';
import * as repo from './renovation.repo.ts';
import type { ProjectInput, ProjectListQuery, ProjectOut } from './renovation.schema.ts';
import { ruleFrom, type VoteRule } from './vote.ts';

/**
 * Renovation projects: who sees and runs them, the list, the detail and creation. The steps are in
 * renovation-workflow.service.ts, the owners' vote, funding and hazards in renovation-plan.service.ts.
 */
export function visibleSql(ctx: AppContext, p: Principal): RawBuilder<boolean> {
  return repo.projectScopeSql(scopeOf(ctx, p), p.orgId);
}

const covers = (ctx: AppContext, p: Principal, regionCode: string) => {
  const s = scopeOf(ctx, p);
  return s.kind === 'all' || (s.kind === 'region' && !s.placeType && regionCode.startsWith(s.prefix));
};

/**
 * What the caller is to a project: its manager (the use unit whose elevators they are, or the street office or
 * regulator of the region — with renovation.manage), the finance department of the region (renovation.approve), or
 * the registry (a regulator of the region with registry.write, for 变更登记).
 */
export function partiesOf(ctx: AppContext, p: Principal, project: Pick<repo.ProjectRow, 'use_unit_id' | 'owner_org_id' | 'region_code'>): Party[] {
  const out: Party[] = [];
  const admin = p.orgType === 'platform' && p.roles.includes('admin');
  if (can(p, 'renovation.manage')) {
    if (p.orgType === 'use_unit' ? project.use_unit_id === p.orgId || project.owner_org_id === p.orgId : covers(ctx, p, project.region_code)) out.push('manager');
  }
  if (can(p, 'renovation.approve') && (p.orgType === 'finance' || admin) && covers(ctx, p, project.region_code)) out.push('finance');
  if (can(p, 'registry.write') && (p.orgType === 'regulator' || admin) && covers(ctx, p, project.region_code)) out.push('registrar');
  return out;
}

export async function voteRule(ctx: AppContext, regionCode: string): Promise<VoteRule> {
  return ruleFrom(await repo.ruleSettings(ctx.store.db, regionCode));
}

const regionName = (ctx: AppContext, code: string) => ctx.regions.get(code)?.name ?? code;

function listItem(ctx: AppContext, r: repo.ProjectRow) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    subsidyStatus: r.subsidy_status,
    title: r.title,
    regionCode: r.region_code,
    regionName: regionName(ctx, r.region_code),
    useUnitName: r.use_unit_name,
    compound: r.compound,
    elevatorCount: r.elevator_count,
    budget: Number(r.budget),
    subsidyRequested: r.subsidy_requested === null ? null : Number(r.subsidy_requested),
    subsidyApproved: r.subsidy_approved === null ? null : Number(r.subsidy_approved),
    subsidyDisbursed: Number(r.subsidy_disbursed),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function list(ctx: AppContext, p: Principal, q: ProjectListQuery) {
  const conds = [visibleSql(ctx, p)];
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`(p.region_code >= ${prefix} AND p.region_code < ${`${prefix}~`})`);
  }
  if (q.kind) conds.push(sql<boolean>`p.kind = ${q.kind}`);
  if (q.status) conds.push(sql<boolean>`p.status = ${q.status}`);
  if (q.subsidyStatus) conds.push(sql<boolean>`p.subsidy_status = ${q.subsidyStatus}`);
  if (q.q && /^\d{20}$/.test(q.q))
    conds.push(sql<boolean>`EXISTS (SELECT 1 FROM renovation_project_elevator x JOIN elevator xe ON xe.id = x.elevator_id WHERE x.project_id = p.id AND xe.registration_code = ${q.q})`);
  else if (q.q) conds.push(sql<boolean>`p.title ILIKE ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const { rows, total } = await repo.listProjects(ctx.store.db, conds, q.page, q.pageSize);
  return { items: rows.map((r) => listItem(ctx, r)), total };
}

export async function load(db: Kysely<DB>, ctx: AppContext, p: Principal, id: number) {
  return repo.loadProject(db, visibleSql(ctx, p), id);
}

/** The passed supervisory inspection per elevator that stands for acceptance (after construction started). */
export async function acceptanceReports(db: Kysely<DB>, project: Pick<repo.ProjectRow, 'id' | 'kind' | 'construction_started_on'>) {
  if (!project.construction_started_on) return new Map<number, { reportNo: string; date: string; supervisoryKind: string }>();
  const rows = await db
    .selectFrom('inspection_report as r')
    .innerJoin('renovation_project_elevator as pe', 'pe.elevator_id', 'r.elevator_id')
    .select(['r.elevator_id', 'r.report_no', 'r.date', 'r.supervisory_kind'])
    .where('pe.project_id', '=', project.id)
    .where('r.type', '=', 'acceptance')
    .where('r.supervisory_kind', 'in', [...REQUIRED_INSPECTION[project.kind]])
    .where('r.conclusion', 'in', ['pass', 'pass_after_reinspection'])
    .where('r.date', '>=', project.construction_started_on)
    .orderBy('r.date', 'desc')
    .execute();
  const out = new Map<number, { reportNo: string; date: string; supervisoryKind: string }>();
  for (const r of rows) if (!out.has(r.elevator_id)) out.set(r.elevator_id, { reportNo: r.report_no, date: r.date, supervisoryKind: r.supervisory_kind ?? '' });
  return out;
}

export async function get(ctx: AppContext, p: Principal, id: number): Promise<ProjectOut> {
  const { db } = ctx.store;
  const r = await load(db, ctx, p, id);
  const [elevators, funding, subsidies, payments, events, hazards, rule, reports] = await Promise.all([
    repo.elevatorsOf(db, id),
    repo.fundingOf(db, id),
    repo.subsidiesOf(db, id),
    repo.disbursementsOf(db, id),
    repo.eventsOf(db, id),
    repo.hazardsOf(db, id),
    voteRule(ctx, r.region_code),
    acceptanceReports(db, r),
  ]);
  const check = checkFunding(Number(r.budget), funding);
  const parties = partiesOf(ctx, p, r);
  return {
    ...listItem(ctx, r),
    useUnit: r.use_unit_id === null ? null : { id: r.use_unit_id, name: r.use_unit_name ?? '' },
    owner: { id: r.owner_org_id, name: r.owner_name },
    plan: r.plan,
    voteRequired: r.vote_required,
    voteRule: rule,
    vote: (r.vote as ProjectOut['vote']) ?? null,
    elevators: elevators.map((e) => ({
      registrationCode: e.registration_code,
      address: e.address,
      placeName: e.place_name,
      model: e.model,
      factoryNo: e.factory_no,
      manufactureDate: e.manufacture_date,
      ascendingOverspeedProtection: e.ascending_overspeed_protection,
      registryChange: e.registry_change,
      registryUpdatedAt: e.registry_updated_at?.toISOString() ?? null,
      inspection: reports.get(e.elevator_id) ?? null,
    })),
    funding: { lines: funding.map((l) => ({ ...l, note: l.note ?? null })), total: check.total, budget: check.budget, difference: check.difference, balanced: check.balanced },
    subsidy: {
      applications: subsidies.map((s) => ({
        id: s.id,
        requested: Number(s.requested),
        status: s.status,
        approved: s.approved === null ? null : Number(s.approved),
        note: s.note,
        reason: s.reason,
        appliedAt: s.applied_at.toISOString(),
        decidedAt: s.decided_at?.toISOString() ?? null,
        decidedBy: s.decided_at ? [s.org_name, s.display_name].filter(Boolean).join(' ') : null,
      })),
      disbursements: payments.map((d) => ({ id: d.id, amount: Number(d.amount), paidOn: d.paid_on, voucherNo: d.voucher_no, createdAt: d.created_at.toISOString() })),
    },
    construction: { installerName: r.installer_name, installerCreditCode: r.installer_credit_code, startedOn: r.construction_started_on },
    acceptedOn: r.accepted_on,
    hazards: hazards.map((h) => ({ id: h.id, registrationCode: h.registration_code, item: h.item, severity: h.severity as 'serious', remedy: h.remedy as 'repair', status: h.status as 'open' })),
    events: events.map((e) => ({ action: e.action, fromStatus: e.from_status, toStatus: e.to_status, note: e.note, actorName: e.actor_name, orgName: e.org_name, at: e.at.toISOString() })),
    actions: availableActions({ kind: r.kind, status: r.status, subsidy: r.subsidy_status }, parties),
    canEdit: parties.includes('manager') && (r.status === 'draft' || r.status === 'decided' || r.status === 'funded'),
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}

/** The narrowest region holding every elevator: their county, else their city, else the province. */
function commonRegion(codes: string[]): string {
  for (const len of [6, 4, 2]) if (codes.every((c) => c.slice(0, len) === codes[0]!.slice(0, len))) return codes[0]!.slice(0, len).padEnd(6, '0');
  return codes[0]!;
}

const actorName = (p: Principal) => p.displayName || p.username;

export async function create(ctx: AppContext, p: Principal, input: ProjectInput): Promise<ProjectOut> {
  const { db } = ctx.store;
  const codes = [...new Set(input.registrationCodes)];
  const { rows: found } = await sql<{ id: number; registration_code: string; region_code: string; use_unit_id: number | null; place_type: string; place_name: string | null }>`
    SELECT e.id, e.registration_code, e.region_code, e.use_unit_id, e.place_type, e.place_name FROM elevator e
     WHERE e.registration_code IN (${sql.join(codes)}) AND ${scopeSql(scopeOf(ctx, p))}`.execute(db);
  const missing = codes.filter((c) => !found.some((f) => f.registration_code === c));
  if (missing.length)
    throw new AppError('ELEVATOR_NOT_FOUND', { fields: missing.map((c) => ({ field: `registrationCodes.${input.registrationCodes.indexOf(c)}`, message: `登记库中没有 ${c}，或不在您的管辖范围` })) });
  const units = new Set(found.map((f) => f.use_unit_id));
  const places = new Set(found.map((f) => `${f.region_code}|${f.place_name ?? ''}`));
  const oneUnit = units.size === 1 && found[0]!.use_unit_id !== null;
  const oneCompound = places.size === 1 && found[0]!.place_name !== null && found.every((f) => f.place_type === 'RESIDENTIAL');
  if (!oneUnit && !oneCompound) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'registrationCodes', message: '一个项目的电梯应属于同一使用单位或同一住宅小区' }] });
  const busy = await repo.openProjectsOf(db, found.map((f) => f.id));
  if (busy.length) throw new AppError('RENOVATION_ELEVATOR_IN_PROJECT', { elevators: busy }, { codes: busy.map((b) => `${b.registration_code}（项目 ${b.project_id}）`).join('、') });
  const regionCode = commonRegion(found.map((f) => f.region_code));
  const shell = { use_unit_id: oneUnit ? found[0]!.use_unit_id : null, owner_org_id: p.orgId, region_code: regionCode };
  if (!partiesOf(ctx, p, shell).includes('manager')) throw new AppError('FORBIDDEN', { reason: 'not a manager of these elevators' });
  const now = ctx.clock.now();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('renovation_project')
      .values({
        kind: input.kind,
        status: 'draft',
        title: input.title,
        region_code: regionCode,
        use_unit_id: shell.use_unit_id,
        compound: places.size === 1 ? found[0]!.place_name : null,
        owner_org_id: p.orgId,
        plan: input.plan,
        budget: input.budget,
        vote_required: found.some((f) => f.place_type === 'RESIDENTIAL'),
        created_by: p.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('renovation_project_elevator').values(found.map((f) => ({ project_id: row.id, elevator_id: f.id }))).execute();
    if (input.hazardIds.length) await linkHazards(trx, row.id, found.map((f) => f.id), input.hazardIds);
    await repo.insertEvent(trx, { projectId: row.id, action: 'create', to: 'draft', note: input.title, actorName: actorName(p), orgName: p.orgName, at: now });
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'renovation.create', entityType: 'renovation_project', entityId: String(row.id), regionCode, after: { ...input, registrationCodes: codes } },
    ]);
    return row.id;
  });
  return get(ctx, p, id);
}

/** Names the project on the given hazards (open ones of its elevators, not carried by another project); unlinks the rest. */
export async function linkHazards(trx: Kysely<DB>, projectId: number, elevatorIds: number[], hazardIds: number[]): Promise<void> {
  const ids = [...new Set(hazardIds)];
  const ok = ids.length
    ? await trx
        .selectFrom('hazard')
        .select('id')
        .where('id', 'in', ids)
        .where('elevator_id', 'in', elevatorIds)
        .where('status', 'not in', ['verified', 'closed'])
        .where((eb) => eb.or([eb('project_id', 'is', null), eb('project_id', '=', projectId)]))
        .execute()
    : [];
  const bad = ids.filter((h) => !ok.some((o) => o.id === h));
  if (bad.length) throw new AppError('VALIDATION_FAILED', { fields: bad.map((h) => ({ field: `hazardIds.${hazardIds.indexOf(h)}`, message: `隐患 ${h} 不属于本项目的电梯、已整改完毕或已列入其他项目` })) });
  await trx.updateTable('hazard').set({ project_id: null }).where('project_id', '=', projectId).where('status', 'not in', ['fixed', 'verified', 'closed']).execute();
  if (ids.length) await trx.updateTable('hazard').set({ project_id: projectId }).where('id', 'in', ids).execute();
}
