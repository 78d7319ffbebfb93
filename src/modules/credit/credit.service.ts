import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { DEFAULT_CREDIT_RULES, PUBLISHABLE_KINDS, counts, expiresOn, type CreditGrade, type CreditKind, type CreditRules } from './credit.domain.ts';
import { creditRules, recordCreditEvent, revokeCreditEvent } from './credit-events.ts';
import type { CommendationInput, CreditEventOut, CreditFileOut, CreditListOut, CreditListQuery, PublicCreditFileOut } from './credit.schema.ts';
import { creditScope, creditScopeSql, listPrefix } from './credit.scope.ts';
import { activeInRegion } from './credit.scope.ts';

/** Reading credit files (scoped), the regulators' list, commendations, publication, and the public file. */

interface OrgRow {
  id: number;
  credit_code: string | null;
  name: string;
  type: string;
  region_code: string;
}

interface EventRow {
  id: number;
  kind: CreditKind;
  source_type: string;
  source_id: string;
  points: number;
  summary: string;
  evidence: { text: string | null; files: string[] };
  occurred_on: string;
  region_code: string;
  published: boolean;
  published_at: Date | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
  recorded_by_name: string | null;
  created_at: Date;
}

function presentEvent(e: EventRow, today: string, rules: CreditRules): CreditEventOut {
  const points = Number(e.points);
  return {
    id: e.id,
    kind: e.kind,
    sourceType: e.source_type,
    sourceId: e.source_id,
    points,
    summary: e.summary,
    evidence: { text: e.evidence?.text ?? null, files: e.evidence?.files ?? [] },
    occurredOn: e.occurred_on,
    expiresOn: expiresOn(e.occurred_on, rules),
    counts: counts({ points, occurredOn: e.occurred_on, revoked: e.revoked_at !== null }, today, rules),
    regionCode: e.region_code,
    published: e.published,
    publishedAt: e.published_at?.toISOString() ?? null,
    revoked: e.revoked_at !== null,
    revokedReason: e.revoked_reason,
    recordedBy: e.recorded_by_name,
    createdAt: e.created_at.toISOString(),
  };
}

async function findOrg(ctx: AppContext, p: Principal, where: ReturnType<typeof sql<boolean>>): Promise<OrgRow> {
  const { rows } = await sql<OrgRow>`SELECT o.id, o.credit_code, o.name, o.type, o.region_code FROM organization o
    WHERE ${where} AND ${creditScopeSql(creditScope(ctx, p))}`.execute(ctx.store.db);
  if (!rows[0]) throw new AppError('CREDIT_ORG_NOT_FOUND');
  return rows[0];
}

async function fileOf(ctx: AppContext, org: OrgRow): Promise<CreditFileOut> {
  const { db } = ctx.store;
  const today = shanghaiDate(ctx.clock.now());
  const [rules, score, events, history] = await Promise.all([
    creditRules(db, org.region_code),
    db.selectFrom('credit_score').select(['score', 'grade', 'computed_on']).where('org_id', '=', org.id).executeTakeFirst(),
    sql<EventRow>`SELECT ce.id, ce.kind, ce.source_type, ce.source_id, ce.points, ce.summary, ce.evidence, ce.occurred_on, ce.region_code,
        ce.published, ce.published_at, ce.revoked_at, ce.revoked_reason, u.display_name AS recorded_by_name, ce.created_at
      FROM credit_event ce LEFT JOIN app_user u ON u.id = ce.recorded_by WHERE ce.org_id = ${org.id} ORDER BY ce.occurred_on DESC, ce.id DESC`.execute(db),
    db.selectFrom('credit_score_history').select(['at', 'score', 'grade', 'reason', 'event_id']).where('org_id', '=', org.id).orderBy('at').orderBy('id').execute(),
  ]);
  return {
    orgId: org.id,
    creditCode: org.credit_code,
    name: org.name,
    type: org.type,
    regionCode: org.region_code,
    score: Number(score?.score ?? 100),
    grade: (score?.grade ?? 'A') as CreditGrade,
    computedOn: score?.computed_on ?? null,
    events: events.rows.map((e) => presentEvent(e, today, rules)),
    history: history.map((h) => ({ at: h.at.toISOString(), score: Number(h.score), grade: h.grade, reason: h.reason, eventId: h.event_id })),
  };
}

/** Fixed interface: `GET /api/credit/orgs/<creditCode>` within the caller's scope. */
export async function getFile(ctx: AppContext, p: Principal, creditCode: string): Promise<CreditFileOut> {
  return fileOf(ctx, await findOrg(ctx, p, sql<boolean>`o.credit_code = ${creditCode}`));
}

