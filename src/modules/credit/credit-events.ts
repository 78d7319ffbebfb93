import { sql, type Kysely } from 'kysely';
import { shanghaiDate } from '../../server/clock.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import { overlay, regionSettings } from '../regions/region-settings.ts';
import { DEFAULT_CREDIT_RULES, pointsFor, scoreOf, type CreditGrade, type CreditKind, type CreditRules } from './credit.domain.ts';

/**
 * The one way into a credit file. Every source — enforcement actions, upheld inspection flags, the monthly
 * maintenance grades, accidents, regulators' commendations and (after merge) confirmed complaints — calls
 * `recordCreditEvent` inside the transaction of its own change, so an event exists exactly when its source does.
 */

/** Serialises score recomputation per organisation (transaction-scoped advisory lock, key pair (this, org id)). */
const CREDIT_LOCK = 72_711_012;

export interface CreditEvidence {
  /** What the file shows as the evidence (the decision's wording, the flag's finding …). */
  text?: string | null;
  /** SHA-256 of stored files (reports, photos, decision documents). */
  files?: string[];
}

export interface CreditEventInput {
  /** The organisation the event is about (organization.id; its 统一社会信用代码 addresses the file). */
  orgId: number;
  kind: CreditKind;
  /** What produced it: 'enforcement_action', 'inspection_flag', 'maintenance_grade', 'incident', 'complaint', 'manual' … */
  sourceType: string;
  /** The source's id; (orgId, sourceType, sourceId) is unique, so recording a source again changes nothing. */
  sourceId: string | number;
  /** Omitted: the rule table's points for the kind (credit.domain.ts), read for the organisation's region. */
  points?: number;
  /** For rule-table points: the maintenance grade letter, or 'use_unit' for an accident recorded on the use unit. */
  variant?: string;
  /** One line for people, in Chinese. */
  summary: string;
  evidence?: CreditEvidence;
  /** YYYY-MM-DD (Asia/Shanghai); default the day of `at`. */
  occurredOn?: string;
  /** Where it happened (regulators' lists filter by it); default the organisation's region. */
  regionCode?: string;
  /** Public from the start (only for kinds that may be published; default false). */
  published?: boolean;
  /** The user who recorded it; null/omitted when the platform recorded it from a source. */
  recordedBy?: number | null;
  /** The platform clock's now (never `new Date()` in a module: tests move the clock). */
  at: Date;
}

export interface RecordedCreditEvent {
  id: number;
  /** False when the source had been recorded already (nothing changed, unless it had been revoked: then restored). */
  created: boolean;
  points: number;
  score: number;
  grade: CreditGrade;
}

/** The rule table for an organisation's region (most specific prefix wins). */
export async function creditRules(db: Kysely<DB>, regionCode: string): Promise<CreditRules> {
  return overlay<CreditRules>({ ...DEFAULT_CREDIT_RULES }, await regionSettings(db, 'credit_rule_setting', regionCode));
}

async function inTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Records a credit event once per source and recomputes the organisation's score (with a history row).
 * Pass the caller's transaction; with the bare store handle it opens its own.
 */
