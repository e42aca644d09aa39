// What a source task can ask of the runtime (Kafka's SourceTaskContext).

import type { OffsetStorageReader } from './offset-storage-reader.ts'
import type { TransactionContext } from './transaction-context.ts'

/** Given to a source task by initialize(). */
export interface SourceTaskContext {
  /** The task's latest configuration (it may differ from start's if a secret was rotated). */
  configs (): Record<string, string>
  /** Reads the offsets committed for this connector's source partitions. */
  offsetStorageReader (): OffsetStorageReader
  /** Where the task ends transactions; null unless transaction.boundary=connector under exactly-once. */
  transactionContext (): TransactionContext | null
}