/** The caller's own organisation's file (我的信用), also for organisations without a credit code on record. */
export async function myFile(ctx: AppContext, p: Principal): Promise<CreditFileOut> {
  const { rows } = await sql<OrgRow>`SELECT o.id, o.credit_code, o.name, o.type, o.region_code FROM organization o WHERE o.id = ${p.orgId}`.execute(ctx.store.db);
  if (!rows[0]) throw new AppError('CREDIT_ORG_NOT_FOUND');
  return fileOf(ctx, rows[0]);
}

/** Organisations with a credit file in the regulator's region, worst score first. */
export async function list(ctx: AppContext, p: Principal, q: CreditListQuery): Promise<CreditListOut> {
  const scope = creditScope(ctx, p);
  if (scope.kind === 'own' || scope.kind === 'none') throw new AppError('FORBIDDEN');
  const conds = [activeInRegion(listPrefix(ctx, scope, q.regionCode))];
  if (q.type) conds.push(sql<boolean>`o.type = ${q.type}`);
  if (q.q) conds.push(sql<boolean>`(o.name LIKE ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} OR o.credit_code LIKE ${`${q.q.replace(/[\\%_]/g, '')}%`})`);
  const base = sql.join(conds, sql` AND `);
  const where = q.grade ? sql`${base} AND s.grade = ${q.grade}` : base;
  const from = sql`FROM credit_score s JOIN organization o ON o.id = s.org_id`;
  const { db } = ctx.store;
  const [rows, total, grades] = await Promise.all([
    sql<{ org_id: number; credit_code: string | null; name: string; type: string; region_code: string; score: number; grade: CreditGrade; events: number; last_on: string | null }>`
      SELECT s.org_id, o.credit_code, o.name, o.type, o.region_code, s.score, s.grade, s.events,
             (SELECT max(ce.occurred_on) FROM credit_event ce WHERE ce.org_id = s.org_id AND ce.revoked_at IS NULL) AS last_on
        ${from} WHERE ${where} ORDER BY s.score, o.name, s.org_id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(db),
    sql<{ grade: CreditGrade; n: number }>`SELECT s.grade, count(*)::int AS n ${from} WHERE ${base} GROUP BY s.grade`.execute(db),
  ]);
  const byGrade = { A: 0, B: 0, C: 0, D: 0 };
  for (const g of grades.rows) byGrade[g.grade] = g.n;
  return {
    items: rows.rows.map((r) => ({ orgId: r.org_id, creditCode: r.credit_code, name: r.name, type: r.type, regionCode: r.region_code, score: Number(r.score), grade: r.grade, events: r.events, lastEventOn: r.last_on })),
    total: total.rows[0]?.n ?? 0,
    byGrade,
  };
}

/** A regulator's commendation (表彰): a positive event recorded by hand. */
export async function commend(ctx: AppContext, p: Principal, creditCode: string, input: CommendationInput): Promise<CreditFileOut> {
  const org = await findOrg(ctx, p, sql<boolean>`o.credit_code = ${creditCode}`);
  const now = ctx.clock.now();
  if (input.occurredOn && input.occurredOn > shanghaiDate(now)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'occurredOn', message: '日期不能晚于今天' }] });
  await ctx.store.db.transaction().execute(async (trx) => {
    const e = await recordCreditEvent(trx, {
      orgId: org.id,
      kind: 'commendation',
      sourceType: 'manual',
      // Each commendation is its own source: two on one day are two events.
      sourceId: `commendation:${crypto.randomUUID()}`,
      points: input.points,
      summary: input.summary,
      evidence: { text: input.evidenceText ?? null, files: input.files ?? [] },
      occurredOn: input.occurredOn,
      regionCode: ctx.regions.get(p.regionCode) ? p.regionCode : org.region_code,
      published: input.publish,
      recordedBy: p.userId,
      at: now,
    });
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'credit.commend', entityType: 'credit_event', entityId: String(e.id), regionCode: org.region_code, after: { orgId: org.id, ...input, points: e.points } }]);
  });
  return fileOf(ctx, org);
}

async function eventInScope(ctx: AppContext, p: Principal, id: number) {
  const { rows } = await sql<{ id: number; org_id: number; kind: CreditKind; source_type: string; published: boolean; revoked_at: Date | null; credit_code: string | null; region_code: string }>`
    SELECT ce.id, ce.org_id, ce.kind, ce.source_type, ce.published, ce.revoked_at, o.credit_code, o.region_code
      FROM credit_event ce JOIN organization o ON o.id = ce.org_id WHERE ce.id = ${id} AND ${creditScopeSql(creditScope(ctx, p))}`.execute(ctx.store.db);
  if (!rows[0]) throw new AppError('CREDIT_EVENT_NOT_FOUND');
  return rows[0];
}

/** Publishes an event (penalties, exposures, listed supervision, warnings, commendations): public from now on. */
export async function publish(ctx: AppContext, p: Principal, id: number): Promise<CreditEventOut> {
  const e = await eventInScope(ctx, p, id);
  if (!PUBLISHABLE_KINDS.includes(e.kind) || e.revoked_at) throw new AppError('CREDIT_EVENT_NOT_PUBLISHABLE');
  const now = ctx.clock.now();
  if (!e.published)
    await ctx.store.db.transaction().execute(async (trx) => {
      await trx.updateTable('credit_event').set({ published: true, published_at: now, published_by: p.userId }).where('id', '=', id).execute();
      if (e.source_type === 'enforcement_action') await trx.updateTable('enforcement_action').set({ published: true, published_at: now }).where('credit_event_id', '=', id).execute();
      await audit.record(trx, audit.actorOf(p), now, [{ action: 'credit.publish', entityType: 'credit_event', entityId: String(id), regionCode: e.region_code, before: { published: false }, after: { published: true } }]);
    });
  return (await fileOf(ctx, await findOrg(ctx, p, sql<boolean>`o.id = ${e.org_id}`))).events.find((x) => x.id === id)!;
}

/** Revokes a hand-recorded event (a commendation); events of other sources are revoked through their source. */
export async function revoke(ctx: AppContext, p: Principal, id: number, reason: string): Promise<CreditEventOut> {
  const e = await eventInScope(ctx, p, id);
  if (e.source_type !== 'manual' || e.revoked_at) throw new AppError('CREDIT_EVENT_SOURCE_OWNED');
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const ev = await trx.selectFrom('credit_event').select('source_id').where('id', '=', id).executeTakeFirstOrThrow();
    await revokeCreditEvent(trx, { orgId: e.org_id, sourceType: 'manual', sourceId: ev.source_id, reason, at: now });
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'credit.revoke', entityType: 'credit_event', entityId: String(id), regionCode: e.region_code, after: { reason } }]);
  });
  return (await fileOf(ctx, await findOrg(ctx, p, sql<boolean>`o.id = ${e.org_id}`))).events.find((x) => x.id === id)!;
}

/** The rule table in force for a region (the regulator's own by default). */
export async function rules(ctx: AppContext, p: Principal, regionCode?: string) {
  const code = regionCode ?? p.regionCode;
  const r = await creditRules(ctx.store.db, code);
  return { regionCode: code, rules: { ...DEFAULT_CREDIT_RULES, ...r } };
}

/**
 * The public file (公示): score and grade, and only the events a regulator published. Nothing else leaves:
 * no evidence, sources, ids, regions or people.
 */
export async function publicFile(ctx: AppContext, creditCode: string): Promise<PublicCreditFileOut> {
  const { db } = ctx.store;
  const org = await db.selectFrom('organization').select(['id', 'credit_code', 'name', 'type']).where('credit_code', '=', creditCode).where('active', '=', true).executeTakeFirst();
  if (!org || !org.credit_code) throw new AppError('CREDIT_ORG_NOT_FOUND');
  const [score, events] = await Promise.all([
    db.selectFrom('credit_score').select(['score', 'grade']).where('org_id', '=', org.id).executeTakeFirst(),
    db
      .selectFrom('credit_event')
      .select(['kind', 'summary', 'points', 'occurred_on', 'published_at'])
      .where('org_id', '=', org.id)
      .where('published', '=', true)
      .where('revoked_at', 'is', null)
      .where('kind', 'in', [...PUBLISHABLE_KINDS])
      .orderBy('occurred_on', 'desc')
      .orderBy('id', 'desc')
      .execute(),
  ]);
  return {
    creditCode: org.credit_code,
    name: org.name,
    type: org.type,
    score: Number(score?.score ?? 100),
    grade: (score?.grade ?? 'A') as CreditGrade,
    events: events.map((e) => ({ kind: e.kind, summary: e.summary, points: Number(e.points), occurredOn: e.occurred_on, publishedAt: (e.published_at ?? new Date(0)).toISOString() })),
  };
}
