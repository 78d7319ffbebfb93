import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { DB } from '../../server/db/schema.ts';
import { shanghaiDate } from '../../server/clock.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import { invalidatePublic } from '../elevators/public-lookup.service.ts';
import { checkDay, checkKeyData, checkPeople, defectDeadline, keyItemsFor, type Flag, type Registration } from './inspection.domain.ts';
import { isAgency, recordScopeSql, regionFilter, rulesFor } from './inspection.access.ts';
import type { ReportCreatedOut, ReportInput, ReportListOut, ReportListQuery, ReportOut } from './inspection.schema.ts';
import { inspectionSummary, recompute } from './schedule.service.ts';
import { writeFileGuarded } from '../../server/files/guarded-write.ts';

/**
 * Inspection reports: submitted by the agency (API or form), checked on arrival (inspection.domain.ts), turned into
 * rectification tasks, and reflected at once in the elevator's schedule and public record.
 */
const MAX_PDF_BYTES = 30 * 1024 * 1024;

export async function submit(ctx: AppContext, p: Principal, input: ReportInput): Promise<z.infer<typeof ReportCreatedOut>> {
  const { db } = ctx.store;
  const today = shanghaiDate(ctx.clock.now());
  if (input.date > today) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'date', message: '检验日期不能晚于今天' }] });
  if (input.type === 'acceptance' && !input.supervisoryKind) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'supervisoryKind', message: '监督检验须注明安装、改造或重大修理' }] });
  const agency = await db.selectFrom('organization').select(['id', 'name', 'type', 'active']).where('credit_code', '=', input.agencyCreditCode.toUpperCase()).executeTakeFirst();
  if (!agency || agency.type !== 'inspection') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'agencyCreditCode', message: '不是平台登记的检验检测机构' }] });
  // An agency files its own reports; the platform's administrators may file for any (migration of old records).
  if (!(p.orgType === 'platform' && p.roles.includes('admin')) && agency.id !== p.orgId) throw new AppError('FORBIDDEN', { reason: 'agency mismatch' });
  const elevator = await db
    .selectFrom('elevator')
    .select(['id', 'registration_code', 'rescue_code', 'region_code', 'category_code', 'use_unit_id', 'longitude', 'latitude'])
    .where('registration_code', '=', input.registrationCode)
    .executeTakeFirst();
  if (!elevator) throw new AppError('ELEVATOR_NOT_FOUND', { fields: [{ field: 'registrationCode', message: '登记库中没有这台电梯' }] });
  const now = ctx.clock.now();

  const id = await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('inspection_report').select('id').where('agency_org_id', '=', agency.id).where('report_no', '=', input.reportNo).executeTakeFirst();
    if (taken) throw new AppError('REPORT_NO_TAKEN', { fields: [{ field: 'reportNo', message: '本机构已有该编号的报告' }] });
    const report = await trx
      .insertInto('inspection_report')
      .values({
        elevator_id: elevator.id,
        region_code: elevator.region_code,
        agency_org_id: agency.id,
        report_no: input.reportNo,
        type: input.type,
        supervisory_kind: input.supervisoryKind ?? null,
        date: input.date,
        conclusion: input.conclusion,
        inspectors: JSON.stringify(input.inspectors),
        signer_name: input.signer.name,
        signer_cert: input.signer.certificateNo,
        measurements: JSON.stringify(input.measurements),
        pdf_sha256: null,
        pdf_bytes: null,
        created_by: p.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const people = [...new Map(input.inspectors.map((i) => [i.certificateNo, i])).values()];
    await trx.insertInto('inspection_report_inspector').values(people.map((i) => ({ report_id: report.id, certificate_no: i.certificateNo, name: i.name, date: input.date }))).execute();

    const rules = await rulesFor(trx, elevator.region_code);
    const { flags, mirrored } = await runChecks(trx, { id: report.id, agencyOrgId: agency.id, category: elevator.category_code, lon: elevator.longitude, lat: elevator.latitude }, input, rules);
    const rows = [
      ...flags.map((f) => ({ report_id: report.id, region_code: elevator.region_code, code: f.code, message: f.message, evidence: JSON.stringify(f.evidence), created_at: now })),
      ...mirrored.map((m) => ({ report_id: m.reportId, region_code: m.regionCode, code: m.flag.code, message: m.flag.message, evidence: JSON.stringify(m.flag.evidence), created_at: now })),
    ];
    if (rows.length) await trx.insertInto('inspection_flag').values(rows).onConflict((oc) => oc.doNothing()).execute();
    if (input.defects.length)
      await trx
        .insertInto('hazard')
        .values(
          input.defects.map((d) => ({
            report_id: report.id,
            elevator_id: elevator.id,
            region_code: elevator.region_code,
            use_unit_id: elevator.use_unit_id,
            item: d.item,
            description: d.description,
            severity: d.severity,
            status: 'open' as const,
            deadline: defectDeadline(input.date, d.severity, rules),
            created_at: now,
          })),
        )
        .execute();
    // The agency's plan for this visit, if it filed one, is done.
    await trx
      .updateTable('inspection_plan')
      .set({ status: 'done', report_id: report.id })
      .where('elevator_id', '=', elevator.id)
      .where('status', '=', 'submitted')
      .where((eb) => eb.or([eb('agency_org_id', '=', agency.id), eb('org_id', '=', agency.id)]))
      .execute();
    await recompute(trx, today, [elevator.id]);
    await audit.record(trx, audit.actorOf(p), now, [
      {
        action: 'inspection.report.create',
        entityType: 'inspection_report',
        entityId: String(report.id),
        regionCode: elevator.region_code,
        after: { registrationCode: input.registrationCode, reportNo: input.reportNo, agency: agency.name, type: input.type, date: input.date, conclusion: input.conclusion, defects: input.defects.length, flags: flags.map((f) => f.code) },
      },
    ]);
    return report.id;
  });
  invalidatePublic(ctx, [elevator.registration_code, elevator.rescue_code]);
  return { ...(await get(ctx, p, id)), inspection: await inspectionSummary(db, elevator.id, today) };
}

