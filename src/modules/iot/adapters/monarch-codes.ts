import fs from 'node:fs';
import path from 'node:path';
import { parseSimpleCsv } from '../../../lib/csv.ts';
import type { FaultType, Severity } from '../iot.domain.ts';

/**
 * Inovance Monarch NICE3000+ controller faults (vendor/iot/monarch-nice3000plus-fault-codes.csv) mapped onto the
 * canonical types. Codes with no canonical counterpart (drive and encoder faults) are kept in the fault history
 * with their code and raise no alarm of their own; a car they strand is caught by the inferred-trapped rule.
 */
const TYPE_OF: Record<string, FaultType> = {
  E09: 'power_loss', // 欠电压故障
  E12: 'power_loss', // 输入侧缺相
  E22: 'stop_outside_zone', // 平层信号异常
  E30: 'stop_outside_zone', // 电梯位置异常
  E33: 'overspeed', // 电梯速度异常
  E56: 'overspeed', // 控制板超速
  E41: 'safety_circuit', // 安全回路断开
  E53: 'safety_circuit', // 门锁故障 (door-lock circuit, part of the safety chain)
  E43: 'overtravel_top', // 运行中上限位信号断开
  E44: 'overtravel_bottom', // 运行中下限位信号断开
  E48: 'door_open_fault', // 开门故障
  E49: 'door_close_fault', // 关门故障
};

/** Monarch level (1 display only … 5 stops immediately) → severity. */
function severityOfLevel(level: number): Severity {
  if (level >= 5) return 'critical';
  if (level === 4) return 'major';
  if (level === 3) return 'minor';
  return 'warning';
}

export interface MonarchCode {
  code: string;
  nameZh: string;
  level: number;
  type: FaultType | null;
  severity: Severity;
}

let table: Map<string, MonarchCode> | undefined;

export function monarchCodes(): Map<string, MonarchCode> {
  if (table) return table;
  const file = path.resolve(import.meta.dirname, '../../../../vendor/iot/monarch-nice3000plus-fault-codes.csv');
  table = new Map();
  for (const row of parseSimpleCsv(fs.readFileSync(file, 'utf8'))) {
    if (!row.code || row.reserved === 'yes') continue;
    const level = Number(row.level!.replace(/[A-Z]/g, '')) || 0;
    table.set(row.code, { code: row.code, nameZh: row.name_zh || row.code, level, type: TYPE_OF[row.code] ?? null, severity: severityOfLevel(level) });
  }
  return table;
}
