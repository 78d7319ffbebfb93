import { describe, expect, it } from 'vitest';
import { premiumRuleText, rateText } from './insurance-logic.ts';

describe('insurance page logic', () => {
  it('states a premium rule in words, age bands in order', () => {
    expect(premiumRuleText({ base: 800, byCategory: { '3110': 1000 }, ageBands: [{ minYears: 15, factor: 2 }, { minYears: 0, factor: 1 }, { minYears: 10, factor: 1.5 }] })).toBe('基准保费 800 元/年；品种 3110：1,000 元/年；使用 10 年起 ×1.5；使用 15 年起 ×2');
  });
  it('shows coverage rates', () => {
    expect(rateText(0.66667)).toBe('66.7%');
    expect(rateText(null)).toBe('—');
  });
});