async function runChecks(
  trx: Kysely<DB>,
  report: { id: number; agencyOrgId: number; category: string; lon: number | null; lat: number | null },
  input: ReportInput,
  rules: Awaited<ReturnType<typeof rulesFor>>,
): Promise<{ flags: Flag[]; mirrored: { reportId: number; regionCode: string; flag: Flag }[] }> {
  const mirrored: { reportId: number; regionCode: string; flag: Flag }[] = [];
  const keyRows = await trx.selectFrom('inspection_key_item').selectAll().execute();
  const items = keyItemsFor(
    report.category,
    keyRows.map((k) => ({ categoryPrefix: k.category_prefix, key: k.key, name: k.name, unit: k.unit, min: k.min_value === null ? null : Number(k.min_value), max: k.max_value === null ? null : Number(k.max_value), required: k.required })),
  );
  const flags: Flag[] = [];
  // Acceptance reports of a modernisation or repair carry their own data sets; the key items are the periodic ones.
  if (input.type !== 'acceptance') flags.push(...checkKeyData(input.measurements, items, input.conclusion));
  const certs = [...new Set([...input.inspectors.map((i) => i.certificateNo), input.signer.certificateNo])];
  const regs = await trx
    .selectFrom('inspector as i')
    .innerJoin('organization as o', 'o.id', 'i.org_id')
    .select(['i.org_id', 'o.name', 'i.certificate_no', 'i.name as person', 'i.qualification', 'i.valid_to', 'i.employed_from', 'i.employed_to'])
    .where('i.certificate_no', 'in', certs)
    .execute();
  const registrations: Registration[] = regs.map((r) => ({ orgId: r.org_id, orgName: r.name, certificateNo: r.certificate_no, name: r.person, qualification: r.qualification, validTo: r.valid_to, employedFrom: r.employed_from, employedTo: r.employed_to }));
  flags.push(...checkPeople({ agencyOrgId: report.agencyOrgId, date: input.date, inspectors: input.inspectors, signer: input.signer }, registrations, rules));
  for (const person of input.inspectors) {
    const { rows: others } = await sql<{ id: number; region_code: string; report_no: string; registration_code: string; longitude: number | null; latitude: number | null }>`
      SELECT r.id, r.region_code, r.report_no, e.registration_code, e.longitude, e.latitude
        FROM inspection_report_inspector ri JOIN inspection_report r ON r.id = ri.report_id JOIN elevator e ON e.id = r.elevator_id
       WHERE ri.certificate_no = ${person.certificateNo} AND ri.date = ${input.date} AND ri.report_id <> ${report.id}`.execute(trx);
    const day = checkDay(
      person,
      input.date,
      { longitude: report.lon === null ? null : Number(report.lon), latitude: report.lat === null ? null : Number(report.lat) },
      others.map((o) => ({ reportNo: o.report_no, registrationCode: o.registration_code, longitude: o.longitude === null ? null : Number(o.longitude), latitude: o.latitude === null ? null : Number(o.latitude) })),
      rules,
    );
    flags.push(...day);
    // Two places on one day: the other report is as doubtful as this one, so it carries the flag too.
    for (const f of day.filter((x) => x.code === 'SAME_DAY_TOO_FAR')) {
      const ev = f.evidence as { otherReport: string; otherElevator: string; km: number };
      const other = others.find((o) => o.report_no === ev.otherReport && o.registration_code === ev.otherElevator);
      if (other)
        mirrored.push({
          reportId: other.id,
          regionCode: other.region_code,
          flag: { code: 'SAME_DAY_TOO_FAR', message: `${person.name} 在 ${input.date} 同日检验的两台电梯相距 ${ev.km} 公里（报告 ${input.reportNo}）`, evidence: { certificateNo: person.certificateNo, date: input.date, otherReport: input.reportNo, otherElevator: input.registrationCode, km: ev.km } },
        });
    }
  }
  return { flags, mirrored };
}

