import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { openTestEnv, storeKinds, type TestEnv } from '../../test/harness.ts';
import { bearer, buildRow, createOrg, regCode, toCsv, userToken, uscc } from '../../test/factories.ts';

for (const kind of storeKinds()) {
  describe(`elevator import (${kind})`, () => {
    let env: TestEnv;
    let token: string;
    before(async () => {
      env = await openTestEnv(kind);
      const regulator = await createOrg(env.ctx, { type: 'regulator', regionCode: '370000' });
      token = await userToken(env, { orgId: regulator.id, roles: ['regulator'] });
    });
    after(() => env.close());

    async function importFile(body: string | Buffer, contentType = 'text/csv') {
      const res = await env.app.inject({ method: 'POST', url: '/api/elevators/import', headers: { ...bearer(token), 'content-type': contentType, 'x-file-name': encodeURIComponent('档案.csv') }, payload: body });
      assert.equal(res.statusCode, 202, res.body);
      const { importId } = res.json();
      await env.runner.wait(importId);
      const report = await env.app.inject({ method: 'GET', url: `/api/imports/${importId}`, headers: bearer(token) });
      assert.equal(report.statusCode, 200);
      return report.json();
    }

    test('imports good rows and rejects each bad row with its line, field and reason', async () => {
      const dupCode = regCode();
      const rows = [
        buildRow({ registrationCode: dupCode }), // line 2
        buildRow({ registrationCode: '3110370102201906' }), // line 3: too short
        buildRow({ regionCode: '999999' }), // line 4
        buildRow({ useUnitCreditCode: '91370102MA3C4XY21A' }), // line 5: wrong check character
        buildRow({ manufactureDate: '2020-01-01', commissioningDate: '2019-06-20' }), // line 6
        buildRow({ registrationCode: dupCode }), // line 7: duplicate of line 2
        buildRow({ commissioningDate: '2031-01-01' }), // line 8: future
        buildRow({ ratedSpeed: '99' }), // line 9
        buildRow(), // line 10
      ];
      const r = await importFile(toCsv(rows));
      assert.equal(r.status, 'done');
      assert.equal(r.total, 9);
      assert.equal(r.imported, 2);
      assert.equal(r.rejectedCount, 7);
      const byLine = Object.fromEntries(r.rejected.map((x: { line: number; errors: { field: string }[] }) => [x.line, x.errors.map((e) => e.field)]));
      assert.deepEqual(Object.keys(byLine).map(Number), [3, 4, 5, 6, 7, 8, 9]);
      assert.deepEqual(byLine[3], ['registrationCode']);
      assert.deepEqual(byLine[4], ['regionCode']);
      assert.deepEqual(byLine[5], ['useUnitCreditCode']);
      assert.deepEqual(byLine[6], ['commissioningDate']);
      assert.deepEqual(byLine[7], ['registrationCode']);
      assert.match(r.rejected.find((x: { line: number }) => x.line === 7).errors[0].message, /第 2 行/);
      assert.deepEqual(byLine[8], ['commissioningDate']);
      assert.deepEqual(byLine[9], ['ratedSpeed']);
    });

    test('re-importing updates by 注册代码 and never duplicates', async () => {
      const a = buildRow();
      const b = buildRow();
      const first = await importFile(toCsv([a, b]));
      assert.equal(first.imported, 2);
      const second = await importFile(toCsv([{ ...a, address: '山东省济南市历下区新地址1号' }, b]));
      assert.equal(second.imported, 0);
      assert.equal(second.updated, 2);
      const rec = await env.app.inject({ method: 'GET', url: `/api/elevators/${a.registrationCode}`, headers: bearer(token) });
      assert.equal(rec.json().address, '山东省济南市历下区新地址1号');
      assert.equal(rec.json().version, 2);
      const n = await env.ctx.store.db.selectFrom('elevator').select(env.ctx.store.db.fn.countAll<number>().as('n')).where('registration_code', '=', a.registrationCode).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 1);
    });

    test('reads GBK, UTF-8 with BOM and English headers alike', async () => {
      const gbkRow = buildRow({ address: '山东省淄博市张店区人民西路88号', regionCode: '370303' });
      const gbk = await importFile(iconv.encode(toCsv([gbkRow]), 'gbk'));
      assert.equal(gbk.imported, 1, JSON.stringify(gbk.rejected));
      const rec = await env.app.inject({ method: 'GET', url: `/api/elevators/${gbkRow.registrationCode}`, headers: bearer(token) });
      assert.equal(rec.json().address, '山东省淄博市张店区人民西路88号');
      const bom = await importFile('\uFEFF' + toCsv([buildRow()]));
      assert.equal(bom.imported, 1);
      const en = await importFile(toCsv([buildRow({ category: '曳引驱动乘客电梯', status: '停用', acceptanceDate: '2019/6/1' })], 'en'));
      assert.equal(en.imported, 1, JSON.stringify(en.rejected));
    });

    test('reads XLSX with the template headers', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('电梯档案');
      const csv = toCsv([buildRow(), buildRow({ regionCode: 'abc' })]).trim().split('\n').map((l) => l.split(','));
      for (const line of csv) ws.addRow(line);
      const buf = Buffer.from(await wb.xlsx.writeBuffer());
      const r = await importFile(buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(r.imported, 1);
      assert.equal(r.rejected[0].line, 3);
      assert.equal(r.rejected[0].errors[0].field, 'regionCode');
    });

    test('maps 莱芜 3712xx codes to 济南 with a warning, not an error', async () => {
      const row = buildRow({ regionCode: '371202' });
      const r = await importFile(toCsv([row]));
      assert.equal(r.imported, 1);
      assert.equal(r.warnings[0].errors[0].field, 'regionCode');
      const rec = await env.app.inject({ method: 'GET', url: `/api/elevators/${row.registrationCode}`, headers: bearer(token) });
      assert.equal(rec.json().regionCode, '370116');
    });

    test('matches organisations by credit code and creates missing ones once', async () => {
      const code = uscc('370102');
      const rows = [buildRow({ useUnitName: '甲物业', useUnitCreditCode: code }), buildRow({ useUnitName: '甲物业服务有限公司', useUnitCreditCode: code })];
      const r = await importFile(toCsv(rows));
      assert.equal(r.imported, 2);
      const orgs = await env.ctx.store.db.selectFrom('organization').selectAll().where('credit_code', '=', code).execute();
      assert.equal(orgs.length, 1);
      assert.equal(orgs[0].type, 'use_unit');
    });

    test('rejects a rescue code already used by another elevator', async () => {
      const a = buildRow();
      await importFile(toCsv([a]));
      const r = await importFile(toCsv([buildRow({ rescueCode: a.rescueCode })]));
      assert.equal(r.imported, 0);
      assert.equal(r.rejected[0].errors[0].field, 'rescueCode');
    });

    test('fails the job with a clear message when the header lacks 注册代码', async () => {
      const r = await importFile('地址,名称\nx,y\n');
      assert.equal(r.status, 'failed');
      assert.match(r.error, /注册代码/);
    });

    test('writes an audit entry per batch naming the codes inserted', async () => {
      const row = buildRow();
      const r = await importFile(toCsv([row]));
      const entry = await env.ctx.store.db.selectFrom('audit_log').selectAll().where('entity_id', '=', r.id).executeTakeFirstOrThrow();
      assert.deepEqual((entry.after as { inserted: string[] }).inserted, [row.registrationCode]);
    });
  });
}
