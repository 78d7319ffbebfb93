import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enumLabel, enumOptions, format, t } from './i18n.ts';

const WEB = path.resolve(import.meta.dirname);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

describe('i18n', () => {
  it('looks up dotted keys and fills placeholders', () => {
    expect(t('web.registry.title')).toBe('电梯档案');
    expect(t('web.common.total', { total: 12 })).toBe('共 12 条');
    expect(format('{a} 与 {b}', { a: 1 })).toBe('1 与 {b}');
  });

  it('labels enumeration values and passes unknown ones through', () => {
    expect(enumLabel('status', 'STOPPED')).toBe('停用');
    expect(enumLabel('orgType', 'emergency_center')).toBe('96333应急处置中心');
    expect(enumLabel('role', 'nobody')).toBe('nobody');
    expect(enumLabel('action', 'elevator.status')).toBe('变更使用状态');
    expect(enumLabel('status', 'toString')).toBe('toString');
    expect(enumOptions('placeType')).toHaveLength(9);
  });

  it('keeps Chinese text out of the code (glossary comments aside, it lives in locales/zh-CN.json)', () => {
    const code = (f: string) => fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const offenders = sources(WEB).filter((f) => /[\u4e00-\u9fff]/.test(code(f)));
    expect(offenders.map((f) => path.relative(WEB, f))).toEqual([]);
  });
});
