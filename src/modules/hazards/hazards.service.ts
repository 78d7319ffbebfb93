import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import { blobDir, findBlob, saveBlob } from '../../server/files/blob-store.ts';
import * as audit from '../audit/audit.service.ts';
import { can, type Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import {
  HAZARD_STATUS_ZH,
  addDays,
  firstDeadline,
  isMajor,
  planAgreed,
  requiredParties,
  transition,
  type HazardSource,
  type HazardStatus,
  type Party,
  type Remedy,
  type Severity,
} from './hazards.domain.ts';
import type { HazardActionInput, HazardInput, HazardListQuery, HazardOut } from './hazards.schema.ts';

/**
 * Hazards (隐患) from every source in one table and one workflow (hazards.domain.ts). Sources write them through
 * `raise` inside their own transaction (an inspection report's defects, a maintenance visit's findings, an
 * assessment's conclusion); regulators raise them from supervision checks and complaints through the API.
 */
interface Row {
  id: number;
  source: HazardSource;
  source_ref: string | null;
  report_id: number | null;
  report_no: string | null;
  agency_org_id: number | null;
  registration_code: string;
  address: string;
  region_code: string;
  elevator_id: number;
  use_unit_id: number | null;
  maintenance_org_id: number | null;
  item: string;
  description: string;
  severity: Severity;
  remedy: Remedy;
  status: HazardStatus;
  deadline: string;
  escalated_at: Date | null;
  responsible_org_id: number | null;
  responsible_org_name: string | null;
  plan: HazardOut['plan'];
  project_id: number | null;
  evidence: HazardOut['evidence'];
  created_at: Date;
}

const FROM = sql`FROM hazard h JOIN elevator e ON e.id = h.elevator_id
  LEFT JOIN inspection_report r ON r.id = h.report_id
  LEFT JOIN safety_assessment sa ON h.source = 'assessment' AND sa.id::text = h.source_ref
  LEFT JOIN organization ro ON ro.id = h.responsible_org_id`;
const COLUMNS = sql`h.id, h.source, h.source_ref, h.report_id, r.report_no, COALESCE(r.agency_org_id, sa.agency_org_id) AS agency_org_id,
  e.registration_code, e.address, h.region_code, h.elevator_id, e.use_unit_id, e.maintenance_org_id, h.item, h.description,
  h.severity, h.remedy, h.status, h.deadline, h.escalated_at, h.responsible_org_id, ro.name AS responsible_org_name, h.plan,
  h.project_id, h.evidence, h.created_at`;

/** An inspection agency sees the hazards its reports and assessments found; everyone else by registry scope. */
export function hazardScopeSql(ctx: AppContext, p: Principal): RawBuilder<boolean> {
  if (p.orgType === 'inspection') return sql<boolean>`(r.agency_org_id = ${p.orgId} OR sa.agency_org_id = ${p.orgId})`;
  return scopeSql(scopeOf(ctx, p));
}

export function present(r: Row, today: string): HazardOut {
  const open = r.status !== 'verified' && r.status !== 'closed';
  return {
    id: r.id,
    source: r.source,
    sourceRef: r.source_ref,
    reportId: r.report_id,
    reportNo: r.report_no,
    registrationCode: r.registration_code,
    address: r.address,
    regionCode: r.region_code,
    item: r.item,
    description: r.description,
    severity: r.severity,
    remedy: r.remedy,
    status: r.status,
    deadline: r.deadline,
    overdueDays: open ? Math.max(0, Math.round((Date.parse(today) - Date.parse(r.deadline)) / 86_400_000)) : 0,
    escalated: r.escalated_at !== null,
    responsibleOrgId: r.responsible_org_id,
    responsibleOrgName: r.responsible_org_name,
    plan: r.plan ?? null,
    requiredParties: isMajor(r.remedy) ? requiredParties(r.maintenance_org_id !== null) : [],
    projectId: r.project_id,
    evidence: r.evidence,
    createdAt: r.created_at.toISOString(),
  };
}

export async function list(ctx: AppContext, p: Principal, q: HazardListQuery): Promise<{ items: HazardOut[]; total: number }> {
  const today = shanghaiDate(ctx.clock.now());
  const conds = [hazardScopeSql(ctx, p)];
  if (q.regionCode) {
    const prefix = ctx.regions.prefix(q.regionCode);
    conds.push(sql<boolean>`h.region_code >= ${prefix} AND h.region_code < ${`${prefix}~`}`);
  }
  if (q.source) conds.push(sql<boolean>`h.source = ${q.source}`);
  if (q.status) conds.push(sql<boolean>`h.status = ${q.status}`);
  if (q.open) conds.push(sql<boolean>`h.status NOT IN ('verified', 'closed')`);
  if (q.overdue) conds.push(sql<boolean>`h.status NOT IN ('verified', 'closed') AND h.deadline < ${today}`);
  if (q.severity) conds.push(sql<boolean>`h.severity = ${q.severity}`);
  if (q.remedy) conds.push(sql<boolean>`h.remedy = ${q.remedy}`);
  if (q.registrationCode) conds.push(sql<boolean>`e.registration_code = ${q.registrationCode}`);
  const where = sql.join(conds, sql` AND `);
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<Row>`SELECT ${COLUMNS} ${FROM} WHERE ${where} ORDER BY h.deadline, h.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${FROM} WHERE ${where}`.execute(db),
  ]);
  return { items: rows.rows.map((r) => present(r, today)), total: count.rows[0]?.n ?? 0 };
}

