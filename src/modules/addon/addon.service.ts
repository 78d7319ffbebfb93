import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { actionsFrom, householdsEditable, noticeOver, subsidyFor, tallyConsent, type SubsidyCalc } from './addon.domain.ts';
import * as repo from './addon.repo.ts';
import { addonRules } from './addon.rules.ts';
import type { HouseholdInput, ProjectInput, ProjectItem, ProjectOut, ProjectQuery } from './addon.schema.ts';

export function projectScope(ctx: AppContext, p: Principal): repo.ProjectScope {
  return repo.projectScopeOf(p.orgType, p.orgId, scopeOf(ctx, p));
}

const today = (ctx: AppContext) => shanghaiDate(ctx.clock.now());
const fieldError = (field: string, message: string) => new AppError('VALIDATION_FAILED', { fields: [{ field, message }] });

function presentItem(ctx: AppContext, r: repo.ProjectRow): z.infer<typeof ProjectItem> {
  return {
    id: r.id,
    regionCode: r.region_code,
    regionName: ctx.regions.get(r.region_code)?.name ?? r.region_code,
    address: r.address,
    building: r.building,
    unit: r.unit,
    storeys: r.storeys,
    implementingOrg: { id: r.org_id, name: r.org_name },
    status: r.status,
    subsidyStatus: r.subsidy_status,
    acceptedOn: r.accepted_on,
    registrationDueOn: r.registration_due_on,
    registrationOverdue: r.status === 'accepted' && !!r.registration_due_on && r.registration_due_on < today(ctx),
    registrationCode: r.registration_code,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function list(ctx: AppContext, p: Principal, q: z.infer<typeof ProjectQuery>) {
  const { rows, total } = await repo.listProjects(
    ctx.store.db,
    projectScope(ctx, p),
    { prefix: q.regionCode ? ctx.regions.prefix(q.regionCode) : undefined, status: q.status, overdueOn: q.overdue ? today(ctx) : undefined, q: q.q },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: rows.map((r) => presentItem(ctx, r)), total };
}

export async function get(ctx: AppContext, p: Principal, id: number, db: Kysely<DB> = ctx.store.db): Promise<ProjectOut> {
  const r = await repo.getProject(db, projectScope(ctx, p), id);
  if (!r) throw new AppError('ADDON_PROJECT_NOT_FOUND');
  const [rules, hh, obj, ev] = await Promise.all([addonRules(db, r.region_code), repo.households(db, id), repo.objections(db, id), repo.events(db, id)]);
  const tally = tallyConsent(hh.map((h) => ({ area: Number(h.area), vote: h.vote })), rules);
  const preview = subsidyFor(r.storeys, hh.filter((h) => !h.signed).length, rules);
  return {
    ...presentItem(ctx, r),
    streetOffice: r.street_office_id ? { id: r.street_office_id, name: r.street_office_name ?? '' } : null,
    totalCost: r.total_cost === null ? null : Number(r.total_cost),
    design: (r.design as Record<string, unknown> | null) ?? null,
    notice: { days: r.notice_days, startsOn: r.notice_starts_on, endsOn: r.notice_ends_on, pausedSince: r.notice_paused_since, over: noticeOver({ noticeEndsOn: r.notice_ends_on, pausedSince: r.notice_paused_since }, today(ctx)) },
    approvalNo: r.approval_no,
    approvedOn: r.approved_on,
    constructionOn: r.construction_on,
    registeredOn: r.registered_on,
    contractId: r.contract_id,
    enrolledAt: r.enrolled_at?.toISOString() ?? null,
    subsidy: { status: r.subsidy_status, amount: r.subsidy_amount === null ? null : Number(r.subsidy_amount), basis: (r.subsidy_basis as SubsidyCalc | null) ?? null, preview, note: r.subsidy_note },
    note: r.note,
    rules,
    tally,
    households: hh.map((h) => ({ id: h.id, room: h.room, floor: h.floor, area: Number(h.area), ownerName: h.owner_name, vote: h.vote, signed: h.signed, share: h.share === null ? null : Number(h.share) })),
    objections: obj.map((o) => ({ id: o.id, objector: o.objector, content: o.content, filedOn: o.filed_on, status: o.status, resolution: o.resolution, resolvedOn: o.resolved_on })),
    events: ev.map((e) => ({ at: e.at.toISOString(), action: e.action, fromStatus: e.from_status, toStatus: e.to_status, actor: e.actor_name, note: e.note })),
    actions: actionsFrom(r.status),
    version: r.version,
  };
}

/** Street offices of the county (or city), or maintenance companies that filed 告知性登记 in the region's city. */
export async function orgOptions(ctx: AppContext, type: 'street_office' | 'maintenance', regionCode: string) {
  const { db } = ctx.store;
  let q = db.selectFrom('organization as o').select(['o.id', 'o.name', 'o.hotline']).where('o.type', '=', type).where('o.active', '=', true).orderBy('o.name').limit(200);
  if (type === 'street_office') q = q.where('o.region_code', 'in', [regionCode, `${regionCode.slice(0, 4)}00`]);
  else q = q.where(({ exists, selectFrom }) => exists(selectFrom('maintenance_notification as n').select('n.id').whereRef('n.org_id', '=', 'o.id').where('n.city_code', '=', `${regionCode.slice(0, 4)}00`)));
  return q.execute();
}

async function orgOfType(db: Kysely<DB>, id: number, types: string[], field: string, label: string) {
  const o = await db.selectFrom('organization').select(['id', 'type', 'region_code']).where('id', '=', id).executeTakeFirst();
  if (!o || !types.includes(o.type)) throw fieldError(field, `${label}不存在或类型不符`);
  return o;
}

export async function create(ctx: AppContext, p: Principal, input: ProjectInput): Promise<ProjectOut> {
  const { db } = ctx.store;
  if (!ctx.regions.get(input.regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
  let orgId: number;
  let streetOfficeId: number | null = input.streetOfficeId ?? null;
  if (p.orgType === 'use_unit') orgId = p.orgId;
  else {
    const scope = scopeOf(ctx, p);
    if (!(scope.kind === 'all' || (scope.kind === 'region' && input.regionCode.startsWith(scope.prefix)))) throw new AppError('REGION_OUT_OF_SCOPE');
    if (p.orgType === 'street_office') streetOfficeId = p.orgId;
    if (input.implementingOrgId) orgId = (await orgOfType(db, input.implementingOrgId, ['use_unit', 'street_office'], 'implementingOrgId', '实施主体')).id;
    else if (p.orgType === 'street_office') orgId = p.orgId;
    else throw fieldError('implementingOrgId', '请选择实施主体');
  }
  if (streetOfficeId !== null) await orgOfType(db, streetOfficeId, ['street_office'], 'streetOfficeId', '街道办事处');
  const now = ctx.clock.now();
  const id = await db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('addon_project').select('id').where('region_code', '=', input.regionCode).where('address', '=', input.address).where('building', '=', input.building).where('unit', '=', input.unit).executeTakeFirst();
    if (dup) throw new AppError('ADDON_PROJECT_EXISTS', { projectId: dup.id, fields: [{ field: 'unit', message: '该楼栋单元已有加装电梯项目' }] });
    const row = await trx
      .insertInto('addon_project')
      .values({ region_code: input.regionCode, address: input.address, building: input.building, unit: input.unit, storeys: input.storeys, org_id: orgId, street_office_id: streetOfficeId, created_by: p.userId, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.addEvent(trx, { projectId: row.id, at: now, action: 'create', to: 'consultation', actorId: p.userId, actorName: p.displayName });
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'addon.project.create', entityType: 'addon_project', entityId: String(row.id), regionCode: input.regionCode, after: { ...input, orgId, streetOfficeId } }]);
    return row.id;
  });
  return get(ctx, p, id);
}

/**
 * Runs a change on one project in a transaction with the row locked: checks it is visible (else 404), lets `fn`
 * change it, bumps its version, writes the timeline event and the audit entry.
 */
export async function mutate(
  ctx: AppContext,
  p: Principal,
  id: number,
  action: string,
  fn: (trx: Kysely<DB>, row: repo.ProjectRow, now: Date) => Promise<{ after: unknown; to?: string; note?: string | null } | void>,
): Promise<ProjectOut> {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const row = await repo.getProject(trx, projectScope(ctx, p), id, true);
    if (!row) throw new AppError('ADDON_PROJECT_NOT_FOUND');
    const res = (await fn(trx, row, now)) ?? { after: null };
    await trx.updateTable('addon_project').set((eb) => ({ updated_at: now, version: eb('version', '+', 1) })).where('id', '=', id).execute();
    await repo.addEvent(trx, { projectId: id, at: now, action, from: res.to ? row.status : null, to: res.to ?? null, actorId: p.userId, actorName: p.displayName, note: res.note });
    await audit.record(trx, audit.actorOf(p), now, [{ action: `addon.${action}`, entityType: 'addon_project', entityId: String(id), regionCode: row.region_code, before: { status: row.status, subsidyStatus: row.subsidy_status }, after: res.after }]);
  });
  return get(ctx, p, id);
}

