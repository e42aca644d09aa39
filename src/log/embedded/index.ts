// The embedded log: Kafka's topics, producers, consumer groups and transactions on one local
// SQLite file (node:sqlite), so that kconnect runs with no broker. It is one node by nature:
// consumer groups work among the consumers of one process; another process may read topics
// (assign()) while this one writes, which SQLite's WAL mode allows.

import { ConnectException } from '../../api/errors.ts'
import { TopicPartition, TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import type {
  IsolationLevel, Log, LogConsumer, LogConsumerOptions, LogProducer, LogProducerOptions, NewTopic, TopicDescription,
} from '../log.ts'
import { Compactor } from './compaction.ts'
import { EmbeddedConsumer } from './consumer.ts'
import { ConsumerGroup } from './consumer-group.ts'
import type { ConsumerHost, ProducerHost } from './host.ts'
import { EmbeddedProducer } from './producer.ts'
import { openDatabase } from './schema.ts'
import { EmbeddedStore, type TopicInfo } from './store.ts'
import { partitionCount, validateTopicConfigs, validateTopicName } from './topic-rules.ts'

export { DATABASE_FILE } from './schema.ts'

/** How to open the embedded log. */
export interface EmbeddedLogOptions {
  /** The folder of the log's file; created if missing. */
  readonly dir: string
  /** Partitions of a topic created without a count, or by a send (Kafka's num.partitions); default 1. */
  readonly numPartitions?: number
  /** How often a waiting poll() looks for records another process wrote; default 100 ms. */
  readonly pollIntervalMs?: number
  /** Records appended to a partition of a compacted topic before it is compacted again; default 1000. */
  readonly compactionThreshold?: number
  /** How often open transactions are checked against their transaction.timeout.ms; default 10 s. */
  readonly maintenanceIntervalMs?: number
}

/** Opens (creating it when missing) the embedded log in `options.dir`. */
export async function openEmbeddedLog (options: EmbeddedLogOptions): Promise<Log> {
  return new EmbeddedLog(options)
}

class EmbeddedLog implements Log, ProducerHost, ConsumerHost {
  readonly kind = 'embedded' as const
  readonly store: EmbeddedStore
  readonly defaultPartitions: number
  readonly pollIntervalMs: number
  readonly #compactor: Compactor
  readonly #compactionThreshold: number
  readonly #pendingCompactions = new Map<string, { topic: TopicInfo, partition: number }>()
  readonly #groups = new Map<string, ConsumerGroup>()
  readonly #producers = new Set<EmbeddedProducer>()
  readonly #consumers = new Set<EmbeddedConsumer>()
  readonly #maintenance: NodeJS.Timeout
  #closed = false

  constructor (options: EmbeddedLogOptions) {
    this.defaultPartitions = options.numPartitions ?? 1
    if (!Number.isInteger(this.defaultPartitions) || this.defaultPartitions < 1) {
      throw new ConnectException(`The embedded log's default number of partitions must be at least 1, not ${options.numPartitions}`)
    }
    this.pollIntervalMs = options.pollIntervalMs ?? 100
    this.#compactionThreshold = options.compactionThreshold ?? 1000
    this.store = new EmbeddedStore(openDatabase(options.dir))
    this.#compactor = new Compactor(this.store)
    this.store.clusterId()
    this.#compactor.compactDirty()
    this.store.abortExpiredTransactions(Date.now())
    this.#maintenance = setInterval(() => this.#maintain(), options.maintenanceIntervalMs ?? 10_000)
    this.#maintenance.unref()
  }

  async clusterId (): Promise<string> {
    this.#checkOpen()
    return this.store.clusterId()
  }

  async createTopics (topics: readonly NewTopic[]): Promise<string[]> {
    this.#checkOpen()
    const wanted = topics.map(topic => {
      validateTopicName(topic.name)
      const configs = { ...topic.configs }
      validateTopicConfigs(configs)
      return { name: topic.name, partitions: partitionCount(topic.name, topic.partitions, this.defaultPartitions), configs }
    })
    const created = this.store.write(() => wanted.filter(topic => this.store.createTopic(topic.name, topic.partitions, topic.configs)).map(topic => topic.name))
    if (created.length > 0) this.appended([], created)
    return created
  }

  async listTopics (): Promise<string[]> {
    this.#checkOpen()
    return this.store.topicNames()
  }

  async describeTopics (names: readonly string[]): Promise<Map<string, TopicDescription>> {
    this.#checkOpen()
    const descriptions = new Map<string, TopicDescription>()
    for (const name of names) {
      const topic = this.store.topic(name)
      if (topic !== undefined) descriptions.set(name, { name, partitions: topic.partitions, configs: { ...topic.configs } })
    }
    return descriptions
  }

  async listOffsets (partitions: readonly TopicPartitionLike[], which: 'earliest' | 'latest', isolationLevel: IsolationLevel = 'read_uncommitted'): Promise<TopicPartitionMap<bigint>> {
    this.#checkOpen()
    const offsets = new TopicPartitionMap<bigint>()
    for (const tp of partitions) {
      const topic = this.store.topic(tp.topic)
      if (topic === undefined || !Number.isInteger(tp.partition) || tp.partition < 0 || tp.partition >= topic.partitions) {
        throw new ConnectException(`This server does not host this topic-partition: ${TopicPartition.from(tp)}`)
      }
      const bounds = this.store.bounds(topic, tp.partition)
      offsets.set(tp, which === 'earliest'
        ? bounds.logStartOffset
        : isolationLevel === 'read_committed' ? bounds.lastStableOffset : bounds.highWatermark)
    }
    return offsets
  }

  async committedOffsets (groupId: string): Promise<TopicPartitionMap<bigint>> {
    this.#checkOpen()
    return new TopicPartitionMap(this.store.groupOffsets(groupId).map(o => [o, o.offset] as const))
  }

  async alterCommittedOffsets (groupId: string, offsets: TopicPartitionMap<bigint>): Promise<void> {
    this.#checkOpen()
    if (this.#groups.get(groupId)?.isEmpty === false) {
      throw new ConnectException(`Cannot alter the offsets of consumer group ${groupId}: the group has active members. Stop its consumers first.`)
    }
    const entries = []
    for (const [tp, offset] of offsets) {
      if (typeof offset !== 'bigint' || offset < 0n) throw new ConnectException(`Invalid negative offset ${String(offset)} for ${tp}`)
      entries.push({ topic: tp.topic, partition: tp.partition, offset })
    }
    this.store.commitGroupOffsets(groupId, entries)
  }

  async deleteCommittedOffsets (groupId: string, partitions: readonly TopicPartitionLike[]): Promise<void> {
    this.#checkOpen()
    const group = this.#groups.get(groupId)
    for (const tp of partitions) {
      if (group?.isSubscribedTo(tp.topic) === true) {
        throw new ConnectException(`Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it (group ${groupId}, topic ${tp.topic}).`)
      }
    }
    this.store.deleteGroupOffsets(groupId, partitions)
  }

  createProducer (options: LogProducerOptions): LogProducer {
    this.#checkOpen()
    const producer = new EmbeddedProducer(this, options)
    this.#producers.add(producer)
    return producer
  }

  createConsumer (options: LogConsumerOptions): LogConsumer {
    this.#checkOpen()
    const consumer = new EmbeddedConsumer(this, options)
    this.#consumers.add(consumer)
    return consumer
  }

  async close (): Promise<void> {
    if (this.#closed) return
    const failures: unknown[] = []
    for (const consumer of [...this.#consumers]) await consumer.close().catch(error => failures.push(error))
    for (const producer of [...this.#producers]) await producer.close().catch(error => failures.push(error))
    this.#closed = true
    clearInterval(this.#maintenance)
    for (const group of this.#groups.values()) group.close()
    this.store.db.close()
    if (failures.length > 0) throw new ConnectException('Closing the embedded log: a consumer or producer failed to close', { cause: failures[0] })
  }

  appended (topics: Iterable<string>, created: readonly string[]): void {
    const touched = new Set(topics)
    for (const name of created) touched.add(name)
    if (touched.size > 0) for (const consumer of this.#consumers) consumer.topicsAppended(touched)
    if (created.length > 0) for (const group of this.#groups.values()) group.topicsCreated(created)
  }

  compactionDue (topic: TopicInfo, partition: number, dirty: number): void {
    if (dirty < this.#compactionThreshold) return
    const key = `${partition}:${topic.name}`
    if (this.#pendingCompactions.has(key)) return
    this.#pendingCompactions.set(key, { topic, partition })
    // After the send that made it due has returned; the pass itself is one synchronous write.
    setImmediate(() => {
      this.#pendingCompactions.delete(key)
      if (!this.#closed) this.#compactor.compact(topic, partition)
    })
  }

  group (groupId: string): ConsumerGroup {
    let group = this.#groups.get(groupId)
    if (group === undefined) {
      group = new ConsumerGroup(groupId, {
        names: () => this.store.topicNames(),
        partitions: name => this.store.topic(name)?.partitions,
      })
      this.#groups.set(groupId, group)
    }
    return group
  }

  producerClosed (producer: object): void {
    this.#producers.delete(producer as EmbeddedProducer)
  }

  consumerClosed (consumer: object): void {
    this.#consumers.delete(consumer as EmbeddedConsumer)
  }

  #maintain (): void {
    if (this.#closed) return
    try {
      const touched = this.store.abortExpiredTransactions(Date.now())
      if (touched.length > 0) this.appended(touched, [])
    } catch {
      // The file may be busy with another process's write; the next round tries again.
    }
  }

  #checkOpen (): void {
    if (this.#closed) throw new ConnectException('The embedded log is closed')
  }
}
