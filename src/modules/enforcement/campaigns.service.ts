import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { enforcementText } from '../credit/credit-text.ts';
import { raise } from '../hazards/hazards.service.ts';
import { OVERSPEED_MADE_BY, TIER15_BEFORE, TIER20_BEFORE } from '../risk/risk.domain.ts';
import { assign } from './enforcement.domain.ts';
import type { CampaignCriteria, CampaignElevatorQuery, CampaignInput, CampaignOut, ResultInput } from './enforcement.schema.ts';
import { inPrefix, narrow, regionPrefixOf, regulatorUsers } from './enforcement.scope.ts';

/**
 * 隐患排查专项行动: elevators chosen by criteria inside the regulator's region (the registry's filters, the
 * old-elevator tiers of the risk module, the stored risk grade, open hazards), assigned to the region's regulator
 * users round-robin or by county, one result per elevator; a hazard found is raised through hazards.raise
 * (source 'supervision', `campaign:<id>`). Every change is audited.
 */

/** The most elevators one campaign takes (a province's whole stock is not a campaign; narrow the criteria). */
export const MAX_CAMPAIGN_ELEVATORS = 50_000;

function selection(ctx: AppContext, prefix: string, c: CampaignCriteria): RawBuilder<boolean> {
  const conds = [inPrefix(sql`e.region_code`, narrow(ctx, prefix, c.regionCode)), sql<boolean>`e.status = ${c.status}`];
  if (c.category) conds.push(inPrefix(sql`e.category_code`, c.category));
  if (c.placeType) conds.push(sql<boolean>`e.place_type = ${c.placeType}`);
  if (c.ageTier === '15') conds.push(sql<boolean>`e.registration_date < ${sql.lit(TIER15_BEFORE)}`);
  if (c.ageTier === '20') conds.push(sql<boolean>`e.registration_date < ${sql.lit(TIER20_BEFORE)}`);
  if (c.ageTier === 'overspeed') conds.push(sql<boolean>`e.manufacture_date <= ${sql.lit(OVERSPEED_MADE_BY)} AND e.ascending_overspeed_protection IS NOT TRUE`);
  if (c.minRiskGrade) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM risk_score rs WHERE rs.elevator_id = e.id AND rs.grade >= ${c.minRiskGrade})`);
  const openHazard = sql`EXISTS (SELECT 1 FROM hazard h WHERE h.elevator_id = e.id AND h.status NOT IN ('verified', 'closed'))`;
  if (c.hasOpenHazards === true) conds.push(sql<boolean>`${openHazard}`);
  if (c.hasOpenHazards === false) conds.push(sql<boolean>`NOT ${openHazard}`);
  return sql.join(conds, sql` AND `) as RawBuilder<boolean>;
}

const regionName = (ctx: AppContext, code: string) => ctx.regions.get(code)?.name ?? code;

/** How many elevators the criteria select, by county, with a sample: the wizard's preview. */
export async function preview(ctx: AppContext, p: Principal, criteria: CampaignCriteria) {
  const where = selection(ctx, regionPrefixOf(ctx, p), criteria);
  const { db } = ctx.store;
  const [byRegion, sample] = await Promise.all([
    sql<{ region_code: string; n: number }>`SELECT e.region_code, count(*)::int AS n FROM elevator e WHERE ${where} GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ registration_code: string; address: string; region_code: string }>`SELECT e.registration_code, e.address, e.region_code FROM elevator e WHERE ${where} ORDER BY e.region_code, e.registration_code LIMIT 10`.execute(db),
  ]);
  return {
    total: byRegion.rows.reduce((s, r) => s + r.n, 0),
    byRegion: byRegion.rows.map((r) => ({ regionCode: r.region_code, name: regionName(ctx, r.region_code), count: r.n })),
    sample: sample.rows.map((r) => ({ registrationCode: r.registration_code, address: r.address, regionCode: r.region_code })),
  };
}

