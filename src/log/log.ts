// The one interface the runtime has to "Kafka". Two implementations: `kafka` (a real cluster,
// through @platformatic/kafka) and `embedded` (a durable local log on node:sqlite, so a fresh
// machine runs the quickstart with no broker). Everything above this layer (task runners, stores,
// the CLI's `topics` command) works the same on both.
//
// The shape follows Kafka's Java clients, because Connect's semantics are defined in their terms:
// a producer whose sends complete once the log has the records (acks=all), and a poll-based
// consumer with group subscription, rebalance callbacks that run inside poll(), per-partition
// pause/resume and seek, and explicit offset commits. Offsets are bigint throughout.

import type { TopicPartition, TopicPartitionLike, TopicPartitionMap } from '../api/sink/topic-partition.ts'
import type { RecordMetadata } from '../api/source/record-metadata.ts'
import type { TimestampType } from '../api/sink/sink-record.ts'

export type { RecordMetadata }

/** A record header: a UTF-8 key and raw bytes (null is a legal header value in Kafka). */
export type LogHeader = readonly [key: string, value: Uint8Array | null]

/** A record to append. */
export interface OutgoingRecord {
  readonly topic: string
  /** The partition; null or undefined lets the log choose (murmur2 of the key, as Kafka does). */
  readonly partition?: number | null
  readonly key: Uint8Array | null
  readonly value: Uint8Array | null
  readonly headers?: readonly LogHeader[]
  /** Epoch ms; null or undefined means now. */
  readonly timestamp?: number | null
}

/** A record read from the log. */
export interface IncomingRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: bigint
  readonly key: Uint8Array | null
  readonly value: Uint8Array | null
  readonly headers: readonly LogHeader[]
  /** Epoch ms. */
  readonly timestamp: number
  readonly timestampType: TimestampType
}

/** A topic to create. */
export interface NewTopic {
  readonly name: string
  /** -1 or undefined: the cluster's default (num.partitions). */
  readonly partitions?: number
  /** -1 or undefined: the cluster's default. The embedded log ignores it (it has one copy). */
  readonly replicationFactor?: number
  /** Topic configs, such as cleanup.policy=compact. */
  readonly configs?: Readonly<Record<string, string>>
}

/** What the log knows of a topic. */
export interface TopicDescription {
  readonly name: string
  readonly partitions: number
  readonly configs: Readonly<Record<string, string>>
}

export type IsolationLevel = 'read_uncommitted' | 'read_committed'

export interface LogProducerOptions {
  /** Shows up in broker logs and metrics. */
  readonly clientId: string
  /** Makes the producer transactional (exactly-once source, distributed config writes). */
  readonly transactionalId?: string
  /** Kafka producer configs (the worker's producer.* and the connector's producer.override.*). */
  readonly config?: Readonly<Record<string, string>>
}

/** Appends records. Every send waits until all in-sync replicas have them (acks=all). */
export interface LogProducer {
  /**
   * Appends `records` and resolves with where each landed, in the same order. Records of one
   * partition are appended in the order given. Rejects if any record could not be written; which
   * ones were written is then unknown, so a caller retries the whole batch (at-least-once).
   */
  send (records: readonly OutgoingRecord[]): Promise<RecordMetadata[]>
  /** Transactions: only on a producer created with a transactionalId. */
  beginTransaction (): Promise<void>
  commitTransaction (): Promise<void>
  abortTransaction (): Promise<void>
  close (): Promise<void>
}

/** Called inside poll() when the group moves partitions, before records of new ones are returned. */
export interface RebalanceListener {
  /** Partitions about to be taken away: commit what was processed for them. */
  onPartitionsRevoked? (partitions: TopicPartition[]): void | Promise<void>
  /** Partitions newly given to this consumer; their positions are the committed offsets. */
  onPartitionsAssigned? (partitions: TopicPartition[]): void | Promise<void>
  /**
   * Partitions this consumer lost without handing them over (its membership expired: the group
   * may have given them to another member already, so committing for them would fail or clash).
   * Without this callback, onPartitionsRevoked is called instead, as Java's default does.
   */
  onPartitionsLost? (partitions: TopicPartition[]): void | Promise<void>
}

