// Source offsets in an offsets topic (Kafka's KafkaOffsetBackingStore): the worker's
// offset.storage.topic, or a connector's own offsets.storage.topic. Keys and values are the bytes
// of src/storage/offset-utils.ts, exactly Java's, so a cluster can move between Java Connect and
// kconnect with its offsets. The store reads the whole topic on start and follows it; get() first
// reads to the end, so a task that takes over a partition sees the offsets its previous owner
// committed on another worker.

import { ConfigException, ConnectException } from '../../api/errors.ts'
import type { IncomingRecord, Log, LogProducer } from '../../log/log.ts'
import { getLogger } from '../../logging/index.ts'
import type { DistributedConfig, InternalTopicSettings } from '../../runtime/config/distributed-config.ts'
import { MemoryOffsetBackingStore, type OffsetBackingStore } from '../offset-backing-store.ts'
import type { OffsetMap } from '../offset-utils.ts'
import { ensureInternalTopic } from './internal-topics.ts'
import { KafkaBasedLog } from './kafka-based-log.ts'
import { clientIdBase, DURABLE_PRODUCER_CONFIG, storeClientConfig, topicCreationRetry } from './store-clients.ts'

const log = getLogger('org.apache.kafka.connect.storage.KafkaOffsetBackingStore')

/** What a KafkaOffsetBackingStore is built from. */
export interface KafkaOffsetBackingStoreOptions {
  /** The cluster (or embedded log) the topic lives in; shared, not closed by the store. */
  readonly log: Log
  readonly config: DistributedConfig
  /**
   * The topic and how to create it; default the worker's offset.storage.* settings. A connector's
   * own topic is created with the worker's settings under its own name, as in Kafka.
   */
  readonly topic?: InternalTopicSettings
  /** The setting that named the topic, for messages: offset.storage.topic (default) or offsets.storage.topic. */
  readonly topicSetting?: string
  /**
   * How to write: 'own' (a producer of the store's, the default), a producer to share (a source
   * task's, so offsets join its transactions), or null for a read-only store.
   */
  readonly producer?: 'own' | LogProducer | null
  /** The client id of its clients; default <group.id>-offsets. */
  readonly clientId?: string
}

/** The offsets cache: the memory store, filled from the topic rather than by set(). */
class OffsetCache extends MemoryOffsetBackingStore {
  apply (key: Uint8Array | null, value: Uint8Array | null): void {
    this.putAll([[key, value]])
  }
}

/** Source offsets in an offsets topic. */
export class KafkaOffsetBackingStore implements OffsetBackingStore {
  readonly topic: string
  readonly #offsetLog: KafkaBasedLog
  readonly #cache = new OffsetCache()
  readonly #exactlyOnce: boolean
  readonly #readOnly: boolean

  constructor (options: KafkaOffsetBackingStoreOptions) {
    const config = options.config
    const settings = options.topic ?? config.offsetStorageTopicSettings()
    if (settings.topic === null || settings.topic === undefined || settings.topic.trim() === '') {
      throw new ConfigException('Offset storage topic must be specified')
    }
    this.topic = settings.topic
    this.#exactlyOnce = config.exactlyOnceSourceEnabled()
    const producer = options.producer === undefined ? 'own' : options.producer
    this.#readOnly = producer === null
    const retry = topicCreationRetry(config)
    const setting = options.topicSetting ?? 'offset.storage.topic'
    this.#offsetLog = new KafkaBasedLog({
      log: options.log,
      topic: this.topic,
      clientId: options.clientId ?? clientIdBase(config) + 'offsets',
      onRecord: record => this.#read(record),
      // With exactly-once source support, offsets are written in the tasks' transactions: only committed ones count.
      isolationLevel: this.#exactlyOnce ? 'read_committed' : 'read_uncommitted',
      ...(producer === 'own'
        ? { producerConfig: storeClientConfig(config, DURABLE_PRODUCER_CONFIG) }
        : producer === null ? { producerConfig: null } : { producer }),
      consumerConfig: storeClientConfig(config, {}),
      initialize: async () => {
        await ensureInternalTopic(options.log, { ...settings, setting, purpose: 'source connector offsets' }, retry)
      },
    })
  }

  /** Creates the topic if needed and reads every offset in it. */
  async start (): Promise<void> {
    log.info('Starting KafkaOffsetBackingStore')
    await this.#offsetLog.start()
    log.info('Finished reading offsets topic and starting KafkaOffsetBackingStore')
  }

  async stop (): Promise<void> {
    log.info('Stopping KafkaOffsetBackingStore')
    await this.#offsetLog.stop()
    log.info('Stopped KafkaOffsetBackingStore')
  }

  /**
   * The offsets of these keys, after reading the topic to its end (offsets are read rarely: when a
   * task starts or asks, so the cost of always catching up is worth always being current).
   */
  async get (keys: readonly Uint8Array[]): Promise<Array<Uint8Array | null>> {
    await this.#offsetLog.readToEnd()
    return await this.#cache.get(keys)
  }

  /** Writes the entries; resolves once every one was acknowledged (they are visible once read back). */
  async set (entries: ReadonlyArray<readonly [Uint8Array, Uint8Array | null]>): Promise<void> {
    if (this.#readOnly) throw new ConnectException(`The offsets store of topic ${this.topic} is read-only`)
    await Promise.all(entries.map(([key, value]) => this.#offsetLog.send(key, value)))
  }

  /** The source partitions that have an offset for this connector, as read so far. */
  connectorPartitions (connector: string): OffsetMap[] {
    return this.#cache.connectorPartitions(connector)
  }

  /** Reads the topic to its end: what was committed before this call, by any worker, is then in connectorPartitions(). */
  async readToEnd (timeoutMs?: number): Promise<void> {
    await this.#offsetLog.readToEnd(timeoutMs)
  }

  #read (record: IncomingRecord): void {
    this.#cache.apply(record.key, record.value)
  }
}