async function load(db: Kysely<DB>, ctx: AppContext, p: Principal, id: number): Promise<Row> {
  const { rows } = await sql<Row>`SELECT ${COLUMNS} ${FROM} WHERE h.id = ${id} AND ${hazardScopeSql(ctx, p)}`.execute(db);
  if (!rows[0]) throw new AppError('HAZARD_NOT_FOUND');
  return rows[0];
}

export async function get(ctx: AppContext, p: Principal, id: number): Promise<HazardOut> {
  return present(await load(ctx.store.db, ctx, p, id), shanghaiDate(ctx.clock.now()));
}

/** What the caller is to this hazard. Acting for a use unit or maintenance company needs a rectification permission. */
export function partiesOf(p: Principal, h: Pick<Row, 'use_unit_id' | 'maintenance_org_id' | 'agency_org_id'>): Party[] {
  const out: Party[] = [];
  const acts = can(p, 'hazards.act') || can(p, 'inspection.rectify');
  if (acts && p.orgType === 'use_unit' && h.use_unit_id === p.orgId) out.push('use_unit');
  if (acts && p.orgType === 'maintenance' && h.maintenance_org_id === p.orgId) out.push('maintenance');
  if ((p.orgType === 'regulator' && (can(p, 'hazards.supervise') || can(p, 'inspection.review'))) || (p.orgType === 'platform' && p.roles.includes('admin'))) out.push('regulator');
  if (p.orgType === 'inspection' && h.agency_org_id === p.orgId) out.push('finder');
  return out;
}

export interface NewHazard {
  elevatorId: number;
  source: HazardSource;
  sourceRef?: string | null;
  reportId?: number | null;
  item: string;
  description: string;
  severity: Severity;
  remedy?: Remedy;
  deadline?: string;
  raisedBy?: number | null;
}

/**
 * Writes hazards inside the caller's transaction. The responsible party follows the remedy: the elevator's
 * maintenance company for a general repair, its use unit for a major repair, modernisation or replacement.
 */
export async function raise(trx: Kysely<DB>, at: Date, items: NewHazard[]) {
  if (!items.length) return [];
  const today = shanghaiDate(at);
  const ids = [...new Set(items.map((i) => i.elevatorId))];
  const elevators = new Map(
    (await trx.selectFrom('elevator').select(['id', 'region_code', 'use_unit_id', 'maintenance_org_id']).where('id', 'in', ids).execute()).map((e) => [e.id, e]),
  );
  const rows = items.map((i) => {
    const e = elevators.get(i.elevatorId);
    if (!e) throw new AppError('ELEVATOR_NOT_FOUND');
    const remedy = i.remedy ?? 'repair';
    return {
      report_id: i.reportId ?? null,
      elevator_id: e.id,
      region_code: e.region_code,
      use_unit_id: e.use_unit_id,
      item: i.item,
      description: i.description,
      severity: i.severity,
      status: 'open' as const,
      deadline: i.deadline ?? firstDeadline(today, i.severity, remedy),
      created_at: at,
      source: i.source,
      source_ref: i.sourceRef ?? null,
      remedy,
      responsible_org_id: isMajor(remedy) ? e.use_unit_id : (e.maintenance_org_id ?? e.use_unit_id),
      raised_by: i.raisedBy ?? null,
    };
  });
  return trx.insertInto('hazard').values(rows).returning(['id', 'item', 'severity', 'remedy', 'status', 'deadline']).execute();
}

