// The Log on a real Kafka cluster: the admin calls (topics, offsets, group offsets) on one
// @platformatic/kafka Admin client, and the producers and consumers it hands out, each with
// connections of its own. close() closes whatever is still open.

import { Admin, ConfigResourceTypes } from '@platformatic/kafka'
import { ConnectException, RetriableException } from '../../api/errors.ts'
import { TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import type {
  IsolationLevel, Log, LogConsumer, LogConsumerOptions, LogProducer, LogProducerOptions, NewTopic, TopicDescription,
} from '../log.ts'
import {
  ClientConfig, parseBootstrapServers, readConnectionSettings, readTiming, retriesWithin, type ConnectionSettings, type Timing,
} from './client-config.ts'
import { fetchMetadata, listPartitionOffsets, settleWithin, withRetries } from './cluster.ts'
import { KafkaLogConsumer } from './consumer.ts'
import { hasKafkaError, translateKafkaError } from './errors.ts'
import { KafkaLogProducer } from './producer.ts'

/** How to reach a Kafka cluster. */
export interface KafkaLogOptions {
  /** bootstrap.servers: "host:port" entries (or one comma-separated string). */
  readonly bootstrapServers: string[] | string
  /** The client id of the admin client (producers and consumers bring their own). */
  readonly clientId?: string
  /**
   * The worker's Kafka client configs. Its connection settings (security.*, sasl.*, ssl.*, request and retry
   * timeouts) apply to every producer and consumer of this log; the rest only to the log's own admin calls.
   */
  readonly config?: Readonly<Record<string, string>>
}

const CONNECTION_CONFIG_PREFIXES = ['security.', 'sasl.', 'ssl.', 'socket.', 'reconnect.', 'retry.backoff.']
const CONNECTION_CONFIGS = new Set(['request.timeout.ms', 'default.api.timeout.ms', 'metadata.max.age.ms', 'connections.max.idle.ms',
  'client.dns.lookup', 'client.rack'])

/**
 * The configs of `config` that say how to reach and talk to the cluster (security, timeouts), which
 * every client of the log shares. The rest (a worker group's session.timeout.ms, say) stays the
 * log's own: a producer or consumer gets its behaviour from its own configs only.
 */
function connectionConfigs (config: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).filter(([name]) =>
    CONNECTION_CONFIGS.has(name) || CONNECTION_CONFIG_PREFIXES.some(prefix => name.startsWith(prefix))))
}

/** A Log on a Kafka cluster. */
export class KafkaLog implements Log {
  readonly kind = 'kafka'
  readonly #bootstrap: string[]
  readonly #brokers: string
  readonly #config: Readonly<Record<string, string>>
  readonly #connection: ConnectionSettings
  readonly #timing: Timing
  readonly #admin: Admin
  readonly #open = new Set<LogProducer | LogConsumer>()
  #closing: Promise<void> | null = null
  /** The cluster id, once asked: it does not change, and Java's worker too looks it up once. */
  #clusterId: Promise<string> | null = null

  constructor (options: KafkaLogOptions) {
    this.#bootstrap = parseBootstrapServers(options.bootstrapServers)
    this.#brokers = this.#bootstrap.join(',')
    this.#config = options.config ?? {}
    const config = new ClientConfig(this.#config)
    this.#connection = readConnectionSettings(config, this.#bootstrap)
    this.#timing = readTiming(config)
    this.#admin = new Admin({
      ...this.#connection,
      clientId: options.clientId ?? config.string('client.id', 'kconnect-admin'),
      retries: retriesWithin(this.#timing, this.#timing.apiTimeoutMs),
    })
  }

