import { useEffect, useState } from 'react';
import { openStream } from '../../api/sse.ts';

/** Events of the live streams that change what the cockpit counts (the IoT stream's periodic summary does not). */
const COUNTED = new Set(['alarm', 'incident']);

/**
 * A counter bumped when an alarm or a 96333 incident changes anywhere in the user's scope (the existing SSE streams
 * /api/iot/stream and /api/emergency/stream), at most every `minGapMs`, so live panels read their figures again.
 * `enabled` per stream follows the user's permissions.
 */
export function useLiveRefresh(streams: { iot: boolean; emergency: boolean }, minGapMs = 3000): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bump = () => {
      if (timer) return;
      const wait = Math.max(0, last + minGapMs - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        last = Date.now();
        setTick((n) => n + 1);
      }, wait);
    };
    const stops = [
      streams.iot && openStream('/api/iot/stream', { onMessage: (m) => COUNTED.has(m.event) && bump() }),
      streams.emergency && openStream('/api/emergency/stream', { onMessage: (m) => COUNTED.has(m.event) && bump() }),
    ];
    return () => {
      clearTimeout(timer);
      for (const stop of stops) if (stop) stop();
    };
  }, [streams.iot, streams.emergency, minGapMs]);
  return tick;
}
