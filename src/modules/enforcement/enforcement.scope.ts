import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { activeInRegion } from '../credit/credit.scope.ts';

/**
 * Enforcement records belong to a region: a regulator sees and acts on those inside its own region (the platform
 * administrator everywhere). Records outside are 404s. Targets must be organisations active in the region (the
 * credit files' rule), elevators inside it, inspectors users of regulators inside it.
 */
export function regionPrefixOf(ctx: AppContext, p: Principal): string {
  if (p.orgType === 'platform' && p.roles.includes('admin')) return '';
  if (p.orgType === 'regulator' || p.orgType === 'platform') return ctx.regions.prefix(p.regionCode);
  throw new AppError('FORBIDDEN');
}

export function inPrefix(column: RawBuilder<unknown>, prefix: string): RawBuilder<boolean> {
  if (!prefix) return sql<boolean>`true`;
  return sql<boolean>`(${column} >= ${prefix} AND ${column} < ${`${prefix}~`})`;
}

/** A narrower region filter inside the caller's own; REGION_OUT_OF_SCOPE outside it. */
export function narrow(ctx: AppContext, prefix: string, regionCode?: string): string {
  if (!regionCode) return prefix;
  const wanted = ctx.regions.prefix(regionCode);
  if (!wanted.startsWith(prefix)) throw new AppError('REGION_OUT_OF_SCOPE');
  return wanted;
}

/** The target organisation by credit code, active in the region; else 404 (the field named). */
export async function targetOrg(db: Kysely<DB>, prefix: string, creditCode: string, field = 'targetCreditCode') {
  const { rows } = await sql<{ id: number; credit_code: string; name: string; region_code: string }>`
    SELECT o.id, o.credit_code, o.name, o.region_code FROM organization o WHERE o.credit_code = ${creditCode} AND ${activeInRegion(prefix)}`.execute(db);
  if (!rows[0]) throw new AppError('ORG_NOT_FOUND', { fields: [{ field, message: '没有这家单位，或它不在您的辖区活动' }] });
  return rows[0];
}

/** Users of regulators inside the region, by id; every id must be one. */
export async function regulatorUsers(db: Kysely<DB>, prefix: string, ids: readonly number[], field = 'inspectorIds') {
  if (!ids.length) return [];
  const { rows } = await sql<{ id: number; display_name: string; region_code: string }>`
    SELECT u.id, u.display_name, o.region_code FROM app_user u JOIN organization o ON o.id = u.org_id
     WHERE u.id = ANY(${[...ids]}::bigint[]) AND u.active AND o.type = 'regulator' AND 'regulator' = ANY(u.roles) AND ${inPrefix(sql`o.region_code`, prefix)}`.execute(db);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((i) => !found.has(i));
  if (missing.length) throw new AppError('VALIDATION_FAILED', { fields: [{ field, message: `不是本辖区监管部门的检查人员：${missing.join('、')}` }] });
  return ids.map((i) => rows.find((r) => r.id === i)!);
}

/** The region's regulator users (for the inspector pickers). */
export async function listInspectors(ctx: AppContext, p: Principal) {
  const prefix = regionPrefixOf(ctx, p);
  const { rows } = await sql<{ id: number; display_name: string; org_name: string; region_code: string }>`
    SELECT u.id, u.display_name, o.name AS org_name, o.region_code FROM app_user u JOIN organization o ON o.id = u.org_id
     WHERE u.active AND o.type = 'regulator' AND 'regulator' = ANY(u.roles) AND ${inPrefix(sql`o.region_code`, prefix)}
     ORDER BY o.region_code, u.display_name LIMIT 500`.execute(ctx.store.db);
  return { items: rows.map((r) => ({ id: r.id, name: r.display_name, orgName: r.org_name, regionCode: r.region_code })) };
}
