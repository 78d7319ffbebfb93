import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, toCsv, userToken } from '../../test/factories.ts';
import { contentHash, periodRange } from './publication.service.ts';

test('periodRange: quarters, including a leap February and December', () => {
  assert.deepEqual(periodRange('2024Q1'), { from: '2024-01-01', to: '2024-03-31', lastMonth: '2024-03' });
  assert.deepEqual(periodRange('2026Q3'), { from: '2026-07-01', to: '2026-09-30', lastMonth: '2026-09' });
  assert.deepEqual(periodRange('2026Q4'), { from: '2026-10-01', to: '2026-12-31', lastMonth: '2026-12' });
});

/** A quarter's statistics: prepared, reviewed by someone else, public and frozen; corrections are new versions. */
for (const kind of storeKinds()) {
  describe(`publication (${kind})`, () => {
    let env: TestEnv;
    let admin: Record<string, string>;
    let preparer: Record<string, string>;
    let reviewer: Record<string, string>;
    let qingdao: Record<string, string>;
    let useUnit: Record<string, string>;
    const A = buildRow({ regionCode: '370102' });
    const B = buildRow({ regionCode: '370102' });
    const C = buildRow({ regionCode: '370103' });
    const Q = buildRow({ regionCode: '370202', address: '山东省青岛市市南区香港中路1号' });
    const get = (url: string, h: Record<string, string> = {}) => env.app.inject({ method: 'GET', url, headers: h });
    const post = (url: string, payload: unknown, h: Record<string, string>) => env.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
    let ids: Record<string, number>;
    let agencyId: number;

    const incident = (elevator: 'A' | 'B' | 'C' | 'Q', received: string, dispatchS: number, arriveS: number) => {
      const at = new Date(received);
      return {
        elevator_id: ids[elevator]!, region_code: elevator === 'Q' ? '370202' : elevator === 'C' ? '370103' : '370102', place_type: 'RESIDENTIAL', urban: true,
        source: 'phone' as const, channels: ['phone'], type: 'trapped' as const, status: 'closed' as const, received_at: at,
        dispatched_at: new Date(at.getTime() + dispatchS * 1000), arrived_at: new Date(at.getTime() + arriveS * 1000), rescued_at: new Date(at.getTime() + (arriveS + 600) * 1000), rescued_count: 1,
      };
    };

    before(async () => {
      env = await openTestEnv(kind, { now: '2026-11-30T02:00:00Z' });
      const { ctx } = env;
      const db = ctx.store.db;
      const platform = await db.selectFrom('organization').select('id').where('type', '=', 'platform').executeTakeFirst();
      admin = bearer(await userToken(env, { orgId: (platform ?? (await createOrg(ctx, { type: 'platform' }))).id, roles: ['admin'] }));
      const imp = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: toCsv([A, B, C, Q]) });
      await env.runner.wait(imp.json().importId);
      const rows = await db.selectFrom('elevator').select(['id', 'registration_code']).execute();
      const byCode = new Map(rows.map((r) => [r.registration_code, Number(r.id)]));
      ids = { A: byCode.get(A.registrationCode)!, B: byCode.get(B.registrationCode)!, C: byCode.get(C.registrationCode)!, Q: byCode.get(Q.registrationCode)! };
      const jinanOrg = await createOrg(ctx, { type: 'regulator', regionCode: '370100' });
      preparer = bearer(await userToken(env, { orgId: jinanOrg.id, roles: ['regulator'], username: 'jn-preparer' }));
      reviewer = bearer(await userToken(env, { orgId: jinanOrg.id, roles: ['regulator'], username: 'jn-reviewer' }));
      qingdao = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'regulator', regionCode: '370200' })).id, roles: ['regulator'] }));
      useUnit = bearer(await userToken(env, { orgId: (await createOrg(ctx, { type: 'use_unit', regionCode: '370102' })).id, roles: ['use_unit'] }));
      // Q3 2026 in 济南: three entrapments, dispatched in 2, 2 and 4 minutes, arriving in 20, 25 and 40 minutes; one in 青岛.
      await db
        .insertInto('incident')
        .values([incident('A', '2026-07-10T02:00:00Z', 120, 1200), incident('B', '2026-08-10T02:00:00Z', 120, 1500), incident('C', '2026-09-10T02:00:00Z', 240, 2400), incident('Q', '2026-08-01T02:00:00Z', 60, 600), incident('A', '2026-10-02T02:00:00Z', 60, 600)])
        .execute();
      // Inspections: A and C within the 12 months before 2026-09-30, B's last one is older; a pending one does not count.
      agencyId = (await createOrg(ctx, { type: 'inspection', regionCode: '370100' })).id;
      const report = (e: 'A' | 'B' | 'C', no: string, date: string, conclusion: 'pass' | 'pending') => ({
        elevator_id: ids[e]!, region_code: e === 'C' ? '370103' : '370102', agency_org_id: agencyId, report_no: no, type: 'periodic' as const, date, conclusion,
        inspectors: JSON.stringify([]), signer_name: '签', signer_cert: 'C1', measurements: JSON.stringify({}), created_at: new Date('2026-11-01T00:00:00Z'),
      });
      await db.insertInto('inspection_report').values([report('A', 'R1', '2026-03-01', 'pass'), report('C', 'R2', '2025-10-01', 'pass'), report('B', 'R3', '2025-09-30', 'pass'), report('B', 'R4', '2026-05-01', 'pending')]).execute();
    });
    after(() => env.close());

    let draftId: number;
    let hash: string;

    test('a regulator prepares a closed quarter of its city: the figures are computed from the records and hashed', async () => {
      const res = await post('/api/publications', { regionCode: '370100', period: '2026Q3' }, preparer);
      assert.equal(res.statusCode, 201, res.body);
      const d = res.json();
      draftId = d.id;
      hash = d.contentSha256;
      assert.deepEqual([d.status, d.version, d.regionName, d.publishedAt, d.preparedBy], ['draft', 1, '山东省济南市', null, 'jn-preparer']);
      assert.equal(contentHash(d.content), hash);
      const c = d.content;
      assert.deepEqual([c.from, c.to], ['2026-07-01', '2026-09-30']);
      // 96333: 3 entrapments in the quarter (the October one and 青岛's are outside), 2 of 3 dispatched within 3 minutes, 2 of 3 arrived within 30.
      assert.deepEqual([c.emergency.summary.incidents, c.emergency.summary.trappedIncidents, c.emergency.summary.peopleRescued], [3, 3, 3]);
      assert.equal(c.emergency.summary.responseRate3min, 0.6667);
      assert.equal(c.emergency.summary.arrivalRate30min, 0.6667);
      assert.equal(c.emergency.summary.avgArrivalMinutes, Math.round(((1200 + 1500 + 2400) / 3 / 60) * 100) / 100);
      assert.deepEqual(c.emergency.byRegion.map((r: { regionCode: string; incidents: number }) => [r.regionCode, r.incidents]), [['370102', 2], ['370103', 1]]);
      // Inspection coverage: A and C inspected within the year up to 2026-09-30; B's report of 2025-09-30 is one day too old.
      assert.deepEqual([c.inspection.inUse, c.inspection.covered, c.inspection.coverage], [3, 2, 0.6667]);
      assert.deepEqual(c.inspection.byRegion.map((r: { regionCode: string; inUse: number; covered: number }) => [r.regionCode, r.inUse, r.covered]), [['370102', 2, 1], ['370103', 1, 1]]);
      // Maintenance grades of the quarter's last month: every company of the region, counted by grade.
      assert.equal(c.maintenance.gradePeriod, '2026-09');
      assert.deepEqual(c.maintenance.companies.map((m: { name: string }) => m.name), ['济南测试电梯工程有限公司']);
      const dist = c.maintenance.grades;
      assert.equal(dist.A + dist.B + dist.C + dist.D, 1);
      assert.deepEqual(d.actions, ['discard']);
    });

    test('refused: an open quarter, a county, another city, a second draft, someone without the right', async () => {
      const open = await post('/api/publications', { regionCode: '370100', period: '2026Q4' }, preparer);
      assert.deepEqual([open.statusCode, open.json().error.code], [409, 'PUBLICATION_PERIOD_OPEN']);
      const county = await post('/api/publications', { regionCode: '370102', period: '2026Q3' }, preparer);
      assert.deepEqual([county.statusCode, county.json().error.code, county.json().error.details.fields[0].field], [400, 'PUBLICATION_REGION_LEVEL', 'regionCode']);
      assert.equal((await post('/api/publications', { regionCode: '370100', period: '2026Q3' }, qingdao)).json().error.code, 'REGION_OUT_OF_SCOPE');
      assert.equal((await post('/api/publications', { regionCode: '370100', period: '2026Q3' }, reviewer)).json().error.code, 'PUBLICATION_DRAFT_EXISTS');
      assert.equal((await post('/api/publications', { regionCode: '370100', period: '2026-3' }, preparer)).statusCode, 400);
      assert.equal((await get(`/api/publications/${draftId}`, qingdao)).json().error.code, 'PUBLICATION_NOT_FOUND');
      assert.equal((await get('/api/publications', qingdao)).json().total, 0);
      assert.equal((await get(`/api/publications/${draftId}`, useUnit)).statusCode, 403);
    });

    test('a draft is not public; its preparer cannot approve it; approval names the figures reviewed', async () => {
      assert.equal((await get('/api/public/releases')).json().total, 0);
      assert.equal((await get(`/api/public/releases/${draftId}`)).statusCode, 404);
      const self = await post(`/api/publications/${draftId}/approve`, { contentSha256: hash }, preparer);
      assert.deepEqual([self.statusCode, self.json().error.code], [409, 'PUBLICATION_SELF_REVIEW']);
      const other = await post(`/api/publications/${draftId}/approve`, { contentSha256: 'f'.repeat(64) }, reviewer);
      assert.equal(other.json().error.code, 'PUBLICATION_CHANGED');
      assert.deepEqual((await get(`/api/publications/${draftId}`, reviewer)).json().actions, ['approve', 'discard']);
      const ok = await post(`/api/publications/${draftId}/approve`, { contentSha256: hash, note: '数据核对无误' }, reviewer);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual([ok.json().status, ok.json().reviewedBy, ok.json().publishedAt], ['published', 'jn-reviewer', '2026-11-30T02:00:00.000Z']);
      assert.equal((await post(`/api/publications/${draftId}/approve`, { contentSha256: hash }, reviewer)).json().error.code, 'PUBLICATION_NOT_DRAFT');
      assert.equal((await post(`/api/publications/${draftId}/discard`, { note: 'x' }, reviewer)).json().error.code, 'PUBLICATION_NOT_DRAFT');
    });

    test('the public reads exactly what was approved, and no official’s name', async () => {
      const list = (await get('/api/public/releases?regionCode=370100')).json();
      assert.equal(list.total, 1);
      assert.deepEqual(Object.keys(list.items[0]).sort(), ['correctionNote', 'id', 'period', 'publishedAt', 'regionCode', 'regionName', 'status', 'supersededBy', 'version']);
      const one = (await get(`/api/public/releases/${draftId}`)).json();
      assert.deepEqual(Object.keys(one).sort(), ['content', 'contentSha256', 'correctionNote', 'id', 'period', 'publishedAt', 'regionCode', 'regionName', 'status', 'supersededBy', 'version']);
      assert.equal(one.contentSha256, hash);
      assert.equal(contentHash(one.content), hash);
      const text = JSON.stringify(one);
      for (const secret of ['jn-preparer', 'jn-reviewer', '数据核对无误']) assert.ok(!text.includes(secret), secret);
      assert.equal((await get('/api/public/releases?regionCode=370200')).json().total, 0);
    });

    test('the store refuses to change or delete a published release, whoever asks', async () => {
      const db = env.ctx.store.db;
      await assert.rejects(sql`UPDATE publication SET content = '{}'::jsonb WHERE id = ${draftId}`.execute(db), /cannot be changed/);
      await assert.rejects(sql`UPDATE publication SET status = 'draft' WHERE id = ${draftId}`.execute(db), /cannot be changed/);
      await assert.rejects(sql`DELETE FROM publication WHERE id = ${draftId}`.execute(db), /cannot be deleted/);
      const still = await db.selectFrom('publication').select(['content_sha256', 'status']).where('id', '=', draftId).executeTakeFirstOrThrow();
      assert.deepEqual([still.content_sha256, still.status], [hash, 'published']);
    });

    test('a correction is a new version with a note; the old one stays readable, superseded, with its old figures', async () => {
      const noNote = await post('/api/publications', { regionCode: '370100', period: '2026Q3' }, preparer);
      assert.deepEqual([noNote.statusCode, noNote.json().error.details.fields[0].field], [400, 'correctionNote']);
      // A late-entered September entrapment changes the figures.
      await env.ctx.store.db.insertInto('incident').values(incident('B', '2026-09-20T02:00:00Z', 60, 900)).execute();
      const v2 = await post('/api/publications', { regionCode: '370100', period: '2026Q3', correctionNote: '补录9月困人事件1起' }, preparer);
      assert.equal(v2.statusCode, 201, v2.body);
      assert.deepEqual([v2.json().version, v2.json().content.emergency.summary.incidents], [2, 4]);
      assert.notEqual(v2.json().contentSha256, hash);
      // Discarded drafts stay on record and make room for another.
      const discarded = await post(`/api/publications/${v2.json().id}/discard`, { note: '先核对其他区县' }, reviewer);
      assert.equal(discarded.json().status, 'discarded');
      await assert.rejects(sql`UPDATE publication SET status = 'draft' WHERE id = ${v2.json().id}`.execute(env.ctx.store.db), /discarded/);
      const v3 = (await post('/api/publications', { regionCode: '370100', period: '2026Q3', correctionNote: '补录9月困人事件1起' }, preparer)).json();
      assert.equal(v3.version, 3);
      const ok = await post(`/api/publications/${v3.id}/approve`, { contentSha256: v3.contentSha256 }, reviewer);
      assert.equal(ok.statusCode, 200, ok.body);
      const list = (await get('/api/public/releases?regionCode=370100&period=2026Q3')).json();
      assert.deepEqual(list.items.map((i: { version: number; status: string; supersededBy: number | null }) => [i.version, i.status, i.supersededBy]), [[3, 'published', null], [1, 'superseded', v3.id]]);
      const old = (await get(`/api/public/releases/${draftId}`)).json();
      assert.deepEqual([old.status, old.contentSha256, old.content.emergency.summary.incidents], ['superseded', hash, 3]);
      assert.equal((await get(`/api/public/releases/${v3.id}`)).json().correctionNote, '补录9月困人事件1起');
      const audit = await env.ctx.store.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'publication').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['publication.prepare', 'publication.approve', 'publication.prepare', 'publication.discard', 'publication.prepare', 'publication.approve']);
    });
  });
}