export async function recordCreditEvent(db: Kysely<DB>, input: CreditEventInput): Promise<RecordedCreditEvent> {
  return inTransaction(db, async (trx) => {
    const org = await trx.selectFrom('organization').select(['id', 'region_code']).where('id', '=', input.orgId).executeTakeFirst();
    if (!org) throw new AppError('ORG_NOT_FOUND');
    await sql`SELECT pg_advisory_xact_lock(${CREDIT_LOCK}, ${input.orgId}::int)`.execute(trx);
    const sourceId = String(input.sourceId);
    const existing = await trx
      .selectFrom('credit_event')
      .select(['id', 'points', 'revoked_at'])
      .where('org_id', '=', input.orgId)
      .where('source_type', '=', input.sourceType)
      .where('source_id', '=', sourceId)
      .executeTakeFirst();
    if (existing && !existing.revoked_at) {
      const s = await trx.selectFrom('credit_score').select(['score', 'grade']).where('org_id', '=', input.orgId).executeTakeFirst();
      return { id: existing.id, created: false, points: Number(existing.points), score: Number(s?.score ?? 100), grade: s?.grade ?? 'A' };
    }
    if (existing) {
      // Revoked and recorded again (a flag dismissed, then upheld after all): the same event counts again.
      await trx.updateTable('credit_event').set({ revoked_at: null, revoked_reason: null }).where('id', '=', existing.id).execute();
      const s = await recomputeScore(trx, input.orgId, input.at, { reason: 'event', eventId: existing.id });
      return { id: existing.id, created: false, points: Number(existing.points), ...s };
    }
    const rules = await creditRules(trx, org.region_code);
    const points = input.points ?? pointsFor(input.kind, rules, input.variant);
    const row = await trx
      .insertInto('credit_event')
      .values({
        org_id: input.orgId,
        kind: input.kind,
        source_type: input.sourceType,
        source_id: sourceId,
        points,
        summary: input.summary,
        evidence: JSON.stringify({ text: input.evidence?.text ?? null, files: input.evidence?.files ?? [] }),
        occurred_on: input.occurredOn ?? shanghaiDate(input.at),
        region_code: input.regionCode ?? org.region_code,
        published: input.published ?? false,
        published_at: input.published ? input.at : null,
        recorded_by: input.recordedBy ?? null,
        created_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const s = await recomputeScore(trx, input.orgId, input.at, { reason: 'event', eventId: row.id });
    return { id: row.id, created: true, points, ...s };
  });
}

/** Revokes the event of a source (a flag dismissed on review, an action revoked); no event: nothing happens. */
export async function revokeCreditEvent(db: Kysely<DB>, source: { orgId?: number; sourceType: string; sourceId: string | number; reason: string; at: Date }): Promise<number> {
  return inTransaction(db, async (trx) => {
    let q = trx.selectFrom('credit_event').select(['id', 'org_id']).where('source_type', '=', source.sourceType).where('source_id', '=', String(source.sourceId)).where('revoked_at', 'is', null);
    if (source.orgId !== undefined) q = q.where('org_id', '=', source.orgId);
    const rows = await q.execute();
    for (const r of rows) {
      await sql`SELECT pg_advisory_xact_lock(${CREDIT_LOCK}, ${r.org_id}::int)`.execute(trx);
      await trx.updateTable('credit_event').set({ revoked_at: source.at, revoked_reason: source.reason }).where('id', '=', r.id).execute();
      await recomputeScore(trx, r.org_id, source.at, { reason: 'revoke', eventId: r.id });
    }
    return rows.length;
  });
}

/**
 * Recomputes an organisation's score on the day of `at` and stores it; a history row is written for every event
 * and revocation, and for an expiry only when the score changed.
 */
export async function recomputeScore(
  trx: Kysely<DB>,
  orgId: number,
  at: Date,
  why: { reason: 'event' | 'revoke' | 'expiry'; eventId?: number },
): Promise<{ score: number; grade: CreditGrade }> {
  const org = await trx.selectFrom('organization').select('region_code').where('id', '=', orgId).executeTakeFirstOrThrow();
  const rules = await creditRules(trx, org.region_code);
  const events = await trx.selectFrom('credit_event').select(['points', 'occurred_on', 'revoked_at']).where('org_id', '=', orgId).execute();
  const today = shanghaiDate(at);
  const s = scoreOf(
    events.map((e) => ({ points: Number(e.points), occurredOn: e.occurred_on, revoked: e.revoked_at !== null })),
    today,
    rules,
  );
  const before = await trx.selectFrom('credit_score').select(['score', 'grade']).where('org_id', '=', orgId).executeTakeFirst();
  await trx
    .insertInto('credit_score')
    .values({ org_id: orgId, score: s.score, grade: s.grade, events: s.counted, computed_on: today, updated_at: at })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ score: s.score, grade: s.grade, events: s.counted, computed_on: today, updated_at: at }))
    .execute();
  if (why.reason !== 'expiry' || !before || Number(before.score) !== s.score)
    await trx.insertInto('credit_score_history').values({ org_id: orgId, at, score: s.score, grade: s.grade, event_id: why.eventId ?? null, reason: why.reason }).execute();
  return { score: s.score, grade: s.grade };
}
