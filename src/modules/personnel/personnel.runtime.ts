import type { AppContext } from '../../server/context.ts';
import { every } from '../../server/background.ts';
import { runDetections } from './detections.service.ts';

/** The 挂证 detections once a day on every node (idempotent: findings are upserted by fingerprint). */
export interface PersonnelRuntime {
  tick(): Promise<unknown>;
  stop(): Promise<void>;
}

export function startPersonnel(ctx: AppContext, opts: { background?: boolean } = {}): PersonnelRuntime {
  const tick = () => runDetections(ctx);
  const job = every(ctx, 'personnel detections', 24 * 3600_000, tick, opts.background !== false);
  return { tick, stop: () => job.stop() };
}
