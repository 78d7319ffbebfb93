import { sql, type Kysely } from 'kysely';
import zh from '../../../locales/zh-CN.json' with { type: 'json' };
import type { DB } from '../../server/db/schema.ts';
import type { DetectionKind } from '../../server/db/tables/personnel.ts';
import { monthsBefore, overlapOf, type PersonnelRules } from './personnel.domain.ts';

/**
 * The four 挂证 detections, each one set-based query over the whole province (a batch job, not a request path).
 * Every finding names its evidence — the organisations, periods, record and report ids and dates — and a stable
 * fingerprint, so a regulator's decision on it survives the next run.
 */
export interface Finding {
  kind: DetectionKind;
  fingerprint: string;
  personId: number | null;
  subjectName: string;
  certificateNo: string | null;
  regionCodes: string[];
  summary: string;
  evidence: Record<string, unknown>;
}

export interface DetectContext {
  db: Kysely<DB>;
  /** Today, Asia/Shanghai. */
  today: string;
  /** Province-wide rules (record look-back). */
  rules: PersonnelRules;
  /** The rules of one region (cap, never-seen months), cached by the caller. */
  rulesFor(regionCode: string): Promise<PersonnelRules>;
}

const T = zh.personnel.detection;
const fill = (tpl: string, vars: Record<string, string | number>) => tpl.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
const orgList = (names: string[]) => names.map((n) => `「${n}」`).join('和');

