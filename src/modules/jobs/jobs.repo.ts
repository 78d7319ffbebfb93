import type { Kysely, Updateable } from 'kysely';
import type { DB, JobTable } from '../../server/db/schema.ts';

export async function insert(db: Kysely<DB>, row: { id: string; kind: string; created_by: number | null; org_id: number | null; file_name: string | null; created_at: Date }) {
  await db.insertInto('job').values({ ...row, status: 'queued', file_sha256: null, error: null, started_at: null, finished_at: null, heartbeat_at: null }).execute();
}

export async function update(db: Kysely<DB>, id: string, patch: Updateable<JobTable>) {
  await db.updateTable('job').set(patch).where('id', '=', id).execute();
}

export async function getById(db: Kysely<DB>, id: string) {
  return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRecent(db: Kysely<DB>, f: { kind: string; orgId?: number; limit: number }) {
  let q = db.selectFrom('job').selectAll().where('kind', '=', f.kind);
  if (f.orgId !== undefined) q = q.where('org_id', '=', f.orgId);
  return q.orderBy('created_at', 'desc').limit(f.limit).execute();
}

export async function insertIssues(
  db: Kysely<DB>,
  rows: { job_id: string; line: number; severity: 'error' | 'warning'; registration_code: string | null; errors: unknown }[],
) {
  if (!rows.length) return;
  await db
    .insertInto('job_issue')
    .values(rows.map((r) => ({ ...r, errors: JSON.stringify(r.errors) })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function issues(db: Kysely<DB>, jobId: string, severity: 'error' | 'warning', limit: number) {
  return db
    .selectFrom('job_issue')
    .select(['line', 'registration_code', 'errors'])
    .where('job_id', '=', jobId)
    .where('severity', '=', severity)
    .orderBy('line')
    .limit(limit)
    .execute();
}

/**
 * Jobs left running by a process that died (no heartbeat for `staleBefore`): mark them failed so nobody waits
 * for them. Every committed batch is complete, so the store is consistent; re-importing the file finishes the work.
 */
export async function failStale(db: Kysely<DB>, staleBefore: Date, at: Date, message: string) {
  return db
    .updateTable('job')
    .set({ status: 'failed', error: message, finished_at: at })
    .where('status', 'in', ['queued', 'running'])
    .where((eb) => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', staleBefore)]))
    .where('created_at', '<=', staleBefore)
    .returning('id')
    .execute();
}

/** Whether another job of this kind is running (bulk-load mode needs the registry to itself). */
export async function othersRunning(db: Kysely<DB>, jobId: string, kind: string): Promise<boolean> {
  const row = await db.selectFrom('job').select('id').where('kind', '=', kind).where('status', '=', 'running').where('id', '<>', jobId).limit(1).executeTakeFirst();
  return !!row;
}
