import { sql, type Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { tiersOf } from '../risk/risk.domain.ts';

/**
 * What the platform already knows about an elevator, handed to the assessing agency with the commission (GB/T 42615
 * inputs: equipment, use management, maintenance records, age, fault and entrapment history, inspection
 * non-conformities). Stored with the assessment as of the day it was commissioned.
 */
export async function dataPack(db: Kysely<DB>, elevatorId: number, now: Date) {
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
  const [e, reports, hazards, faults, calls, visits, flags, risk] = await Promise.all([
    db
      .selectFrom('elevator as e')
      .leftJoin('organization as u', 'u.id', 'e.use_unit_id')
      .leftJoin('organization as m', 'm.id', 'e.maintenance_org_id')
      .select(['e.registration_code', 'e.category_code', 'e.address', 'e.place_type', 'e.manufacturer_name', 'e.model', 'e.factory_no', 'e.manufacture_date', 'e.commissioning_date', 'e.registration_date', 'e.floors', 'e.rated_speed', 'e.rated_load', 'e.ascending_overspeed_protection', 'u.name as use_unit', 'm.name as maintenance'])
      .where('e.id', '=', elevatorId)
      .executeTakeFirstOrThrow(),
    db.selectFrom('inspection_report').select(['report_no', 'type', 'date', 'conclusion']).where('elevator_id', '=', elevatorId).orderBy('date', 'desc').limit(5).execute(),
    db.selectFrom('hazard').select(['id', 'source', 'item', 'description', 'severity', 'remedy', 'status', 'deadline']).where('elevator_id', '=', elevatorId).where('status', 'not in', ['verified', 'closed']).orderBy('id').execute(),
    sql<{ type: string; n: number }>`SELECT type, count(*)::int AS n FROM alarm WHERE elevator_id = ${elevatorId} AND opened_at >= ${yearAgo} GROUP BY 1 ORDER BY 2 DESC`.execute(db),
    sql<{ type: string; n: number }>`SELECT type, count(*)::int AS n FROM incident WHERE elevator_id = ${elevatorId} AND received_at >= ${yearAgo} AND status <> 'cancelled' GROUP BY 1 ORDER BY 1`.execute(db),
    db.selectFrom('maintenance_due').select(['last_visit', 'last_quarter', 'last_half_year', 'last_year', 'next_due']).where('elevator_id', '=', elevatorId).executeTakeFirst(),
    sql<{ code: string; n: number }>`SELECT f.code, count(*)::int AS n FROM maintenance_flag f JOIN maintenance_record r ON r.id = f.record_id
      WHERE r.elevator_id = ${elevatorId} AND f.created_at >= ${yearAgo} AND f.status <> 'dismissed' GROUP BY 1 ORDER BY 2 DESC`.execute(db),
    db.selectFrom('risk_score').select(['score', 'grade', 'model_version', 'computed_at']).where('elevator_id', '=', elevatorId).executeTakeFirst(),
  ]);
  return {
    asOf: now.toISOString(),
    equipment: e,
    tiers: tiersOf({ registrationDate: e.registration_date, manufactureDate: e.manufacture_date, ascendingOverspeedProtection: e.ascending_overspeed_protection }),
    inspections: reports,
    openHazards: hazards,
    faults12m: faults.rows,
    calls12m: calls.rows,
    maintenance: { clock: visits ?? null, flags12m: flags.rows },
    risk: risk ?? null,
  };
}
