/**
 * Delay before the ingest's next reconnect attempt to the broker: 1 s, 2 s, 4 s … capped at 30 s, with ±20 % jitter
 * so the nodes of a cluster (and their two lanes) do not knock on a restarting broker in step.
 */
export function reconnectDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failedAttempts));
  return Math.round(base * (0.8 + 0.4 * random()));
}
