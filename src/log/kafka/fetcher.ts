// Fetches records in the background so poll() returns at once with what has arrived. One fetch
// request is in flight per broker at a time, for the owned, unpaused partitions it leads; answers
// go into the partitions' buffers, and no new fetch starts while the buffers hold fetch.max.bytes
// or more (backpressure: a slow poller bounds the consumer's memory). A seek, pause or revoke
// while a fetch is in flight makes its answer for that partition stale, and it is dropped.
//
// Requests are sessionless full fetches (Kafka's FetchSessions save bandwidth for consumers of
// thousands of partitions; kconnect's tasks read few), on connections of their own so the long
// poll of a fetch never delays an offset lookup or a heartbeat.

import { FetchIsolationLevels, protocolErrorsCodesById, ResponseError, type Base, type ConnectionPool } from '@platformatic/kafka'
import { backoffMs, debug, type Timing } from './client-config.ts'
import { connectionTo, fetchMetadata, getApi, type BrokerAddress, type ClusterSnapshot } from './cluster.ts'
import { isNetworkError, kafkaErrorCodes, translateKafkaError } from './errors.ts'
import type { PartitionState, PartitionStates } from './partition-states.ts'
import { FETCH_VERSIONS, sendFetch, type FetchRequestTopic, type RawFetchResponse } from './fetch-response.ts'
import { FetchedRecords } from './record-batches.ts'
import type { TopicPartitionLike } from '../../api/sink/topic-partition.ts'

/** Kafka's fetch settings (the consumer configs of the same names). */
export interface FetchSettings {
  /** fetch.max.wait.ms */
  readonly maxWaitMs: number
  /** fetch.min.bytes */
  readonly minBytes: number
  /** fetch.max.bytes: also the bound of what may sit buffered, unread by poll(). */
  readonly maxBytes: number
  /** max.partition.fetch.bytes */
  readonly partitionMaxBytes: number
  readonly readCommitted: boolean
  /** client.rack, for fetching from the closest replica. */
  readonly rackId: string
  /** check.crcs: whether each fetched batch's CRC32C is checked. */
  readonly checkCrcs: boolean
}

/** Partition errors after which the leader is looked up again and the fetch retried. */
const STALE_LEADER = new Set([
  'NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'FENCED_LEADER_EPOCH', 'UNKNOWN_LEADER_EPOCH', 'UNKNOWN_TOPIC_OR_PARTITION',
  'UNKNOWN_TOPIC_ID', 'KAFKA_STORAGE_ERROR', 'OFFSET_NOT_AVAILABLE', 'REPLICA_NOT_AVAILABLE', 'INCONSISTENT_TOPIC_ID',
])

/** Who leads the partitions a consumer reads, refreshed when a fetch finds it stale. */
export class LeaderCache {
  readonly #client: Base
  readonly #timing: Timing
  #snapshot: ClusterSnapshot | null = null
  #wanted = new Set<string>()
  #stale = true
  #refreshing: Promise<void> | null = null
  #failures = 0
  #lastRefresh = 0

  constructor (client: Base, timing: Timing) {
    this.#client = client
    this.#timing = timing
  }

