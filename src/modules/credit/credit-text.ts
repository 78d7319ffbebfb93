import zh from '../../../locales/zh-CN.json' with { type: 'json' };

type Tree = { [k: string]: string | Tree };
const ROOTS = { credit: (zh as unknown as { credit: Tree }).credit, enforcement: (zh as unknown as { enforcement: Tree }).enforcement };

function lookup(root: Tree, path: string): string | undefined {
  let node: string | Tree | undefined = root;
  for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in vars ? String(vars[k]) : all));
}

/** Texts the server writes for people (event summaries), from locales/zh-CN.json `credit.*`. */
export function creditText(key: string, vars: Record<string, string | number> = {}): string {
  return fill(lookup(ROOTS.credit, key) ?? key, vars);
}

/** Texts of the enforcement module, from locales/zh-CN.json `enforcement.*`. */
export function enforcementText(key: string, vars: Record<string, string | number> = {}): string {
  return fill(lookup(ROOTS.enforcement, key) ?? key, vars);
}
