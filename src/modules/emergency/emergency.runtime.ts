import type { AppContext } from '../../server/context.ts';
import { unregisterConsumer } from '../events/outbox.ts';
import { IncidentFeed } from './incident-feed.ts';
import { IOT_CONSUMER, registerIotIntake } from './iot-intake.ts';
import { SlaSweeper } from './sla-sweeper.ts';

/** The 96333 module at run time: the legal clocks' sweeper, the board's feed, and intake from IoT alarms. */
export interface EmergencyRuntime {
  sweeper: SlaSweeper;
  feed: IncidentFeed;
  stop(): Promise<void>;
}

export async function startEmergency(ctx: AppContext, opts: { background?: boolean } = {}): Promise<EmergencyRuntime> {
  const background = opts.background ?? true;
  const feed = new IncidentFeed(ctx);
  const sweeper = new SlaSweeper(ctx, { intervalMs: 1000, onFired: () => feed.nudge() });
  registerIotIntake(ctx, () => feed.nudge());
  await feed.start(background ? 1000 : 0);
  if (background) sweeper.start();
  return {
    sweeper,
    feed,
    async stop() {
      unregisterConsumer(IOT_CONSUMER);
      await sweeper.stop();
      await feed.stop();
    },
  };
}
