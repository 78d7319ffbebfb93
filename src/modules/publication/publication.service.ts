import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import type { PublicationStatus, PublicationTable } from '../../server/db/tables/publication.ts';
import { AppError } from '../../server/http/errors.ts';
import { stableStringify } from '../../lib/stable-json.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { report as emergencyReport } from '../emergency/kpi.service.ts';
import { grades as maintenanceGrades } from '../maintenance/grading.service.ts';
import type {
  ApproveInput,
  DiscardInput,
  PrepareInput,
  PublicationListOut,
  PublicationListQuery,
  PublicationOut,
  PublicReleaseListOut,
  PublicReleaseListQuery,
  PublicReleaseOut,
  ReleaseContent,
} from './publication.schema.ts';

/**
 * Published statistics (issue 8 item 1; domain brief §11 "publish … periodically"). A regulator prepares a
 * quarter's release for its province or city: the platform computes the figures once and freezes them with their
 * SHA-256. A second regulator reviews exactly those figures (the approval names the hash) and approves: the release
 * is then public and immutable — the store itself refuses to change or delete it (trigger in migration 0014). A
 * correction is a new version with a note; the version it replaces stays readable, marked superseded.
 */

type Row = Selectable<PublicationTable>;

/** First and last day of a quarter: 2026Q3 → 2026-07-01 … 2026-09-30. */
export function periodRange(period: string): { from: string; to: string; lastMonth: string } {
  const year = Number(period.slice(0, 4));
  const q = Number(period.slice(5));
  const firstMonth = (q - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const mm = (m: number) => String(m).padStart(2, '0');
  return { from: `${year}-${mm(firstMonth)}-01`, to: `${year}-${mm(lastMonth)}-${lastDay}`, lastMonth: `${year}-${mm(lastMonth)}` };
}

export function contentHash(content: ReleaseContent): string {
  return crypto.createHash('sha256').update(stableStringify(content)).digest('hex');
}

/** A release covers a province or a city (the published figures are by city and quarter). */
function releaseRegion(ctx: AppContext, p: Principal, regionCode: string) {
  const region = ctx.regions.get(regionCode);
  if (!region) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
  if (region.level > 2) throw new AppError('PUBLICATION_REGION_LEVEL', { fields: [{ field: 'regionCode', message: '统计发布按省或设区的市进行' }] });
  const scope = scopeOf(ctx, p);
  const prefix = ctx.regions.prefix(regionCode);
  if (scope.kind !== 'all' && !(scope.kind === 'region' && prefix.startsWith(scope.prefix))) throw new AppError('REGION_OUT_OF_SCOPE');
  return { region, prefix };
}

/** Share of in-use elevators with a finished inspection or self-test in the 12 months up to the period's end. */
async function inspectionCoverage(ctx: AppContext, prefix: string, to: string): Promise<ReleaseContent['inspection']> {
  const childLen = prefix.length <= 2 ? 4 : 6;
  const yearBefore = `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
  const { rows } = await sql<{ code: string; in_use: number; covered: number }>`
    SELECT substr(e.region_code, 1, ${childLen}) AS code, count(*)::int AS in_use,
           (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inspection_report r WHERE r.elevator_id = e.id AND r.conclusion <> 'pending'
                                             AND r.date > ${yearBefore} AND r.date <= ${to})))::int AS covered
      FROM elevator e
     WHERE e.status = 'IN_USE' AND e.region_code >= ${prefix} AND e.region_code < ${`${prefix}~`}
     GROUP BY 1 ORDER BY 1`.execute(ctx.store.db);
  const rate = (covered: number, inUse: number) => (inUse ? Math.round((covered / inUse) * 10_000) / 10_000 : null);
  const inUse = rows.reduce((s, r) => s + r.in_use, 0);
  const covered = rows.reduce((s, r) => s + r.covered, 0);
  return {
    inUse,
    covered,
    coverage: rate(covered, inUse),
    byRegion: rows.map((r) => {
      const code = r.code.padEnd(6, '0');
      return { regionCode: code, name: ctx.regions.get(code)?.name ?? code, inUse: r.in_use, covered: r.covered, coverage: rate(r.covered, r.in_use) };
    }),
  };
}

/** The figures of a release, computed from the platform's records (96333, inspection, maintenance grading). */
export async function computeContent(ctx: AppContext, p: Principal, regionCode: string, period: string): Promise<ReleaseContent> {
  const { region, prefix } = releaseRegion(ctx, p, regionCode);
  const { from, to, lastMonth } = periodRange(period);
  const [em, insp, grades] = await Promise.all([
    emergencyReport(ctx, p, { regionCode, from, to }),
    inspectionCoverage(ctx, prefix, to),
    maintenanceGrades(ctx, p, { period: lastMonth, regionCode }),
  ]);
  const dist = { A: 0, B: 0, C: 0, D: 0 };
  for (const g of grades.items) dist[g.grade] += 1;
  return {
    regionCode,
    regionName: ctx.regions.fullName(region.code),
    period,
    from,
    to,
    computedAt: ctx.clock.now().toISOString(),
    emergency: { summary: em.summary, byRegion: em.byRegion },
    inspection: insp,
    maintenance: {
      gradePeriod: lastMonth,
      grades: dist,
      companies: grades.items.map((g) => ({ name: g.name, grade: g.grade, score: g.score })).sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN')),
    },
  };
}

function meta(ctx: AppContext, r: Row) {
  return {
    id: Number(r.id),
    regionCode: r.region_code,
    regionName: ctx.regions.fullName(r.region_code),
    period: r.period,
    version: r.version,
    status: r.status,
    correctionNote: r.correction_note,
    publishedAt: r.status === 'published' || r.status === 'superseded' ? (r.reviewed_at?.toISOString() ?? null) : null,
    supersededBy: r.superseded_by === null ? null : Number(r.superseded_by),
  };
}

function present(ctx: AppContext, p: Principal, r: Row): z.infer<typeof PublicationOut> {
  const actions: ('approve' | 'discard')[] = [];
  if (r.status === 'draft') {
    if (p.permissions.has('publication.approve') && Number(r.prepared_by) !== p.userId) actions.push('approve');
    actions.push('discard');
  }
  return {
    ...meta(ctx, r),
    contentSha256: r.content_sha256,
    preparedBy: r.prepared_by_name,
    preparedAt: r.prepared_at.toISOString(),
    reviewedBy: r.reviewed_by_name,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    reviewNote: r.review_note,
    content: r.content as ReleaseContent,
    actions,
  };
}

/** A release in the caller's region, or 404 (a release elsewhere does not exist for the caller). */
async function getInScope(ctx: AppContext, p: Principal, id: number, db = ctx.store.db, lock = false): Promise<Row> {
  let q = db.selectFrom('publication').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  const scope = scopeOf(ctx, p);
  if (!row) throw new AppError('PUBLICATION_NOT_FOUND');
  const prefix = ctx.regions.prefix(row.region_code);
  if (scope.kind !== 'all' && !(scope.kind === 'region' && prefix.startsWith(scope.prefix))) throw new AppError('PUBLICATION_NOT_FOUND');
  return row;
}

export async function get(ctx: AppContext, p: Principal, id: number) {
  return present(ctx, p, await getInScope(ctx, p, id));
}

export async function list(ctx: AppContext, p: Principal, q: z.infer<typeof PublicationListQuery>): Promise<z.infer<typeof PublicationListOut>> {
  const scope = scopeOf(ctx, p);
  if (scope.kind !== 'all' && scope.kind !== 'region') return { items: [], total: 0 };
  let prefix = scope.kind === 'region' ? scope.prefix : '';
  if (q.regionCode) {
    const wanted = ctx.regions.prefix(q.regionCode);
    if (!wanted.startsWith(prefix)) throw new AppError('REGION_OUT_OF_SCOPE');
    prefix = wanted;
  }
  let base = ctx.store.db.selectFrom('publication').where('region_code', '>=', prefix).where('region_code', '<', `${prefix}~`);
  if (q.period) base = base.where('period', '=', q.period);
  if (q.status) base = base.where('status', '=', q.status);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('period', 'desc').orderBy('region_code').orderBy('version', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({ ...meta(ctx, r), preparedBy: r.prepared_by_name, preparedAt: r.prepared_at.toISOString(), reviewedBy: r.reviewed_by_name })),
    total: Number(count.n),
  };
}

/** Prepares a draft: the figures are computed now and frozen. A period already published needs a correction note. */
export async function prepare(ctx: AppContext, p: Principal, input: z.infer<typeof PrepareInput>) {
  releaseRegion(ctx, p, input.regionCode);
  const { to } = periodRange(input.period);
  if (to >= shanghaiDate(ctx.clock.now())) throw new AppError('PUBLICATION_PERIOD_OPEN', { fields: [{ field: 'period', message: '该季度尚未结束，不能发布' }] });
  const content = await computeContent(ctx, p, input.regionCode, input.period);
  const hash = contentHash(content);
  const now = ctx.clock.now();
  const row = await ctx.store.db.transaction().execute(async (trx) => {
    // One preparer at a time per region and period.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`publication:${input.regionCode}:${input.period}`}))`.execute(trx);
    const versions = await trx.selectFrom('publication').select(['version', 'status']).where('region_code', '=', input.regionCode).where('period', '=', input.period).execute();
    if (versions.some((v) => v.status === 'draft')) throw new AppError('PUBLICATION_DRAFT_EXISTS');
    const published = versions.some((v) => v.status === 'published');
    if (published && !input.correctionNote) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'correctionNote', message: '该期已发布，更正须说明原因' }] });
    const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
    const inserted = await trx
      .insertInto('publication')
      .values({
        region_code: input.regionCode,
        period: input.period,
        version,
        status: 'draft',
        content: JSON.stringify(content),
        content_sha256: hash,
        correction_note: input.correctionNote ?? null,
        prepared_by: p.userId,
        prepared_by_name: p.displayName || p.username,
        prepared_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'publication.prepare', entityType: 'publication', entityId: String(inserted.id), regionCode: input.regionCode, after: { period: input.period, version, contentSha256: hash } },
    ]);
    return inserted;
  });
  return present(ctx, p, row);
}