/** A regulator records a hazard found on a supervision check or confirmed from a complaint. */
export async function raiseByRegulator(ctx: AppContext, p: Principal, input: HazardInput): Promise<HazardOut> {
  if (!partiesOf(p, { use_unit_id: null, maintenance_org_id: null, agency_org_id: null }).includes('regulator')) throw new AppError('FORBIDDEN');
  const { db } = ctx.store;
  const { rows } = await sql<{ id: number }>`SELECT e.id FROM elevator e WHERE e.registration_code = ${input.registrationCode} AND ${scopeSql(scopeOf(ctx, p))}`.execute(db);
  const e = rows[0];
  if (!e) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'registrationCode', message: '登记库中没有这台电梯，或不在您的管辖范围' }] });
  const now = ctx.clock.now();
  if (input.deadline && input.deadline < shanghaiDate(now)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'deadline', message: '整改期限不能早于今天' }] });
  const id = await db.transaction().execute(async (trx) => {
    const [h] = await raise(trx, now, [{ elevatorId: e.id, source: input.source, sourceRef: input.sourceRef, item: input.item, description: input.description, severity: input.severity, remedy: input.remedy, deadline: input.deadline, raisedBy: p.userId }]);
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'hazard.raise', entityType: 'hazard', entityId: String(h!.id), after: { ...input } }]);
    return h!.id;
  });
  return get(ctx, p, id);
}

/** One step of the workflow (hazards.domain.ts), by a party of the hazard, with a note and optional evidence. */
export async function act(ctx: AppContext, p: Principal, id: number, input: HazardActionInput): Promise<HazardOut> {
  const { db } = ctx.store;
  const h = await load(db, ctx, p, id);
  const parties = partiesOf(p, h);
  const t = transition(h.remedy, h.status, input.action, parties);
  if (!t.ok) {
    if (t.reason === 'party') throw new AppError('FORBIDDEN', { reason: 'not a party to this step' });
    throw new AppError('HAZARD_ACTION_INVALID', { status: h.status, action: input.action }, { status: HAZARD_STATUS_ZH[h.status] });
  }
  const now = ctx.clock.now();
  const by = p.displayName || p.username;
  let to = t.to;
  let plan = h.plan;
  let deadline = h.deadline;
  if (input.action === 'propose_plan') {
    if (!input.plan) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'plan', message: '请填写整改方案、完成期限' }] });
    if (input.plan.dueOn < shanghaiDate(now)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'plan.dueOn', message: '完成期限不能早于今天' }] });
    const party = parties.includes('use_unit') ? 'use_unit' : parties[0]!;
    plan = { text: input.plan.text, dueOn: input.plan.dueOn, cost: input.plan.cost ?? null, proposedBy: by, agreedBy: [{ party, orgId: p.orgId, name: by, at: now.toISOString() }] };
  } else if (input.action === 'agree') {
    const current = plan!;
    const mine = parties.filter((x) => x !== 'finder' && !current.agreedBy.some((a) => a.party === x));
    if (!mine.length) throw new AppError('HAZARD_ACTION_INVALID', { status: h.status, action: 'agree' }, { status: HAZARD_STATUS_ZH[h.status] });
    plan = { ...current, agreedBy: [...current.agreedBy, ...mine.map((party) => ({ party, orgId: p.orgId, name: by, at: now.toISOString() }))] };
    to = planAgreed(plan.agreedBy as { party: Party }[], h.maintenance_org_id !== null) ? 'agreed' : 'planned';
    if (to === 'agreed') deadline = plan.dueOn;
  } else if (input.action === 'reject_plan') {
    plan = null;
    deadline = addDays(shanghaiDate(now), 15); // a new plan within 15 days
  }
  const evidence = [...h.evidence, { at: now.toISOString(), by, note: `${input.action}: ${input.note}`, fileSha256: input.fileSha256 ?? null }];
  await db.transaction().execute(async (trx) => {
    const stamp = to === 'fixed' ? { fixed_at: now } : to === 'verified' ? { verified_at: now } : to === 'closed' ? { closed_at: now } : {};
    // Optimistic: the row still has the status and the evidence count this step was decided on.
    const m = await trx
      .updateTable('hazard')
      .set({ status: to, evidence: JSON.stringify(evidence), plan: plan ? JSON.stringify(plan) : null, deadline, updated_at: now, ...stamp })
      .where('id', '=', id)
      .where('status', '=', h.status)
      .where(sql<boolean>`jsonb_array_length(evidence) = ${h.evidence.length}`)
      .executeTakeFirst();
    if (!Number(m.numUpdatedRows)) throw new AppError('VERSION_CONFLICT');
    await audit.record(trx, audit.actorOf(p), now, [
      { action: `hazard.${input.action}`, entityType: 'hazard', entityId: String(id), regionCode: h.region_code, before: { status: h.status }, after: { status: to, note: input.note, plan } },
    ]);
  });
  return present({ ...h, status: to, evidence, plan, deadline }, shanghaiDate(now));
}