  /** Sets the topics to describe (those of the owned partitions). */
  want (topics: Iterable<string>): void {
    const wanted = new Set(topics)
    if (wanted.size === this.#wanted.size && [...wanted].every(topic => this.#wanted.has(topic))) return
    // Only new topics need a lookup; dropping one does not.
    if ([...wanted].some(topic => !this.#wanted.has(topic))) this.#stale = true
    this.#wanted = wanted
  }

  invalidate (): void {
    this.#stale = true
  }

  get stale (): boolean {
    return this.#stale
  }

  /** The leader of `tp`, or undefined when unknown (a refresh is then needed). */
  leader (tp: TopicPartitionLike): { nodeId: number, broker: BrokerAddress, leaderEpoch: number } | undefined {
    const partition = this.#snapshot?.topics.get(tp.topic)?.partitions[tp.partition]
    if (partition === undefined || partition.leader < 0) return undefined
    const broker = this.#snapshot!.brokers.get(partition.leader)
    return broker === undefined ? undefined : { nodeId: partition.leader, broker, leaderEpoch: partition.leaderEpoch }
  }

  topicId (topic: string): string | undefined {
    return this.#snapshot?.topics.get(topic)?.id
  }

  topicName (topicId: string): string | undefined {
    for (const topic of this.#snapshot?.topics.values() ?? []) if (topic.id === topicId) return topic.name
    return undefined
  }

  /** Refreshes the leaders of the wanted topics (one refresh at a time, backing off after failures). */
  refresh (): Promise<void> {
    this.#refreshing ??= (async () => {
      try {
        const wait = this.#lastRefresh + backoffMs(this.#timing, this.#failures + 1) - Date.now()
        if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
        this.#stale = false
        this.#lastRefresh = Date.now()
        this.#snapshot = await fetchMetadata(this.#client, [...this.#wanted])
        this.#failures = 0
      } catch (error) {
        this.#stale = true
        this.#failures++
        throw error
      } finally {
        this.#refreshing = null
      }
    })()
    return this.#refreshing
  }
}

/** The background fetching of one consumer. */
export class Fetcher {
  readonly #client: Base
  readonly #pool: ConnectionPool
  readonly #states: PartitionStates
  readonly #leaders: LeaderCache
  readonly #settings: FetchSettings
  readonly #timing: Timing
  readonly #brokers: string
  readonly #onChange: () => void
  readonly #onFatal: (error: Error) => void
  readonly #inflight = new Set<number>()
  readonly #failures = new Map<number, number>()
  readonly #retryAt = new Map<number, number>()
  #retryTimer: NodeJS.Timeout | null = null
  #closed = false

  constructor (options: {
    client: Base, pool: ConnectionPool, states: PartitionStates, leaders: LeaderCache, settings: FetchSettings, timing: Timing,
    brokers: string, onChange: () => void, onFatal: (error: Error) => void
  }) {
    this.#client = options.client
    this.#pool = options.pool
    this.#states = options.states
    this.#leaders = options.leaders
    this.#settings = options.settings
    this.#timing = options.timing
    this.#brokers = options.brokers
    this.#onChange = options.onChange
    this.#onFatal = options.onFatal
  }

  /** Starts the fetches that can start now. Cheap; call it whenever something may have changed. */
  kick (): void {
    if (this.#closed) return
    if (this.#states.bufferedBytes >= this.#settings.maxBytes) return
    const now = Date.now()
    const byNode = new Map<number, { broker: BrokerAddress, partitions: Array<{ state: PartitionState, leaderEpoch: number }> }>()
    let needLeaders = false
    let nextRetry = Infinity
    this.#leaders.want(this.#states.states().map(state => state.tp.topic))
    if (this.#states.size === 0) return
    for (const state of this.#states.states()) {
      if (!state.fetchable) continue
      const leader = this.#leaders.leader(state.tp)
      if (leader === undefined) {
        needLeaders = true
        continue
      }
      if (this.#inflight.has(leader.nodeId)) continue
      const retryAt = this.#retryAt.get(leader.nodeId) ?? 0
      if (retryAt > now) {
        nextRetry = Math.min(nextRetry, retryAt)
        continue
      }
      let entry = byNode.get(leader.nodeId)
      if (entry === undefined) byNode.set(leader.nodeId, entry = { broker: leader.broker, partitions: [] })
      entry.partitions.push({ state, leaderEpoch: leader.leaderEpoch })
    }
    if (needLeaders || this.#leaders.stale) {
      this.#leaders.refresh().then(() => this.kick(), error => {
        debug('fetch: looking up partition leaders failed: %s', (error as Error).message)
        this.#scheduleRetry(Date.now() + backoffMs(this.#timing, 2))
      })
    }
    for (const [nodeId, { broker, partitions }] of byNode) void this.#fetch(nodeId, broker, partitions)
    if (nextRetry < Infinity) this.#scheduleRetry(nextRetry)
  }

  close (): void {
    this.#closed = true
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer)
    this.#retryTimer = null
  }

  #scheduleRetry (at: number): void {
    if (this.#closed || this.#retryTimer !== null) return
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      this.kick()
    }, Math.max(0, at - Date.now()))
    this.#retryTimer.unref()
  }

  #backOff (nodeId: number): void {
    const failures = (this.#failures.get(nodeId) ?? 0) + 1
    this.#failures.set(nodeId, failures)
    this.#retryAt.set(nodeId, Date.now() + backoffMs(this.#timing, failures))
  }

  async #fetch (nodeId: number, broker: BrokerAddress, partitions: Array<{ state: PartitionState, leaderEpoch: number }>): Promise<void> {
    this.#inflight.add(nodeId)
    const requested = partitions.map(({ state, leaderEpoch }) => ({ state, leaderEpoch, epoch: state.epoch, offset: state.fetchOffset! }))
    for (const { state } of requested) state.fetching = true
    try {
      const api = await getApi(this.#client, 'Fetch', FETCH_VERSIONS.min)
      // The newest version both the broker and our answer reader know.
      const version = Math.min(api.version, FETCH_VERSIONS.max)
      // Fetch v13 and later name topics by id, older versions by name.
      const byId = version >= 13
      const topics = new Map<string, FetchRequestTopic>()
      for (const { state, leaderEpoch, offset } of requested) {
        const key = byId ? this.#leaders.topicId(state.tp.topic) ?? state.tp.topic : state.tp.topic
        let topic = topics.get(key)
        if (topic === undefined) topics.set(key, topic = { topicId: key, partitions: [] })
        topic.partitions.push({
          partition: state.tp.partition, currentLeaderEpoch: leaderEpoch, fetchOffset: offset, lastFetchedEpoch: -1,
          partitionMaxBytes: this.#settings.partitionMaxBytes,
        })
      }
      const connection = await connectionTo(this.#pool, broker)
      const maxBytes = Math.max(1, this.#settings.maxBytes - this.#states.bufferedBytes)
      const response = await sendFetch(connection, version, {
        maxWaitMs: this.#settings.maxWaitMs,
        minBytes: this.#settings.minBytes,
        maxBytes,
        isolationLevel: this.#settings.readCommitted ? FetchIsolationLevels.READ_COMMITTED : FetchIsolationLevels.READ_UNCOMMITTED,
        topics: [...topics.values()],
        rackId: this.#settings.rackId,
      })
      // An error of the whole request (partition errors are handled per partition below).
      if (response.errorCode !== 0) throw new ResponseError(1, version, { '': [response.errorCode, null] }, response)
      this.#apply(response, byId, requested)
      this.#failures.delete(nodeId)
      this.#retryAt.delete(nodeId)
    } catch (error) {
      if (this.#closed) return
      const codes = kafkaErrorCodes(error)
      if (isNetworkError(error) || codes.every(code => code.canRetry)) {
        debug('fetch from broker %d failed, retrying: %s', nodeId, (error as Error).message)
        this.#leaders.invalidate()
        this.#backOff(nodeId)
        this.#scheduleRetry(this.#retryAt.get(nodeId)!)
      } else {
        this.#onFatal(translateKafkaError(error, 'fetch records', this.#brokers))
        this.#backOff(nodeId)
      }
    } finally {
      for (const { state } of requested) state.fetching = false
      this.#inflight.delete(nodeId)
      if (!this.#closed) {
        this.#onChange()
        this.kick()
      }
    }
  }

  #apply (response: RawFetchResponse, byId: boolean, requested: Array<{ state: PartitionState, epoch: number, offset: bigint }>): void {
    for (const topicResponse of response.responses) {
      const topic = byId ? this.#leaders.topicName(topicResponse.topic) ?? topicResponse.topic : topicResponse.topic
      for (const partition of topicResponse.partitions) {
        const request = requested.find(r => r.state.tp.topic === topic && r.state.tp.partition === partition.partitionIndex)
        if (request === undefined) continue
        const { state, epoch, offset } = request
        // Changed since the request went out (sought, paused, revoked): the answer is for an old position.
        if (this.#states.get(state.tp) !== state || state.epoch !== epoch || state.fetchOffset !== offset) continue
        if (partition.errorCode === 0) {
          if (partition.batches.length === 0) continue
          // Decoded (and CRC-checked) as poll() takes the records; a corrupt batch fails that poll().
          const fetched = new FetchedRecords({
            topic,
            partition: partition.partitionIndex,
            batches: partition.batches,
            fetchOffset: offset,
            readCommitted: this.#settings.readCommitted,
            abortedTransactions: partition.abortedTransactions,
            checkCrcs: this.#settings.checkCrcs,
          })
          if (fetched.nextOffset !== null && fetched.nextOffset > offset) this.#states.addFetched(state, fetched as FetchedRecords & { readonly nextOffset: bigint })
          continue
        }
        const code = protocolErrorsCodesById[partition.errorCode] ?? String(partition.errorCode)
        if (code === 'OFFSET_OUT_OF_RANGE') {
          debug('fetch position %s is out of range for %s; resetting the offset', offset, state.tp)
          this.#states.resetPosition(state, 'reset')
        } else if (STALE_LEADER.has(code)) {
          this.#leaders.invalidate()
        } else if (code.endsWith('_AUTHORIZATION_FAILED')) {
          this.#onFatal(translateKafkaError({ apiId: code, canRetry: false }, `fetch records of ${state.tp}`, this.#brokers))
        } else {
          debug('fetch of %s failed with %s; retrying', state.tp, code)
        }
      }
    }
  }
}

