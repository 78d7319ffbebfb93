import { sql } from 'kysely';
import type { AppContext } from '../../src/server/context.ts';
import { shanghaiDate } from '../../src/server/clock.ts';
import * as audit from '../../src/modules/audit/audit.service.ts';
import { makePrincipal, SYSTEM_ACTOR, type Principal } from '../../src/modules/auth/principal.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';
import { ANNEXES, CYCLES, itemsFor } from '../../src/modules/maintenance/catalog.ts';
import * as records from '../../src/modules/maintenance/records.service.ts';
import { addDays } from '../../src/modules/inspection/schedule.ts';
import { MAINTENANCE_WORKER } from './demo-users.ts';
import { Rng } from './random.ts';

/**
 * The demo's maintenance side (智慧维保), run at every demo start after the inspection side:
 * - the worker login (README: `mworker`, the Jinan company with the most elevators) for stores seeded before it;
 * - once per store, in a few set-based statements: registered workers for every maintenance company (certificates
 *   `TSM-<org>-NNNN`; the worker login's own is `TSM-JN-0001`), 告知性登记 in each city a company works in, a contract
 *   for most in-use elevators (about 3% without one: gaps; about 1% priced far below the city median: 疑似低价),
 *   about two months of half-month visits (quarterly every sixth, a few percent of elevators left overdue, a few
 *   percent of visits too short with their flag, some lax companies skipping visits: the rates vary by company so
 *   grades differ) and each elevator's
 *   maintenance clock;
 * - then a dozen recent Jinan visits filed through the real submit service, so 核查提示 shows each kind of flag with its
 *   evidence (missing items, too short, far from the elevator, a photo reused, a value beyond limits, an unknown worker).
 */
export const MAINTENANCE_MARK = 'demo.maintenance';
const PROVINCE = '370000';
const JINAN_PREFIX = '3701';
/** Visits per elevator in the history: every 15 days back from its last one. */
const HISTORY_VISITS = 4;

/** Category → annex in SQL (the same mapping as the catalogue's 特种设备目录 column). */
const ANNEX_SQL = sql`CASE WHEN e.category_code LIKE '31%' OR e.category_code IN ('3410', '3420') THEN 'A' WHEN e.category_code LIKE '32%' THEN 'B'
  WHEN e.category_code = '3430' THEN 'C' WHEN e.category_code LIKE '33%' THEN 'D' END`;
/** A stable pseudo-random 0..n-1 from a text key. */
const h = (key: ReturnType<typeof sql>, n: number) => sql`((hashtext(${key}) & 2147483647) % ${sql.lit(n)})`;

