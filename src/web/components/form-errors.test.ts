import { describe, expect, it } from 'vitest';
import { fieldPath } from './form-errors.ts';

describe('fieldPath', () => {
  it('turns server field names into antd name paths', () => {
    expect(fieldPath('creditCode')).toEqual(['creditCode']);
    expect(fieldPath('licences.0.kind')).toEqual(['licences', 0, 'kind']);
    expect(fieldPath('licences[2].expiresOn')).toEqual(['licences', 2, 'expiresOn']);
  });
});
