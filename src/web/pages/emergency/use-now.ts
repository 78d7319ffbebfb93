import { useEffect, useState } from 'react';

/** The server's time (browser time plus `offsetMs`), re-rendering every second so countdowns tick. */
export function useNow(offsetMs = 0, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    setNow(Date.now() + offsetMs);
    const timer = setInterval(() => setNow(Date.now() + offsetMs), intervalMs);
    return () => clearInterval(timer);
  }, [offsetMs, intervalMs]);
  return now;
}
