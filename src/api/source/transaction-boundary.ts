// The transaction.boundary setting of a source connector under exactly-once support (KIP-618).

import { ConfigException } from '../errors.ts'

/** The connector setting that chooses how transactions are delimited. */
export const TRANSACTION_BOUNDARY_CONFIG = 'transaction.boundary'

/** A transaction per poll() batch, per time interval, or wherever the connector says. */
export type TransactionBoundary = 'poll' | 'interval' | 'connector'

/** Every TransactionBoundary. */
export const TRANSACTION_BOUNDARIES: readonly TransactionBoundary[] = ['poll', 'interval', 'connector']

/** The boundary used when transaction.boundary is not set. */
export const DEFAULT_TRANSACTION_BOUNDARY: TransactionBoundary = 'poll'

/** Reads a transaction.boundary value, ignoring case and surrounding spaces. */
export function parseTransactionBoundary (property: string): TransactionBoundary {
  const normalized = String(property).trim().toLowerCase()
  const boundary = TRANSACTION_BOUNDARIES.find(b => b === normalized)
  if (boundary === undefined) {
    throw new ConfigException(TRANSACTION_BOUNDARY_CONFIG, property, 'Expected one of ' + TRANSACTION_BOUNDARIES.join(', '))
  }
  return boundary
}
