/**
 * What acceptance changes in an elevator's registry record, by kind (applied later through the registry's own
 * update path by 变更登记):
 * - 更新 replace: a new unit in the same place — model, factory number and manufacture date are required; the
 *   commissioning and acceptance dates become the acceptance date unless given; it has ascending-overspeed protection.
 * - 改造 modernise: what the modernisation changed (model, speed, load, floors, overspeed protection), all optional.
 * - 加装上行超速保护 overspeed_retrofit: ascending-overspeed protection fitted.
 * - 大修 major_repair: nothing.
 */
import { z } from 'zod';
import type { FieldProblem, Kind } from './renovation.domain.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** The per-elevator change a manager enters at acceptance (registry field names). */
export const RegistryChangeInput = z.object({
  registrationCode: z.string().regex(/^\d{20}$/, '注册代码应为20位数字'),
  model: z.string().trim().min(1).max(60).optional(),
  factoryNo: z.string().trim().min(1).max(60).optional(),
  manufacturerName: z.string().trim().min(1).max(100).optional(),
  manufactureDate: Day.optional(),
  commissioningDate: Day.optional(),
  ratedSpeed: z.number().positive().max(20).optional(),
  ratedLoad: z.number().positive().max(100_000).optional(),
  floors: z.number().int().positive().max(300).optional(),
  ascendingOverspeedProtection: z.boolean().optional(),
});
export type RegistryChangeInput = z.infer<typeof RegistryChangeInput>;

/** The fields written to the registry record (ElevatorInput names). */
export type RegistryChange = Partial<{
  model: string;
  factoryNo: string;
  manufacturerName: string;
  manufactureDate: string;
  commissioningDate: string;
  acceptanceDate: string;
  ratedSpeed: number;
  ratedLoad: number;
  floors: number;
  ascendingOverspeedProtection: boolean;
}>;

/** The change for one elevator, or the problems with it (fields prefixed by `prefix`, e.g. `changes.0`). */
export function registryChange(kind: Kind, acceptedOn: string, input: RegistryChangeInput | undefined, prefix: string): { change: RegistryChange; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const { registrationCode: _code, ...given } = input ?? { registrationCode: '' };
  const change: RegistryChange = {};
  switch (kind) {
    case 'major_repair':
      return { change, problems };
    case 'overspeed_retrofit':
      return { change: { ascendingOverspeedProtection: true }, problems };
    case 'modernise':
      for (const k of ['model', 'ratedSpeed', 'ratedLoad', 'floors', 'ascendingOverspeedProtection'] as const) if (given[k] !== undefined) Object.assign(change, { [k]: given[k] });
      return { change, problems };
    case 'replace': {
      for (const k of ['model', 'factoryNo', 'manufactureDate'] as const) if (given[k] === undefined) problems.push({ field: `${prefix}.${k}`, message: '更新的电梯须填写新设备的型号、产品编号和制造日期' });
      if (given.manufactureDate && given.manufactureDate > acceptedOn) problems.push({ field: `${prefix}.manufactureDate`, message: '制造日期不能晚于验收日期' });
      if (given.commissioningDate && given.commissioningDate > acceptedOn) problems.push({ field: `${prefix}.commissioningDate`, message: '投用日期不能晚于验收日期' });
      Object.assign(change, given, {
        commissioningDate: given.commissioningDate ?? acceptedOn,
        acceptanceDate: acceptedOn,
        ascendingOverspeedProtection: given.ascendingOverspeedProtection ?? true,
      });
      return { change, problems };
    }
  }
}
