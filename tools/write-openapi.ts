/**
 * npm run openapi: writes docs/openapi.json from the running route table (zod schemas → OpenAPI).
 * The file is committed; src/server/http/openapi.test.ts fails when it differs from what the code produces.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openTestEnv } from '../src/test/harness.ts';

export const OPENAPI_FILE = path.resolve(import.meta.dirname, '../docs/openapi.json');

export function stableOpenApi(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const env = await openTestEnv('pglite');
  const res = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
  fs.writeFileSync(OPENAPI_FILE, stableOpenApi(res.json()));
  await env.close();
  console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}