/** Approves a draft: someone other than its preparer, for exactly the figures they reviewed. Supersedes the old version. */
export async function approve(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof ApproveInput>) {
  const now = ctx.clock.now();
  const row = await ctx.store.db.transaction().execute(async (trx) => {
    const r = await getInScope(ctx, p, id, trx, true);
    if (r.status !== 'draft') throw new AppError('PUBLICATION_NOT_DRAFT');
    if (Number(r.prepared_by) === p.userId) throw new AppError('PUBLICATION_SELF_REVIEW');
    if (r.content_sha256 !== input.contentSha256) throw new AppError('PUBLICATION_CHANGED');
    const previous = await trx.selectFrom('publication').select(['id']).where('region_code', '=', r.region_code).where('period', '=', r.period).where('status', '=', 'published').forUpdate().executeTakeFirst();
    if (previous) await trx.updateTable('publication').set({ status: 'superseded' as PublicationStatus, superseded_by: r.id }).where('id', '=', previous.id).execute();
    const updated = await trx
      .updateTable('publication')
      .set({ status: 'published', reviewed_by: p.userId, reviewed_by_name: p.displayName || p.username, reviewed_at: now, review_note: input.note ?? null })
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'publication.approve', entityType: 'publication', entityId: String(r.id), regionCode: r.region_code, after: { period: r.period, version: r.version, contentSha256: r.content_sha256, supersedes: previous ? Number(previous.id) : null } },
    ]);
    return updated;
  });
  return present(ctx, p, row);
}