export async function createCampaign(ctx: AppContext, p: Principal, input: CampaignInput): Promise<CampaignOut> {
  const prefix = regionPrefixOf(ctx, p);
  const { db } = ctx.store;
  const now = ctx.clock.now();
  if (input.endsOn < shanghaiDate(now)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'endsOn', message: '结束日期不能早于今天' }] });
  const inspectors = await regulatorUsers(db, prefix, [...new Set(input.inspectorIds)]);
  const { rows } = await sql<{ id: number; region_code: string }>`SELECT e.id, e.region_code FROM elevator e WHERE ${selection(ctx, prefix, input.criteria)}
    ORDER BY e.region_code, e.registration_code LIMIT ${MAX_CAMPAIGN_ELEVATORS + 1}`.execute(db);
  if (!rows.length) throw new AppError('CAMPAIGN_EMPTY');
  if (rows.length > MAX_CAMPAIGN_ELEVATORS) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'criteria', message: `符合条件的电梯超过 ${MAX_CAMPAIGN_ELEVATORS} 台，请缩小范围` }] });
  const plan = assign(
    rows.map((r) => ({ elevatorId: Number(r.id), regionCode: r.region_code })),
    inspectors.map((i) => ({ userId: i.id, regionCode: i.region_code })),
    input.assignment,
    (code) => ctx.regions.prefix(code),
  );
  const regionCode = input.criteria.regionCode ?? p.regionCode;
  const id = await db.transaction().execute(async (trx) => {
    const c = await trx
      .insertInto('campaign')
      .values({ name: input.name, region_code: regionCode, regulator_org_id: p.orgId, criteria: JSON.stringify(input.criteria), assignment: input.assignment, ends_on: input.endsOn, created_by: p.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < rows.length; i += 5000) {
      const batch = rows.slice(i, i + 5000);
      await sql`INSERT INTO campaign_elevator (campaign_id, elevator_id, region_code, inspector_id)
        SELECT ${c.id}, x.e, x.r, x.u FROM unnest(${batch.map((r) => Number(r.id))}::bigint[], ${batch.map((r) => r.region_code)}::text[], ${batch.map((r) => plan.get(Number(r.id))!)}::bigint[]) AS x(e, r, u)`.execute(trx);
    }
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'enforcement.campaign.create', entityType: 'campaign', entityId: String(c.id), regionCode, after: { ...input, elevators: rows.length } }]);
    return c.id;
  });
  return getCampaign(ctx, p, id);
}

interface CampaignRow {
  id: number;
  name: string;
  region_code: string;
  regulator_org_id: number;
  criteria: CampaignCriteria;
  assignment: 'round_robin' | 'by_county';
  status: 'active' | 'closed';
  ends_on: string;
  created_at: Date;
}
type P = { total: number; done: number; ok: number; hazard: number };
const PROGRESS = sql`count(*)::int AS total, (count(*) FILTER (WHERE ce.result <> 'pending'))::int AS done,
  (count(*) FILTER (WHERE ce.result = 'ok'))::int AS ok, (count(*) FILTER (WHERE ce.result = 'hazard'))::int AS hazard`;

/** Assigned to the caller: a county inspector on a city's campaign sees it (and only its own elevators). */
const assignedTo = (p: Principal) => sql<boolean>`EXISTS (SELECT 1 FROM campaign_elevator x WHERE x.campaign_id = c.id AND x.inspector_id = ${p.userId})`;

async function loadCampaign(ctx: AppContext, p: Principal, id: number): Promise<CampaignRow & { assignedOnly: boolean }> {
  const prefix = regionPrefixOf(ctx, p);
  const { rows } = await sql<CampaignRow & { in_region: boolean; assigned: boolean }>`SELECT c.*, ${inPrefix(sql`c.region_code`, prefix)} AS in_region, ${assignedTo(p)} AS assigned
    FROM campaign c WHERE c.id = ${id}`.execute(ctx.store.db);
  const row = rows[0];
  if (!row || (!row.in_region && !row.assigned)) throw new AppError('CAMPAIGN_NOT_FOUND');
  return { ...row, assignedOnly: !row.in_region };
}

