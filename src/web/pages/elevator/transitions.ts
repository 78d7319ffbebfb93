import type { ElevatorStatus } from '../../api/types.ts';

/**
 * The lifecycle (TSG 08-2017), as the server enforces it: 在用 ⇄ 停用; 在用/停用 → 报废 → 注销;
 * 未登记 → 在用 or 报废. The modal offers only these.
 */
export const TRANSITIONS: Record<ElevatorStatus, ElevatorStatus[]> = {
  IN_USE: ['STOPPED', 'SCRAPPED'],
  STOPPED: ['IN_USE', 'SCRAPPED'],
  SCRAPPED: ['CANCELLED'],
  CANCELLED: [],
  UNREGISTERED: ['IN_USE', 'SCRAPPED'],
};

/** A restart from 停用 may need a passed periodic inspection (stop ≥ 1 year; the server decides). */
export function mayNeedInspection(from: ElevatorStatus, to: ElevatorStatus | undefined): boolean {
  return from === 'STOPPED' && to === 'IN_USE';
}
