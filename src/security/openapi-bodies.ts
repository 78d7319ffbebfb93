/** Request shapes derived from the OpenAPI document (the zod schemas as JSON Schema): the probes and fuzzing use them. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

export interface Operation {
  method: string;
  /** OpenAPI path, `{id}` style. */
  path: string;
  body?: JsonSchema;
  query: { name: string; schema: JsonSchema; required: boolean }[];
  pathParams: string[];
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[] }>>;
}

export function operationsOf(doc: unknown): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries((doc as OpenApiDoc).paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {}, required: !!p.required })),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
      });
    }
  }
  return out;
}

/** Fills the path parameters; a value already %-encoded (contains %XX) goes in as it is, a lone surrogate as U+FFFD. */
export const urlOf = (op: Operation, value: (name: string) => string) =>
  op.path.replace(/\{([^}]+)\}/g, (_, n: string) => {
    const v = value(n);
    return /%[0-9A-Fa-f]{2}/.test(v) ? v : encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
  });

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** A plausible value for a schema (the first enum member, a date for a date, 1 for a number, …). */
export function sample(s: JsonSchema, depth = 0): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sample(alt.find((a) => !typesOf(a).includes('null')) ?? alt[0], depth);
  if (s.allOf?.length) return sample(s.allOf[0], depth);
  const t = typesOf(s).find((x) => x !== 'null') ?? (s.properties ? 'object' : 'string');
  switch (t) {
    case 'object': {
      if (depth > 6) return {};
      const o: Record<string, unknown> = {};
      for (const k of s.required ?? []) o[k] = sample(s.properties?.[k] ?? {}, depth + 1);
      return o;
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return s.minimum !== undefined && s.minimum > 1 ? s.minimum : 1;
    case 'boolean':
      return false;
    default:
      if (s.format === 'date') return '2026-06-01';
      if (s.format === 'date-time') return '2026-06-01T02:00:00.000Z';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }
}

/** Paths (property names from the root) of every string-valued property of a body schema, nested objects included. */
export function stringFields(s: JsonSchema, prefix: string[] = [], depth = 0): string[][] {
  if (depth > 6) return [];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return stringFields(alt.find((a) => !typesOf(a).includes('null')) ?? alt[0], prefix, depth);
  if (s.properties) return Object.entries(s.properties).flatMap(([k, v]) => stringFields(v, [...prefix, k], depth + 1));
  if (typesOf(s).includes('string') && !s.enum && prefix.length) return [prefix];
  return [];
}

export function setPath(obj: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(obj);
  let cur: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
  return copy;
}
