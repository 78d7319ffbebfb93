import messages from '../../locales/zh-CN.json';

type Web = (typeof messages)['web'];
type Leaves<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}`;
}[keyof T & string];

/** A UI text key under `web`, e.g. `web.registry.title` (checked at compile time). */
export type MessageKey = `web.${Leaves<Web>}`;
/** The last key segments under a prefix, e.g. `KeysUnder<'web.elevator.field'>` → 'address' | … */
export type KeysUnder<P extends string> = MessageKey extends infer M ? (M extends `${P}.${infer K}` ? K : never) : never;
/** Enumerations with Chinese labels: status, place type, org type, role … */
export type EnumGroup = keyof Web['enums'];
export type Vars = Record<string, string | number>;

function lookup(path: string): string | undefined {
  let node: unknown = messages;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Fills `{name}` placeholders. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all));
}

/** The Chinese UI text for a key; the key itself if missing (visible, never blank). */
export function t(key: MessageKey, vars?: Vars): string {
  return format(lookup(key) ?? key, vars);
}

/** Label of an enumeration value (status IN_USE → 在用); unknown values are shown as they are. */
export function enumLabel(group: EnumGroup, code: string | null | undefined): string {
  if (!code) return '';
  // Looked up directly: codes may contain dots themselves (audit actions such as elevator.status).
  const labels = messages.web.enums[group] as Record<string, string>;
  return Object.hasOwn(labels, code) ? labels[code] : code;
}

/** All codes of an enumeration in locale order, with labels: for Select options. */
export function enumOptions(group: EnumGroup): { value: string; label: string }[] {
  return Object.entries(messages.web.enums[group] as Record<string, string>).map(([value, label]) => ({ value, label }));
}
