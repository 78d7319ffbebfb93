import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import * as repo from './orgs.repo.ts';
import type { OrgInput, OrgOut } from './orgs.schema.ts';

type OrgRow = NonNullable<Awaited<ReturnType<typeof repo.getById>>>;
type LicenceRow = Awaited<ReturnType<typeof repo.licencesOf>>[number];

export function presentOrg(ctx: AppContext, o: OrgRow, licences: LicenceRow[]): OrgOut {
  const today = shanghaiDate(ctx.clock.now());
  return {
    id: o.id,
    creditCode: o.credit_code,
    name: o.name,
    type: o.type,
    regionCode: o.region_code,
    regionName: ctx.regions.fullName(o.region_code),
    address: o.address,
    contactName: o.contact_name,
    contactPhone: o.contact_phone,
    hotline: o.hotline,
    longitude: o.longitude === null ? null : Number(o.longitude),
    latitude: o.latitude === null ? null : Number(o.latitude),
    active: o.active,
    licences: licences
      .filter((l) => l.org_id === o.id)
      .map((l) => ({
        kind: l.kind,
        number: l.number,
        scope: l.scope,
        issuedOn: l.issued_on,
        expiresOn: l.expires_on,
        expired: !!l.expires_on && l.expires_on < today,
      })),
  };
}

/** Admins see every organisation; regulators and dispatchers those in their region; others only their own. */
function orgScope(ctx: AppContext, p: Principal): { regionPrefix?: string; onlyId?: number } {
  if (p.orgType === 'platform') return {};
  if (p.permissions.has('orgs.read')) return { regionPrefix: ctx.regions.prefix(p.regionCode) };
  return { onlyId: p.orgId };
}

export async function list(ctx: AppContext, p: Principal, q: { type?: string; regionCode?: string; q?: string; page: number; pageSize: number }) {
  const scope = orgScope(ctx, p);
  let regionPrefix = scope.regionPrefix;
  if (q.regionCode) {
    const wanted = ctx.regions.prefix(q.regionCode);
    if (regionPrefix !== undefined && !wanted.startsWith(regionPrefix)) return { items: [], total: 0 };
    regionPrefix = wanted;
  }
  const { items, total } = await repo.list(ctx.store.db, {
    regionPrefix,
    onlyId: scope.onlyId,
    type: q.type,
    q: q.q,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const licences = await repo.licencesOf(ctx.store.db, items.map((o) => o.id));
  return { items: items.map((o) => presentOrg(ctx, o, licences)), total };
}

export async function get(ctx: AppContext, p: Principal, id: number): Promise<OrgOut> {
  const o = await repo.getById(ctx.store.db, id);
  const scope = orgScope(ctx, p);
  if (
    !o ||
    (scope.onlyId !== undefined && o.id !== scope.onlyId) ||
    (scope.regionPrefix !== undefined && !o.region_code.startsWith(scope.regionPrefix))
  )
    throw new AppError('ORG_NOT_FOUND');
  return presentOrg(ctx, o, await repo.licencesOf(ctx.store.db, [o.id]));
}

function checkRegion(ctx: AppContext, code: string) {
  const r = ctx.regions.get(code);
  if (!r) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
}

function toRow(input: OrgInput) {
  return {
    credit_code: input.creditCode ?? null,
    name: input.name,
    type: input.type,
    region_code: input.regionCode,
    address: input.address ?? null,
    contact_name: input.contactName ?? null,
    contact_phone: input.contactPhone ?? null,
    hotline: input.hotline ?? null,
    longitude: input.longitude ?? null,
    latitude: input.latitude ?? null,
  };
}

function toLicences(input: OrgInput) {
  return (input.licences ?? []).map((l) => ({
    kind: l.kind,
    number: l.number,
    scope: l.scope ?? null,
    issued_on: l.issuedOn ?? null,
    expires_on: l.expiresOn ?? null,
  }));
}

export async function create(ctx: AppContext, p: Principal, input: OrgInput): Promise<OrgOut> {
  checkRegion(ctx, input.regionCode);
  const now = ctx.clock.now();
  const id = await ctx.store.db.transaction().execute(async (trx) => {
    if (input.creditCode && (await repo.getByCreditCode(trx, input.creditCode))) throw new AppError('CREDIT_CODE_TAKEN');
    const row = await repo.insert(trx, { ...toRow(input), active: input.active ?? true });
    await repo.replaceLicences(trx, row.id, toLicences(input));
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'org.create', entityType: 'organization', entityId: String(row.id), regionCode: row.region_code, after: input },
    ]);
    return row.id;
  });
  return get(ctx, p, id);
}

export async function update(ctx: AppContext, p: Principal, id: number, input: OrgInput): Promise<OrgOut> {
  checkRegion(ctx, input.regionCode);
  const before = await get(ctx, p, id);
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    if (input.creditCode && input.creditCode !== before.creditCode) {
      const other = await repo.getByCreditCode(trx, input.creditCode);
      if (other && other.id !== id) throw new AppError('CREDIT_CODE_TAKEN');
    }
    await repo.update(trx, id, { ...toRow(input), active: input.active ?? before.active, updated_at: now });
    if (input.licences) await repo.replaceLicences(trx, id, toLicences(input));
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'org.update', entityType: 'organization', entityId: String(id), regionCode: input.regionCode, before, after: input },
    ]);
  });
  return get(ctx, p, id);
}
