// How a sink task sends a record it could not write to the dead letter queue (KIP-610).

import type { SinkRecord } from './sink-record.ts'

/** Reports failed records; given by SinkTaskContext.errantRecordReporter() when a DLQ is set up. */
export interface ErrantRecordReporter {
  /**
   * Reports `record` and the `error` it caused. Resolves once the record is written to the dead
   * letter queue; the runtime in any case waits for it before committing offsets past the record.
   * Rejects with a ConnectException if it cannot be written.
   */
  report (record: SinkRecord, error: Error): Promise<void>
}