export async function seedDemoMaintenance(ctx: AppContext): Promise<void> {
  const started = performance.now();
  const { db } = ctx.store;
  const company = await jinanTopCompany(ctx);
  if (!company) return;
  await ensureWorkerLogin(ctx, company.id);
  const done = await db.selectFrom('audit_log').select('id').where('action', '=', MAINTENANCE_MARK).limit(1).executeTakeFirst();
  if (done) return;

  const today = shanghaiDate(ctx.clock.now());
  const now = ctx.clock.now();
  const counts = await db.transaction().execute(async (trx) => {
    // Workers: about one per 30 elevators (3–40 per company); the worker login's certificate at the Jinan company.
    await sql`INSERT INTO maintenance_worker (org_id, name, certificate_no, valid_to, employed_from)
      SELECT o.id, (ARRAY['张','王','李','赵','刘','陈','杨','黄','周','吴'])[1 + ${h(sql`o.id::text || 'n' || g`, 10)}] ||
                   (ARRAY['建国','志强','海涛','立新','文博','永军','国庆','明亮','晓东','春雷','德胜','家兴'])[1 + ${h(sql`o.id::text || 'g' || g`, 12)}],
             'TSM-' || o.id || '-' || lpad(g::text, 4, '0'),
             ${addDays(today, 400)}::date + ${h(sql`o.id::text || 'v' || g`, 1000)}::int,
             ${addDays(today, -1500)}::date + ${h(sql`o.id::text || 'f' || g`, 900)}::int
        FROM organization o
        JOIN LATERAL (SELECT count(*) AS n FROM elevator e WHERE e.maintenance_org_id = o.id AND e.status = 'IN_USE') c ON true
        CROSS JOIN LATERAL generate_series(1, greatest(3, least(40, (c.n / 30)::int))) g
       WHERE o.type = 'maintenance'
      ON CONFLICT DO NOTHING`.execute(trx);
    await trx
      .insertInto('maintenance_worker')
      .values({ org_id: company.id, name: MAINTENANCE_WORKER.displayName, certificate_no: MAINTENANCE_WORKER.certificateNo, valid_to: addDays(today, 900), employed_from: addDays(today, -800), employed_to: null })
      .onConflict((oc) => oc.doNothing())
      .execute();

    // 告知性登记 in every city where a company maintains elevators.
    await sql`INSERT INTO maintenance_notification (org_id, city_code, licence_no, filed_at)
      SELECT DISTINCT e.maintenance_org_id, substr(e.region_code, 1, 4) || '00', 'TS3437' || lpad(e.maintenance_org_id::text, 6, '0'), ${now}::timestamptz - interval '400 days'
        FROM elevator e WHERE e.maintenance_org_id IS NOT NULL
      ON CONFLICT DO NOTHING`.execute(trx);

    // Contracts in force for ~97% of in-use elevators; the price by category with ±20% spread, ~1% far below the median.
    const contracts = await sql`INSERT INTO maintenance_contract (org_id, elevator_id, region_code, category_code, starts_on, ends_on, price_per_year, scope, created_by, created_at)
      SELECT e.maintenance_org_id, e.id, e.region_code, e.category_code, s.starts_on, s.starts_on + interval '3 years' - interval '1 day',
             round(base.p * (CASE WHEN ${h(sql`e.id::text || 'd'`, 100)} = 0 THEN 0.3 ELSE 0.8 + ${h(sql`e.id::text || 'p'`, 40)} / 100.0 END) / 50) * 50,
             CASE WHEN ${h(sql`e.id::text || 's'`, 10)} < 2 THEN 'full' ELSE 'standard' END, NULL, ${now}
        FROM elevator e
        CROSS JOIN LATERAL (SELECT (${today}::date - ${h(sql`e.id::text || 'c'`, 700)}::int) AS starts_on) s
        CROSS JOIN LATERAL (SELECT CASE WHEN e.category_code LIKE '33%' THEN 6500 WHEN e.category_code IN ('3410', '3420') THEN 7000 WHEN e.category_code = '3430' THEN 2500
                                        WHEN e.category_code LIKE '32%' THEN 4500 WHEN e.category_code = '3120' THEN 5500 ELSE 5000 END AS p) base
       WHERE e.status = 'IN_USE' AND e.maintenance_org_id IS NOT NULL AND ${h(sql`e.id::text || 'gap'`, 100)} >= 3
         AND NOT EXISTS (SELECT 1 FROM maintenance_contract c WHERE c.elevator_id = e.id)`.execute(trx);

    // History: the last visit 0–14 days ago (16–40 for ~4% of elevators: overdue; none for ~1%), then every 15 days back.
    const templates = ANNEXES.flatMap((annex) => CYCLES.map((cycle) => ({ annex, cycle, items: JSON.stringify(itemsFor(annex, cycle).map((i) => ({ code: i.code, result: 'ok', ...(i.judgeType === 'NUMERIC' && i.min !== null ? { value: i.max !== null ? Math.round(((i.min + i.max) / 2) * 100) / 100 : i.min } : {}) }))) })));
    const tpl = sql.join(templates.map((x) => sql`(${x.annex}, ${x.cycle}, ${x.items}::jsonb)`));
    const history = await sql`WITH tpl(annex, cycle, items) AS (VALUES ${tpl}),
      v AS (
        SELECT e.id AS elevator_id, e.region_code, e.maintenance_org_id AS org_id, e.latitude, e.longitude, ${ANNEX_SQL} AS annex, k,
               (${today}::date - (CASE WHEN ${h(sql`e.id::text || 'o'`, 100)} < 1 + ${h(sql`e.maintenance_org_id::text || 'od'`, 15)} THEN 16 + ${h(sql`e.id::text || 'x'`, 25)} ELSE ${h(sql`e.id::text || 'l'`, 15)} END)::int - 15 * k) AS day,
               CASE WHEN (${h(sql`e.id::text`, 6)} + k) % 6 = 0 THEN 'quarter' ELSE 'half_month' END AS cycle,
               ${h(sql`e.id::text || 'h' || k`, 540)} AS minute,
               ${h(sql`e.id::text || 'q' || k`, 100)} < 1 + ${h(sql`e.maintenance_org_id::text || 'rate'`, 15)} AS short,
               ${h(sql`e.maintenance_org_id::text || 'lax'`, 8)} = 0 AND ${h(sql`e.id::text || 'skip' || k`, 3)} = 0 AS skipped
          FROM elevator e CROSS JOIN generate_series(0, ${HISTORY_VISITS - 1}) k
         WHERE e.status = 'IN_USE' AND e.maintenance_org_id IS NOT NULL AND ${h(sql`e.id::text || 'never'`, 100)} > 0
      )
      INSERT INTO maintenance_record (elevator_id, region_code, org_id, cycle, started_at, ended_at, start_lat, start_lon, end_lat, end_lon, items, parts, created_by, created_at)
      SELECT v.elevator_id, v.region_code, v.org_id, v.cycle, t.started_at,
             t.started_at + make_interval(mins => CASE WHEN v.short THEN 8 + v.minute % 8 WHEN v.cycle = 'quarter' THEN 55 + v.minute % 50 ELSE 28 + v.minute % 35 END),
             v.latitude, v.longitude, v.latitude, v.longitude, tpl.items, '[]'::jsonb, NULL, t.started_at + interval '2 hours'
        FROM v JOIN tpl ON tpl.annex = v.annex AND tpl.cycle = v.cycle
        CROSS JOIN LATERAL (SELECT (v.day::text || ' 08:00:00+08')::timestamptz + make_interval(mins => v.minute) AS started_at) t
       WHERE v.day < ${today}::date AND NOT v.skipped`.execute(trx);

    // Who worked: one or two of the company's workers per visit (numbered by certificate).
    await sql`WITH w AS (SELECT org_id, certificate_no, name, row_number() OVER (PARTITION BY org_id ORDER BY certificate_no) AS rn, count(*) OVER (PARTITION BY org_id) AS n FROM maintenance_worker)
      INSERT INTO maintenance_record_worker (record_id, certificate_no, name, elevator_id, started_at, ended_at)
      SELECT r.id, w.certificate_no, w.name, r.elevator_id, r.started_at, r.ended_at
        FROM maintenance_record r JOIN w ON w.org_id = r.org_id
         AND (w.rn = 1 + ${h(sql`r.elevator_id::text || 'w'`, 1000)} % w.n OR (w.rn = 1 + (${h(sql`r.elevator_id::text || 'w'`, 1000)} + 1) % w.n AND ${h(sql`r.id::text || 'two'`, 3)} = 0))
       WHERE r.created_by IS NULL
      ON CONFLICT DO NOTHING`.execute(trx);

    // The short visits carry the flag the real check would have raised.
    await sql`INSERT INTO maintenance_flag (record_id, region_code, org_id, code, message, evidence, status, created_at)
      SELECT r.id, r.region_code, r.org_id, 'TOO_SHORT',
             '作业时长 ' || round(extract(epoch FROM r.ended_at - r.started_at) / 60) || ' 分钟，低于' || CASE r.cycle WHEN 'quarter' THEN '季度' ELSE '半月' END || '维保的合理下限 ' || CASE r.cycle WHEN 'quarter' THEN 40 ELSE 20 END || ' 分钟',
             jsonb_build_object('minutes', round(extract(epoch FROM r.ended_at - r.started_at) / 60), 'min', CASE r.cycle WHEN 'quarter' THEN 40 ELSE 20 END),
             CASE WHEN ${h(sql`r.id::text || 'rv'`, 10)} < 3 THEN 'dismissed' ELSE 'open' END, r.created_at
        FROM maintenance_record r
       WHERE r.created_by IS NULL AND r.ended_at - r.started_at < interval '20 minutes'
      ON CONFLICT DO NOTHING`.execute(trx);

    // Each elevator's clock from its history (the real service moves it for the visits filed below).
    await sql`INSERT INTO maintenance_due (elevator_id, region_code, last_visit, last_quarter, last_half_year, last_year, next_due)
      SELECT r.elevator_id, min(r.region_code), max(d), max(d) FILTER (WHERE r.cycle <> 'half_month'), NULL, NULL, max(d) + 15
        FROM maintenance_record r CROSS JOIN LATERAL (SELECT (r.started_at AT TIME ZONE 'Asia/Shanghai')::date AS d) x
       GROUP BY r.elevator_id
      ON CONFLICT (elevator_id) DO UPDATE SET last_visit = excluded.last_visit, last_quarter = excluded.last_quarter, next_due = excluded.next_due`.execute(trx);
    return { contracts: Number(contracts.numAffectedRows ?? 0), records: Number(history.numAffectedRows ?? 0) };
  });

  const filed = await fileFlagged(ctx, company, today);
  await db.transaction().execute((trx) =>
    audit.record(trx, SYSTEM_ACTOR, now, [{ action: MAINTENANCE_MARK, entityType: 'maintenance_record', entityId: 'demo', regionCode: PROVINCE, after: { ...counts, filed } }]),
  );
  ctx.log.info({ ...counts, filed, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'demo maintenance history ready');
}

interface Company {
  id: number;
  name: string;
  region_code: string;
}

/** The Jinan maintenance company with the most elevators (the README's `mworker` and `mrescue` work there). */
async function jinanTopCompany(ctx: AppContext): Promise<Company | undefined> {
  const { rows } = await sql<Company>`SELECT o.id, o.name, o.region_code FROM organization o JOIN elevator e ON e.maintenance_org_id = o.id
     WHERE o.type = 'maintenance' AND o.region_code LIKE ${`${JINAN_PREFIX}%`} GROUP BY o.id ORDER BY count(*) DESC, o.id LIMIT 1`.execute(ctx.store.db);
  return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : undefined;
}

/** The worker login, for stores seeded before it existed (a fresh store gets it with the other demo users). */
async function ensureWorkerLogin(ctx: AppContext, orgId: number): Promise<void> {
  const { db } = ctx.store;
  const u = MAINTENANCE_WORKER;
  const exists = await db.selectFrom('app_user').select('id').where('username', '=', u.username).executeTakeFirst();
  if (exists) return;
  await db.insertInto('app_user').values({ username: u.username, display_name: u.displayName, password_hash: await hashPassword(u.password), org_id: orgId, roles: ['maintenance'], phone: null }).execute();
}

type Twist = 'clean' | 'missing' | 'short' | 'far' | 'photoA' | 'photoB' | 'outOfLimits' | 'unknownWorker';
const TWISTS: Twist[] = ['clean', 'missing', 'short', 'far', 'clean', 'photoA', 'photoB', 'outOfLimits', 'unknownWorker', 'clean', 'far', 'missing'];

/** Recent visits through records.submit, so each kind of flag is raised by the real checks with its evidence. */
async function fileFlagged(ctx: AppContext, company: Company, today: string): Promise<number> {
  const { db } = ctx.store;
  const { rows: elevators } = await sql<{ registration_code: string; category_code: string; latitude: number | null; longitude: number | null }>`
    SELECT e.registration_code, e.category_code, e.latitude, e.longitude FROM elevator e
     WHERE e.maintenance_org_id = ${company.id} AND e.status = 'IN_USE' AND e.latitude IS NOT NULL AND (e.category_code LIKE '31%' OR e.category_code LIKE '33%')
     ORDER BY e.id LIMIT ${TWISTS.length}`.execute(db);
  const user = await db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', MAINTENANCE_WORKER.username).executeTakeFirst();
  const p: Principal = makePrincipal({ userId: user ? Number(user.id) : 0, username: MAINTENANCE_WORKER.username, displayName: user?.display_name ?? MAINTENANCE_WORKER.displayName, orgId: company.id, orgName: company.name, orgType: 'maintenance', regionCode: company.region_code, roles: ['maintenance'] });
  const workers = await db.selectFrom('maintenance_worker').select(['name', 'certificate_no']).where('org_id', '=', company.id).orderBy('certificate_no').limit(6).execute();
  const rng = new Rng(66);
  const reusedPhoto = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'.replace(/^e3/, 'd5');
  const nowMs = ctx.clock.now().getTime();
  let n = 0;
  for (const [i, e] of elevators.entries()) {
    const twist = TWISTS[i]!;
    const annex = e.category_code.startsWith('33') ? 'D' : 'A';
    const items = itemsFor(annex, 'half_month');
    // Spread over the last days, each visit ending at least an hour ago.
    const start = new Date(nowMs - (i + 1) * 5 * 3600_000 - rng.int(0, 60) * 60_000);
    const minutes = twist === 'short' ? 9 : 35 + rng.int(0, 30);
    const end = new Date(start.getTime() + minutes * 60_000);
    const lat = Number(e.latitude);
    const lon = Number(e.longitude);
    const away = twist === 'far' ? 0.03 : 0.0004;
    const answered = (twist === 'missing' ? items.slice(0, items.length - 4) : items).map((it) => {
      const value = it.judgeType === 'NUMERIC' && it.min !== null ? (twist === 'outOfLimits' ? (it.max !== null ? it.max * 1.5 : it.min * 0.5) : it.max !== null ? (it.min + it.max) / 2 : it.min) : undefined;
      return { code: it.code, result: 'ok' as const, ...(value !== undefined ? { value: Math.round(value * 100) / 100 } : {}) };
    });
    const photos = items
      .filter((it) => it.judgeType === 'NUMERIC' || /制动器/.test(it.name))
      .map((it, j) => ({ sha256: twist.startsWith('photo') && j === 0 ? reusedPhoto : fakeSha(`${e.registration_code}-${it.code}`), takenAt: iso(new Date(start.getTime() + (j + 5) * 60_000)), itemCode: it.code }));
    const w = workers.length ? [{ name: workers[i % workers.length]!.name, certificateNo: workers[i % workers.length]!.certificate_no }] : [];
    if (twist === 'unknownWorker') w.push({ name: '周临时', certificateNo: 'TSM-TEMP-0099' });
    try {
      await records.submit(ctx, p, {
        registrationCode: e.registration_code,
        cycle: 'half_month',
        startedAt: iso(start),
        endedAt: iso(end),
        workers: w.length ? w : [{ name: MAINTENANCE_WORKER.displayName, certificateNo: MAINTENANCE_WORKER.certificateNo }],
        startLocation: { lat: lat + away, lon: lon + away },
        endLocation: { lat: lat + away / 2, lon },
        items: answered,
        photos,
        parts: i % 4 === 0 ? [{ name: '层门滑块', quantity: 2 }] : [],
        hazards:
          i % 5 === 0
            ? [{ item: '曳引钢丝绳', description: '钢丝绳断丝接近报废标准，建议更换', severity: 'serious', remedy: 'repair' }]
            : i % 7 === 0
              ? [{ item: '控制柜', description: '控制系统老化、故障频发，建议整体改造', severity: 'general', remedy: 'modernise' }]
              : [],
      });
      n++;
    } catch (err) {
      ctx.log.warn({ err, registrationCode: e.registration_code, twist }, 'demo maintenance record not filed');
    }
  }
  void today;
  return n;
}

/** ISO with +08:00, as the worker's phone sends it. */
function iso(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

/** A stable 64-hex name for a photo that was never uploaded (the demo has no image bytes). */
function fakeSha(key: string): string {
  let out = '';
  let x = 2166136261;
  for (let round = 0; out.length < 64; round++) {
    for (const c of `${key}#${round}`) x = Math.imul(x ^ c.charCodeAt(0), 16777619) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}
