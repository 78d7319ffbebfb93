import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import { elevatorScope, type Principal, type Scope } from '../auth/principal.ts';
import { OrgResolver, type OrgRefInput } from '../orgs/org-resolver.ts';
import { validateElevatorRow, type ElevatorFields, type RawRow } from './elevator-row.ts';
import { upsertElevators } from './elevator-writer.ts';
import { AGE_BUCKETS, canTransition, categoryName, LONG_STOP_DAYS, PLACE_TYPE_ZH, STATUS_ZH, type PlaceType, type Status } from './elevators.domain.ts';
import { presentElevator, presentListItem } from './elevators.presenter.ts';
import * as repo from './elevators.repo.ts';
import { recompute as recomputeSchedule } from '../inspection/schedule.service.ts';
import type { ElevatorFilter } from './elevators.repo.ts';
import type { ElevatorInput, ElevatorListQuery, ElevatorOut, FacetsOut } from './elevators.schema.ts';
import { scopeUsesCounts } from './elevators.scope.ts';
import { invalidatePublic } from './public-lookup.service.ts';

export function scopeOf(ctx: AppContext, p: Principal): Scope {
  return elevatorScope(p, (code) => ctx.regions.prefix(code), shanghaiDate(ctx.clock.now()));
}

/** Shifts a YYYY-MM-DD date back by whole years (29 Feb → 28 Feb). */
function yearsBefore(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${y}-${md}`;
}

/** Beyond this many matches a text search reports "more than" instead of counting every row. */
export const SEARCH_COUNT_CAP = 10_000;

/** Codes go to the btree indexes; other text also matches organisation names, resolved here first. */
export async function filterWithOrgs(ctx: AppContext, f: ElevatorFilter): Promise<ElevatorFilter> {
  if (!f.q || /^[0-9A-Za-z]+$/.test(f.q.trim())) return f;
  return { ...f, qOrgIds: await repo.orgIdsByName(ctx.store.db, f.q.trim()) };
}

export function toFilter(ctx: AppContext, q: Partial<ElevatorListQuery>): ElevatorFilter {
  const today = shanghaiDate(ctx.clock.now());
  if (q.regionCode && !ctx.regions.get(q.regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
  return {
    regionPrefix: q.regionCode ? ctx.regions.prefix(q.regionCode) : undefined,
    status: q.status,
    category: q.category,
    placeType: q.placeType,
    useUnitId: q.useUnitId,
    maintenanceOrgId: q.maintenanceOrgId,
    commissionedBy: q.minAge !== undefined ? yearsBefore(today, q.minAge) : undefined,
    commissionedAfter: q.maxAge !== undefined ? yearsBefore(today, q.maxAge + 1) : undefined,
    q: q.q || undefined,
  };
}

/** True when totals and facets can be read from elevator_count instead of counting rows. */
function countsApply(scope: Scope, f: ElevatorFilter): boolean {
  return scopeUsesCounts(scope) && !(scope.kind === 'region' && scope.placeType && f.placeType && f.placeType !== scope.placeType)
    && !f.q && !f.useUnitId && !f.maintenanceOrgId && !f.commissionedBy && !f.commissionedAfter;
}

/** The narrower of the scope's region and the filter's region, or null when they do not overlap. */
function effectiveCountFilter(scope: Scope, f: ElevatorFilter): { prefix: string; filter: ElevatorFilter } | null {
  let prefix = f.regionPrefix ?? '';
  let filter = f;
  if (scope.kind === 'region') {
    // Keep the narrower of the two regions; disjoint regions match nothing.
    if (scope.prefix.startsWith(prefix)) prefix = scope.prefix;
    else if (!prefix.startsWith(scope.prefix)) return null;
    if (scope.placeType) {
      if (f.placeType && f.placeType !== scope.placeType) return null;
      filter = { ...f, placeType: scope.placeType };
    }
  }
  return { prefix, filter };
}

export async function list(ctx: AppContext, p: Principal, q: ElevatorListQuery) {
  const scope = scopeOf(ctx, p);
  const f = await filterWithOrgs(ctx, toFilter(ctx, q));
  const today = shanghaiDate(ctx.clock.now());
  const { db } = ctx.store;
  const eff = countsApply(scope, f) ? effectiveCountFilter(scope, f) : undefined;
  const cap = f.q ? SEARCH_COUNT_CAP : undefined;
  const [rows, counted] = await Promise.all([
    repo.list(db, scope, f, { sort: q.sort, order: q.order, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    eff === null ? Promise.resolve(0) : eff ? repo.countFromCounts(db, eff.prefix, eff.filter) : repo.count(db, scope, f, cap),
  ]);
  const totalCapped = cap !== undefined && counted > cap;
  return { items: rows.map((r) => presentListItem(ctx, r, today)), total: totalCapped ? cap : counted, ...(totalCapped ? { totalCapped } : {}) };
}

export async function facets(ctx: AppContext, p: Principal, q: Partial<ElevatorListQuery>): Promise<FacetsOut> {
  const scope = scopeOf(ctx, p);
  const f = await filterWithOrgs(ctx, toFilter(ctx, q));
  const eff = countsApply(scope, f) ? effectiveCountFilter(scope, f) : undefined;
  const rows = eff === null ? [] : eff ? await repo.facetsFromCounts(ctx.store.db, eff.prefix, eff.filter) : await repo.facetsFromRows(ctx.store.db, scope, f);
  const year = Number(shanghaiDate(ctx.clock.now()).slice(0, 4));
  const pick = (dim: repo.FacetRow['dim']) => rows.filter((r) => r.dim === dim).sort((a, b) => b.n - a.n);
  const regionBucket = (r: repo.FacetRow) => ({ key: r.key, label: ctx.regions.get(r.key)?.name ?? r.key, count: r.n });
  const ages = AGE_BUCKETS.map((b) => ({ key: b.key, label: b.label, count: 0 }));
  const unknown = { key: 'unknown', label: '未知', count: 0 };
  for (const r of pick('year')) {
    const y = Number(r.key);
    if (!y) unknown.count += r.n;
    else ages[AGE_BUCKETS.findIndex((b) => year - y >= b.min && year - y < b.max)].count += r.n;
  }
  return {
    total: pick('status').reduce((s, r) => s + r.n, 0),
    byCity: pick('city').map(regionBucket),
    byCounty: pick('county').map(regionBucket),
    byCategory: pick('category').map((r) => ({ key: r.key, label: categoryName(r.key), count: r.n })),
    byStatus: pick('status').map((r) => ({ key: r.key, label: STATUS_ZH[r.key as Status] ?? r.key, count: r.n })),
    byPlaceType: pick('place').map((r) => ({ key: r.key, label: PLACE_TYPE_ZH[r.key as PlaceType] ?? r.key, count: r.n })),
    byAge: unknown.count ? [...ages, unknown] : ages,
  };
}

export async function get(ctx: AppContext, p: Principal, code: string): Promise<ElevatorOut> {
  const row = await repo.getByCode(ctx.store.db, scopeOf(ctx, p), code);
  if (!row) throw new AppError('ELEVATOR_NOT_FOUND');
  return presentElevator(ctx, row, await repo.statusHistory(ctx.store.db, row.id));
}

function inputToRaw(input: ElevatorInput): RawRow {
  const { version: _v, ascendingOverspeedProtection: aop, ...rest } = input;
  return { ...rest, ascendingOverspeedProtection: aop === true ? '有' : aop === false ? '无' : aop };
}

function validated(ctx: AppContext, input: ElevatorInput): ElevatorFields {
  const r = validateElevatorRow(inputToRaw(input), { regions: ctx.regions, today: shanghaiDate(ctx.clock.now()) });
  if (!r.ok) throw new AppError('VALIDATION_FAILED', { fields: r.errors });
  return r.value;
}

/** A regulator may only register or edit elevators inside its own region. */
function assertWritable(ctx: AppContext, p: Principal, regionCode: string) {
  const scope = scopeOf(ctx, p);
  if (scope.kind === 'all') return;
  if (scope.kind === 'region' && !scope.placeType && regionCode.startsWith(scope.prefix)) return;
  throw new AppError('REGION_OUT_OF_SCOPE');
}

async function save(ctx: AppContext, p: Principal, v: ElevatorFields, mode: 'create' | 'update', before?: ElevatorOut) {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    if (v.rescueCode) {
      const owners = await repo.rescueCodeOwners(trx, [v.rescueCode]);
      if (owners.some((o) => o.registration_code !== v.registrationCode)) throw new AppError('RESCUE_CODE_TAKEN', { fields: [{ field: 'rescueCode', message: '应急救援识别码已被其他电梯使用' }] });
    }
    const entries: audit.AuditEntry[] = [];
    const resolver = new OrgResolver();
    const refs: OrgRefInput[] = [];
    if (v.useUnit) refs.push({ ...v.useUnit, type: 'use_unit', regionCode: v.regionCode });
    if (v.maintenance) refs.push({ ...v.maintenance, type: 'maintenance', regionCode: v.regionCode, hotline: v.maintenancePhone });
    await resolver.resolve(trx, refs, entries);
    const [row] = await upsertElevators(
      trx,
      [{ ...v, useUnitId: resolver.idOf(v.useUnit), maintenanceOrgId: resolver.idOf(v.maintenance), manufacturerOrgId: await resolver.manufacturerId(trx, v.manufacturerName) }],
      { now, importId: null },
    );
    if (row && mode === 'create')
      await repo.insertStatusChanges(trx, [{ elevator_id: row.id, from_status: null, to_status: v.status, reason: '登记', effective_on: shanghaiDate(now), actor_id: p.userId, at: now }]);
    // The inspection schedule follows the record (acceptance date, status) at once.
    if (row) await recomputeSchedule(trx, shanghaiDate(now), [row.id]);
    invalidatePublic(ctx, [v.registrationCode, v.rescueCode, before?.rescueCode]);
    entries.push({ action: `elevator.${mode}`, entityType: 'elevator', entityId: v.registrationCode, regionCode: v.regionCode, before: before ?? null, after: v });
    await audit.record(trx, audit.actorOf(p), now, entries);
  });
}

export async function create(ctx: AppContext, p: Principal, input: ElevatorInput): Promise<ElevatorOut> {
  const v = validated(ctx, input);
  assertWritable(ctx, p, v.regionCode);
  const exists = await repo.existingByCodes(ctx.store.db, [v.registrationCode]);
  if (exists.length) throw new AppError('ELEVATOR_EXISTS', { fields: [{ field: 'registrationCode', message: '注册代码已存在' }] });
  await save(ctx, p, v, 'create');
  return get(ctx, p, v.registrationCode);
}

export async function update(ctx: AppContext, p: Principal, code: string, input: ElevatorInput): Promise<ElevatorOut> {
  const before = await get(ctx, p, code);
  if (input.registrationCode !== code)
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'registrationCode', message: '注册代码不可修改' }] });
  if (input.version !== undefined && input.version !== before.version) throw new AppError('VERSION_CONFLICT', { currentVersion: before.version });
  const v = validated(ctx, { ...input, status: input.status || before.status });
  if (v.status !== before.status)
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'status', message: '设备状态请通过“变更状态”办理' }] });
  assertWritable(ctx, p, before.regionCode);
  assertWritable(ctx, p, v.regionCode);
  await save(ctx, p, v, 'update', before);
  return get(ctx, p, code);
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** Status changes follow the lifecycle; a restart after a stop of ≥ 1 year needs a passed periodic inspection. */
export async function changeStatus(
  ctx: AppContext,
  p: Principal,
  code: string,
  input: { status: Status; reason: string; effectiveOn?: string; inspectionPassedOn?: string },
): Promise<ElevatorOut> {
  const before = await get(ctx, p, code);
  assertWritable(ctx, p, before.regionCode);
  const from = before.status;
  const to = input.status;
  if (!canTransition(from, to)) throw new AppError('STATUS_TRANSITION_INVALID', { from, to }, { from: STATUS_ZH[from], to: STATUS_ZH[to] });
  const today = shanghaiDate(ctx.clock.now());
  const effectiveOn = input.effectiveOn ?? today;
  if (effectiveOn > today) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'effectiveOn', message: '生效日期不能晚于今天' }] });
  // Nobody answers for an elevator without a use unit: it is a stewardship task (src/modules/stewardship) until the
  // street office appoints one, and may not be put (back) into use meanwhile.
  if (to === 'IN_USE' && before.useUnit === null) throw new AppError('USE_UNIT_REQUIRED');
  if (from === 'STOPPED' && to === 'IN_USE') {
    const stoppedOn = [...(before.statusHistory ?? [])].reverse().find((h) => h.to === 'STOPPED')?.effectiveOn ?? before.statusChangedAt?.slice(0, 10) ?? effectiveOn;
    if (daysBetween(stoppedOn, effectiveOn) >= LONG_STOP_DAYS) {
      // Named by the caller, or found among the inspection reports the platform holds.
      const recorded = await ctx.store.db
        .selectFrom('inspection_report')
        .select('date')
        .where('elevator_id', '=', before.id)
        .where('type', 'in', ['periodic', 'reinspection'])
        .where('conclusion', 'in', ['pass', 'pass_after_reinspection'])
        .where('date', '>=', stoppedOn)
        .orderBy('date', 'desc')
        .executeTakeFirst();
      const passed = input.inspectionPassedOn ?? recorded?.date;
      if (!passed || passed < stoppedOn || passed > today) throw new AppError('RESTART_NEEDS_INSPECTION', { stoppedOn });
    }
  }
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx.updateTable('elevator').set((eb) => ({ status: to, status_changed_at: now, updated_at: now, version: eb('version', '+', 1) })).where('id', '=', before.id).execute();
    invalidatePublic(ctx, [code, before.rescueCode]);
    await repo.insertStatusChanges(trx, [{ elevator_id: before.id, from_status: from, to_status: to, reason: input.reason, effective_on: effectiveOn, actor_id: p.userId, at: now }]);
    await recomputeSchedule(trx, today, [before.id]);
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'elevator.status', entityType: 'elevator', entityId: code, regionCode: before.regionCode, before: { status: from }, after: { status: to, reason: input.reason, effectiveOn, inspectionPassedOn: input.inspectionPassedOn } },
    ]);
  });
  return get(ctx, p, code);
}
