import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_STATUS, errorMessage, infrastructureError } from './errors.ts';

// Found by `npm run faults` (pg-restart, disk-full): a database restart and a full disk were answered 500 INTERNAL.
test('a database outage and a full disk are told apart from bugs', () => {
  const pgError = (code: string) => Object.assign(new Error('x'), { code });
  assert.equal(infrastructureError(pgError('ECONNREFUSED')), 'STORE_UNAVAILABLE');
  assert.equal(infrastructureError(pgError('57P01')), 'STORE_UNAVAILABLE'); // terminating connection due to administrator command
  assert.equal(infrastructureError(pgError('57P03')), 'STORE_UNAVAILABLE'); // the database system is starting up
  assert.equal(infrastructureError(pgError('08006')), 'STORE_UNAVAILABLE');
  assert.equal(infrastructureError(new Error('Connection terminated unexpectedly')), 'STORE_UNAVAILABLE');
  assert.equal(infrastructureError(new Error('timeout exceeded when trying to connect')), 'STORE_UNAVAILABLE');
  assert.equal(infrastructureError(new Error('wrapped', { cause: pgError('ENOSPC') })), 'STORAGE_FULL');
  assert.equal(infrastructureError(pgError('EDQUOT')), 'STORAGE_FULL');
  // A bug stays a bug: constraint violations, syntax errors and plain exceptions are not infrastructure.
  assert.equal(infrastructureError(pgError('23505')), undefined);
  assert.equal(infrastructureError(pgError('42601')), undefined);
  assert.equal(infrastructureError(new TypeError('x is undefined')), undefined);
  assert.equal(infrastructureError(undefined), undefined);
  assert.equal(ERROR_STATUS.STORE_UNAVAILABLE, 503);
  assert.equal(ERROR_STATUS.STORAGE_FULL, 507);
  assert.notEqual(errorMessage('STORE_UNAVAILABLE'), errorMessage('INTERNAL'));
  assert.notEqual(errorMessage('STORAGE_FULL'), errorMessage('INTERNAL'));
});
