// A source connector's offsets when it may have an offsets topic of its own (Kafka's
// ConnectorOffsetBackingStore, KIP-618): the connector's store (its offsets.storage.topic) is the
// primary one, the worker's (offset.storage.topic) the secondary one.
//   - get(): the connector store's offset, else the worker store's, so a connector moved onto its
//     own topic resumes from what it committed before.
//   - set(): the primary write decides success; the same offsets then go to the secondary store,
//     whose failure is only logged. Tombstones (offset resets) go to the secondary store first and
//     must succeed there (KAFKA-15018): otherwise a reset in the connector's topic would fall back
//     to the stale offset still in the worker's.
// Kafka 4.3's get() lets the connector store's "no offset" override the worker store's offset (its
// answer holds every key asked, null for missing ones), so the documented fallback does not take
// place; here it does.
// Only the connector's own store is started and stopped here; the worker's belongs to the worker.

import { getLogger } from '../logging/index.ts'
import type { OffsetBackingStore } from './offset-backing-store.ts'
import type { OffsetMap } from './offset-utils.ts'
import { partitionIdentity } from './offset-utils.ts'

const log = getLogger('org.apache.kafka.connect.storage.ConnectorOffsetBackingStore')

/** A connector's offset store: its own topic's store and/or the worker's. */
export class ConnectorOffsetBackingStore implements OffsetBackingStore {
  /** The topic offsets are committed to (the connector's own, else the worker's); null without a topic. */
  readonly primaryOffsetsTopic: string | null
  readonly #workerStore: OffsetBackingStore | null
  readonly #connectorStore: OffsetBackingStore | null

  private constructor (primaryOffsetsTopic: string | null, workerStore: OffsetBackingStore | null, connectorStore: OffsetBackingStore | null) {
    if (workerStore === null && connectorStore === null) throw new Error('At least one non-null offset store must be provided')
    this.primaryOffsetsTopic = primaryOffsetsTopic
    this.#workerStore = workerStore
    this.#connectorStore = connectorStore
  }

  /** The connector's own topic first, the worker's as the fallback and secondary copy. */
  static withConnectorAndWorkerStores (workerStore: OffsetBackingStore, connectorStore: OffsetBackingStore, connectorOffsetsTopic: string): ConnectorOffsetBackingStore {
    return new ConnectorOffsetBackingStore(connectorOffsetsTopic, workerStore, connectorStore)
  }

  /** Only the worker's store (no topic of the connector's own). */
  static withOnlyWorkerStore (workerStore: OffsetBackingStore, workerOffsetsTopic: string | null): ConnectorOffsetBackingStore {
    return new ConnectorOffsetBackingStore(workerOffsetsTopic, workerStore, null)
  }

  /** Only a store of the connector's (its topic is the worker's, read with the connector's own clients). */
  static withOnlyConnectorStore (connectorStore: OffsetBackingStore, connectorOffsetsTopic: string): ConnectorOffsetBackingStore {
    return new ConnectorOffsetBackingStore(connectorOffsetsTopic, null, connectorStore)
  }

  get hasConnectorSpecificStore (): boolean {
    return this.#connectorStore !== null
  }

  get hasWorkerGlobalStore (): boolean {
    return this.#workerStore !== null
  }

  /**
   * Starts the connector's own store (the worker's is started by the worker, and only caught up
   * here, so connectorPartitions() holds what tasks on other workers committed until now).
   */
  async start (): Promise<void> {
    await Promise.all([this.#connectorStore?.start(), this.#workerStore?.readToEnd?.()])
  }

  async readToEnd (timeoutMs?: number): Promise<void> {
    await Promise.all([this.#connectorStore?.readToEnd?.(timeoutMs), this.#workerStore?.readToEnd?.(timeoutMs)])
  }

  /** Stops the connector's own store (the worker's may serve other connectors). */
  async stop (): Promise<void> {
    await this.#connectorStore?.stop()
  }

  async get (keys: readonly Uint8Array[]): Promise<Array<Uint8Array | null>> {
    const [fromWorker, fromConnector] = await Promise.all([
      this.#workerStore?.get(keys) ?? Promise.resolve(keys.map(() => null)),
      this.#connectorStore?.get(keys) ?? Promise.resolve(keys.map(() => null)),
    ])
    return keys.map((_key, i) => fromConnector[i] ?? fromWorker[i] ?? null)
  }

  async set (entries: ReadonlyArray<readonly [Uint8Array, Uint8Array | null]>): Promise<void> {
    const primary = this.#connectorStore ?? this.#workerStore!
    const secondary = this.#connectorStore === null ? null : this.#workerStore
    const regular = entries.filter(([, value]) => value !== null)
    const tombstones = entries.filter(([, value]) => value === null)
    if (secondary !== null && tombstones.length > 0) {
      // A reset must reach the fallback store first, or the fallback would bring the old offset back.
      await secondary.set(tombstones)
    }
    await primary.set(entries)
    if (secondary !== null && regular.length > 0) {
      // Not waited for: the secondary copy must not slow down or fail the commit.
      secondary.set(regular).then(
        () => log.debug('Successfully flushed offsets to secondary backing store'),
        error => log.warn('Failed to write offsets to secondary backing store', error))
    }
  }

  /** The partitions either store knows for the connector. */
  connectorPartitions (connector: string): OffsetMap[] {
    const partitions = new Map<string, OffsetMap>()
    for (const store of [this.#workerStore, this.#connectorStore]) {
      for (const partition of store?.connectorPartitions(connector) ?? []) partitions.set(partitionIdentity(partition), partition)
    }
    return [...partitions.values()]
  }
}
