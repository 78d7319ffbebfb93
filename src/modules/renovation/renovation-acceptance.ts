import type { Kysely } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError, type FieldError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import * as elevators from '../elevators/elevators.service.ts';
import type { ElevatorInput, ElevatorOut } from '../elevators/elevators.schema.ts';
import type { HazardStatus } from '../hazards/hazards.domain.ts';
import type { Kind } from './renovation.domain.ts';
import { registryChange, type RegistryChange, type RegistryChangeInput } from './registry-change.ts';
import * as repo from './renovation.repo.ts';
import { acceptanceReports } from './renovation.service.ts';

/**
 * What construction, acceptance and 变更登记 do outside the project row: the project's hazards follow it (in progress
 * at the start, fixed at acceptance, each with evidence naming the project, in the project's transaction and audited
 * like a step of the hazard workflow), acceptance needs each elevator's passed supervisory inspection and fixes the
 * registry change, and 变更登记 applies that change through the registry's own update path.
 */

const KIND_ZH: Record<Kind, string> = { major_repair: '大修', modernise: '改造', replace: '更新', overspeed_retrofit: '加装上行超速保护' };

/** Moves the project's hazards in `from` to `to` with evidence; returns how many. Major remedies only when `majorOnly`. */
export async function moveHazards(
  trx: Kysely<DB>,
  p: Principal,
  at: Date,
  project: Pick<repo.ProjectRow, 'id' | 'kind' | 'title'>,
  from: HazardStatus[],
  to: HazardStatus,
  step: 'start' | 'fix',
  majorOnly: boolean,
): Promise<number> {
  const rows = await trx
    .selectFrom('hazard')
    .select(['id', 'status', 'evidence', 'region_code'])
    .where('project_id', '=', project.id)
    .where('status', 'in', from)
    .$if(majorOnly, (q) => q.where('remedy', '<>', 'repair'))
    .orderBy('id')
    .forUpdate()
    .execute();
  const by = p.displayName || p.username;
  const note = step === 'start' ? `${KIND_ZH[project.kind]}项目 #${project.id}「${project.title}」开工` : `${KIND_ZH[project.kind]}项目 #${project.id}「${project.title}」验收合格`;
  for (const r of rows) {
    const evidence = [...((r.evidence as unknown[]) ?? []), { at: at.toISOString(), by, note: `${step}: ${note}`, fileSha256: null }];
    await trx
      .updateTable('hazard')
      .set({ status: to, evidence: JSON.stringify(evidence), updated_at: at, ...(to === 'fixed' ? { fixed_at: at } : {}) })
      .where('id', '=', r.id)
      .execute();
  }
  await audit.record(
    trx,
    audit.actorOf(p),
    at,
    rows.map((r) => ({ action: `hazard.${step}`, entityType: 'hazard', entityId: String(r.id), regionCode: r.region_code, before: { status: r.status }, after: { status: to, note, projectId: project.id } })),
  );
  return rows.length;
}

/**
 * Acceptance's checks: the date, a passed supervisory inspection per elevator after construction started (the
 * missing ones named), and each elevator's registry change. Returns the changes by elevator id.
 */
export async function acceptanceChanges(
  db: Kysely<DB>,
  project: repo.ProjectRow,
  input: { acceptedOn: string; changes: RegistryChangeInput[] },
  today: string,
): Promise<Map<number, RegistryChange>> {
  const problems: FieldError[] = [];
  if (input.acceptedOn > today) problems.push({ field: 'acceptedOn', message: '验收日期不能晚于今天' });
  if (project.construction_started_on && input.acceptedOn < project.construction_started_on) problems.push({ field: 'acceptedOn', message: `验收日期不能早于开工日期 ${project.construction_started_on}` });
  const list = await repo.elevatorsOf(db, project.id);
  input.changes.forEach((c, i) => {
    if (!list.some((e) => e.registration_code === c.registrationCode)) problems.push({ field: `changes.${i}.registrationCode`, message: '该电梯不在本项目中' });
  });
  const changes = new Map<number, RegistryChange>();
  for (const e of list) {
    const i = input.changes.findIndex((c) => c.registrationCode === e.registration_code);
    const r = registryChange(project.kind, input.acceptedOn, input.changes[i], `changes.${i < 0 ? input.changes.length : i}`);
    if (r.problems.length && i < 0) problems.push({ field: 'changes', message: `${e.registration_code}：${r.problems[0]!.message}` });
    else problems.push(...r.problems);
    changes.set(e.elevator_id, r.change);
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const reports = await acceptanceReports(db, project);
  const missing = list.filter((e) => !reports.has(e.elevator_id)).map((e) => e.registration_code);
  if (missing.length) throw new AppError('RENOVATION_INSPECTION_MISSING', { registrationCodes: missing }, { codes: missing.join('、'), since: project.construction_started_on ?? '' });
  return changes;
}

/** A registry record as the registry's update takes it, with the change applied. */
export function withChange(e: ElevatorOut, change: RegistryChange): ElevatorInput {
  return {
    registrationCode: e.registrationCode,
    equipmentCode: e.equipmentCode,
    certificateNo: e.certificateNo,
    rescueCode: e.rescueCode,
    category: e.category,
    regionCode: e.regionCode,
    address: e.address,
    placeName: e.placeName,
    placeType: e.placeType,
    useUnitName: e.useUnit?.name ?? null,
    useUnitCreditCode: e.useUnit?.creditCode ?? null,
    maintenanceName: e.maintenanceOrg?.name ?? null,
    maintenanceCreditCode: e.maintenanceOrg?.creditCode ?? null,
    maintenancePhone: e.maintenancePhone,
    manufacturerName: e.manufacturerName,
    model: e.model,
    factoryNo: e.factoryNo,
    manufactureDate: e.manufactureDate,
    commissioningDate: e.commissioningDate,
    registrationDate: e.registrationDate,
    acceptanceDate: e.acceptanceDate,
    status: e.status,
    floors: e.floors,
    ratedSpeed: e.ratedSpeed,
    ratedLoad: e.ratedLoad,
    ascendingOverspeedProtection: e.ascendingOverspeedProtection,
    longitude: e.longitude,
    latitude: e.latitude,
    ...change,
    version: e.version,
  };
}

/**
 * 变更登记: each elevator not yet changed goes through the registry's update (its checks, version, schedule and
 * audit; its own transaction), then is marked. A failure leaves the ones done marked, so a retry finishes the rest.
 */
export async function applyRegistryChanges(ctx: AppContext, p: Principal, projectId: number): Promise<string[]> {
  const done: string[] = [];
  for (const e of await repo.elevatorsOf(ctx.store.db, projectId)) {
    if (e.registry_updated_at) continue;
    const change = (e.registry_change ?? {}) as RegistryChange;
    if (Object.keys(change).length) {
      const current = await elevators.get(ctx, p, e.registration_code);
      await elevators.update(ctx, p, e.registration_code, withChange(current, change));
    }
    await ctx.store.db.updateTable('renovation_project_elevator').set({ registry_updated_at: ctx.clock.now() }).where('project_id', '=', projectId).where('elevator_id', '=', e.elevator_id).execute();
    done.push(e.registration_code);
  }
  return done;
}
