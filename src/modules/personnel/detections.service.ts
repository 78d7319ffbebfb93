import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import { SYSTEM_ACTOR, type Principal } from '../auth/principal.ts';
import { expiredInUse, neverSeen, overlappingEmployments, overloadedManagers, recordsAtTwoCompanies, type DetectContext, type Finding } from './detections.ts';
import type { PersonnelRules } from './personnel.domain.ts';
import type { DetectionOut, DetectionQuery, ReviewInput } from './personnel.schema.ts';
import { peopleScope, regionsOverlap } from './personnel.scope.ts';
import { syncRegistrations } from './registrations-sync.ts';
import { personnelRules } from './safety-managers.service.ts';

/**
 * Runs every detection over the province: registrations are synced to people first, findings are upserted by
 * fingerprint (a regulator's status and note stay), findings no longer found are marked inactive. One audit entry
 * per run. Called by the daily job and by regulators on demand.
 */
export async function runDetections(ctx: AppContext, p?: Principal) {
  const now = ctx.clock.now();
  const { db } = ctx.store;
  await db.transaction().execute((trx) => syncRegistrations(trx, now));
  const cache = new Map<string, PersonnelRules>();
  const c: DetectContext = {
    db,
    today: shanghaiDate(now),
    rules: await personnelRules(ctx, ''),
    rulesFor: async (region) => {
      if (!cache.has(region)) cache.set(region, await personnelRules(ctx, region));
      return cache.get(region)!;
    },
  };
  const findings: Finding[] = [];
  for (const detect of [overlappingEmployments, recordsAtTwoCompanies, neverSeen, overloadedManagers, expiredInUse]) findings.push(...(await detect(c)));
  const found: Record<string, number> = { multi_employer: 0, never_seen: 0, manager_overload: 0, expired_in_use: 0 };
  for (const f of findings) found[f.kind]!++;
  const deactivated = await db.transaction().execute(async (trx) => {
    for (let i = 0; i < findings.length; i += 200) {
      const rows = findings.slice(i, i + 200).map((f) => ({
        kind: f.kind, fingerprint: f.fingerprint, person_id: f.personId, subject_name: f.subjectName, certificate_no: f.certificateNo,
        region_codes: f.regionCodes, summary: f.summary, evidence: JSON.stringify(f.evidence), first_seen_at: now, last_seen_at: now,
      }));
      await trx
        .insertInto('personnel_detection')
        .values(rows)
        .onConflict((oc) =>
          oc.column('fingerprint').doUpdateSet((eb) => ({
            person_id: eb.ref('excluded.person_id'), subject_name: eb.ref('excluded.subject_name'), certificate_no: eb.ref('excluded.certificate_no'),
            region_codes: eb.ref('excluded.region_codes'), summary: eb.ref('excluded.summary'), evidence: eb.ref('excluded.evidence'), active: true, last_seen_at: eb.ref('excluded.last_seen_at'),
          })),
        )
        .execute();
    }
    const fingerprints = findings.map((f) => f.fingerprint);
    const gone = await sql<{ n: number }>`WITH u AS (UPDATE personnel_detection SET active = false WHERE active AND NOT (fingerprint = ANY(${fingerprints}::text[])) RETURNING 1)
      SELECT count(*)::int AS n FROM u`.execute(trx);
    const n = gone.rows[0]?.n ?? 0;
    await audit.record(trx, p ? audit.actorOf(p) : SYSTEM_ACTOR, now, [{ action: 'personnel.detections.run', entityType: 'personnel_detection', entityId: 'all', after: { found, deactivated: n } }]);
    return n;
  });
  return { found, deactivated };
}

type Row = {
  id: number; kind: z.infer<typeof DetectionOut>['kind']; subject_name: string; person_id: number | null; certificate_no: string | null; summary: string; evidence: Record<string, unknown>;
  active: boolean; status: z.infer<typeof DetectionOut>['status']; note: string | null; reviewed_at: Date | null; first_seen_at: Date; last_seen_at: Date;
};
const present = (r: Row): z.infer<typeof DetectionOut> => ({
  id: r.id, kind: r.kind, subjectName: r.subject_name, personId: r.person_id, certificateNo: r.certificate_no, summary: r.summary, evidence: r.evidence,
  active: r.active, status: r.status, note: r.note, reviewedAt: r.reviewed_at?.toISOString() ?? null, firstSeenAt: r.first_seen_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(),
});

/** Regulators: findings touching their region (any organisation or elevator involved); admins: all. */
function visible(ctx: AppContext, p: Principal) {
  const scope = peopleScope(ctx, p);
  if (scope.kind === 'all') return sql<boolean>`true`;
  if (scope.kind === 'region') return regionsOverlap('d.region_codes', scope.prefix);
  return sql<boolean>`false`;
}

export async function listDetections(ctx: AppContext, p: Principal, q: z.infer<typeof DetectionQuery>) {
  const conds = [visible(ctx, p)];
  if (!q.includeInactive) conds.push(sql<boolean>`d.active`);
  if (q.kind) conds.push(sql<boolean>`d.kind = ${q.kind}`);
  if (q.status) conds.push(sql<boolean>`d.status = ${q.status}`);
  const where = sql.join(conds, sql` AND `);
  const [rows, count, byKind] = await Promise.all([
    sql<Row>`SELECT d.* FROM personnel_detection d WHERE ${where} ORDER BY d.status = 'open' DESC, d.last_seen_at DESC, d.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.store.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM personnel_detection d WHERE ${where}`.execute(ctx.store.db),
    sql<{ kind: string; n: number }>`SELECT d.kind, count(*)::int AS n FROM personnel_detection d WHERE ${visible(ctx, p)} AND d.active AND d.status = 'open' GROUP BY d.kind`.execute(ctx.store.db),
  ]);
  return { items: rows.rows.map(present), total: count.rows[0]?.n ?? 0, openByKind: Object.fromEntries(byKind.rows.map((r) => [r.kind, r.n])) };
}

/** A regulator confirms (挂证 established) or dismisses a finding, with a note; audited. */
export async function reviewDetection(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof ReviewInput>) {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const { rows } = await sql<Row & { region_codes: string[] }>`SELECT d.* FROM personnel_detection d WHERE d.id = ${id} AND ${visible(ctx, p)} FOR UPDATE`.execute(trx);
    const before = rows[0];
    if (!before) throw new AppError('DETECTION_NOT_FOUND');
    const after = await sql<Row>`UPDATE personnel_detection SET status = ${input.status}, note = ${input.note}, reviewed_by = ${p.userId}, reviewed_at = ${now} WHERE id = ${id} RETURNING *`.execute(trx);
    await audit.record(trx, audit.actorOf(p), now, [
      { action: `personnel.detection.${input.status === 'confirmed' ? 'confirm' : 'dismiss'}`, entityType: 'personnel_detection', entityId: String(id), regionCode: before.region_codes[0] ?? null, before: { status: before.status, note: before.note }, after: { status: input.status, note: input.note } },
    ]);
    return present(after.rows[0]!);
  });
}
