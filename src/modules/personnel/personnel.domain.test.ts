import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashIdNumber, idCheckChar, idNumberProblem, maskIdNumber, maskPhone, monthsBefore, overlapOf } from './personnel.domain.ts';

// GB 11643-1999's own example number.
const VALID = '11010519491231002X';

test('an ID number with a correct check character is valid, X in either case', () => {
  assert.equal(idNumberProblem(VALID), null);
  assert.equal(idNumberProblem(VALID.toLowerCase()), null);
  assert.equal(idNumberProblem(' 110105 19491231 002X '), null);
  const built = `37010219900307123`;
  assert.equal(idNumberProblem(built + idCheckChar(built)), null);
});

test('a wrong check digit, length, region or birth date is refused with the reason', () => {
  assert.match(idNumberProblem('110105194912310021')!, /校验位/);
  assert.match(idNumberProblem('11010519491231002')!, /18位/);
  assert.match(idNumberProblem('1101051949123100AX')!, /18位/);
  const badRegion = '99010519491231002';
  assert.match(idNumberProblem(badRegion + idCheckChar(badRegion))!, /地区码/);
  const feb30 = '37010219900230123';
  assert.match(idNumberProblem(feb30 + idCheckChar(feb30))!, /出生日期/);
  const future = '37010220990101123';
  assert.match(idNumberProblem(future + idCheckChar(future), new Date('2026-06-01'))!, /出生日期/);
});

test('the hash is keyed: same number and key match, another key does not, the number is not in it', () => {
  const h = hashIdNumber(VALID, 'secret-one-0123456789');
  assert.equal(h, hashIdNumber(VALID.toLowerCase(), 'secret-one-0123456789'));
  assert.notEqual(h, hashIdNumber(VALID, 'secret-two-0123456789'));
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.ok(!h.includes('19491231'));
});

test('masks keep the region prefix and last four of an ID, the first three and last four of a mobile', () => {
  assert.equal(maskIdNumber(VALID), '1101**********002X');
  assert.equal(maskIdNumber(VALID).length, 18);
  assert.equal(maskPhone('138 1234 5678'), '138****5678');
  assert.equal(maskPhone('0531-88880000'), '********0000');
});

test('periods overlap on their shared days; open ends run on', () => {
  assert.deepEqual(overlapOf({ from: '2025-01-01', to: null }, { from: '2025-06-01', to: '2025-12-31' }), { from: '2025-06-01', to: '2025-12-31' });
  assert.deepEqual(overlapOf({ from: '2025-01-01', to: null }, { from: '2024-01-01', to: null }), { from: '2025-01-01', to: null });
  assert.equal(overlapOf({ from: '2025-01-01', to: '2025-05-31' }, { from: '2025-06-01', to: null }), null);
  assert.deepEqual(overlapOf({ from: '2025-01-01', to: '2025-06-01' }, { from: '2025-06-01', to: null }), { from: '2025-06-01', to: '2025-06-01' });
});

test('months before a day clamp to the month end', () => {
  assert.equal(monthsBefore('2026-06-01', 6), '2025-12-01');
  assert.equal(monthsBefore('2026-08-31', 6), '2026-02-28');
  assert.equal(monthsBefore('2026-01-15', 13), '2024-12-15');
});