async function present(ctx: AppContext, rows: CampaignRow[], detail: boolean): Promise<CampaignOut[]> {
  if (!rows.length) return [];
  const { db } = ctx.store;
  const ids = rows.map((r) => r.id);
  const today = shanghaiDate(ctx.clock.now());
  const [totals, regions, inspectors] = await Promise.all([
    sql<P & { campaign_id: number }>`SELECT ce.campaign_id, ${PROGRESS} FROM campaign_elevator ce WHERE ce.campaign_id = ANY(${ids}::bigint[]) GROUP BY 1`.execute(db),
    detail ? sql<P & { region_code: string }>`SELECT ce.region_code, ${PROGRESS} FROM campaign_elevator ce WHERE ce.campaign_id = ${ids[0]} GROUP BY 1 ORDER BY 1`.execute(db) : { rows: [] },
    detail
      ? sql<P & { user_id: number; name: string }>`SELECT ce.inspector_id AS user_id, u.display_name AS name, ${PROGRESS} FROM campaign_elevator ce JOIN app_user u ON u.id = ce.inspector_id
          WHERE ce.campaign_id = ${ids[0]} GROUP BY 1, 2 ORDER BY 2`.execute(db)
      : { rows: [] },
  ]);
  const pick = (x: P) => ({ total: x.total, done: x.done, ok: x.ok, hazard: x.hazard });
  return rows.map((r) => {
    const t = totals.rows.find((x) => Number(x.campaign_id) === r.id) ?? { total: 0, done: 0, ok: 0, hazard: 0 };
    return {
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      criteria: r.criteria,
      assignment: r.assignment,
      status: r.status,
      endsOn: r.ends_on,
      overdue: r.status === 'active' && r.ends_on < today && t.done < t.total,
      progress: pick(t),
      byRegion: regions.rows.map((x) => ({ regionCode: x.region_code, name: regionName(ctx, x.region_code), ...pick(x) })),
      byInspector: inspectors.rows.map((x) => ({ userId: Number(x.user_id), name: x.name, ...pick(x) })),
      createdAt: r.created_at.toISOString(),
    };
  });
}

export async function getCampaign(ctx: AppContext, p: Principal, id: number): Promise<CampaignOut> {
  return (await present(ctx, [await loadCampaign(ctx, p, id)], true))[0]!;
}

export async function listCampaigns(ctx: AppContext, p: Principal): Promise<{ items: CampaignOut[] }> {
  const prefix = regionPrefixOf(ctx, p);
  const { rows } = await sql<CampaignRow>`SELECT * FROM campaign c WHERE (${inPrefix(sql`c.region_code`, prefix)} OR ${assignedTo(p)}) ORDER BY (c.status = 'active') DESC, c.id DESC LIMIT 200`.execute(ctx.store.db);
  return { items: await present(ctx, rows, false) };
}

