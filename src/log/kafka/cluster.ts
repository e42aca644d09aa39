// The few low-level calls kconnect makes itself on top of @platformatic/kafka's Base client: the
// broker's API versions, a bootstrap connection, and cluster metadata that tolerates unknown
// topics (the library's own metadata call fails as a whole when one topic is missing, and a
// consumer subscribed to a topic that does not exist yet must simply see no partitions for it).

import {
  kGetApi, kGetBootstrapConnection, protocolErrorsCodesById, type API, type Base, type Connection, type ConnectionPool,
  type listOffsetsV9, type metadataV12,
} from '@platformatic/kafka'
import { ConnectException, RetriableException } from '../../api/errors.ts'
import { TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import { backoffMs, type Timing } from './client-config.ts'
import { isRetriable, kafkaErrorCodes, UnknownTopicException } from './errors.ts'

type MetadataResponse = metadataV12.MetadataResponse

/** A broker's address. */
export interface BrokerAddress {
  readonly host: string
  readonly port: number
}

/** Who leads one partition. */
export interface PartitionLeader {
  readonly leader: number
  readonly leaderEpoch: number
}

/** What the cluster says of one topic. */
export interface TopicMetadata {
  readonly name: string
  /** The topic's UUID (Fetch v13+ names topics by it). */
  readonly id: string
  readonly partitions: readonly PartitionLeader[]
}

/** One metadata answer: brokers, the topics that exist, and why the others are missing. */
export interface ClusterSnapshot {
  readonly clusterId: string | null
  readonly brokers: ReadonlyMap<number, BrokerAddress>
  readonly topics: ReadonlyMap<string, TopicMetadata>
  /** Requested topics the cluster did not describe, with Kafka's error code name. */
  readonly missing: ReadonlyMap<string, string>
}

/**
 * The newest version of API `name` that both the broker and the library speak, refusing one
 * older than `minVersion` (the oldest whose request shape kconnect codes against).
 */
export function getApi<Args extends unknown[], Response> (client: Base, name: string, minVersion: number): Promise<API<Args, Response>> {
  return new Promise((resolve, reject) => {
    (client as any)[kGetApi](name, (error: Error | null, api?: API<Args, Response>) => {
      if (error !== null || api === undefined) {
        reject(error ?? new Error(`no ${name} API`))
      } else if (api.version < minVersion) {
        reject(new ConnectException(`The Kafka broker only speaks ${name} v${api.version}; kconnect needs v${minVersion} or newer ` +
          '(Apache Kafka 3.0 or newer).'))
      } else {
        resolve(api)
      }
    })
  })
}

/** A connection to any reachable bootstrap (or already known) broker of `client`. */
export function bootstrapConnection (client: Base): Promise<Connection> {
  return new Promise((resolve, reject) => {
    (client as any)[kGetBootstrapConnection]((error: Error | null, connection?: Connection) => {
      if (error !== null || connection === undefined) reject(error ?? new Error('no connection'))
      else resolve(connection)
    })
  })
}

/** A connection from `pool` to `broker`. */
export function connectionTo (pool: ConnectionPool, broker: BrokerAddress): Promise<Connection> {
  return pool.get({ host: broker.host, port: broker.port })
}

const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state'])

/**
 * Metadata for `topics` (null: every topic) from one bootstrap broker. Topics the cluster does not
 * have come back in `missing` instead of failing the call. With `allowAutoCreate`, asking creates
 * missing topics where the broker allows it (auto.create.topics.enable), as Java's clients do.
 */
export async function fetchMetadata (client: Base, topics: readonly string[] | null, allowAutoCreate = false): Promise<ClusterSnapshot> {
  const api = await getApi<[string[] | null, boolean, boolean], MetadataResponse>(client, 'Metadata', 12)
  const connection = await bootstrapConnection(client)
  let response: MetadataResponse
  try {
    response = await api.async(connection, topics === null ? null : [...topics], allowAutoCreate, false)
  } catch (error) {
    // A ResponseError still carries the whole answer: keep the topics that came back well.
    const partial = (error as { response?: MetadataResponse }).response
    const onlyTopicErrors = kafkaErrorCodes(error).every(code =>
      ['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'INVALID_TOPIC_EXCEPTION', 'UNKNOWN_TOPIC_ID'].includes(code.id))
    if (partial === undefined || !onlyTopicErrors) throw error
    response = partial
  }
  const brokers = new Map<number, BrokerAddress>()
  for (const broker of response.brokers) brokers.set(broker.nodeId, { host: broker.host, port: broker.port })
  const found = new Map<string, TopicMetadata>()
  const missing = new Map<string, string>()
  for (const topic of response.topics) {
    const name = topic.name ?? ''
    if (topic.isInternal || INTERNAL_TOPICS.has(name)) continue
    if (topic.errorCode !== 0 || topic.partitions.length === 0) {
      missing.set(name, topic.errorCode === 0 ? 'LEADER_NOT_AVAILABLE' : protocolErrorsCodesById[topic.errorCode] ?? String(topic.errorCode))
      continue
    }
    const partitions: PartitionLeader[] = []
    for (const partition of topic.partitions) {
      partitions[partition.partitionIndex] = { leader: partition.leaderId, leaderEpoch: partition.leaderEpoch }
    }
    found.set(name, { name, id: topic.topicId, partitions })
  }
  for (const name of topics ?? []) {
    if (!found.has(name) && !missing.has(name) && !INTERNAL_TOPICS.has(name)) missing.set(name, 'UNKNOWN_TOPIC_OR_PARTITION')
  }
  return { clusterId: response.clusterId ?? null, brokers, topics: found, missing }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep (ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted === true) {
      resolve()
      return
    }
    const timer = setTimeout(done, ms)
    function done (): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** Waits for `promise` to settle, at most `ms`; never rejects (for closing things that must not hang). */
export async function settleWithin (promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([promise.catch(() => undefined), new Promise(resolve => { timer = setTimeout(resolve, ms) })])
  clearTimeout(timer)
}

/**
 * Runs `operation` until it succeeds, retrying retriable failures with Kafka's backoff until
 * `timing.apiTimeoutMs` has passed (or `signal` aborts); then throws the last failure.
 * `onRetry` runs before each retry (to forget a coordinator, refresh metadata, …).
 */
export async function withRetries<T> (
  operation: (attempt: number) => Promise<T>,
  timing: Timing,
  options: { signal?: AbortSignal, deadline?: number, onRetry?: (error: unknown) => void, retriable?: (error: unknown) => boolean } = {},
): Promise<T> {
  const deadline = options.deadline ?? Date.now() + timing.apiTimeoutMs
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt)
    } catch (error) {
      const retriable = (options.retriable ?? isRetriable)(error)
      const pause = backoffMs(timing, attempt)
      if (!retriable || options.signal?.aborted === true || Date.now() + pause >= deadline) throw error
      options.onRetry?.(error)
      await sleep(pause, options.signal)
    }
  }
}

/**
 * The earliest or latest offset of each of `partitions`, asking each partition's leader, with the
 * last stable offset as the latest for read_committed. Retries while leaders move; a partition that
 * does not exist fails the call.
 */
export async function listPartitionOffsets (
  client: Base,
  partitions: readonly TopicPartitionLike[],
  which: 'earliest' | 'latest',
  readCommitted: boolean,
  timing: Timing,
  signal?: AbortSignal,
): Promise<TopicPartitionMap<bigint>> {
  const result = new TopicPartitionMap<bigint>()
  if (partitions.length === 0) return result
  const api = await getApi<listOffsetsV9.ListOffsetsRequest, listOffsetsV9.ListOffsetsResponse>(client, 'ListOffsets', 4)
  const timestamp = which === 'earliest' ? -2n : -1n
  return withRetries(async () => {
    const topics = [...new Set(partitions.map(tp => tp.topic))]
    const snapshot = await fetchMetadata(client, topics)
    const byLeader = new Map<number, Map<string, listOffsetsV9.ListOffsetsRequestPartition[]>>()
    for (const tp of partitions) {
      if (result.has(tp)) continue
      const leader = snapshot.topics.get(tp.topic)?.partitions[tp.partition]
      if (leader === undefined) {
        if (!snapshot.topics.has(tp.topic) && snapshot.missing.get(tp.topic) !== 'LEADER_NOT_AVAILABLE') {
          throw new UnknownTopicException(`Cannot list offsets of ${tp.topic}-${tp.partition}: the topic does not exist`)
        }
        if (snapshot.topics.has(tp.topic)) {
          throw new ConnectException(`Cannot list offsets of ${tp.topic}-${tp.partition}: topic ${tp.topic} has ` +
            `${snapshot.topics.get(tp.topic)!.partitions.length} partition(s)`)
        }
        throw new RetriableException(`The partition ${tp.topic}-${tp.partition} has no leader yet`)
      }
      if (leader.leader < 0) throw new RetriableException(`The partition ${tp.topic}-${tp.partition} has no leader right now`)
      let topicsOfLeader = byLeader.get(leader.leader)
      if (topicsOfLeader === undefined) byLeader.set(leader.leader, topicsOfLeader = new Map())
      let list = topicsOfLeader.get(tp.topic)
      if (list === undefined) topicsOfLeader.set(tp.topic, list = [])
      list.push({ partitionIndex: tp.partition, currentLeaderEpoch: leader.leaderEpoch, timestamp })
    }
    await Promise.all([...byLeader].map(async ([nodeId, requestTopics]) => {
      const broker = snapshot.brokers.get(nodeId)
      if (broker === undefined) throw new RetriableException(`The leader ${nodeId} is not among the brokers yet`)
      const connection = await connectionTo(client.connections, broker)
      const response = await api.async(connection, -1, readCommitted ? 1 : 0,
        [...requestTopics].map(([name, list]) => ({ name, partitions: list })))
      for (const topic of response.topics) {
        for (const partition of topic.partitions) result.set({ topic: topic.name, partition: partition.partitionIndex }, partition.offset)
      }
    }))
    return result
  }, timing, { signal })
}
