import fs from 'node:fs';
import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { FieldError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import * as jobs from '../jobs/jobs.repo.ts';
import { readCsv, readXlsx, sniffEncoding, sniffFormat, type FileRow } from '../elevators/import-reader.ts';
import { ImportFileError } from '../elevators/import-parse.ts';
import { CAUSES, type Cause } from './emergency.domain.ts';
import { urbanOf } from './incident-engine.ts';

/**
 * Moves a city's past 96333 records in (CSV UTF-8/GBK or XLSX). Columns: 注册代码 or 救援识别码, 报警时间, 派单时间,
 * 到达时间, 解救时间, 困人人数, 原因类别 (optional: 受伤人数, 备注). Times are Asia/Shanghai wall-clock
 * (`2024-03-05 08:15[:30]`, or ISO with an offset). Each batch commits whole with its rejected rows and the job's
 * progress; a row already imported (same elevator and alarm time) is skipped, so a file can be imported again.
 */
export const INCIDENT_IMPORT_KIND = 'incident-import';
const BATCH = 1000;

const HEADERS = {
  code: ['注册代码', '救援识别码', '电梯注册代码', '应急救援识别码'],
  received: ['报警时间', '接警时间'],
  dispatched: ['派单时间'],
  arrived: ['到达时间', '到场时间'],
  rescued: ['解救时间', '救出时间'],
  trapped: ['困人人数', '被困人数'],
  cause: ['原因类别', '原因'],
  injured: ['受伤人数'],
  remarks: ['备注'],
} as const;
type Field = keyof typeof HEADERS;

const CAUSE_NAMES: Record<string, Cause> = {
  外部原因: 'external',
  停电: 'external',
  人为原因: 'human',
  门系统: 'door_system',
  门系统故障: 'door_system',
  其他设备故障: 'equipment',
  设备故障: 'equipment',
  其他: 'other',
  其它: 'other',
};

export interface IncidentImportCounts {
  total: number;
  imported: number;
  skipped: number;
  rejected: number;
}

/** A wall-clock time in Asia/Shanghai, an ISO time with offset, or an Excel date cell. */
export function parseTime(v: unknown): Date | null | 'invalid' {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid' : new Date(v.getTime() - 8 * 3600_000); // Excel cells carry wall-clock as UTC
  const s = String(v ?? '').trim();
  if (!s) return null;
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, se] = m;
    const iso = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}T${h!.padStart(2, '0')}:${mi}:${se ?? '00'}+08:00`;
    const t = new Date(iso);
    // Round trip: 2024-02-30 must not roll over into March.
    const back = new Date(t.getTime() + 8 * 3600_000).toISOString();
    return Number.isNaN(t.getTime()) || back.slice(0, 10) !== iso.slice(0, 10) || Number(h) > 23 ? 'invalid' : t;
  }
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const t = new Date(s);
    return Number.isNaN(t.getTime()) ? 'invalid' : t;
  }
  return 'invalid';
}

interface ParsedRow {
  line: number;
  code: string;
  received: Date;
  dispatched: Date | null;
  arrived: Date | null;
  rescued: Date | null;
  trapped: number;
  injured: number | null;
  cause: Cause | null;
  remarks: string | null;
}

export function parseRow(line: number, cells: unknown[], col: Partial<Record<Field, number>>): { row?: ParsedRow; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const cell = (f: Field) => (col[f] === undefined ? '' : cells[col[f]!]);
  const text = (f: Field) => String(cell(f) ?? '').trim();
  const code = text('code');
  if (!/^(\d{20}|\d{5,7})$/.test(code)) errors.push({ field: '注册代码', message: code ? '应为 20 位注册代码或 5–7 位救援识别码' : '必填' });
  const times: Partial<Record<'received' | 'dispatched' | 'arrived' | 'rescued', Date | null>> = {};
  for (const f of ['received', 'dispatched', 'arrived', 'rescued'] as const) {
    const t = parseTime(cell(f));
    if (t === 'invalid') errors.push({ field: HEADERS[f][0], message: '时间格式应为 YYYY-MM-DD HH:mm[:ss]' });
    else times[f] = t;
  }
  if (times.received === null) errors.push({ field: '报警时间', message: '必填' });
  const order: ['received' | 'dispatched' | 'arrived' | 'rescued', string][] = [['received', '报警时间'], ['dispatched', '派单时间'], ['arrived', '到达时间'], ['rescued', '解救时间']];
  let prev: { t: Date; name: string } | null = null;
  for (const [f, name] of order) {
    const t = times[f];
    if (!t) continue;
    if (prev && t < prev.t) errors.push({ field: name, message: `不能早于${prev.name}` });
    prev = { t, name };
  }
  if (times.rescued && !times.arrived) errors.push({ field: '到达时间', message: '有解救时间时必填' });
  const trappedText = text('trapped');
  const trapped = trappedText === '' ? 0 : Number(trappedText);
  if (!Number.isInteger(trapped) || trapped < 0 || trapped > 100) errors.push({ field: '困人人数', message: '应为 0–100 的整数' });
  const injuredText = text('injured');
  const injured = injuredText === '' ? null : Number(injuredText);
  if (injured !== null && (!Number.isInteger(injured) || injured < 0 || injured > 100)) errors.push({ field: '受伤人数', message: '应为 0–100 的整数' });
  const causeText = text('cause');
  const cause = causeText === '' ? null : (CAUSE_NAMES[causeText] ?? (CAUSES.includes(causeText as Cause) ? (causeText as Cause) : undefined));
  if (cause === undefined) errors.push({ field: '原因类别', message: '可选：外部原因、人为原因、门系统、其他设备故障、其他' });
  if (errors.length) return { errors };
  return {
    errors,
    row: { line, code, received: times.received!, dispatched: times.dispatched ?? null, arrived: times.arrived ?? null, rescued: times.rescued ?? null, trapped, injured, cause: cause ?? null, remarks: text('remarks') || null },
  };
}

function columnsOf(header: unknown[]): Partial<Record<Field, number>> {
  const names = header.map((h) => String(h ?? '').replace(/^\uFEFF/, '').trim());
  const col: Partial<Record<Field, number>> = {};
  for (const f of Object.keys(HEADERS) as Field[]) {
    const i = names.findIndex((n) => (HEADERS[f] as readonly string[]).includes(n));
    if (i >= 0) col[f] = i;
  }
  const missing = (['code', 'received'] as Field[]).filter((f) => col[f] === undefined).map((f) => HEADERS[f][0]);
  if (missing.length) throw new ImportFileError(`缺少必需的列：${missing.join('、')}（表头应包含 注册代码或救援识别码、报警时间、派单时间、到达时间、解救时间、困人人数、原因类别）`);
  return col;
}

export async function runIncidentImport(ctx: AppContext, jobId: string, file: string, actor: audit.Actor): Promise<IncidentImportCounts> {
  const { db } = ctx.store;
  const counts: IncidentImportCounts = { total: 0, imported: 0, skipped: 0, rejected: 0 };
  await jobs.update(db, jobId, { status: 'running', started_at: ctx.clock.now(), heartbeat_at: ctx.clock.now() });
  const format = await sniffFormat(file);
  const rows: AsyncGenerator<FileRow> = format === 'xlsx' ? readXlsx(file) : readCsv(file, await sniffEncoding(file));
  let col: Partial<Record<Field, number>> | undefined;
  let pending: ParsedRow[] = [];
  let rejected: { line: number; code: string | null; errors: FieldError[] }[] = [];
  const flush = async () => {
    await writeBatch(ctx, jobId, actor, pending, rejected, counts);
    pending = [];
    rejected = [];
  };
  for await (const r of rows) {
    if (!col) {
      col = columnsOf(r.cells);
      continue;
    }
    if (r.cells.every((c) => String(c ?? '').trim() === '')) continue;
    counts.total++;
    const p = parseRow(r.line, r.cells, col);
    if (p.row) pending.push(p.row);
    else rejected.push({ line: r.line, code: String(r.cells[col.code!] ?? '').trim() || null, errors: p.errors });
    if (pending.length + rejected.length >= BATCH) await flush();
  }
  if (!col) throw new ImportFileError('文件为空或没有表头');
  await flush();
  await sql`ANALYZE incident`.execute(db);
  return counts;
}

async function writeBatch(
  ctx: AppContext,
  jobId: string,
  actor: audit.Actor,
  pending: ParsedRow[],
  rejected: { line: number; code: string | null; errors: FieldError[] }[],
  counts: IncidentImportCounts,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const codes = [...new Set(pending.map((r) => r.code))];
    const elevators = codes.length
      ? await trx
          .selectFrom('elevator')
          .select(['id', 'registration_code', 'rescue_code', 'region_code', 'place_type', 'use_unit_id', 'maintenance_org_id'])
          .where((eb) => eb.or([eb('registration_code', 'in', codes), eb('rescue_code', 'in', codes)]))
          .execute()
      : [];
    const byCode = new Map<string, (typeof elevators)[number]>();
    for (const e of elevators) {
      byCode.set(e.registration_code, e);
      if (e.rescue_code) byCode.set(e.rescue_code, e);
    }
    const values = [];
    const issues: { job_id: string; line: number; severity: 'error' | 'warning'; registration_code: string | null; errors: FieldError[] }[] = rejected.map((r) => ({
      job_id: jobId,
      line: r.line,
      severity: 'error',
      registration_code: r.code,
      errors: r.errors,
    }));
    for (const r of pending) {
      const e = byCode.get(r.code);
      if (!e) {
        issues.push({ job_id: jobId, line: r.line, severity: 'error', registration_code: r.code, errors: [{ field: '注册代码', message: '登记库中没有这台电梯' }] });
        continue;
      }
      const closedAt = r.rescued ?? r.arrived ?? r.dispatched ?? r.received;
      values.push({
        elevator_id: e.id,
        region_code: e.region_code,
        place_type: e.place_type,
        use_unit_id: e.use_unit_id,
        maintenance_org_id: e.maintenance_org_id,
        urban: urbanOf(ctx, e.region_code),
        source: 'import' as const,
        channels: ['import'],
        type: r.trapped > 0 ? ('trapped' as const) : ('fault' as const),
        status: 'closed' as const,
        tier: r.dispatched ? 1 : null,
        assigned_org_id: null,
        trapped: r.trapped,
        injured: r.injured,
        caller_phone: null,
        description: null,
        received_at: r.received,
        dispatched_at: r.dispatched,
        arrived_at: r.arrived,
        rescued_at: r.rescued,
        closed_at: closedAt,
        cause: r.cause,
        rescued_count: r.rescued ? r.trapped : null,
        remarks: r.remarks,
        alarm_id: null,
        repeat_of: null,
        import_job_id: jobId,
        created_at: now,
        updated_at: now,
      });
    }
    let inserted: { id: number; elevator_id: number; received_at: Date }[] = [];
    if (values.length) {
      inserted = await trx
        .insertInto('incident')
        .values(values)
        .onConflict((oc) => oc.columns(['elevator_id', 'received_at']).where('source', '=', 'import').doNothing())
        .returning(['id', 'elevator_id', 'received_at'])
        .execute();
      // Rows already imported by an earlier run are skipped and reported as warnings with their lines.
      const taken = new Set(inserted.map((r) => `${r.elevator_id}@${r.received_at.getTime()}`));
      pending.forEach((r) => {
        const e = byCode.get(r.code);
        if (e && !taken.has(`${e.id}@${r.received.getTime()}`))
          issues.push({ job_id: jobId, line: r.line, severity: 'warning', registration_code: r.code, errors: [{ field: '报警时间', message: '该记录已导入过，已跳过' }] });
      });
    }
    await jobs.insertIssues(trx, issues);
    counts.rejected += issues.filter((i) => i.severity === 'error').length;
    counts.imported += inserted.length;
    counts.skipped += values.length - inserted.length;
    if (inserted.length) {
      await audit.record(trx, actor, now, [{ action: 'incident.import', entityType: 'incident', entityId: jobId, after: { imported: inserted.length, firstId: inserted[0]!.id, lastId: inserted[inserted.length - 1]!.id } }]);
    }
    await trx
      .updateTable('job')
      .set({ processed: counts.total, imported: counts.imported, updated: 0, rejected: counts.rejected, warnings: counts.skipped, total: counts.total, heartbeat_at: now })
      .where('id', '=', jobId)
      .execute();
  });
}

/** Runs the job to its end state; the file is removed afterwards. */
export async function executeIncidentImport(ctx: AppContext, jobId: string, file: string, actor: audit.Actor): Promise<void> {
  try {
    const counts = await runIncidentImport(ctx, jobId, file, actor);
    await jobs.update(ctx.store.db, jobId, { status: 'done', total: counts.total, finished_at: ctx.clock.now() });
    ctx.log.info({ jobId, ...counts }, 'incident import done');
  } catch (err) {
    const message = err instanceof ImportFileError ? err.message : `导入中断：${(err as Error).message}`;
    if (!(err instanceof ImportFileError)) ctx.log.error({ err, jobId }, 'incident import failed');
    await jobs.update(ctx.store.db, jobId, { status: 'failed', error: message, finished_at: ctx.clock.now() }).catch(() => {});
  } finally {
    await fs.promises.unlink(file).catch(() => {});
  }
}
