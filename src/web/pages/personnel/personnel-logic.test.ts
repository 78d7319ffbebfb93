import { describe, expect, it } from 'vitest';
import { certColor, evidenceLines } from './personnel-logic.ts';

describe('personnel logic', () => {
  it('colours certificates by state', () => {
    expect([certColor('expired'), certColor('expiring'), certColor('valid'), certColor('unknown')]).toEqual(['red', 'orange', 'green', 'default']);
  });

  it('names the organisations, periods and overlap of a multi-employer finding', () => {
    const lines = evidenceLines({
      kind: 'multi_employer',
      evidence: { basis: 'employment', overlap: { from: '2025-06-01', to: null }, employments: [{ org: { id: 1, name: '甲维保' }, from: '2025-01-01', to: null }, { org: { id: 2, name: '乙维保' }, from: '2025-06-01', to: null }] },
    });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('甲维保');
    expect(lines[2]).toContain('2025-06-01');
  });

  it('lists the record ids and dates of a certificate used after expiry', () => {
    const [cert, records] = evidenceLines({ kind: 'expired_in_use', evidence: { certificate: { kind: 'T', number: 'T-1', expiresOn: '2026-01-31' }, source: 'maintenance', count: 2, first: '2026-03-01', last: '2026-03-10', ids: [7, 9] } });
    expect(cert).toContain('2026-01-31');
    expect(records).toContain('7、9');
    expect(records).toContain('2026-03-10');
  });
});