/** (1a) One person employed by two organisations over overlapping periods. */
export async function overlappingEmployments(c: DetectContext): Promise<Finding[]> {
  const { rows } = await sql<{
    person_id: number; name: string; certs: string | null;
    a_id: number; a_org: number; a_name: string; a_region: string; a_role: string; a_from: string; a_to: string | null;
    b_id: number; b_org: number; b_name: string; b_region: string; b_role: string; b_from: string; b_to: string | null;
  }>`
    SELECT a.person_id, p.name, (SELECT string_agg(c.number, '、' ORDER BY c.number) FROM person_certificate c WHERE c.person_id = a.person_id) AS certs,
           a.id AS a_id, a.org_id AS a_org, oa.name AS a_name, oa.region_code AS a_region, a.role AS a_role, a.employed_from AS a_from, a.employed_to AS a_to,
           b.id AS b_id, b.org_id AS b_org, ob.name AS b_name, ob.region_code AS b_region, b.role AS b_role, b.employed_from AS b_from, b.employed_to AS b_to
      FROM person_employment a
      JOIN person_employment b ON b.person_id = a.person_id AND b.org_id > a.org_id
       AND (b.employed_to IS NULL OR a.employed_from <= b.employed_to) AND (a.employed_to IS NULL OR b.employed_from <= a.employed_to)
      JOIN person p ON p.id = a.person_id
      JOIN organization oa ON oa.id = a.org_id
      JOIN organization ob ON ob.id = b.org_id
     ORDER BY a.person_id, a.org_id, b.org_id, a.employed_from, b.employed_from`.execute(c.db);
  const byPair = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.person_id}:${r.a_org}:${r.b_org}`;
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  return [...byPair.entries()].map(([key, pair]) => {
    const first = pair[0]!;
    const overlaps = pair.map((r) => overlapOf({ from: r.a_from, to: r.a_to }, { from: r.b_from, to: r.b_to })!);
    const overlap = overlaps.reduce((x, y) => (y.from < x.from ? y : x));
    const employments = new Map<number, object>();
    for (const r of pair) {
      employments.set(r.a_id, { id: r.a_id, org: { id: r.a_org, name: r.a_name }, role: r.a_role, from: r.a_from, to: r.a_to });
      employments.set(r.b_id, { id: r.b_id, org: { id: r.b_org, name: r.b_name }, role: r.b_role, from: r.b_from, to: r.b_to });
    }
    return {
      kind: 'multi_employer' as const,
      fingerprint: `multi_employer:employment:${key}`,
      personId: first.person_id,
      subjectName: first.name,
      certificateNo: first.certs?.split('、')[0] ?? null,
      regionCodes: [...new Set([first.a_region, first.b_region])],
      summary: fill(T.multiEmployer, { name: first.name, certificates: first.certs ?? '—', orgs: orgList([first.a_name, first.b_name]), from: overlap.from, to: overlap.to ?? T.openEnded }),
      evidence: { basis: 'employment', certificates: first.certs?.split('、') ?? [], overlap, employments: [...employments.values()] },
    };
  });
}

/** (1b) One certificate in the maintenance records or inspection reports of two organisations in the same month. */
export async function recordsAtTwoCompanies(c: DetectContext): Promise<Finding[]> {
  const since = monthsBefore(c.today, c.rules['records.months']);
  const { rows } = await sql<{ cert: string; month: string; org_id: number; org_name: string; src: string; n: number; first: string; last: string; refs: number[]; regions: string[]; org_region: string; person_id: number | null; person_name: string | null }>`
    WITH uses AS (
      SELECT w.certificate_no AS cert, r.org_id, 'maintenance' AS src, r.id AS ref, (w.started_at AT TIME ZONE 'Asia/Shanghai')::date AS day, r.region_code
        FROM maintenance_record_worker w JOIN maintenance_record r ON r.id = w.record_id
       WHERE w.started_at >= (${since}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
      UNION
      SELECT ri.certificate_no, r.agency_org_id, 'inspection', r.id, r.date, r.region_code
        FROM inspection_report_inspector ri JOIN inspection_report r ON r.id = ri.report_id WHERE r.date >= ${since}
      UNION
      SELECT r.signer_cert, r.agency_org_id, 'inspection', r.id, r.date, r.region_code FROM inspection_report r WHERE r.date >= ${since}
    ), monthly AS (
      SELECT cert, to_char(day, 'YYYY-MM') AS month, org_id, src, count(*)::int AS n, min(day) AS first, max(day) AS last,
             (array_agg(ref::int ORDER BY day, ref))[1:5] AS refs, array_agg(DISTINCT region_code::text) AS regions
        FROM uses GROUP BY 1, 2, 3, 4
    )
    SELECT m.*, o.name AS org_name, o.region_code AS org_region,
           (SELECT c.person_id FROM person_certificate c WHERE c.number = m.cert ORDER BY c.id LIMIT 1) AS person_id,
           (SELECT p.name FROM person_certificate c JOIN person p ON p.id = c.person_id WHERE c.number = m.cert ORDER BY c.id LIMIT 1) AS person_name
      FROM monthly m JOIN organization o ON o.id = m.org_id
     WHERE (m.cert, m.month) IN (SELECT cert, month FROM monthly GROUP BY cert, month HAVING count(DISTINCT org_id) > 1)
     ORDER BY m.cert, m.month, m.org_id`.execute(c.db);
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(`${r.cert}:${r.month}`, [...(groups.get(`${r.cert}:${r.month}`) ?? []), r]);
  return [...groups.entries()].map(([key, g]) => {
    const first = g[0]!;
    const name = first.person_name ?? first.cert;
    return {
      kind: 'multi_employer' as const,
      fingerprint: `multi_employer:records:${key}`,
      personId: first.person_id,
      subjectName: name,
      certificateNo: first.cert,
      regionCodes: [...new Set(g.flatMap((r) => [...r.regions, r.org_region]))],
      summary: fill(T.multiEmployerRecords, { certificate: first.cert, name, month: first.month, orgs: orgList([...new Set(g.map((r) => r.org_name))]) }),
      evidence: { basis: 'records', month: first.month, uses: g.map((r) => ({ org: { id: r.org_id, name: r.org_name }, source: r.src, count: r.n, first: r.first, last: r.last, ids: r.refs })) },
    };
  });
}

/** (2) A registered maintenance worker or inspector in no record or report of their organisation for N months. */
export async function neverSeen(c: DetectContext): Promise<Finding[]> {
  const { rows } = await sql<{ id: number; source: 'maintenance_worker' | 'inspector'; org_id: number; org_name: string; region_code: string; name: string; certificate_no: string; employed_from: string; last_seen: string | null; person_id: number | null }>`
    SELECT w.id, 'maintenance_worker' AS source, w.org_id, o.name AS org_name, o.region_code, w.name, w.certificate_no, w.employed_from,
           (SELECT max((rw.started_at AT TIME ZONE 'Asia/Shanghai')::date) FROM maintenance_record_worker rw JOIN maintenance_record r ON r.id = rw.record_id
             WHERE rw.certificate_no = w.certificate_no AND r.org_id = w.org_id) AS last_seen,
           (SELECT c.person_id FROM person_certificate c WHERE c.kind = 'T' AND c.number = w.certificate_no) AS person_id
      FROM maintenance_worker w JOIN organization o ON o.id = w.org_id
     WHERE (w.employed_to IS NULL OR w.employed_to >= ${c.today}) AND w.employed_from <= ${c.today}
    UNION ALL
    SELECT i.id, 'inspector', i.org_id, o.name, o.region_code, i.name, i.certificate_no, i.employed_from,
           GREATEST((SELECT max(r.date) FROM inspection_report_inspector ri JOIN inspection_report r ON r.id = ri.report_id
                      WHERE ri.certificate_no = i.certificate_no AND r.agency_org_id = i.org_id),
                    (SELECT max(r.date) FROM inspection_report r WHERE r.agency_org_id = i.org_id AND r.signer_cert = i.certificate_no)),
           (SELECT c.person_id FROM person_certificate c WHERE c.kind = 'inspector' AND c.number = i.certificate_no)
      FROM inspector i JOIN organization o ON o.id = i.org_id
     WHERE (i.employed_to IS NULL OR i.employed_to >= ${c.today}) AND i.employed_from <= ${c.today}`.execute(c.db);
  const out: Finding[] = [];
  for (const r of rows) {
    const months = (await c.rulesFor(r.region_code))['neverSeen.months'];
    const cutoff = monthsBefore(c.today, months);
    // Registered for less than the window: too early to tell.
    if (r.employed_from > cutoff || (r.last_seen && r.last_seen >= cutoff)) continue;
    out.push({
      kind: 'never_seen',
      fingerprint: `never_seen:${r.source}:${r.id}`,
      personId: r.person_id,
      subjectName: r.name,
      certificateNo: r.certificate_no,
      regionCodes: [r.region_code],
      summary: fill(T.neverSeen, { org: r.org_name, name: r.name, certificate: r.certificate_no, since: r.last_seen ?? r.employed_from }),
      evidence: { registration: { source: r.source, id: r.id, org: { id: r.org_id, name: r.org_name }, certificateNo: r.certificate_no, employedFrom: r.employed_from }, lastSeen: r.last_seen, windowFrom: cutoff, months },
    });
  }
  return out;
}

/** (3) A safety manager currently responsible for more elevators than the region's cap. */
export async function overloadedManagers(c: DetectContext): Promise<Finding[]> {
  const min = await c.db.selectFrom('personnel_rule_setting').select((eb) => eb.fn.min('value').as('v')).where('key', '=', 'safetyManager.cap').executeTakeFirst();
  const floor = Math.min(Number(min?.v ?? Infinity), c.rules['safetyManager.cap']);
  const { rows } = await sql<{ person_id: number; name: string; n: number; region: string; regions: string[]; sample: string[]; units: { id: number; name: string; count: number }[] }>`
    SELECT a.person_id, p.name, count(*)::int AS n, min(a.region_code) AS region, array_agg(DISTINCT a.region_code::text) AS regions,
           (array_agg(e.registration_code::text ORDER BY e.registration_code))[1:20] AS sample,
           (SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'count', x.n) ORDER BY o.name)
              FROM (SELECT a2.use_unit_id, count(*)::int AS n FROM safety_manager_assignment a2 WHERE a2.person_id = a.person_id AND a2.assigned_to IS NULL GROUP BY a2.use_unit_id) x
              JOIN organization o ON o.id = x.use_unit_id) AS units
      FROM safety_manager_assignment a JOIN person p ON p.id = a.person_id JOIN elevator e ON e.id = a.elevator_id
     WHERE a.assigned_to IS NULL
     GROUP BY a.person_id, p.name HAVING count(*) > ${floor}`.execute(c.db);
  const out: Finding[] = [];
  for (const r of rows) {
    // The cap of the region the elevators are in (the lowest code when they span several).
    const cap = (await c.rulesFor(r.region))['safetyManager.cap'];
    if (r.n <= cap) continue;
    out.push({
      kind: 'manager_overload',
      fingerprint: `manager_overload:${r.person_id}`,
      personId: r.person_id,
      subjectName: r.name,
      certificateNo: null,
      regionCodes: r.regions,
      summary: fill(T.managerOverload, { name: r.name, count: r.n, cap }),
      evidence: { count: r.n, cap, capRegion: r.region, useUnits: r.units, registrationCodes: r.sample },
    });
  }
  return out;
}

/**
 * (4) A certificate used after its expiry: a T certificate on a maintenance record, an inspector's on a report (on
 * site or signing) dated after it expired, or a safety manager still responsible for elevators with no A
 * certificate in date.
 */
export async function expiredInUse(c: DetectContext): Promise<Finding[]> {
  const since = monthsBefore(c.today, c.rules['records.months']);
  const { rows } = await sql<{ kind: 'T' | 'inspector'; number: string; expires_on: string; person_id: number; name: string; n: number; first: string; last: string; refs: number[]; regions: string[] }>`
    SELECT c.kind, c.number, c.expires_on, c.person_id, p.name, count(*)::int AS n, min(u.day) AS first, max(u.day) AS last,
           (array_agg(u.ref::int ORDER BY u.day DESC, u.ref))[1:10] AS refs, array_agg(DISTINCT u.region_code::text) AS regions
      FROM person_certificate c JOIN person p ON p.id = c.person_id
      JOIN LATERAL (
        SELECT r.id AS ref, (rw.started_at AT TIME ZONE 'Asia/Shanghai')::date AS day, r.region_code
          FROM maintenance_record_worker rw JOIN maintenance_record r ON r.id = rw.record_id
         WHERE c.kind = 'T' AND rw.certificate_no = c.number
           AND rw.started_at >= (GREATEST(c.expires_on + 1, ${since}::date))::timestamp AT TIME ZONE 'Asia/Shanghai'
        UNION
        SELECT r.id, r.date, r.region_code FROM inspection_report_inspector ri JOIN inspection_report r ON r.id = ri.report_id
         WHERE c.kind = 'inspector' AND ri.certificate_no = c.number AND r.date > c.expires_on AND r.date >= ${since}
        UNION
        SELECT r.id, r.date, r.region_code FROM inspection_report r
         WHERE c.kind = 'inspector' AND r.signer_cert = c.number AND r.date > c.expires_on AND r.date >= ${since}
      ) u ON true
     WHERE c.kind IN ('T', 'inspector') AND c.expires_on IS NOT NULL AND c.expires_on < ${c.today}
     GROUP BY c.kind, c.number, c.expires_on, c.person_id, p.name
     ORDER BY c.number`.execute(c.db);
  const out: Finding[] = rows.map((r) => ({
    kind: 'expired_in_use' as const,
    fingerprint: `expired_in_use:${r.kind}:${r.number}`,
    personId: r.person_id,
    subjectName: r.name,
    certificateNo: r.number,
    regionCodes: r.regions,
    summary: fill(T.expiredInUse, { name: r.name, certificate: r.number, expiresOn: r.expires_on, count: r.n }),
    evidence: { certificate: { kind: r.kind, number: r.number, expiresOn: r.expires_on }, source: r.kind === 'T' ? 'maintenance' : 'inspection', count: r.n, first: r.first, last: r.last, ids: r.refs },
  }));
  const managers = await sql<{ person_id: number; name: string; n: number; regions: string[]; sample: string[]; expires_on: string | null; number: string | null }>`
    SELECT a.person_id, p.name, count(*)::int AS n, array_agg(DISTINCT a.region_code::text) AS regions,
           (array_agg(e.registration_code::text ORDER BY e.registration_code))[1:10] AS sample,
           (SELECT c.expires_on FROM person_certificate c WHERE c.person_id = a.person_id AND c.kind = 'A' ORDER BY c.expires_on DESC NULLS LAST LIMIT 1) AS expires_on,
           (SELECT c.number FROM person_certificate c WHERE c.person_id = a.person_id AND c.kind = 'A' ORDER BY c.expires_on DESC NULLS LAST LIMIT 1) AS number
      FROM safety_manager_assignment a JOIN person p ON p.id = a.person_id JOIN elevator e ON e.id = a.elevator_id
     WHERE a.assigned_to IS NULL
       AND NOT EXISTS (SELECT 1 FROM person_certificate c WHERE c.person_id = a.person_id AND c.kind = 'A' AND (c.expires_on IS NULL OR c.expires_on >= ${c.today}))
     GROUP BY a.person_id, p.name`.execute(c.db);
  for (const m of managers.rows) {
    out.push({
      kind: 'expired_in_use',
      fingerprint: `expired_in_use:A:person:${m.person_id}`,
      personId: m.person_id,
      subjectName: m.name,
      certificateNo: m.number,
      regionCodes: m.regions,
      summary: m.number ? fill(T.expiredManager, { name: m.name, expiresOn: m.expires_on ?? '', count: m.n }) : fill(T.noManagerCertificate, { name: m.name, count: m.n }),
      evidence: { certificate: m.number ? { kind: 'A', number: m.number, expiresOn: m.expires_on } : null, source: 'safety_manager', count: m.n, registrationCodes: m.sample },
    });
  }
  return out;
}
