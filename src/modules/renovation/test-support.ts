/** Helpers shared by the renovation module's store and HTTP tests. */
import type { TestEnv } from '../../test/harness.ts';
import { createOrg } from '../../test/factories.ts';

export const json = (env: TestEnv) => ({
  get: (url: string, h: Record<string, string>) => env.app.inject({ method: 'GET', url, headers: h }),
  post: (url: string, payload: unknown, h: Record<string, string>) => env.app.inject({ method: 'POST', url, headers: h, payload: payload as object }),
  put: (url: string, payload: unknown, h: Record<string, string>) => env.app.inject({ method: 'PUT', url, headers: h, payload: payload as object }),
  patch: (url: string, payload: unknown, h: Record<string, string>) => env.app.inject({ method: 'PATCH', url, headers: h, payload: payload as object }),
});

export async function orgIdByName(env: TestEnv, name: string): Promise<number> {
  return (await env.ctx.store.db.selectFrom('organization').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

let agencyId: number | undefined;
let serial = 0;

/**
 * A supervisory inspection report on file for an elevator, as the inspection module stores it (tests of acceptance
 * need the report, not the agency's upload path, which has its own tests).
 */
export async function fileSupervisoryReport(env: TestEnv, registrationCode: string, o: { kind: 'installation' | 'modernisation' | 'major_repair'; date: string; conclusion?: 'pass' | 'fail' }) {
  const { db } = env.ctx.store;
  const e = await db.selectFrom('elevator').select(['id', 'region_code']).where('registration_code', '=', registrationCode).executeTakeFirstOrThrow();
  agencyId = (await db.selectFrom('organization').select('id').where('name', '=', '改造测试检验院').executeTakeFirst())?.id ?? (await createOrg(env.ctx, { type: 'inspection', name: '改造测试检验院', regionCode: '370100' })).id;
  return db
    .insertInto('inspection_report')
    .values({
      elevator_id: e.id,
      region_code: e.region_code,
      agency_org_id: agencyId,
      report_no: `JD-${process.pid}-${++serial}`,
      type: 'acceptance',
      supervisory_kind: o.kind,
      date: o.date,
      conclusion: o.conclusion ?? 'pass',
      inspectors: JSON.stringify([{ name: '检验员', certificateNo: 'TS7-3701-0009' }]),
      signer_name: '签发人',
      signer_cert: 'TS7-3701-0001',
      measurements: '{}',
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The owners' vote that just passes the Civil Code rule (exactly 2/3 take part, exactly 3/4 of them consent). */
export const PASSING_VOTE = { heldOn: '2026-10-10', totalArea: 12_000, totalOwners: 120, participatingArea: 8_000, participatingOwners: 80, consentingArea: 6_000, consentingOwners: 60 };
