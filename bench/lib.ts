/** Small helpers shared by the bench scripts: argument parsing, percentiles, timing. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `fn` over each input, returning p50/p95 in ms (after one warm-up call per input kind). */
export async function latency<T>(inputs: T[], fn: (x: T) => Promise<unknown>): Promise<{ p50: number; p95: number; n: number }> {
  await fn(inputs[0]);
  const times: number[] = [];
  for (const x of inputs) {
    const t = performance.now();
    await fn(x);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), n: times.length };
}

export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export function rss(): string {
  return `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`;
}
