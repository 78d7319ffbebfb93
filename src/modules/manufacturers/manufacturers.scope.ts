import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { elevatorScope, type Principal } from '../auth/principal.ts';

/**
 * Who sees what of the manufacturers' data. A manufacturer (or installer acting as one): its own models, elevators
 * and advice. A use unit or maintenance company: advice sent to it. Region-wide organisations: fault statistics and
 * advice over the elevators of their region, and every risk control list (product data, not regional: a city needs
 * to know the risks of a model before it arrives there). The platform's admins: everything.
 */
export type MakerScope =
  | { kind: 'all' }
  | { kind: 'region'; prefix: string }
  | { kind: 'manufacturer'; orgId: number }
  | { kind: 'recipient'; orgId: number }
  | { kind: 'none' };

export function makerScope(ctx: AppContext, p: Principal): MakerScope {
  if (p.orgType === 'manufacturer' || p.orgType === 'installer') return { kind: 'manufacturer', orgId: p.orgId };
  if (p.orgType === 'use_unit' || p.orgType === 'maintenance') return { kind: 'recipient', orgId: p.orgId };
  const s = elevatorScope(p, (c) => ctx.regions.prefix(c));
  if (s.kind === 'all') return { kind: 'all' };
  if (s.kind === 'region' && !s.placeType) return { kind: 'region', prefix: s.prefix };
  return { kind: 'none' };
}

/** The manufacturer a read is about: one's own, or the one a regulator names. */
export function manufacturerOf(scope: MakerScope, requested?: number): number {
  if (scope.kind === 'manufacturer') return scope.orgId;
  if ((scope.kind === 'all' || scope.kind === 'region') && requested) return requested;
  if (scope.kind === 'all' || scope.kind === 'region') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'manufacturerOrgId', message: '请选择制造单位' }] });
  throw new AppError('FORBIDDEN');
}
