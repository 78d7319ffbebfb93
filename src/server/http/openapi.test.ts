import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openTestEnv } from '../../test/harness.ts';
import { OPENAPI_FILE, stableOpenApi } from '../../../tools/write-openapi.ts';

test('docs/openapi.json is what the code produces (run `npm run openapi` after changing a route)', async () => {
  const env = await openTestEnv('pglite');
  try {
    const res = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.ok(doc.paths['/api/elevators']);
    assert.equal(fs.readFileSync(OPENAPI_FILE, 'utf8'), stableOpenApi(doc));
    const docs = await env.app.inject({ method: 'GET', url: '/api/docs' });
    assert.ok(docs.statusCode === 200 || docs.statusCode === 302);
  } finally {
    await env.close();
  }
});

test('every API route states who may call it', async () => {
  const env = await openTestEnv('pglite');
  try {
    const res = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
    // A route without config.auth is refused for everyone by the auth hook; here we prove no documented route is.
    for (const [url, methods] of Object.entries(res.json().paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(methods)) {
        const r = await env.app.inject({ method: method.toUpperCase() as 'GET', url: url.replace(/\{[^}]+\}/g, '1') });
        assert.notEqual(r.json?.().error?.details?.reason, 'route has no access rule', `${method} ${url}`);
      }
    }
  } finally {
    await env.close();
  }
});
