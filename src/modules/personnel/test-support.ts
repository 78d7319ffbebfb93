import type { AppContext } from '../../server/context.ts';
import { regCode } from '../../test/factories.ts';
import { idCheckChar } from './personnel.domain.ts';

let serial = 0;

/** A valid 身份证号 born on `birth` (YYYYMMDD) in `region`, unique per call. */
export function idNumber(region = '370102', birth = '19850612'): string {
  const first = `${region}${birth}${String(100 + (++serial % 900)).padStart(3, '0')}`;
  return first + idCheckChar(first);
}

/** An in-use elevator written straight to the registry, with the organisations that matter here. */
export async function insertElevator(ctx: AppContext, o: { regionCode?: string; useUnitId?: number | null; maintenanceOrgId?: number | null; manufacturerOrgId?: number | null; model?: string | null; status?: string }) {
  const code = regCode({ region: o.regionCode ?? '370102', serial: 5000 + ++serial });
  return ctx.store.db
    .insertInto('elevator')
    .values({
      registration_code: code, category_code: '3110', region_code: o.regionCode ?? '370102', address: `测试地址${serial}号`, status: o.status ?? 'IN_USE',
      use_unit_id: o.useUnitId ?? null, maintenance_org_id: o.maintenanceOrgId ?? null, manufacturer_org_id: o.manufacturerOrgId ?? null, model: o.model ?? null,
    } as never)
    .returning(['id', 'registration_code', 'region_code'])
    .executeTakeFirstOrThrow();
}
