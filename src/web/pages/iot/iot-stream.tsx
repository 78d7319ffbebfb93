import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { StreamEvent } from '../../api/iot.types.ts';
import { openStream, type SseMessage, type StreamState } from '../../api/sse.ts';

const KNOWN = new Set(['alarm', 'live', 'summary']);

/** A parsed stream event, or undefined for unknown event names and data that is not JSON. */
export function toStreamEvent(message: SseMessage): StreamEvent | undefined {
  if (!KNOWN.has(message.event)) return undefined;
  try {
    return { type: message.event, data: JSON.parse(message.data) } as StreamEvent;
  } catch {
    return undefined;
  }
}

type Listener = (event: StreamEvent) => void;
type ReopenListener = () => void;

interface Hub {
  state: StreamState;
  subscribe: (listener: Listener) => () => void;
  onReopen: (listener: ReopenListener) => () => void;
}

const StreamContext = createContext<Hub | null>(null);

/**
 * One connection to GET /api/iot/stream for everything below it (summary cards, alarm feed, live card);
 * `elevator` also asks for that elevator's `live` events. Closed on unmount.
 */
export function IotStreamProvider({ elevator, children }: { elevator?: string; children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const reopenListeners = useRef(new Set<ReopenListener>());
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    let opened = false;
    const stop = openStream('/api/iot/stream', {
      query: { elevator },
      onState: (s) => {
        setState(s);
        if (s !== 'open') return;
        if (opened) for (const l of [...reopenListeners.current]) l();
        opened = true;
      },
      onMessage: (message) => {
        const event = toStreamEvent(message);
        if (event) for (const l of [...listeners.current]) l(event);
      },
    });
    return stop;
  }, [elevator]);

  const fns = useMemo(
    () => ({
      subscribe: (l: Listener) => {
        listeners.current.add(l);
        return () => void listeners.current.delete(l);
      },
      onReopen: (l: ReopenListener) => {
        reopenListeners.current.add(l);
        return () => void reopenListeners.current.delete(l);
      },
    }),
    [],
  );
  const hub = useMemo<Hub>(() => ({ ...fns, state }), [fns, state]);
  return <StreamContext.Provider value={hub}>{children}</StreamContext.Provider>;
}

/** Calls `handler` for every stream event (the latest handler: no need to memoise it). */
export function useIotEvents(handler: Listener): void {
  const hub = useContext(StreamContext);
  const ref = useRef(handler);
  ref.current = handler;
  const subscribe = hub?.subscribe;
  useEffect(() => subscribe?.((e) => ref.current(e)), [subscribe]);
}

/** Calls `handler` when the stream comes back after a drop: reload what may have been missed meanwhile. */
export function useStreamReopened(handler: ReopenListener): void {
  const hub = useContext(StreamContext);
  const ref = useRef(handler);
  ref.current = handler;
  const onReopen = hub?.onReopen;
  useEffect(() => onReopen?.(() => ref.current()), [onReopen]);
}

/** The connection state, for a 实时/重连中 indicator; undefined outside a provider. */
export function useStreamState(): StreamState | undefined {
  return useContext(StreamContext)?.state;
}
