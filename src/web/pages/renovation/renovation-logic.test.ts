import { describe, expect, it } from 'vitest';
import { fundingTotals, money, parseCodes, percent, stepIndex, stepsFor } from './renovation-logic.ts';

describe('renovation page logic', () => {
  it('sums funding against the budget to the fen', () => {
    expect(fundingTotals(0.3, [0.1, 0.2])).toEqual({ total: 0.3, difference: 0, balanced: true });
    expect(fundingTotals(200_000, [120_000, 50_000, null, undefined])).toEqual({ total: 170_000, difference: 30_000, balanced: false });
    expect(fundingTotals(100, [100.01]).difference).toBe(-0.01);
  });

  it('a major repair has no 变更登记 step; a cancelled project no current step', () => {
    expect(stepsFor('major_repair')).not.toContain('registered');
    expect(stepsFor('replace')).toContain('registered');
    expect(stepIndex('replace', 'in_construction')).toBe(3);
    expect(stepIndex('major_repair', 'closed')).toBe(5);
    expect(stepIndex('modernise', 'cancelled')).toBe(-1);
  });

  it('reads registration codes one per line or separated, refusing anything else', () => {
    expect(parseCodes('31103701022019060001\n31103701022019060002, 31103701022019060001')).toEqual(['31103701022019060001', '31103701022019060002']);
    expect(parseCodes('3110370102201906000')).toBeNull();
    expect(parseCodes('  ')).toBeNull();
  });

  it('formats shares and money', () => {
    expect(percent(2 / 3)).toBe('66.67%');
    expect(money(1234.5)).toBe('1,234.50');
    expect(money(null)).toBe('—');
  });
});
