// How a source task that defines its own transaction boundaries (transaction.boundary=connector,
// with exactly-once support on the worker) tells the runtime where transactions end (KIP-618).

import type { SourceRecord } from './source-record.ts'

/** Ends transactions on request; given by SourceTaskContext.transactionContext(). */
export interface TransactionContext {
  /**
   * Commits the transaction after the next batch from poll(), or, given a record, right after
   * that record. A record-based request wins over a batch-based one for the same batch.
   */
  commitTransaction (record?: SourceRecord): void
  /**
   * Aborts the transaction after the next batch from poll(), or, given a record, right after
   * that record: its records are discarded, but its offsets are committed so they are not read
   * again. To have them read again, throw from poll() instead.
   */
  abortTransaction (record?: SourceRecord): void
}