interface ReportRow {
  id: number;
  registration_code: string;
  address: string;
  region_code: string;
  report_no: string;
  agency_org_id: number;
  agency_name: string;
  type: ReportOut['type'];
  supervisory_kind: ReportOut['supervisoryKind'];
  date: string;
  conclusion: ReportOut['conclusion'];
  inspectors: { name: string; certificateNo: string }[];
  signer_name: string;
  signer_cert: string;
  measurements: Record<string, unknown>;
  pdf_sha256: string | null;
  pdf_bytes: number | null;
  created_at: Date;
}

const REPORT_FROM = sql`FROM inspection_report r JOIN elevator e ON e.id = r.elevator_id JOIN organization o ON o.id = r.agency_org_id`;
const REPORT_COLUMNS = sql`r.id, e.registration_code, e.address, r.region_code, r.report_no, r.agency_org_id, o.name AS agency_name, r.type, r.supervisory_kind, r.date,
  r.conclusion, r.inspectors, r.signer_name, r.signer_cert, r.measurements, r.pdf_sha256, r.pdf_bytes, r.created_at`;

export async function get(ctx: AppContext, p: Principal, id: number): Promise<ReportOut> {
  const { db } = ctx.store;
  const { rows } = await sql<ReportRow>`SELECT ${REPORT_COLUMNS} ${REPORT_FROM} WHERE r.id = ${id} AND ${recordScopeSql(ctx, p)}`.execute(db);
  const r = rows[0];
  if (!r) throw new AppError('REPORT_NOT_FOUND');
  const [flags, defects] = await Promise.all([
    db.selectFrom('inspection_flag').selectAll().where('report_id', '=', id).orderBy('id').execute(),
    db.selectFrom('hazard').select(['id', 'item', 'description', 'severity', 'status', 'deadline']).where('report_id', '=', id).orderBy('id').execute(),
  ]);
  return {
    id: r.id,
    registrationCode: r.registration_code,
    address: r.address,
    regionCode: r.region_code,
    reportNo: r.report_no,
    agency: { id: r.agency_org_id, name: r.agency_name },
    type: r.type,
    supervisoryKind: r.supervisory_kind,
    date: r.date,
    conclusion: r.conclusion,
    inspectors: r.inspectors,
    signer: { name: r.signer_name, certificateNo: r.signer_cert },
    measurements: r.measurements,
    pdf: r.pdf_sha256 ? { sha256: r.pdf_sha256, bytes: r.pdf_bytes ?? 0 } : null,
    flags: flags.map((f) => ({ id: f.id, code: f.code as ReportOut['flags'][number]['code'], message: f.message, status: f.status, evidence: f.evidence, outcome: f.outcome })),
    defects,
    createdAt: r.created_at.toISOString(),
  };
}

