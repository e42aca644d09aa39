import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigException } from '../../../src/api/errors.ts'
import { DEFAULT_TRANSACTION_BOUNDARY, parseTransactionBoundary } from '../../../src/api/source/transaction-boundary.ts'

test('transaction.boundary is read in any case, trimmed', () => {
  assert.equal(parseTransactionBoundary('POLL'), 'poll')
  assert.equal(parseTransactionBoundary(' Interval '), 'interval')
  assert.equal(parseTransactionBoundary('connector'), 'connector')
  assert.equal(DEFAULT_TRANSACTION_BOUNDARY, 'poll')
})

test('an unknown transaction.boundary is a ConfigException naming the choices', () => {
  assert.throws(() => parseTransactionBoundary('batch'), (e: unknown) =>
    e instanceof ConfigException &&
    e.message === 'Invalid value batch for configuration transaction.boundary: Expected one of poll, interval, connector')
})