export async function campaignElevators(ctx: AppContext, p: Principal, id: number, q: z.infer<typeof CampaignElevatorQuery>) {
  const c = await loadCampaign(ctx, p, id);
  const conds = [sql<boolean>`ce.campaign_id = ${id}`];
  if (q.mine || c.assignedOnly) conds.push(sql<boolean>`ce.inspector_id = ${p.userId}`);
  if (q.result) conds.push(sql<boolean>`ce.result = ${q.result}`);
  if (q.regionCode) conds.push(inPrefix(sql`ce.region_code`, ctx.regions.prefix(q.regionCode)));
  const where = sql.join(conds, sql` AND `);
  const from = sql`FROM campaign_elevator ce JOIN elevator e ON e.id = ce.elevator_id JOIN app_user u ON u.id = ce.inspector_id`;
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<{ registration_code: string; address: string; region_code: string; inspector_id: number; name: string; result: 'pending' | 'ok' | 'hazard'; note: string | null; hazard_id: number | null; recorded_at: Date | null }>`
      SELECT e.registration_code, e.address, ce.region_code, ce.inspector_id, u.display_name AS name, ce.result, ce.note, ce.hazard_id, ce.recorded_at
      ${from} WHERE ${where} ORDER BY (ce.result = 'pending') DESC, ce.region_code, e.registration_code LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({ registrationCode: r.registration_code, address: r.address, regionCode: r.region_code, inspector: { id: Number(r.inspector_id), name: r.name }, result: r.result, note: r.note, hazardId: r.hazard_id, recordedAt: r.recorded_at?.toISOString() ?? null })),
    total: count.rows[0]?.n ?? 0,
  };
}

/** An inspector's result for one elevator (the assigned inspector, or a user of the organising regulator); once. */
export async function recordResult(ctx: AppContext, p: Principal, id: number, registrationCode: string, input: ResultInput) {
  const c = await loadCampaign(ctx, p, id);
  if (c.status !== 'active') throw new AppError('CAMPAIGN_CLOSED');
  const { db } = ctx.store;
  const row = await db
    .selectFrom('campaign_elevator as ce')
    .innerJoin('elevator as e', 'e.id', 'ce.elevator_id')
    .select(['ce.elevator_id', 'ce.inspector_id', 'ce.result', 'ce.region_code'])
    .where('ce.campaign_id', '=', id)
    .where('e.registration_code', '=', registrationCode)
    .executeTakeFirst();
  if (!row) throw new AppError('ELEVATOR_NOT_FOUND');
  if (row.inspector_id !== p.userId && c.regulator_org_id !== p.orgId) throw new AppError('CAMPAIGN_NOT_ASSIGNED');
  if (row.result !== 'pending') throw new AppError('CAMPAIGN_RESULT_RECORDED');
  if (input.result === 'hazard' && !input.hazard) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'hazard.description', message: '发现隐患须描述隐患' }] });
  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    const [h] =
      input.result === 'hazard' && input.hazard
        ? await raise(trx, now, [{ elevatorId: row.elevator_id, source: 'supervision', sourceRef: `campaign:${id}`, item: input.hazard.item ?? enforcementText('campaignItem', { name: c.name }), description: input.hazard.description, severity: input.hazard.severity, remedy: input.hazard.remedy, raisedBy: p.userId }])
        : [];
    const m = await trx
      .updateTable('campaign_elevator')
      .set({ result: input.result, note: input.note || null, hazard_id: h?.id ?? null, recorded_by: p.userId, recorded_at: now })
      .where('campaign_id', '=', id)
      .where('elevator_id', '=', row.elevator_id)
      .where('result', '=', 'pending')
      .executeTakeFirst();
    if (!Number(m.numUpdatedRows)) throw new AppError('CAMPAIGN_RESULT_RECORDED');
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'enforcement.campaign.result', entityType: 'campaign', entityId: `${id}:${registrationCode}`, regionCode: row.region_code, after: { ...input, hazardId: h?.id ?? null } }]);
  });
  return getCampaign(ctx, p, id);
}

/** The organising regulator ends the campaign; results can no longer be recorded. */
export async function closeCampaign(ctx: AppContext, p: Principal, id: number) {
  const c = await loadCampaign(ctx, p, id);
  if (c.regulator_org_id !== p.orgId && !(p.orgType === 'platform' && p.roles.includes('admin'))) throw new AppError('FORBIDDEN');
  if (c.status !== 'active') throw new AppError('CAMPAIGN_CLOSED');
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx.updateTable('campaign').set({ status: 'closed', closed_at: now }).where('id', '=', id).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'enforcement.campaign.close', entityType: 'campaign', entityId: String(id), regionCode: c.region_code, before: { status: 'active' }, after: { status: 'closed' } }]);
  });
  return getCampaign(ctx, p, id);
}
