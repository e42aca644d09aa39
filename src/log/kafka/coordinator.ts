// The group coordinator of one consumer group: the broker that runs the group's membership and
// stores its offsets. It is found with FindCoordinator and talked to on connections of its own,
// so heartbeats never wait behind a long-polling fetch on a shared socket (Java does the same).
// When it moves (NOT_COORDINATOR, a broken connection), it is looked up again on the next call.

import {
  FindCoordinatorKeyTypes, type Base, type Connection, type ConnectionPool, type findCoordinatorV6,
  type offsetCommitV9, type offsetFetchV9,
} from '@platformatic/kafka'
import { TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import type { Timing } from './client-config.ts'
import { bootstrapConnection, connectionTo, getApi, withRetries, type BrokerAddress } from './cluster.ts'
import { hasKafkaError, isNetworkError, isRetriable } from './errors.ts'

const COORDINATOR_MOVED = ['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE']

/** Whether `error` means the coordinator is elsewhere or unreachable, so it must be looked up again. */
export function isCoordinatorError (error: unknown): boolean {
  return isNetworkError(error) || COORDINATOR_MOVED.some(id => hasKafkaError(error, id))
}

/** The coordinator of one group, found on demand. */
export class GroupCoordinator {
  readonly groupId: string
  readonly #client: Base
  readonly #pool: ConnectionPool
  readonly #timing: Timing
  #broker: BrokerAddress | null = null
  #finding: Promise<BrokerAddress> | null = null

  constructor (client: Base, pool: ConnectionPool, groupId: string, timing: Timing) {
    this.#client = client
    this.#pool = pool
    this.groupId = groupId
    this.#timing = timing
  }

  /** A connection to the coordinator, finding it first when it is not known. */
  async connection (): Promise<Connection> {
    const broker = this.#broker ?? await this.#find()
    return connectionTo(this.#pool, broker)
  }

  /** Forgets the coordinator, so the next call looks it up again. */
  markUnknown (): void {
    this.#broker = null
  }

  /**
   * Runs `call` against the coordinator, looking it up again and retrying while the failure is
   * retriable, until the API timeout (or `deadline`).
   */
  request<T> (call: (connection: Connection) => Promise<T>, options: { deadline?: number, signal?: AbortSignal } = {}): Promise<T> {
    return withRetries(async () => call(await this.connection()), this.#timing, {
      ...options,
      onRetry: error => {
        if (isCoordinatorError(error)) this.markUnknown()
      },
    })
  }

  /**
   * Commits `offsets` for the group, as the member `memberId` of generation `generationId`
   * (-1 and '' for a consumer outside the group, which Kafka accepts while the group is empty).
   */
  async commitOffsets (offsets: TopicPartitionMap<bigint>, generationId: number, memberId: string, groupInstanceId: string | null): Promise<void> {
    if (offsets.size === 0) return
    const topics = new Map<string, offsetCommitV9.OffsetCommitRequestTopic>()
    for (const [tp, offset] of offsets) {
      let topic = topics.get(tp.topic)
      if (topic === undefined) topics.set(tp.topic, topic = { name: tp.topic, partitions: [] })
      topic.partitions.push({ partitionIndex: tp.partition, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: '' })
    }
    const api = await getApi<offsetCommitV9.OffsetCommitRequest, offsetCommitV9.OffsetCommitResponse>(this.#client, 'OffsetCommit', 8)
    await this.request(connection => api.async(connection, this.groupId, generationId, memberId, groupInstanceId, [...topics.values()]))
  }

  /** The group's committed offsets of `partitions`; partitions without one are absent. */
  async fetchOffsets (partitions: readonly TopicPartitionLike[], options: { deadline?: number, signal?: AbortSignal } = {}): Promise<TopicPartitionMap<bigint>> {
    const committed = new TopicPartitionMap<bigint>()
    if (partitions.length === 0) return committed
    const topics = new Map<string, number[]>()
    for (const tp of partitions) {
      const list = topics.get(tp.topic)
      if (list === undefined) topics.set(tp.topic, [tp.partition])
      else list.push(tp.partition)
    }
    const api = await getApi<offsetFetchV9.OffsetFetchRequest, offsetFetchV9.OffsetFetchResponse>(this.#client, 'OffsetFetch', 8)
    const groups: offsetFetchV9.OffsetFetchRequestGroup[] = [{
      groupId: this.groupId,
      memberId: null,
      memberEpoch: -1,
      topics: [...topics].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
    }]
    // requireStable: offsets of a transaction still open (UNSTABLE_OFFSET_COMMIT) are waited for.
    const response = await this.request(connection => api.async(connection, groups, true), options)
    for (const group of response.groups) {
      for (const topic of group.topics) {
        for (const partition of topic.partitions) {
          if (partition.committedOffset >= 0n) committed.set({ topic: topic.name, partition: partition.partitionIndex }, partition.committedOffset)
        }
      }
    }
    return committed
  }

  async #find (): Promise<BrokerAddress> {
    this.#finding ??= (async () => {
      try {
        const api = await getApi<findCoordinatorV6.FindCoordinatorRequest, findCoordinatorV6.FindCoordinatorResponse>(this.#client, 'FindCoordinator', 4)
        const response = await withRetries(async () => api.async(await bootstrapConnection(this.#client), FindCoordinatorKeyTypes.GROUP, [this.groupId]),
          this.#timing, { retriable: isRetriable })
        const found = response.coordinators.find(coordinator => coordinator.key === this.groupId) ?? response.coordinators[0]
        this.#broker = { host: found.host, port: found.port }
        return this.#broker
      } finally {
        this.#finding = null
      }
    })()
    return this.#finding
  }
}