export interface LogConsumerOptions {
  readonly clientId: string
  /** The consumer group; required for subscribe() and commit(), not for assign(). */
  readonly groupId?: string
  readonly isolationLevel?: IsolationLevel
  /** Where to start when the group has no committed offset: earliest (Connect's default) or latest. */
  readonly autoOffsetReset?: 'earliest' | 'latest'
  /** The most records one poll() returns. */
  readonly maxPollRecords?: number
  /** Kafka consumer configs (the worker's consumer.* and the connector's consumer.override.*). */
  readonly config?: Readonly<Record<string, string>>
}

/** Reads records, alone (assign) or as a member of a consumer group (subscribe). */
export interface LogConsumer {
  /** Joins the group for these topics (or every topic matching the pattern, also ones created later). */
  subscribe (topics: readonly string[] | RegExp, listener?: RebalanceListener): void
  /** Reads exactly these partitions, with no group membership. */
  assign (partitions: readonly TopicPartitionLike[]): void
  /** The partitions currently owned. */
  assignment (): TopicPartition[]
  /**
   * Waits up to `timeoutMs` for records of the assigned, unpaused partitions and returns them
   * (possibly none). Group membership (joins, heartbeats, rebalance callbacks) progresses here
   * and in the background; revoked partitions' callbacks complete before this returns.
   */
  poll (timeoutMs: number): Promise<IncomingRecord[]>
  /** Makes a pending poll() return at once, with what it has. */
  wakeup (): void
  pause (partitions: readonly TopicPartitionLike[]): void
  resume (partitions: readonly TopicPartitionLike[]): void
  paused (): TopicPartition[]
  /** The next poll() of this partition reads from `offset`. */
  seek (partition: TopicPartitionLike, offset: bigint): void
  seekToBeginning (partitions: readonly TopicPartitionLike[]): Promise<void>
  seekToEnd (partitions: readonly TopicPartitionLike[]): Promise<void>
  /** The offset of the next record poll() would return for this assigned partition. */
  position (partition: TopicPartitionLike): Promise<bigint>
  /** Commits these offsets (the next offset to read, as Kafka means it) for the group. */
  commit (offsets: TopicPartitionMap<bigint>): Promise<void>
  /** Leaves the group (running the revoke callback) and releases the connection. */
  close (): Promise<void>
}

/** A Kafka cluster, or the embedded log: topics, producers, consumers and group offsets. */
export interface Log {
  readonly kind: 'kafka' | 'embedded'
  /** The cluster id (GET / shows it as kafka_cluster_id). */
  clusterId (): Promise<string>
  /** Creates the topics that do not exist yet; resolves with the names it created. */
  createTopics (topics: readonly NewTopic[]): Promise<string[]>
  listTopics (): Promise<string[]>
  /** The topics of these names that exist (a missing one is absent from the map). */
  describeTopics (names: readonly string[]): Promise<Map<string, TopicDescription>>
  /** The first (earliest) or next-to-be-written (latest) offset of each partition. */
  listOffsets (partitions: readonly TopicPartitionLike[], which: 'earliest' | 'latest', isolationLevel?: IsolationLevel): Promise<TopicPartitionMap<bigint>>
  /** The offsets a consumer group committed, for every partition it committed. */
  committedOffsets (groupId: string): Promise<TopicPartitionMap<bigint>>
  alterCommittedOffsets (groupId: string, offsets: TopicPartitionMap<bigint>): Promise<void>
  deleteCommittedOffsets (groupId: string, partitions: readonly TopicPartitionLike[]): Promise<void>
  createProducer (options: LogProducerOptions): LogProducer
  createConsumer (options: LogConsumerOptions): LogConsumer
  /** Closes every producer and consumer still open, then the log itself. */
  close (): Promise<void>
}
