// A connector's view of its committed source offsets (Kafka's OffsetStorageReaderImpl): partitions
// in, offsets out, with the bytes in between those of src/storage/offset-utils.ts. Integer offset
// values come back as bigint (they are Java Longs on the wire), other values as the JSON had them.

import { ConnectException } from '../api/errors.ts'
import type { OffsetStorageReader } from '../api/source/offset-storage-reader.ts'
import { getLogger } from '../logging/index.ts'
import type { OffsetBackingStore } from './offset-backing-store.ts'
import { offsetKeyBytes, parseOffsetValue, type OffsetMap } from './offset-utils.ts'

const log = getLogger('org.apache.kafka.connect.storage.OffsetStorageReaderImpl')

/** Reads one connector's committed offsets; closed when its task stops. */
export class OffsetStorageReaderImpl implements OffsetStorageReader {
  readonly #store: OffsetBackingStore
  readonly #connector: string
  #closed = false

  constructor (store: OffsetBackingStore, connector: string) {
    this.#store = store
    this.#connector = connector
  }

  async offset (partition: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    return (await this.offsets([partition])).get(partition) ?? null
  }

  async offsets (partitions: ReadonlyArray<Record<string, unknown>>): Promise<Map<Record<string, unknown>, Record<string, unknown> | null>> {
    if (this.#closed) {
      throw new ConnectException('Offset reader is closed. This is likely because the task has already been scheduled to stop ' +
        'but has taken longer than the graceful shutdown period to do so.')
    }
    const result = new Map<Record<string, unknown>, Record<string, unknown> | null>()
    const keys: Uint8Array[] = []
    const asked: Array<Record<string, unknown>> = []
    for (const partition of partitions) {
      result.set(partition, null)
      try {
        keys.push(offsetKeyBytes(this.#connector, partition))
        asked.push(partition)
      } catch (error) {
        log.error(`CRITICAL: Failed to serialize partition key when getting offsets for task with namespace ${this.#connector}. ` +
          'No value for this data will be returned, which may break the task or cause it to skip some data.', error)
      }
    }
    let values: Array<Uint8Array | null>
    try {
      values = await this.#store.get(keys)
    } catch (error) {
      log.error(`Failed to fetch offsets from namespace ${this.#connector}: `, error)
      throw new ConnectException('Failed to fetch offsets.', { cause: error })
    }
    for (let i = 0; i < asked.length; i++) {
      try {
        result.set(asked[i], parseOffsetValue(this.#connector, values[i]))
      } catch (error) {
        log.error(`CRITICAL: Failed to deserialize offset data when getting offsets for task with namespace ${this.#connector}. ` +
          'No value for this data will be returned, which may break the task or cause it to skip some data. This could either be ' +
          'due to an error in the connector implementation or incompatible schema.', error)
      }
    }
    return result
  }

  /** Offsets of every partition the store knows for this connector (for GET /connectors/{c}/offsets). */
  async allOffsets (partitions: readonly OffsetMap[]): Promise<Array<{ partition: OffsetMap, offset: OffsetMap | null }>> {
    const offsets = await this.offsets(partitions)
    return partitions.map(partition => ({ partition, offset: offsets.get(partition) ?? null }))
  }

  /** Makes further reads fail, e.g. when a task is abandoned after a slow shutdown. */
  close (): void {
    this.#closed = true
  }
}
