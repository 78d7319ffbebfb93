import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIONS,
  KINDS,
  STATUSES,
  SUBSIDY_STATUSES,
  availableActions,
  checkApproval,
  checkDisbursement,
  checkFunding,
  startProblems,
  transition,
  type Action,
  type Kind,
  type Party,
  type Status,
  type SubsidyStatus,
} from './renovation.domain.ts';
import { registryChange } from './registry-change.ts';

/**
 * The legal steps written out as the specification: action → (statuses, subsidy statuses, kinds, party) → result.
 * Every other combination of kind × status × subsidy × action × party must be refused.
 */
const ALL_SUBSIDY = SUBSIDY_STATUSES;
const SPEC: { action: Action; from: Status[]; subsidy: readonly SubsidyStatus[]; kinds?: Kind[]; by: Party; to?: Status; subsidyTo?: SubsidyStatus }[] = [
  { action: 'decide', from: ['draft'], subsidy: ALL_SUBSIDY, by: 'manager', to: 'decided' },
  { action: 'confirm_funding', from: ['decided'], subsidy: ALL_SUBSIDY, by: 'manager', to: 'funded' },
  { action: 'apply_subsidy', from: ['funded'], subsidy: ['none', 'rejected'], by: 'manager', subsidyTo: 'applied' },
  { action: 'approve_subsidy', from: ['funded'], subsidy: ['applied'], by: 'finance', subsidyTo: 'approved' },
  { action: 'reject_subsidy', from: ['funded'], subsidy: ['applied'], by: 'finance', subsidyTo: 'rejected' },
  { action: 'disburse', from: ['funded', 'in_construction', 'accepted', 'registered'], subsidy: ['approved'], by: 'finance', subsidyTo: 'approved' },
  { action: 'start', from: ['funded'], subsidy: ['none', 'rejected', 'approved', 'disbursed'], by: 'manager', to: 'in_construction' },
  { action: 'accept', from: ['in_construction'], subsidy: ALL_SUBSIDY, by: 'manager', to: 'accepted' },
  { action: 'register', from: ['accepted'], subsidy: ALL_SUBSIDY, kinds: ['modernise', 'replace', 'overspeed_retrofit'], by: 'registrar', to: 'registered' },
  { action: 'close', from: ['registered'], subsidy: ['none', 'rejected', 'disbursed'], by: 'manager', to: 'closed' },
  { action: 'close', from: ['accepted'], subsidy: ['none', 'rejected', 'disbursed'], kinds: ['major_repair'], by: 'manager', to: 'closed' },
  { action: 'cancel', from: ['draft', 'decided', 'funded'], subsidy: ['none', 'applied', 'rejected', 'approved'], by: 'manager', to: 'cancelled' },
];
const PARTIES: Party[] = ['manager', 'finance', 'registrar'];

describe('renovation project transitions', () => {
  test('every kind × status × subsidy × action × party: legal exactly where the specification says, with its result', () => {
    let legal = 0;
    let refused = 0;
    for (const kind of KINDS)
      for (const status of STATUSES)
        for (const subsidy of SUBSIDY_STATUSES)
          for (const action of ACTIONS)
            for (const party of PARTIES) {
              const spec = SPEC.find((s) => s.action === action && s.from.includes(status) && s.subsidy.includes(subsidy) && (!s.kinds || s.kinds.includes(kind)));
              const got = transition({ kind, status, subsidy }, action, [party]);
              const where = `${kind} ${status}/${subsidy} ${action} by ${party}`;
              if (spec && spec.by === party) {
                legal++;
                assert.deepEqual(got, { ok: true, status: spec.to ?? status, subsidy: spec.subsidyTo ?? subsidy }, where);
              } else {
                refused++;
                assert.equal(got.ok, false, where);
              }
            }
    assert.ok(legal > 100 && refused > 5000, `${legal} legal, ${refused} refused`);
  });

  test('a refusal says why: status first, then kind, then subsidy, then party', () => {
    const s = (status: Status, subsidy: SubsidyStatus = 'none', kind: Kind = 'modernise') => ({ kind, status, subsidy });
    assert.deepEqual(transition(s('draft'), 'accept', ['manager']), { ok: false, reason: 'status' });
    assert.deepEqual(transition(s('accepted', 'none', 'major_repair'), 'register', ['registrar']), { ok: false, reason: 'kind' });
    assert.deepEqual(transition(s('funded', 'applied'), 'start', ['manager']), { ok: false, reason: 'subsidy' });
    assert.deepEqual(transition(s('registered', 'approved'), 'close', ['manager']), { ok: false, reason: 'subsidy' }, 'an approved subsidy not yet paid keeps it open');
    assert.deepEqual(transition(s('funded', 'disbursed'), 'cancel', ['manager']), { ok: false, reason: 'subsidy' }, 'paid money: no cancelling');
    assert.deepEqual(transition(s('funded', 'applied'), 'approve_subsidy', ['manager']), { ok: false, reason: 'party' }, 'the manager does not approve its own subsidy');
    assert.deepEqual(transition(s('decided'), 'decide', ['manager']), { ok: false, reason: 'status' });
  });

  test('the buttons a party sees follow the same rule', () => {
    assert.deepEqual(availableActions({ kind: 'replace', status: 'funded', subsidy: 'none' }, ['manager']), ['apply_subsidy', 'start', 'cancel']);
    assert.deepEqual(availableActions({ kind: 'replace', status: 'funded', subsidy: 'applied' }, ['finance']), ['approve_subsidy', 'reject_subsidy']);
    assert.deepEqual(availableActions({ kind: 'major_repair', status: 'accepted', subsidy: 'disbursed' }, ['manager', 'registrar']), ['close']);
    assert.deepEqual(availableActions({ kind: 'modernise', status: 'closed', subsidy: 'disbursed' }, PARTIES), []);
  });
});

