import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { rulesFor } from './complaint-intake.service.ts';

/**
 * Complaint deadlines and the repeat window per region prefix (complaint_rule_setting; defaults in
 * complaints.domain.ts DEFAULT_RULES). New values apply to complaints received afterwards: running countdowns keep
 * the deadlines fixed at intake.
 */
export async function effectiveRules(ctx: AppContext, regionCode: string) {
  return { regionCode, rules: await rulesFor(ctx, regionCode) };
}

/** A regulator sets values for its own region or inside it; the platform administrator also the default (''). */
export async function setRule(ctx: AppContext, p: Principal, input: { regionPrefix: string; key: string; value: number }) {
  const admin = p.orgType === 'platform' && p.roles.includes('admin');
  const own = ctx.regions.prefix(p.regionCode);
  if (!admin && !(input.regionPrefix.startsWith(own) && input.regionPrefix !== '')) throw new AppError('REGION_OUT_OF_SCOPE');
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('complaint_rule_setting').select('value').where('region_prefix', '=', input.regionPrefix).where('key', '=', input.key).executeTakeFirst();
    await trx
      .insertInto('complaint_rule_setting')
      .values({ region_prefix: input.regionPrefix, key: input.key, value: input.value, updated_by: p.userId, updated_at: now })
      .onConflict((oc) => oc.columns(['region_prefix', 'key']).doUpdateSet({ value: input.value, updated_by: p.userId, updated_at: now }))
      .execute();
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'complaint.rule', entityType: 'complaint_rule_setting', entityId: `${input.regionPrefix || '*'}:${input.key}`, before: before ? { value: Number(before.value) } : null, after: { value: input.value } },
    ]);
  });
  const region = input.regionPrefix.padEnd(6, '0') || '370000';
  return effectiveRules(ctx, region);
}
