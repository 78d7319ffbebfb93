import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeOf } from '../elevators/elevators.service.ts';
import { RULE_DEFAULTS, RULE_KEYS, type RuleKey } from './iot.domain.ts';
import type { IotRuntime } from './iot.runtime.ts';

/** Rule threshold overrides: a regulator sets them for its own region; every change is audited. */
export const RuleInput = z.object({
  key: z.string().max(40),
  regionCode: z.string().regex(/^(\d{6})?$/).default(''),
  vendor: z.string().trim().max(100).default(''),
  value: z.number().positive().max(10_000_000),
});

function assertRegion(ctx: AppContext, p: Principal, regionCode: string) {
  const scope = scopeOf(ctx, p);
  if (scope.kind === 'all') return;
  if (scope.kind === 'region' && !scope.placeType && regionCode && ctx.regions.prefix(regionCode).startsWith(scope.prefix)) return;
  throw new AppError('REGION_OUT_OF_SCOPE');
}

export async function put(ctx: AppContext, rt: IotRuntime, p: Principal, input: z.infer<typeof RuleInput>) {
  if (!RULE_KEYS.includes(input.key as RuleKey)) throw new AppError('RULE_KEY_UNKNOWN', { fields: [{ field: 'key', message: `可选：${RULE_KEYS.join(', ')}` }] }, { key: input.key });
  if (input.regionCode && !ctx.regions.get(input.regionCode)) throw new AppError('REGION_NOT_FOUND', { fields: [{ field: 'regionCode', message: '未知的行政区划代码' }] });
  assertRegion(ctx, p, input.regionCode);
  const prefix = input.regionCode ? ctx.regions.prefix(input.regionCode) : '';
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('iot_rule_setting').selectAll().where('key', '=', input.key).where('region_code', '=', prefix).where('vendor', '=', input.vendor).executeTakeFirst();
    await trx
      .insertInto('iot_rule_setting')
      .values({ key: input.key, region_code: prefix, vendor: input.vendor, value: input.value, updated_at: now })
      .onConflict((oc) => oc.columns(['key', 'region_code', 'vendor']).doUpdateSet({ value: input.value, updated_at: now }))
      .execute();
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'iot.rule.set', entityType: 'iot_rule', entityId: `${input.key}|${prefix}|${input.vendor}`, regionCode: input.regionCode || null, before: before ? { value: before.value } : null, after: { value: input.value } },
    ]);
  });
  await rt.settings.load();
  return { defaults: RULE_DEFAULTS, overrides: rt.settings.overrides() };
}

export async function remove(ctx: AppContext, rt: IotRuntime, p: Principal, id: number) {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('iot_rule_setting').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    assertRegion(ctx, p, row.region_code ? row.region_code.padEnd(6, '0') : '');
    await trx.deleteFrom('iot_rule_setting').where('id', '=', id).execute();
    await audit.record(trx, audit.actorOf(p), now, [
      { action: 'iot.rule.delete', entityType: 'iot_rule', entityId: `${row.key}|${row.region_code}|${row.vendor}`, before: { value: row.value }, after: null },
    ]);
  });
  await rt.settings.load();
  return { defaults: RULE_DEFAULTS, overrides: rt.settings.overrides() };
}
