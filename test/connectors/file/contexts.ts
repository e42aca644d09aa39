// The contexts the runtime gives FileStream tasks, as plain objects: the task API's contexts are
// ours, not a system we integrate with, so tests drive the tasks directly through them.

import type { OffsetStorageReader } from '../../../src/api/source/offset-storage-reader.ts'
import type { SourceTaskContext } from '../../../src/api/source/source-task-context.ts'

/** A SourceTaskContext whose offset store holds `committed` (partition JSON -> offset). */
export function sourceContext (committed: Array<[Record<string, unknown>, Record<string, unknown>]> = []): SourceTaskContext {
  const store = new Map(committed.map(([partition, offset]) => [JSON.stringify(partition), offset]))
  const reader: OffsetStorageReader = {
    offset: async partition => store.get(JSON.stringify(partition)) ?? null,
    offsets: async partitions => new Map(partitions.map(p => [p, store.get(JSON.stringify(p)) ?? null])),
  }
  return {
    configs: () => ({}),
    offsetStorageReader: () => reader,
    transactionContext: () => null,
  }
}
