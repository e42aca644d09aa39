// Which offset store a source connector or task of a distributed worker uses (Kafka's
// Worker.offsetStoreFor…): the worker's offsets topic, the connector's own offsets.storage.topic,
// or both. With exactly-once source support a task always has a store of its own, on the
// connector's topic or the worker's, written with the task's transactional producer, so that
// records and their offsets commit in one transaction.

import type { Log, LogProducer } from '../../log/log.ts'
import type { DistributedConfig } from '../../runtime/config/distributed-config.ts'
import { ConnectorOffsetBackingStore } from '../connector-offset-backing-store.ts'
import type { OffsetBackingStore } from '../offset-backing-store.ts'
import { KafkaOffsetBackingStore } from './kafka-offset-backing-store.ts'

/** The connector setting that gives a source connector an offsets topic of its own. */
export const OFFSETS_TOPIC_CONFIG = 'offsets.storage.topic'

/** What choosing a source connector's or task's offset store takes. */
export interface SourceOffsetStoreOptions {
  /** The log the connector's records go to (where its own offsets topic lives). */
  readonly log: Log
  readonly config: DistributedConfig
  /** The worker's store on offset.storage.topic (started and stopped by the worker). */
  readonly workerStore: OffsetBackingStore
  /** The connector's offsets.storage.topic, or null/undefined when it has none. */
  readonly connectorOffsetsTopic?: string | null
  /** The task (or connector) runs with exactly-once source support. */
  readonly exactlyOnce: boolean
  /**
   * How the connector's own store writes: a task's producer ('own' gives the store one of its
   * own), or null for a read-only store (a connector instance, or reading offsets for the REST API).
   */
  readonly producer: 'own' | LogProducer | null
  /** The client id of the store's clients, such as connector-consumer-<connector>-<task>. */
  readonly clientId: string
}

/**
 * The offset store of a source connector or task. Start it before use and stop it after: that
 * starts and stops the connector's own store, never the worker's.
 */
export function sourceOffsetStore (options: SourceOffsetStoreOptions): ConnectorOffsetBackingStore {
  const workerSettings = options.config.offsetStorageTopicSettings()
  const ownTopic = options.connectorOffsetsTopic ?? null
  const topic = options.exactlyOnce ? ownTopic ?? workerSettings.topic : ownTopic
  if (topic === null) return ConnectorOffsetBackingStore.withOnlyWorkerStore(options.workerStore, workerSettings.topic)
  const connectorStore = new KafkaOffsetBackingStore({
    log: options.log,
    config: options.config,
    // A connector's own topic is created with the worker's offsets topic settings, as in Kafka.
    topic: { ...workerSettings, topic },
    topicSetting: ownTopic === null ? 'offset.storage.topic' : OFFSETS_TOPIC_CONFIG,
    producer: options.producer,
    clientId: options.clientId,
  })
  // On the worker's own topic, a second store reading the same topic would only repeat the first.
  if (topic === workerSettings.topic) return ConnectorOffsetBackingStore.withOnlyConnectorStore(connectorStore, topic)
  return ConnectorOffsetBackingStore.withConnectorAndWorkerStores(options.workerStore, connectorStore, topic)
}
