import type { AppContext } from '../../src/server/context.ts';
import { shanghaiDate } from '../../src/server/clock.ts';
import * as publication from '../../src/modules/publication/publication.service.ts';
import { principalOf } from './seed-addon-insurance.ts';

/**
 * The demo's published statistics, once per store, through the publication service (so the figures are the demo
 * province's own and every step is audited): 济南's last closed quarter prepared by `jinan` and approved by the
 * province's `regulator`, the quarter before that likewise, and 青岛's last quarter prepared by `qingdao` and left
 * as a draft waiting for review — so the 信息公开 page shows both states and /public/releases has content.
 */
export async function seedDemoPublication(ctx: AppContext): Promise<void> {
  const { db } = ctx.store;
  if (await db.selectFrom('publication').select('id').limit(1).executeTakeFirst()) return;
  const [jinan, qingdao, province] = await Promise.all(['jinan', 'qingdao', 'regulator'].map((u) => principalOf(ctx, u)));
  if (!jinan || !qingdao || !province) return;
  const today = shanghaiDate(ctx.clock.now());
  const [last, before] = lastClosedQuarters(today);
  const started = performance.now();
  for (const period of [before, last]) {
    const draft = await publication.prepare(ctx, jinan, { regionCode: '370100', period });
    await publication.approve(ctx, province, draft.id, { contentSha256: draft.contentSha256, note: '数据已核对' });
  }
  await publication.prepare(ctx, qingdao, { regionCode: '370200', period: last });
  ctx.log.info({ ms: Math.round(performance.now() - started) }, 'demo statistics releases seeded');
}

function lastClosedQuarters(today: string): [string, string] {
  const y = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3); // 0 when today is in Q1
  const last = q === 0 ? { y: y - 1, q: 4 } : { y, q };
  const before = last.q === 1 ? { y: last.y - 1, q: 4 } : { y: last.y, q: last.q - 1 };
  return [`${last.y}Q${last.q}`, `${before.y}Q${before.q}`];
}
