import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import * as elevators from '../elevators/elevators.service.ts';
import * as repo from './addon.repo.ts';
import type { RegistrationInput } from './addon.schema.ts';
import { mutate, projectScope } from './addon.service.ts';
import { transition } from './addon-workflow.service.ts';

/** The elevator's address in the registry: the project's address with its building and unit. */
export const elevatorAddress = (r: { address: string; building: string; unit: string }) => `${r.address}${r.building}${r.unit}`;

/**
 * 使用登记 (TSG 08-2017, within 30 days of acceptance): the market regulator registers the new elevator through
 * the registry's own create path (`elevators.service.create`: row rules, rescue-code uniqueness, org resolution,
 * inspection schedule, audit), then the project is linked to it. The registry's create runs its own transaction;
 * should linking fail after it committed, a retry with the same registration code links the elevator it made
 * (same code, same address, not linked to another project) instead of refusing it as a duplicate.
 */
export async function register(ctx: AppContext, p: Principal, id: number, input: z.infer<typeof RegistrationInput>) {
  const row = await repo.getProject(ctx.store.db, projectScope(ctx, p), id);
  if (!row) throw new AppError('ADDON_PROJECT_NOT_FOUND');
  transition(row, 'register');
  const design = (row.design ?? {}) as { manufacturerName?: string; model?: string; ratedLoad?: number; ratedSpeed?: number; stops?: number };
  const org = await ctx.store.db.selectFrom('organization').select(['name', 'credit_code']).where('id', '=', row.org_id).executeTakeFirstOrThrow();
  const today = shanghaiDate(ctx.clock.now());
  const address = elevatorAddress(row);
  try {
    await elevators.create(ctx, p, {
      registrationCode: input.registrationCode,
      rescueCode: input.rescueCode,
      certificateNo: input.certificateNo || null,
      equipmentCode: input.equipmentCode || null,
      factoryNo: input.factoryNo || null,
      manufactureDate: input.manufactureDate ?? null,
      category: input.category,
      regionCode: row.region_code,
      address,
      placeName: `${row.building}${row.unit}`,
      placeType: 'RESIDENTIAL',
      useUnitName: org.name,
      useUnitCreditCode: org.credit_code,
      manufacturerName: design.manufacturerName ?? null,
      model: design.model ?? null,
      ratedLoad: design.ratedLoad ?? null,
      ratedSpeed: design.ratedSpeed ?? null,
      floors: design.stops ?? row.storeys,
      acceptanceDate: row.accepted_on,
      commissioningDate: today,
      registrationDate: today,
      status: 'IN_USE',
      ascendingOverspeedProtection: true,
    });
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'ELEVATOR_EXISTS')) throw err;
    const existing = await ctx.store.db.selectFrom('elevator').select(['id', 'address']).where('registration_code', '=', input.registrationCode).executeTakeFirst();
    const linked = existing && (await ctx.store.db.selectFrom('addon_project').select('id').where('elevator_id', '=', existing.id).executeTakeFirst());
    if (!existing || existing.address !== address || linked) throw err;
  }
  return mutate(ctx, p, id, 'register', async (trx, locked) => {
    const to = transition(locked, 'register');
    const e = await trx.selectFrom('elevator').select('id').where('registration_code', '=', input.registrationCode).executeTakeFirstOrThrow();
    await trx.updateTable('addon_project').set({ status: to, elevator_id: e.id, registered_on: today }).where('id', '=', id).execute();
    const late = locked.registration_due_on && today > locked.registration_due_on;
    return { to, after: { registrationCode: input.registrationCode, rescueCode: input.rescueCode, registeredOn: today, late: !!late }, note: `注册代码 ${input.registrationCode}${late ? '（逾期登记）' : ''}` };
  });
}
