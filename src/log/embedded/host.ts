// What the embedded log gives its producers and consumers: the store, and the ways they tell the
// log what happened (records appended, topics created, a client closed). Producers and consumers
// depend on this interface rather than on the log class, so neither imports the other.

import type { ConsumerGroup } from './consumer-group.ts'
import type { EmbeddedStore, TopicInfo } from './store.ts'

/** The log, as its producers see it. */
export interface ProducerHost {
  readonly store: EmbeddedStore
  /** Partitions of a topic created by a send (auto.create.topics.enable). */
  readonly defaultPartitions: number
  /** Records were appended to (or transaction markers written in) these topics; `created` are new. */
  appended (topics: Iterable<string>, created: readonly string[]): void
  /** A partition of a compacted topic has `dirty` records appended since its last compaction. */
  compactionDue (topic: TopicInfo, partition: number, dirty: number): void
  producerClosed (producer: object): void
}

/** The log, as its consumers see it. */
export interface ConsumerHost {
  readonly store: EmbeddedStore
  /** How often a waiting poll() looks for records written by another process. */
  readonly pollIntervalMs: number
  group (groupId: string): ConsumerGroup
  consumerClosed (consumer: object): void
}
