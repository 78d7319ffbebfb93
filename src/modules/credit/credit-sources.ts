import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { grades } from '../maintenance/grading.service.ts';
import { addYears, DEFAULT_CREDIT_RULES } from './credit.domain.ts';
import { recomputeScore, recordCreditEvent } from './credit-events.ts';
import { creditText } from './credit-text.ts';

/**
 * Sources the credit file reads on the clock rather than in their own transaction:
 * - accidents: a 96333 incident closed with injured persons (whatever path set the count: rescue, close, import)
 *   becomes an `accident` event against the maintenance company on the incident (the rule table's `points.accident`)
 *   and one against its use unit (`points.accident_use_unit`): the company answers for the equipment's condition, the
 *   use unit for its safe use (TSG 08 makes it the first party responsible). Dated on the day of the call.
 * - maintenance grades: each month's grade (maintenance/grading.service.ts, province-wide) becomes a
 *   `maintenance_grade` event per company once the month is over (A +1, B 0, C −2, D −5).
 * - the window: scores are recomputed once a day, so an event leaving the 3-year window changes the score.
 * Every write is idempotent (unique source key), so any node may run these any number of times.
 */

/** Records accident events of closed incidents with injured persons inside the window; returns how many were new. */
export async function recordAccidents(ctx: AppContext): Promise<number> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const since = addYears(shanghaiDate(now), -DEFAULT_CREDIT_RULES.windowYears);
  const { rows } = await sql<{ id: number; region_code: string; use_unit_id: number | null; maintenance_org_id: number | null; injured: number; received_at: Date; registration_code: string }>`
    SELECT i.id, i.region_code, i.use_unit_id, i.maintenance_org_id, i.injured, i.received_at, e.registration_code
      FROM incident i JOIN elevator e ON e.id = i.elevator_id
     WHERE i.status = 'closed' AND i.injured > 0 AND i.received_at >= ${since}::date
       AND ((i.maintenance_org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM credit_event ce WHERE ce.source_type = 'incident' AND ce.source_id = i.id::text AND ce.org_id = i.maintenance_org_id))
         OR (i.use_unit_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM credit_event ce WHERE ce.source_type = 'incident' AND ce.source_id = i.id::text AND ce.org_id = i.use_unit_id)))
     ORDER BY i.id LIMIT 500`.execute(db);
  let created = 0;
  for (const i of rows) {
    await db.transaction().execute(async (trx) => {
      const base = {
        kind: 'accident' as const,
        sourceType: 'incident',
        sourceId: i.id,
        summary: creditText('summary.accident', { incidentId: i.id, code: i.registration_code, injured: i.injured }),
        evidence: { text: null, files: [] },
        occurredOn: shanghaiDate(i.received_at),
        regionCode: i.region_code,
        at: now,
      };
      if (i.maintenance_org_id) created += Number((await recordCreditEvent(trx, { ...base, orgId: i.maintenance_org_id })).created);
      if (i.use_unit_id) created += Number((await recordCreditEvent(trx, { ...base, orgId: i.use_unit_id, variant: 'use_unit' })).created);
    });
  }
  return created;
}

/** The month before the one `day` lies in, as YYYY-MM. */
export function previousMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Records every company's grade of a finished month (YYYY-MM) once; returns how many events were new. */
export async function recordMaintenanceGrades(ctx: AppContext, period: string): Promise<number> {
  const now = ctx.clock.now();
  if (period >= shanghaiDate(now).slice(0, 7)) return 0; // the month is not over yet
  const g = await grades(ctx, null, { period });
  let created = 0;
  const lastDay = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).toISOString().slice(0, 10);
  for (const item of g.items) {
    const e = await recordCreditEvent(ctx.store.db, {
      orgId: item.orgId,
      kind: 'maintenance_grade',
      sourceType: 'maintenance_grade',
      sourceId: period,
      variant: item.grade,
      summary: creditText('summary.maintenanceGrade', { period, grade: item.grade, score: item.score }),
      evidence: { text: item.triggers.join('；') || null, files: [] },
      occurredOn: lastDay,
      at: now,
    });
    created += Number(e.created);
  }
  return created;
}

/** Recomputes scores not computed today (events leave the window with the calendar); returns how many changed. */
export async function refreshScores(ctx: AppContext, limit = 1000): Promise<number> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const stale = await db.selectFrom('credit_score').select(['org_id', 'score']).where('computed_on', '<', today).orderBy('org_id').limit(limit).execute();
  let changed = 0;
  for (const s of stale) {
    const after = await db.transaction().execute((trx) => recomputeScore(trx, s.org_id, now, { reason: 'expiry' }));
    if (after.score !== Number(s.score)) changed++;
  }
  return changed;
}