export async function list(ctx: AppContext, p: Principal, q: z.infer<typeof ReportListQuery>): Promise<z.infer<typeof ReportListOut>> {
  const conds = [recordScopeSql(ctx, p), regionFilter(ctx, sql`r.region_code`, q.regionCode)];
  if (q.registrationCode) conds.push(sql<boolean>`e.registration_code = ${q.registrationCode}`);
  if (q.conclusion) conds.push(sql<boolean>`r.conclusion = ${q.conclusion}`);
  if (q.flagged) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM inspection_flag f WHERE f.report_id = r.id)`);
  if (q.from) conds.push(sql<boolean>`r.date >= ${q.from}`);
  if (q.to) conds.push(sql<boolean>`r.date <= ${q.to}`);
  const where = sql.join(conds, sql` AND `);
  const { db } = ctx.store;
  const [rows, count] = await Promise.all([
    sql<ReportRow & { flag_count: number; defect_count: number }>`SELECT ${REPORT_COLUMNS},
        (SELECT count(*)::int FROM inspection_flag f WHERE f.report_id = r.id) AS flag_count,
        (SELECT count(*)::int FROM hazard d WHERE d.report_id = r.id) AS defect_count
      ${REPORT_FROM} WHERE ${where} ORDER BY r.date DESC, r.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${REPORT_FROM} WHERE ${where}`.execute(db),
  ]);
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      registrationCode: r.registration_code,
      address: r.address,
      reportNo: r.report_no,
      agency: { id: r.agency_org_id, name: r.agency_name },
      type: r.type,
      date: r.date,
      conclusion: r.conclusion,
      flagCount: r.flag_count,
      defectCount: r.defect_count,
    })),
    total: count.rows[0]?.n ?? 0,
  };
}

function pdfDir(ctx: AppContext): string {
  const dir = path.resolve(ctx.config.DATA_DIR, 'reports');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Stores the report's PDF (content-addressed by SHA-256) and records its hash on the report. */
export async function attachPdf(ctx: AppContext, p: Principal, id: number, body: Buffer): Promise<{ sha256: string; bytes: number }> {
  const { db } = ctx.store;
  const r = await db.selectFrom('inspection_report').select(['id', 'agency_org_id', 'region_code', 'pdf_sha256']).where('id', '=', id).executeTakeFirst();
  if (!r || !(r.agency_org_id === p.orgId || (p.orgType === 'platform' && p.roles.includes('admin')))) throw new AppError('REPORT_NOT_FOUND');
  if (!body.length || body.length > MAX_PDF_BYTES || body.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('UNSUPPORTED_FILE', { reason: '须为 PDF 文件（30 MB 以内）' });
  const sha256 = crypto.createHash('sha256').update(body).digest('hex');
  const file = path.join(pdfDir(ctx), `${sha256}.pdf`);
  if (!fs.existsSync(file)) await writeFileGuarded(file, body);
  const now = ctx.clock.now();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('inspection_report').set({ pdf_sha256: sha256, pdf_bytes: body.length }).where('id', '=', id).execute();
    await audit.record(trx, audit.actorOf(p), now, [{ action: 'inspection.report.pdf', entityType: 'inspection_report', entityId: String(id), regionCode: r.region_code, before: { sha256: r.pdf_sha256 }, after: { sha256, bytes: body.length } }]);
  });
  return { sha256, bytes: body.length };
}

export async function readPdf(ctx: AppContext, p: Principal, id: number): Promise<{ file: string; sha256: string }> {
  const report = await get(ctx, p, id);
  if (!report.pdf) throw new AppError('NOT_FOUND');
  const file = path.join(pdfDir(ctx), `${report.pdf.sha256}.pdf`);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND');
  return { file, sha256: report.pdf.sha256 };
}

export { isAgency };
