import { Badge } from 'antd';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { IncidentChange } from '../../api/emergency.types.ts';
import { openStream, type SseMessage, type StreamState } from '../../api/sse.ts';
import { t } from '../../i18n.ts';

/** An `incident` event's change, or undefined for other events and data that is not JSON. */
export function toIncidentChange(message: SseMessage): IncidentChange | undefined {
  if (message.event !== 'incident') return undefined;
  try {
    const data = JSON.parse(message.data) as IncidentChange;
    return typeof data?.incidentId === 'number' ? data : undefined;
  } catch {
    return undefined;
  }
}

type Listener = (change: IncidentChange) => void;

interface Hub {
  state: StreamState;
  subscribe: (listener: Listener) => () => void;
  onReopen: (listener: () => void) => () => void;
}

const Context = createContext<Hub | null>(null);

/** One connection to GET /api/emergency/stream for everything below it (board, drawer, task list). */
export function EmergencyStreamProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const reopen = useRef(new Set<() => void>());
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    let opened = false;
    return openStream('/api/emergency/stream', {
      onState: (s) => {
        setState(s);
        if (s !== 'open') return;
        // Back after a drop: whatever changed meanwhile was not pushed, so listeners reload.
        if (opened) for (const l of [...reopen.current]) l();
        opened = true;
      },
      onMessage: (m) => {
        const change = toIncidentChange(m);
        if (change) for (const l of [...listeners.current]) l(change);
      },
    });
  }, []);

  const fns = useMemo(
    () => ({
      subscribe: (l: Listener) => {
        listeners.current.add(l);
        return () => void listeners.current.delete(l);
      },
      onReopen: (l: () => void) => {
        reopen.current.add(l);
        return () => void reopen.current.delete(l);
      },
    }),
    [],
  );
  const hub = useMemo<Hub>(() => ({ ...fns, state }), [fns, state]);
  return <Context.Provider value={hub}>{children}</Context.Provider>;
}

/** Calls `handler` on every incident change (and with no change when the stream came back after a drop). */
export function useIncidentChanges(handler: (change: IncidentChange | undefined) => void): void {
  const hub = useContext(Context);
  const ref = useRef(handler);
  ref.current = handler;
  const subscribe = hub?.subscribe;
  const onReopen = hub?.onReopen;
  useEffect(() => subscribe?.((c) => ref.current(c)), [subscribe]);
  useEffect(() => onReopen?.(() => ref.current(undefined)), [onReopen]);
}

/**
 * `fn` at most once per `ms` after a burst of calls (trailing edge): a dispatch writes several events at once, and
 * the board should be fetched once for them.
 */
export function debounce(fn: () => void, ms: number): { call: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    call: () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        fn();
      }, ms);
    },
    cancel: () => clearTimeout(timer),
  };
}

/** 实时推送中 / 正在重连 as a small status dot. */
export function EmergencyStreamBadge() {
  const state = useContext(Context)?.state;
  if (!state) return null;
  const [status, text] =
    state === 'open'
      ? (['processing', t('web.emergency.stream.open')] as const)
      : state === 'retrying'
        ? (['warning', t('web.emergency.stream.retrying')] as const)
        : state === 'closed'
          ? (['error', t('web.emergency.stream.closed')] as const)
          : (['default', t('web.emergency.stream.connecting')] as const);
  return <Badge status={status} text={text} data-testid="emergency-stream-state" data-state={state} />;
}
