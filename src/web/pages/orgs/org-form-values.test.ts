import { describe, expect, it } from 'vitest';
import type { Org } from '../../api/types.ts';
import { toInput } from './org-form-modal.tsx';

const base = { name: '济南市历下区电梯应急救援站', creditCode: '', regionCode: '370102', address: '', contactName: '', contactPhone: '', hotline: '0531-86661234', active: true, licences: [] };

describe('organisation form values', () => {
  it('sends the location of a rescue station or fire service', () => {
    expect(toInput({ ...base, type: 'rescue_station', longitude: 117.02, latitude: 36.66 })).toMatchObject({ type: 'rescue_station', longitude: 117.02, latitude: 36.66, creditCode: null });
    expect(toInput({ ...base, type: 'fire_service', longitude: undefined as unknown as number, latitude: null })).toMatchObject({ longitude: null, latitude: null });
  });

  it('keeps a location stored on another type of organisation (the field is not on its form)', () => {
    const previous = { id: 3, longitude: 117.1, latitude: 36.7 } as Org;
    expect(toInput({ ...base, type: 'maintenance' }, previous)).toMatchObject({ longitude: 117.1, latitude: 36.7 });
    expect(toInput({ ...base, type: 'maintenance' })).toMatchObject({ longitude: null, latitude: null });
  });
});