function assertHouseholdsEditable(row: repo.ProjectRow) {
  if (!householdsEditable(row.status)) throw new AppError('ADDON_ACTION_INVALID', { status: row.status }, { action: '修改住户与表决' });
}

export function addHouseholds(ctx: AppContext, p: Principal, id: number, list: z.infer<typeof HouseholdInput>[]) {
  return mutate(ctx, p, id, 'households.add', async (trx, row) => {
    assertHouseholdsEditable(row);
    const rooms = new Set((await repo.households(trx, id)).map((h) => h.room));
    const fields: { field: string; message: string }[] = [];
    list.forEach((h, i) => {
      if (rooms.has(h.room)) fields.push({ field: `households.${i}.room`, message: `房号 ${h.room} 重复` });
      rooms.add(h.room);
      if (h.floor > row.storeys) fields.push({ field: `households.${i}.floor`, message: `楼层超过楼栋层数 ${row.storeys}` });
    });
    if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
    await trx.insertInto('addon_household').values(list.map((h) => ({ project_id: id, room: h.room, floor: h.floor, area: h.area, owner_name: h.ownerName, vote: h.vote }))).execute();
    return { after: { added: list } };
  });
}

async function household(trx: Kysely<DB>, projectId: number, householdId: number) {
  const h = await trx.selectFrom('addon_household').selectAll().where('id', '=', householdId).where('project_id', '=', projectId).executeTakeFirst();
  if (!h) throw new AppError('NOT_FOUND');
  return h;
}

export function setVote(ctx: AppContext, p: Principal, id: number, householdId: number, vote: 'agree' | 'disagree' | 'abstain' | null) {
  return mutate(ctx, p, id, 'households.vote', async (trx, row) => {
    assertHouseholdsEditable(row);
    const h = await household(trx, id, householdId);
    await trx.updateTable('addon_household').set({ vote }).where('id', '=', householdId).execute();
    return { after: { room: h.room, vote, before: h.vote } };
  });
}

export function removeHousehold(ctx: AppContext, p: Principal, id: number, householdId: number) {
  return mutate(ctx, p, id, 'households.remove', async (trx, row) => {
    assertHouseholdsEditable(row);
    const h = await household(trx, id, householdId);
    await trx.deleteFrom('addon_household').where('id', '=', householdId).execute();
    return { after: { removed: h.room } };
  });
}
