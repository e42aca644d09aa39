// What a source connector can ask of the runtime (Kafka's SourceConnectorContext).

import type { ConnectorContext } from '../connector/connector-context.ts'
import type { OffsetStorageReader } from './offset-storage-reader.ts'

/** A ConnectorContext that can also read committed source offsets. */
export interface SourceConnectorContext extends ConnectorContext {
  /** Reads the offsets committed for this connector's source partitions. */
  offsetStorageReader (): OffsetStorageReader
}
