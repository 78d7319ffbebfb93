import { t, type KeysUnder } from '../../i18n.ts';

/** A key under `web.elevator.field`: the Chinese label of a registry field. */
export type FieldKey = KeysUnder<'web.elevator.field'>;

export function fieldLabel(key: FieldKey): string {
  return t(`web.elevator.field.${key}`);
}
