import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { ModelsOut, RiskItemInput, RiskItemOut, RiskItemQuery } from './manufacturers.schema.ts';
import { makerScope, manufacturerOf } from './manufacturers.scope.ts';

type Row = { id: number; manufacturer_org_id: number; org_name: string; model: string; risk: string; controls: string; status: z.infer<typeof RiskItemOut>['status']; review_on: string | null; updated_at: Date; version: number };

const present = (r: Row, today: string): z.infer<typeof RiskItemOut> => ({
  id: r.id, manufacturer: { id: r.manufacturer_org_id, name: r.org_name }, model: r.model, risk: r.risk, controls: r.controls, status: r.status,
  reviewOn: r.review_on, reviewDue: r.status !== 'closed' && r.review_on !== null && r.review_on < today, updatedAt: r.updated_at.toISOString(), version: r.version,
});

/** The 风险管控清单: a manufacturer's own; regulators any manufacturer's (or all when none is named). */
export async function listRiskItems(ctx: AppContext, p: Principal, q: z.infer<typeof RiskItemQuery>) {
  const scope = makerScope(ctx, p);
  const conds = [];
  if (scope.kind === 'manufacturer') conds.push(sql<boolean>`r.manufacturer_org_id = ${scope.orgId}`);
  else if (scope.kind !== 'all' && scope.kind !== 'region') throw new AppError('FORBIDDEN');
  else if (q.manufacturerOrgId) conds.push(sql<boolean>`r.manufacturer_org_id = ${q.manufacturerOrgId}`);
  if (q.model) conds.push(sql<boolean>`r.model = ${q.model}`);
  if (q.status) conds.push(sql<boolean>`r.status = ${q.status}`);
  const where = conds.length ? sql.join(conds, sql` AND `) : sql`true`;
  const { rows } = await sql<Row>`SELECT r.*, o.name AS org_name FROM manufacturer_risk_item r JOIN organization o ON o.id = r.manufacturer_org_id
    WHERE ${where} ORDER BY o.name, r.model, r.status, r.id LIMIT 1000`.execute(ctx.store.db);
  const today = shanghaiDate(ctx.clock.now());
  return rows.map((r) => present(r, today));
}

export async function saveRiskItem(ctx: AppContext, p: Principal, input: z.infer<typeof RiskItemInput>, id?: number) {
  const scope = makerScope(ctx, p);
  if (scope.kind !== 'manufacturer') throw new AppError('FORBIDDEN');
  const now = ctx.clock.now();
  const saved = await ctx.store.db.transaction().execute(async (trx) => {
    const values = { model: input.model, risk: input.risk, controls: input.controls, status: input.status, review_on: input.reviewOn ?? null, updated_at: now };
    let before: unknown = null;
    let row: { id: number };
    if (id) {
      const old = await trx.selectFrom('manufacturer_risk_item').selectAll().where('id', '=', id).where('manufacturer_org_id', '=', scope.orgId).forUpdate().executeTakeFirst();
      if (!old) throw new AppError('RISK_ITEM_NOT_FOUND');
      before = { model: old.model, risk: old.risk, controls: old.controls, status: old.status, reviewOn: old.review_on };
      row = await trx.updateTable('manufacturer_risk_item').set((eb) => ({ ...values, version: eb('version', '+', 1) })).where('id', '=', id).returning('id').executeTakeFirstOrThrow();
    } else {
      row = await trx.insertInto('manufacturer_risk_item').values({ ...values, manufacturer_org_id: scope.orgId, created_by: p.userId, created_at: now }).returning('id').executeTakeFirstOrThrow();
    }
    await audit.record(trx, audit.actorOf(p), now, [{ action: id ? 'manufacturer.risk_item.update' : 'manufacturer.risk_item.create', entityType: 'manufacturer_risk_item', entityId: String(row.id), before, after: input }]);
    return row.id;
  });
  const { rows } = await sql<Row>`SELECT r.*, o.name AS org_name FROM manufacturer_risk_item r JOIN organization o ON o.id = r.manufacturer_org_id WHERE r.id = ${saved}`.execute(ctx.store.db);
  return present(rows[0]!, shanghaiDate(now));
}

/** The manufacturer's models with their in-use elevators (a regulator: those in its region). */
export async function listModels(ctx: AppContext, p: Principal, manufacturerOrgId?: number): Promise<z.infer<typeof ModelsOut>> {
  const scope = makerScope(ctx, p);
  const org = manufacturerOf(scope, manufacturerOrgId);
  const region = scope.kind === 'region' ? sql`AND e.region_code >= ${scope.prefix} AND e.region_code < ${`${scope.prefix}~`}` : sql``;
  const { rows } = await sql<{ model: string; n: number }>`
    SELECT coalesce(e.model, '') AS model, count(*)::int AS n FROM elevator e
     WHERE e.manufacturer_org_id = ${org} AND e.status = 'IN_USE' ${region} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.store.db);
  return { items: rows.map((r) => ({ model: r.model, elevators: r.n })) };
}
