import type { AppContext } from '../../server/context.ts';
import { presentPublic } from './elevators.presenter.ts';
import * as repo from './elevators.repo.ts';
import type { PublicElevatorOut } from './elevators.schema.ts';

/** A 20-digit 注册代码 or a 5–7 digit 救援识别码; anything else cannot be an elevator. */
const PUBLIC_CODE = /^(\d{20}|\d{5,7})$/;

/** The public record of an elevator, or undefined when the code names none. */
export async function publicLookup(ctx: AppContext, rawCode: string): Promise<PublicElevatorOut | undefined> {
  const code = rawCode.trim();
  if (!PUBLIC_CODE.test(code)) return undefined;
  const row = await repo.getPublic(ctx.store.db, code);
  return row ? presentPublic(ctx, row) : undefined;
}
