import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeSql } from '../elevators/elevators.scope.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { overlay, regionSettings } from '../regions/region-settings.ts';
import { addDays, findPerson } from './people.repo.ts';
import { eligibility } from './people.service.ts';
import { DEFAULT_PERSONNEL_RULES, type PersonnelRules } from './personnel.domain.ts';
import type { AssignInput, ManagerLoadOut } from './personnel.schema.ts';
import { peopleScope } from './personnel.scope.ts';

/** A region's detection thresholds (`personnel_rule_setting`, most specific prefix wins). */
export async function personnelRules(ctx: AppContext, regionCode: string): Promise<PersonnelRules> {
  return overlay<PersonnelRules & Record<string, number>>({ ...DEFAULT_PERSONNEL_RULES }, await regionSettings(ctx.store.db, 'personnel_rule_setting', regionCode));
}

/**
 * The use unit names the safety manager (安全管理员) of its elevators: the person must be employed by it on the
 * start date and hold an A certificate not expired. A current assignment of the elevator ends the day before.
 */
export async function assign(ctx: AppContext, p: Principal, input: z.infer<typeof AssignInput>) {
  const now = ctx.clock.now();
  const from = input.from ?? shanghaiDate(now);
  const codes = [...new Set(input.registrationCodes)];
  return ctx.store.db.transaction().execute(async (trx) => {
    const { rows: elevators } = await sql<{ id: number; registration_code: string; region_code: string; use_unit_id: number | null }>`
      SELECT e.id, e.registration_code, e.region_code, e.use_unit_id FROM elevator e
       WHERE e.registration_code = ANY(${codes}::text[]) AND ${scopeSql(scopeOf(ctx, p))} FOR UPDATE`.execute(trx);
    const missing = codes.filter((c) => !elevators.some((e) => e.registration_code === c));
    if (missing.length) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'registrationCodes', message: `未找到或无权操作：${missing.slice(0, 5).join('、')}` }] });
    const useUnits = new Set(elevators.map((e) => e.use_unit_id));
    const useUnit = elevators[0]!.use_unit_id;
    if (useUnits.size > 1 || useUnit === null) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'registrationCodes', message: '所选电梯应属于同一使用单位' }] });
    if (p.orgType !== 'platform' && p.orgId !== useUnit) throw new AppError('FORBIDDEN');
    const person = await findPerson(trx, peopleScope(ctx, p), input.personId);
    if (!person) throw new AppError('PERSON_NOT_FOUND');
    const e = await eligibility(trx, person.id, useUnit, from);
    if (!e.employed) throw new AppError('SAFETY_MANAGER_NOT_ELIGIBLE', undefined, { reason: '不是本单位在职人员' });
    if (!e.has_a) throw new AppError('SAFETY_MANAGER_NOT_ELIGIBLE', undefined, { reason: '未持有特种设备安全管理（A）证' });
    if (e.a_expires && e.a_expires < from) throw new AppError('SAFETY_MANAGER_NOT_ELIGIBLE', undefined, { reason: `A 证已于 ${e.a_expires} 过期` });
    const ids = elevators.map((x) => x.id);
    await sql`UPDATE safety_manager_assignment SET assigned_to = GREATEST(assigned_from, ${addDays(from, -1)}::date)
               WHERE elevator_id = ANY(${ids}::bigint[]) AND assigned_to IS NULL`.execute(trx);
    await trx
      .insertInto('safety_manager_assignment')
      .values(elevators.map((x) => ({ elevator_id: x.id, person_id: person.id, use_unit_id: useUnit, region_code: x.region_code, assigned_from: from, assigned_by: p.userId, created_at: now })))
      .execute();
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'personnel.safety_manager.assign', entityType: 'person', entityId: String(person.id), regionCode: elevators[0]!.region_code, after: { personId: person.id, from, registrationCodes: codes } },
    ]);
    return { assigned: elevators.length };
  });
}

/** Ends the current assignment of one elevator (the use unit, or an admin). */
export async function unassign(ctx: AppContext, p: Principal, registrationCode: string) {
  const now = ctx.clock.now();
  const day = shanghaiDate(now);
  await ctx.store.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ id: number; person_id: number; region_code: string; use_unit_id: number }>`
      SELECT a.id, a.person_id, a.region_code, a.use_unit_id FROM safety_manager_assignment a JOIN elevator e ON e.id = a.elevator_id
       WHERE e.registration_code = ${registrationCode} AND a.assigned_to IS NULL AND ${scopeSql(scopeOf(ctx, p))}`.execute(trx);
    const a = rows[0];
    if (!a) throw new AppError('ELEVATOR_NOT_FOUND');
    if (p.orgType !== 'platform' && p.orgId !== a.use_unit_id) throw new AppError('FORBIDDEN');
    await sql`UPDATE safety_manager_assignment SET assigned_to = GREATEST(assigned_from, ${day}::date) WHERE id = ${a.id}`.execute(trx);
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'personnel.safety_manager.unassign', entityType: 'person', entityId: String(a.person_id), regionCode: a.region_code, after: { registrationCode } }]);
  });
}

/** Current load of every safety manager in scope, with the cap of the region and whether it is exceeded. */
export async function managerLoads(ctx: AppContext, p: Principal): Promise<z.infer<typeof ManagerLoadOut>[]> {
  const scope = peopleScope(ctx, p);
  const cond = scope.kind === 'org' ? sql`a.use_unit_id = ${scope.orgId}` : scope.kind === 'region' ? sql`a.region_code >= ${scope.prefix} AND a.region_code < ${`${scope.prefix}~`}` : sql`true`;
  const { rows } = await sql<{ person_id: number; name: string; n: number; region: string; units: { id: number; name: string }[] }>`
    SELECT a.person_id, p.name, count(*)::int AS n, min(a.region_code) AS region,
           (SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name) FROM organization o
             WHERE o.id IN (SELECT a2.use_unit_id FROM safety_manager_assignment a2 WHERE a2.person_id = a.person_id AND a2.assigned_to IS NULL)) AS units
      FROM safety_manager_assignment a JOIN person p ON p.id = a.person_id
     WHERE a.assigned_to IS NULL AND ${cond}
     GROUP BY a.person_id, p.name ORDER BY count(*) DESC, p.name LIMIT 500`.execute(ctx.store.db);
  const caps = new Map<string, number>();
  const out = [];
  for (const r of rows) {
    if (!caps.has(r.region)) caps.set(r.region, (await personnelRules(ctx, r.region))['safetyManager.cap']);
    const cap = caps.get(r.region)!;
    out.push({ person: { id: r.person_id, name: r.name }, useUnits: scope.kind === 'org' ? r.units.filter((u) => u.id === scope.orgId) : r.units, elevators: r.n, cap, over: r.n > cap });
  }
  return out;
}