/** Discards a draft (the reviewer found it wrong, or the preparer withdraws it); kept for the record. */
export async function discard(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof DiscardInput>) {
  const now = ctx.clock.now();
  const row = await ctx.store.db.transaction().execute(async (trx) => {
    const r = await getInScope(ctx, p, id, trx, true);
    if (r.status !== 'draft') throw new AppError('PUBLICATION_NOT_DRAFT');
    const updated = await trx
      .updateTable('publication')
      .set({ status: 'discarded', reviewed_by: p.userId, reviewed_by_name: p.displayName || p.username, reviewed_at: now, review_note: input.note })
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'publication.discard', entityType: 'publication', entityId: String(r.id), regionCode: r.region_code, after: { note: input.note } }]);
    return updated;
  });
  return present(ctx, p, row);
}

// ---- public ----

function publicMeta(ctx: AppContext, r: Row) {
  const m = meta(ctx, r);
  return { ...m, status: r.status as 'published' | 'superseded' };
}

export async function publicList(ctx: AppContext, q: z.infer<typeof PublicReleaseListQuery>): Promise<z.infer<typeof PublicReleaseListOut>> {
  let base = ctx.store.db.selectFrom('publication').where('status', 'in', ['published', 'superseded']);
  if (q.regionCode) base = base.where('region_code', '=', q.regionCode);
  if (q.period) base = base.where('period', '=', q.period);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('period', 'desc').orderBy('region_code').orderBy('version', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => publicMeta(ctx, r)), total: Number(count.n) };
}

export async function publicGet(ctx: AppContext, id: number): Promise<z.infer<typeof PublicReleaseOut>> {
  const r = await ctx.store.db.selectFrom('publication').selectAll().where('id', '=', id).where('status', 'in', ['published', 'superseded']).executeTakeFirst();
  if (!r) throw new AppError('PUBLICATION_NOT_FOUND');
  return { ...publicMeta(ctx, r), contentSha256: r.content_sha256, content: r.content as ReleaseContent };
}