  async clusterId (): Promise<string> {
    this.#ensureOpen()
    // One lookup serves every caller (GET / asks each time); a failed one is not kept.
    this.#clusterId ??= this.#describeCluster().catch((error: unknown) => {
      this.#clusterId = null
      throw error
    })
    return await this.#clusterId
  }

  async #describeCluster (): Promise<string> {
    try {
      const snapshot = await withRetries(() => fetchMetadata(this.#admin, []), this.#timing)
      if (snapshot.clusterId === null) throw new ConnectException('The Kafka cluster did not say its cluster id')
      return snapshot.clusterId
    } catch (error) {
      const translated = translateKafkaError(error, 'describe the Kafka cluster', this.#brokers)
      const message = `Failed to connect to and describe Kafka cluster. Check worker's broker connection and security properties. (${translated.message})`
      throw translated instanceof RetriableException ? new RetriableException(message, { cause: error }) : new ConnectException(message, { cause: error })
    }
  }

  async createTopics (topics: readonly NewTopic[]): Promise<string[]> {
    this.#ensureOpen()
    const created = await Promise.all(topics.map(async topic => {
      try {
        await this.#admin.createTopics({
          topics: [topic.name],
          partitions: topic.partitions ?? -1,
          replicas: topic.replicationFactor ?? -1,
          configs: Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value })),
        })
        return topic.name
      } catch (error) {
        if (hasKafkaError(error, 'TOPIC_ALREADY_EXISTS')) return null
        if (hasKafkaError(error, 'INVALID_REPLICATION_FACTOR')) {
          throw new ConnectException(`Unable to create topic ${topic.name}: the replication factor ${topic.replicationFactor} is larger ` +
            `than the number of brokers of the Kafka cluster at ${this.#brokers}. Lower the replication factor (or use -1 for the broker's default).`, { cause: error })
        }
        throw translateKafkaError(error, `create topic ${topic.name}`, this.#brokers)
      }
    }))
    return created.filter(name => name !== null)
  }

  async listTopics (): Promise<string[]> {
    this.#ensureOpen()
    try {
      const snapshot = await withRetries(() => fetchMetadata(this.#admin, null), this.#timing)
      return [...snapshot.topics.keys()].sort()
    } catch (error) {
      throw translateKafkaError(error, 'list topics', this.#brokers)
    }
  }

  async describeTopics (names: readonly string[]): Promise<Map<string, TopicDescription>> {
    this.#ensureOpen()
    const descriptions = new Map<string, TopicDescription>()
    if (names.length === 0) return descriptions
    try {
      const snapshot = await withRetries(() => fetchMetadata(this.#admin, names), this.#timing)
      const existing = names.filter(name => snapshot.topics.has(name))
      if (existing.length === 0) return descriptions
      const configs = await this.#admin.describeConfigs({
        resources: existing.map(name => ({ resourceType: ConfigResourceTypes.TOPIC, resourceName: name })),
      })
      for (const name of existing) {
        const values: Record<string, string> = {}
        for (const entry of configs.find(c => c.resourceName === name)?.configs ?? []) {
          if (entry.value !== null && entry.value !== undefined) values[entry.name] = entry.value
        }
        descriptions.set(name, { name, partitions: snapshot.topics.get(name)!.partitions.length, configs: values })
      }
      return descriptions
    } catch (error) {
      throw translateKafkaError(error, `describe topics ${names.join(', ')}`, this.#brokers)
    }
  }

  async listOffsets (partitions: readonly TopicPartitionLike[], which: 'earliest' | 'latest', isolationLevel: IsolationLevel = 'read_uncommitted'): Promise<TopicPartitionMap<bigint>> {
    this.#ensureOpen()
    try {
      return await listPartitionOffsets(this.#admin, partitions, which, isolationLevel === 'read_committed', this.#timing)
    } catch (error) {
      throw translateKafkaError(error, `list the ${which} offsets of ${partitions.map(tp => `${tp.topic}-${tp.partition}`).join(', ')}`, this.#brokers)
    }
  }

  async committedOffsets (groupId: string): Promise<TopicPartitionMap<bigint>> {
    this.#ensureOpen()
    const offsets = new TopicPartitionMap<bigint>()
    try {
      const groups = await this.#admin.listConsumerGroupOffsets({ groups: [groupId], requireStable: true })
      for (const group of groups) {
        for (const topic of group.topics) {
          for (const partition of topic.partitions) {
            if (partition.committedOffset >= 0n) offsets.set({ topic: topic.name, partition: partition.partitionIndex }, partition.committedOffset)
          }
        }
      }
      return offsets
    } catch (error) {
      if (hasKafkaError(error, 'GROUP_ID_NOT_FOUND')) return offsets
      throw translateKafkaError(error, `read the committed offsets of group ${groupId}`, this.#brokers)
    }
  }

  async alterCommittedOffsets (groupId: string, offsets: TopicPartitionMap<bigint>): Promise<void> {
    this.#ensureOpen()
    if (offsets.size === 0) return
    const topics = new Map<string, Array<{ partition: number, offset: bigint }>>()
    for (const [tp, offset] of offsets) {
      if (offset < 0n) throw new ConnectException(`Cannot commit a negative offset (${offset}) for ${tp}`)
      const list = topics.get(tp.topic)
      if (list === undefined) topics.set(tp.topic, [{ partition: tp.partition, offset }])
      else list.push({ partition: tp.partition, offset })
    }
    try {
      await this.#admin.alterConsumerGroupOffsets({
        groupId,
        topics: [...topics].map(([name, partitionOffsets]) => ({ name, partitionOffsets })),
      })
    } catch (error) {
      throw this.#activeGroupError(error, groupId, 'alter') ?? translateKafkaError(error, `alter the committed offsets of group ${groupId}`, this.#brokers)
    }
  }

  async deleteCommittedOffsets (groupId: string, partitions: readonly TopicPartitionLike[]): Promise<void> {
    this.#ensureOpen()
    if (partitions.length === 0) return
    const topics = new Map<string, number[]>()
    for (const tp of partitions) {
      const list = topics.get(tp.topic)
      if (list === undefined) topics.set(tp.topic, [tp.partition])
      else list.push(tp.partition)
    }
    try {
      await this.#admin.deleteConsumerGroupOffsets({
        groupId,
        topics: [...topics].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
      })
    } catch (error) {
      if (hasKafkaError(error, 'GROUP_ID_NOT_FOUND')) return
      throw this.#activeGroupError(error, groupId, 'delete') ?? translateKafkaError(error, `delete the committed offsets of group ${groupId}`, this.#brokers)
    }
  }

  createProducer (options: LogProducerOptions): LogProducer {
    this.#ensureOpen()
    const producer: LogProducer = new KafkaLogProducer(
      { ...options, config: this.#clientConfig(options.config) }, this.#bootstrap, this.#clientConnection(options.config),
      () => this.#open.delete(producer))
    this.#open.add(producer)
    return producer
  }

  createConsumer (options: LogConsumerOptions): LogConsumer {
    this.#ensureOpen()
    const consumer: LogConsumer = new KafkaLogConsumer(
      { ...options, config: this.#clientConfig(options.config) }, this.#bootstrap, this.#clientConnection(options.config),
      () => this.#open.delete(consumer))
    this.#open.add(consumer)
    return consumer
  }

  close (): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled([...this.#open].map(client => client.close()))
      await settleWithin(this.#admin.close(), 5000)
    })()
    return this.#closing
  }

  /** The configs of a producer or consumer: the log's connection settings, then the client's own. */
  #clientConfig (own: Readonly<Record<string, string>> | undefined): Record<string, string> {
    return { ...connectionConfigs(this.#config), ...own }
  }

  /** The connection settings of a client whose own configs may override the log's (producer.override.* …). */
  #clientConnection (own: Readonly<Record<string, string>> | undefined): ConnectionSettings {
    if (own === undefined || Object.keys(own).length === 0) return this.#connection
    return readConnectionSettings(new ClientConfig(this.#clientConfig(own)), this.#bootstrap)
  }

  #activeGroupError (error: unknown, groupId: string, action: string): ConnectException | null {
    if (['UNKNOWN_MEMBER_ID', 'GROUP_SUBSCRIBED_TO_TOPIC', 'NON_EMPTY_GROUP', 'REBALANCE_IN_PROGRESS'].some(id => hasKafkaError(error, id))) {
      return new ConnectException(`Cannot ${action} the committed offsets of consumer group ${groupId}: the group has active members. ` +
        'Stop the consumers of the group (for a sink connector: stop the connector) and try again.', { cause: error })
    }
    return null
  }

  #ensureOpen (): void {
    if (this.#closing !== null) throw new ConnectException('The Kafka log is closed')
  }
}