/** Marks hazards past their deadline as escalated to the regulator, once each; returns how many. */
export async function escalateOverdue(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  return ctx.store.db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('hazard')
      .set({ escalated_at: now })
      .where('status', 'not in', ['verified', 'closed'])
      .where('deadline', '<', today)
      .where('escalated_at', 'is', null)
      .returning(['id', 'region_code', 'deadline', 'source'])
      .execute();
    if (rows.length)
      await audit.record(
        trx,
        { userId: null, name: 'system:hazards', orgId: null },
        now,
        rows.map((r) => ({ action: 'hazard.escalate', entityType: 'hazard', entityId: String(r.id), regionCode: r.region_code, after: { deadline: r.deadline, source: r.source } })),
      );
    return rows.length;
  });
}

/** Open, overdue and closed hazards by source, and open ones by remedy, in the caller's scope (and region). */
export async function summary(ctx: AppContext, p: Principal, regionCode?: string) {
  const today = shanghaiDate(ctx.clock.now());
  const conds = [hazardScopeSql(ctx, p)];
  if (regionCode) {
    const prefix = ctx.regions.prefix(regionCode);
    conds.push(sql<boolean>`h.region_code >= ${prefix} AND h.region_code < ${`${prefix}~`}`);
  }
  const where = sql.join(conds, sql` AND `);
  const { db } = ctx.store;
  const [bySource, byRemedy] = await Promise.all([
    sql<{ source: string; open: number; overdue: number; closed: number }>`
      SELECT h.source, count(*) FILTER (WHERE h.status NOT IN ('verified', 'closed'))::int AS open,
             count(*) FILTER (WHERE h.status NOT IN ('verified', 'closed') AND h.deadline < ${today})::int AS overdue,
             count(*) FILTER (WHERE h.status IN ('verified', 'closed'))::int AS closed
        ${FROM} WHERE ${where} GROUP BY h.source ORDER BY h.source`.execute(db),
    sql<{ remedy: string; open: number }>`
      SELECT h.remedy, count(*)::int AS open ${FROM} WHERE ${where} AND h.status NOT IN ('verified', 'closed') GROUP BY h.remedy ORDER BY h.remedy`.execute(db),
  ]);
  return { regionCode: regionCode ?? null, bySource: bySource.rows, byRemedy: byRemedy.rows };
}

// ---- evidence files ----

function fileDir(ctx: AppContext): string {
  return blobDir(ctx.config.DATA_DIR, 'hazard-files');
}

/**
 * Stores an evidence file (photo or PDF) under its SHA-256; a step of the workflow names it in `fileSha256`.
 * Anyone who may read hazards may upload (the bytes are only readable through a hazard that names them).
 */
export async function uploadFile(ctx: AppContext, sha256: string, body: Buffer) {
  const saved = await saveBlob(fileDir(ctx), sha256, body, { allowed: ['jpg', 'png', 'pdf'], maxBytes: 20 * 1024 * 1024, what: '整改凭证' });
  return { sha256, bytes: saved.bytes };
}

/** An evidence file, for someone who may see the hazard whose evidence names it. */
export async function readFile(ctx: AppContext, p: Principal, id: number, sha256: string): Promise<{ file: string; type: string }> {
  const h = await get(ctx, p, id);
  if (!h.evidence.some((e) => e.fileSha256 === sha256)) throw new AppError('NOT_FOUND');
  const found = findBlob(fileDir(ctx), sha256);
  if (!found) throw new AppError('NOT_FOUND');
  return found;
}