describe('funding and subsidy arithmetic', () => {
  test('the sources must sum to the budget to the fen', () => {
    assert.equal(checkFunding(100_000, [{ source: 'maintenance_fund', amount: 60_000 }, { source: 'subsidy', amount: 40_000 }]).balanced, true);
    // 0.1 + 0.2 style sums are exact in fen.
    assert.equal(checkFunding(0.3, [{ source: 'owners', amount: 0.1 }, { source: 'insurance', amount: 0.2 }]).balanced, true);
    const short = checkFunding(100_000, [{ source: 'maintenance_fund', amount: 60_000 }, { source: 'subsidy', amount: 39_999.99 }]);
    assert.equal(short.balanced, false);
    assert.equal(short.difference, 0.01);
    assert.match(short.problems[0]!.message, /缺口 0\.01 元/);
    const over = checkFunding(100_000, [{ source: 'owners', amount: 100_000.01 }]);
    assert.equal(over.difference, -0.01);
    assert.match(over.problems[0]!.message, /超出 0\.01 元/);
    const dup = checkFunding(100, [{ source: 'owners', amount: 50 }, { source: 'owners', amount: 50 }]);
    assert.deepEqual(dup.problems.map((p) => p.field), ['lines.1.source']);
    assert.equal(checkFunding(100, []).balanced, false);
  });

  test('approval: more than zero and at most the request', () => {
    assert.deepEqual(checkApproval(50_000, 50_000), []);
    assert.deepEqual(checkApproval(50_000, 0.01), []);
    assert.equal(checkApproval(50_000, 50_000.01).length, 1);
    assert.equal(checkApproval(50_000, 0).length, 1);
  });

  test('disbursements never pass the approved amount; the last fen completes it', () => {
    assert.deepEqual(checkDisbursement(30_000, 0, 10_000), { problems: [], remaining: 20_000, complete: false });
    assert.deepEqual(checkDisbursement(30_000, 20_000, 10_000), { problems: [], remaining: 0, complete: true });
    assert.deepEqual(checkDisbursement(30_000, 29_999.99, 0.01).complete, true);
    const over = checkDisbursement(30_000, 20_000, 10_000.01);
    assert.equal(over.problems.length, 1);
    assert.match(over.problems[0]!.message, /10000\.00 元/);
    assert.equal(checkDisbursement(30_000, 0, 0).problems.length, 1);
  });

  test('construction needs a balanced plan and a subsidy line covered by an approved subsidy', () => {
    const lines = [{ source: 'maintenance_fund' as const, amount: 70_000 }, { source: 'subsidy' as const, amount: 30_000 }];
    assert.deepEqual(startProblems(100_000, lines, { status: 'approved', approved: 30_000 }), []);
    assert.deepEqual(startProblems(100_000, lines, { status: 'disbursed', approved: 30_000 }), []);
    assert.deepEqual(startProblems(100_000, lines, { status: 'approved', approved: 29_999.99 }).map((p) => p.field), ['funding.subsidy']);
    assert.deepEqual(startProblems(100_000, lines, { status: 'rejected', approved: null }).map((p) => p.field), ['funding.subsidy']);
    assert.deepEqual(startProblems(100_000, [{ source: 'owners', amount: 100_000 }], { status: 'rejected', approved: null }), []);
    assert.deepEqual(startProblems(100_001, [{ source: 'owners', amount: 100_000 }], { status: 'none', approved: null }).map((p) => p.field), ['lines']);
  });
});

describe('registry change at acceptance', () => {
  test('replace needs the new unit’s model, factory number and manufacture date; dates default to the acceptance', () => {
    const code = '31103701022019060001';
    const missing = registryChange('replace', '2026-10-01', { registrationCode: code, model: 'NEW' }, 'changes.0');
    assert.deepEqual(missing.problems.map((p) => p.field), ['changes.0.factoryNo', 'changes.0.manufactureDate']);
    const ok = registryChange('replace', '2026-10-01', { registrationCode: code, model: 'GeN3', factoryNo: 'F-9', manufactureDate: '2026-05-01' }, 'changes.0');
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(ok.change, { model: 'GeN3', factoryNo: 'F-9', manufactureDate: '2026-05-01', commissioningDate: '2026-10-01', acceptanceDate: '2026-10-01', ascendingOverspeedProtection: true });
    assert.equal(registryChange('replace', '2026-10-01', { registrationCode: code, model: 'x', factoryNo: 'y', manufactureDate: '2026-10-02' }, 'c').problems.length, 1);
  });

  test('overspeed retrofit fits the protection; a major repair changes nothing; a modernisation what it names', () => {
    assert.deepEqual(registryChange('overspeed_retrofit', '2026-10-01', undefined, 'c').change, { ascendingOverspeedProtection: true });
    assert.deepEqual(registryChange('major_repair', '2026-10-01', { registrationCode: 'x', model: 'ignored' }, 'c').change, {});
    assert.deepEqual(registryChange('modernise', '2026-10-01', { registrationCode: 'x', ratedSpeed: 2.5, factoryNo: 'ignored' }, 'c').change, { ratedSpeed: 2.5 });
  });
});
