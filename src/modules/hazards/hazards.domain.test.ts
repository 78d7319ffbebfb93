import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HAZARD_ACTIONS, HAZARD_STATUSES, REMEDIES, firstDeadline, planAgreed, requiredParties, transition, type HazardAction, type HazardStatus, type Party } from './hazards.domain.ts';

/** The legal steps, written out by hand: [remedy path, from, action, to, parties who may]. Everything else is refused. */
const REPAIR: [HazardStatus, HazardAction, HazardStatus, Party[]][] = [
  ['open', 'fix', 'fixed', ['maintenance', 'use_unit', 'regulator']],
  ['fixed', 'verify', 'verified', ['regulator', 'finder']],
  ['fixed', 'reopen', 'open', ['regulator', 'finder']],
  ['verified', 'reopen', 'open', ['regulator', 'finder']],
  ['verified', 'close', 'closed', ['regulator', 'finder']],
];
const MAJOR: [HazardStatus, HazardAction, HazardStatus, Party[]][] = [
  ['open', 'propose_plan', 'planned', ['use_unit', 'regulator']],
  ['planned', 'agree', 'agreed', ['use_unit', 'maintenance', 'regulator']],
  ['planned', 'reject_plan', 'open', ['regulator', 'use_unit', 'maintenance']],
  ['agreed', 'start', 'in_progress', ['use_unit', 'regulator']],
  ['in_progress', 'fix', 'fixed', ['use_unit', 'maintenance', 'regulator']],
  ['fixed', 'verify', 'verified', ['regulator', 'finder']],
  ['fixed', 'reopen', 'in_progress', ['regulator', 'finder']],
  ['verified', 'reopen', 'in_progress', ['regulator', 'finder']],
  ['verified', 'close', 'closed', ['regulator', 'finder']],
];
const PARTIES: Party[] = ['use_unit', 'maintenance', 'regulator', 'finder'];

test('every remedy × status × action × party: the legal steps go where the table says, the rest are refused with the reason', () => {
  let legal = 0;
  for (const remedy of REMEDIES) {
    const table = remedy === 'repair' ? REPAIR : MAJOR;
    for (const status of HAZARD_STATUSES)
      for (const action of HAZARD_ACTIONS)
        for (const party of PARTIES) {
          const got = transition(remedy, status, action, [party]);
          const row = table.find(([from, a]) => from === status && a === action);
          const anyFrom = table.some(([, a]) => a === action);
          if (row && row[3].includes(party)) {
            assert.deepEqual(got, { ok: true, to: row[2] }, `${remedy} ${status} ${action} ${party}`);
            legal++;
          } else if (!anyFrom) assert.deepEqual(got, { ok: false, reason: 'action' }, `${remedy} ${status} ${action}`);
          else if (!row) assert.deepEqual(got, { ok: false, reason: 'status' }, `${remedy} ${status} ${action}`);
          else assert.deepEqual(got, { ok: false, reason: 'party' }, `${remedy} ${status} ${action} ${party}`);
        }
  }
  assert.equal(legal, 11 + 3 * 21, 'legal (remedy, status, action, party) combinations');
});

test('a plan is agreed when the use unit, the maintenance company (if any) and the regulator have agreed', () => {
  assert.deepEqual(requiredParties(true), ['use_unit', 'maintenance', 'regulator']);
  assert.equal(planAgreed([{ party: 'use_unit' }, { party: 'regulator' }], true), false);
  assert.equal(planAgreed([{ party: 'use_unit' }, { party: 'regulator' }], false), true);
  assert.equal(planAgreed([{ party: 'use_unit' }, { party: 'maintenance' }, { party: 'regulator' }], true), true);
  assert.equal(planAgreed([{ party: 'maintenance' }, { party: 'regulator' }, { party: 'finder' }], true), false);
});

test('first deadlines: a serious repair in 15 days, a general one in 30, a plan for a major remedy in 30 (across a month end)', () => {
  assert.equal(firstDeadline('2026-11-30', 'serious', 'repair'), '2026-12-15');
  assert.equal(firstDeadline('2026-11-30', 'general', 'repair'), '2026-12-30');
  assert.equal(firstDeadline('2026-12-20', 'serious', 'replace'), '2027-01-19');
});
