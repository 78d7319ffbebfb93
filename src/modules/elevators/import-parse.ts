import type { FieldError } from '../../server/http/errors.ts';
import type { RegionDirectory } from '../regions/regions.service.ts';
import { headerToKey, validateElevatorRow, type ElevatorFields, type FieldKey, type RawRow } from './elevator-row.ts';
import { readCsv, readXlsx, sniffEncoding, sniffFormat } from './import-reader.ts';

/** Rows per transaction: big enough for unnest to pay off, small enough not to stall the event loop for long. */
export const BATCH_SIZE = 2000;

export interface PendingRow {
  line: number;
  value: ElevatorFields;
  warnings: FieldError[];
}

export interface Issue {
  line: number;
  registrationCode: string | null;
  errors: FieldError[];
}

export interface ParsedBatch {
  pending: PendingRow[];
  rejected: Issue[];
  /** Data rows read so far (not counting the header or blank lines). */
  total: number;
}

/** A problem with the file as a whole (no header, empty): the job fails with this message, nothing is written. */
export class ImportFileError extends Error {}

/**
 * Reads an import file and yields validated batches: accepted rows, and rejected rows with their line, field and
 * reason. Duplicates inside the file (注册代码, 救援识别码) are rejected naming the earlier line. Pure with respect
 * to the store, so it runs in a worker thread beside the writer.
 */
export async function* parseImportFile(file: string, rules: { regions: RegionDirectory; today: string }): AsyncGenerator<ParsedBatch> {
  const rows = (await sniffFormat(file)) === 'xlsx' ? readXlsx(file) : readCsv(file, await sniffEncoding(file));
  const seenCodes = new Map<string, number>();
  const seenRescue = new Map<string, number>();
  let header: (FieldKey | undefined)[] | undefined;
  let batch: ParsedBatch = { pending: [], rejected: [], total: 0 };
  let total = 0;

  for await (const { line, cells } of rows) {
    if (!header) {
      header = cells.map((c) => headerToKey(String(c ?? '')));
      if (!header.includes('registrationCode')) throw new ImportFileError('文件缺少“注册代码”列：请使用导入模板的表头（中文或英文字段名）');
      continue;
    }
    if (cells.every((c) => c === '' || c === null || c === undefined)) continue;
    total++;
    const raw: RawRow = {};
    for (let i = 0; i < header.length; i++) {
      const key = header[i];
      if (key) raw[key] = cells[i];
    }
    const result = validateElevatorRow(raw, rules);
    const code = String(raw.registrationCode ?? '').trim() || null;
    if (!result.ok) {
      batch.rejected.push({ line, registrationCode: code, errors: result.errors });
    } else {
      const v = result.value;
      const dupLine = seenCodes.get(v.registrationCode);
      const rescueLine = v.rescueCode ? seenRescue.get(v.rescueCode) : undefined;
      if (dupLine !== undefined) {
        batch.rejected.push({ line, registrationCode: code, errors: [{ field: 'registrationCode', message: `注册代码：与第 ${dupLine} 行重复` }] });
      } else if (rescueLine !== undefined) {
        batch.rejected.push({ line, registrationCode: code, errors: [{ field: 'rescueCode', message: `救援识别码：与第 ${rescueLine} 行重复` }] });
      } else {
        seenCodes.set(v.registrationCode, line);
        if (v.rescueCode) seenRescue.set(v.rescueCode, line);
        batch.pending.push({ line, value: v, warnings: result.warnings });
      }
    }
    if (batch.pending.length + batch.rejected.length >= BATCH_SIZE) {
      batch.total = total;
      yield batch;
      batch = { pending: [], rejected: [], total };
    }
  }
  if (!header) throw new ImportFileError('文件为空：没有表头和数据行');
  batch.total = total;
  yield batch;
}
