// The embedded log's consumer, with the semantics of Kafka's KafkaConsumer: assign() or a group
// subscription, positions that start at the group's committed offset (else auto.offset.reset),
// rebalance callbacks that run inside poll(), pause/resume/seek, read_committed reads that stop
// at the first open transaction and skip aborted records.
//
// poll() reads in batches (a query per partition, at most max.poll.records rows in all) and,
// when nothing is there, waits: a producer of this process wakes it at once; writes of another
// process (which SQLite cannot announce) are noticed by checking the file's data_version every
// pollIntervalMs.

import { randomUUID } from 'node:crypto'
import { ConnectException } from '../../api/errors.ts'
import { TopicPartition, TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import type { IncomingRecord, IsolationLevel, LogConsumer, LogConsumerOptions, RebalanceListener } from '../log.ts'
import type { ConsumerGroup, GroupMember } from './consumer-group.ts'
import { decodeHeaders } from './header-codec.ts'
import type { ConsumerHost } from './host.ts'
import type { TopicInfo } from './store.ts'
import { Signal } from './signal.ts'

/** Kafka's default max.poll.records. */
const DEFAULT_MAX_POLL_RECORDS = 500
/** Kafka's default max.poll.interval.ms. */
const DEFAULT_MAX_POLL_INTERVAL_MS = 300_000

const GROUP_ID_REQUIRED = 'To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.'
const EXCLUSIVE_MODES = 'Subscription to topics, partitions and pattern are mutually exclusive'

type ResetPolicy = 'earliest' | 'latest' | 'none'
type RebalanceCallback = keyof RebalanceListener

/** A consumer on the embedded log. */
export class EmbeddedConsumer implements LogConsumer, GroupMember {
  readonly memberId: string
  readonly rebalanceTimeoutMs: number
  readonly #host: ConsumerHost
  readonly #clientId: string
  readonly #groupId: string | undefined
  readonly #readCommitted: boolean
  readonly #resetPolicy: ResetPolicy
  readonly #maxPollRecords: number
  readonly #signal = new Signal()

  #mode: 'none' | 'subscribe' | 'assign' = 'none'
  /** The subscription: topic names, or a pattern that must match a whole topic name (as Java's does). */
  #subscription: ReadonlySet<string> | RegExp = new Set()
  #listener: RebalanceListener | undefined
  #group: ConsumerGroup | undefined
  #joined = false
  /** The group generation whose assignment this consumer holds; -1 before the first. */
  #generation = -1
  /** The owned partitions, with the next offset to read; null until it is known. */
  #positions = new TopicPartitionMap<bigint | null>()
  #paused = new TopicPartitionMap<true>()
  /** Where the next fetch starts among the owned partitions, so each gets its turn. */
  #fetchStart = 0
  #lastDataVersion = -1
  #polling = false
  #wakeupRequested = false
  #closing = false
  #closed = false

  constructor (host: ConsumerHost, options: LogConsumerOptions) {
    this.#host = host
    this.#clientId = options.clientId
    this.#groupId = options.groupId === '' ? undefined : options.groupId
    const config = options.config ?? {}
    const isolation: IsolationLevel = options.isolationLevel ?? (config['isolation.level'] === 'read_committed' ? 'read_committed' : 'read_uncommitted')
    this.#readCommitted = isolation === 'read_committed'
    const reset = options.autoOffsetReset ?? config['auto.offset.reset'] ?? 'earliest'
    if (reset !== 'earliest' && reset !== 'latest' && reset !== 'none') {
      throw new ConnectException(`Invalid value ${reset} for configuration auto.offset.reset: String must be one of: latest, earliest, none`)
    }
    this.#resetPolicy = reset
    this.#maxPollRecords = positiveInteger(options.maxPollRecords ?? config['max.poll.records'], DEFAULT_MAX_POLL_RECORDS, 'max.poll.records')
    this.rebalanceTimeoutMs = positiveInteger(config['max.poll.interval.ms'], DEFAULT_MAX_POLL_INTERVAL_MS, 'max.poll.interval.ms')
    this.memberId = `${options.clientId}-${randomUUID()}`
  }

  subscribe (topics: readonly string[] | RegExp, listener?: RebalanceListener): void {
    this.#checkOpen()
    if (this.#groupId === undefined) throw new ConnectException(GROUP_ID_REQUIRED)
    if (this.#mode === 'assign') throw new ConnectException(EXCLUSIVE_MODES)
    this.#subscription = topics instanceof RegExp ? wholeNameMatcher(topics) : new Set(topics)
    this.#listener = listener
    this.#mode = 'subscribe'
    // Like Kafka's consumer, this joins the group in the next poll(), not here.
    if (this.#joined) this.#group?.subscriptionChanged(this.memberId)
  }

  assign (partitions: readonly TopicPartitionLike[]): void {
    this.#checkOpen()
    if (this.#mode === 'subscribe') throw new ConnectException(EXCLUSIVE_MODES)
    const positions = new TopicPartitionMap<bigint | null>()
    for (const tp of partitions) positions.set(tp, this.#positions.get(tp) ?? null)
    const paused = new TopicPartitionMap<true>()
    for (const [tp] of this.#paused) if (positions.has(tp)) paused.set(tp, true)
    this.#positions = positions
    this.#paused = paused
    this.#mode = positions.size === 0 ? 'none' : 'assign'
    this.#signal.notify()
  }

  assignment (): TopicPartition[] {
    return [...this.#positions.keys()]
  }

  async poll (timeoutMs: number): Promise<IncomingRecord[]> {
    this.#checkOpen()
    if (this.#polling) throw new ConnectException(`Consumer ${this.#clientId} is already in poll(); a consumer polls from one caller at a time`)
    if (this.#mode === 'none') throw new ConnectException('Consumer is not subscribed to any topics or assigned any partitions')
    this.#polling = true
    try {
      const deadline = Date.now() + Math.max(0, timeoutMs)
      let lookForRecords = true
      while (true) {
        if (this.#closing) return []
        if (this.#wakeupRequested) {
          this.#wakeupRequested = false
          return []
        }
        // News from now on (an append, a group change) wakes the wait below.
        this.#signal.clear()
        let ready = true
        if (this.#mode === 'subscribe') ready = await this.#takePartInGroup(deadline)
        if (this.#closing) return []
        if (ready && lookForRecords) {
          this.#lastDataVersion = this.#host.store.dataVersion()
          const records = this.#fetch()
          if (records.length > 0) return records
        }
        const remaining = deadline - Date.now()
        if (remaining <= 0) return []
        const notified = await this.#signal.wait(Math.min(remaining, this.#host.pollIntervalMs))
        // Woken by the clock: only read again if another process wrote to the file meanwhile.
        lookForRecords = notified || this.#host.store.dataVersion() !== this.#lastDataVersion
      }
    } finally {
      this.#polling = false
    }
  }

  wakeup (): void {
    this.#wakeupRequested = true
    this.#signal.notify()
  }

  pause (partitions: readonly TopicPartitionLike[]): void {
    for (const tp of partitions) {
      this.#checkAssigned(tp)
      this.#paused.set(tp, true)
    }
  }

  resume (partitions: readonly TopicPartitionLike[]): void {
    for (const tp of partitions) {
      this.#checkAssigned(tp)
      this.#paused.delete(tp)
    }
    if (partitions.length > 0) this.#signal.notify()
  }

  paused (): TopicPartition[] {
    return [...this.#paused.keys()]
  }

  seek (partition: TopicPartitionLike, offset: bigint): void {
    this.#checkAssigned(partition)
    if (typeof offset !== 'bigint' || offset < 0n) throw new ConnectException(`seek offset must not be a negative number (${String(offset)} for ${TopicPartition.from(partition)})`)
    this.#positions.set(partition, offset)
    this.#signal.notify()
  }

  async seekToBeginning (partitions: readonly TopicPartitionLike[]): Promise<void> {
    this.#seekToEdge(partitions, 'earliest')
  }

  async seekToEnd (partitions: readonly TopicPartitionLike[]): Promise<void> {
    this.#seekToEdge(partitions, 'latest')
  }

  async position (partition: TopicPartitionLike): Promise<bigint> {
    this.#checkAssigned(partition)
    const position = this.#positions.get(partition) ?? this.#initialPosition(TopicPartition.from(partition))
    if (position === null) throw new ConnectException(`The position of ${TopicPartition.from(partition)} is not known: topic ${partition.topic} does not exist (yet)`)
    this.#positions.set(partition, position)
    return position
  }

  async commit (offsets: TopicPartitionMap<bigint>): Promise<void> {
    this.#checkOpen()
    if (this.#groupId === undefined) throw new ConnectException(GROUP_ID_REQUIRED)
    const group = this.#host.group(this.#groupId)
    if (this.#joined) {
      if (!group.has(this.memberId)) {
        throw new ConnectException('Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. ' +
          'This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that ' +
          'the poll loop is spending too much time message processing. You can address this either by increasing max.poll.interval.ms or by reducing the ' +
          'maximum size of batches returned in poll() with max.poll.records.')
      }
    } else if (!group.isEmpty) {
      throw new ConnectException(`Cannot commit offsets for group ${this.#groupId} from consumer ${this.#clientId}: the group has active members and this consumer is not one of them (it uses assign())`)
    }
    const entries = []
    for (const [tp, offset] of offsets) {
      if (typeof offset !== 'bigint' || offset < 0n) throw new ConnectException(`Invalid negative offset ${String(offset)} for ${tp}`)
      entries.push({ topic: tp.topic, partition: tp.partition, offset })
    }
    this.#host.store.commitGroupOffsets(this.#groupId, entries)
  }

  async close (): Promise<void> {
    if (this.#closing) return
    this.#closing = true
    this.#signal.notify()
    try {
      if (this.#joined && this.#group !== undefined && this.#group.has(this.memberId)) {
        const owned = this.assignment()
        try {
          // Still a member here, so the callback may commit what it processed.
          if (owned.length > 0) await this.#listener?.onPartitionsRevoked?.(owned)
        } finally {
          this.#group.leave(this.memberId)
        }
      }
    } finally {
      this.#closed = true
      this.#positions = new TopicPartitionMap()
      this.#paused = new TopicPartitionMap()
      this.#host.consumerClosed(this)
    }
  }

  /** Called by the log when records were appended to these topics in this process. */
  topicsAppended (topics: ReadonlySet<string>): void {
    for (const tp of this.#positions.keys()) {
      if (topics.has(tp.topic)) {
        this.#signal.notify()
        return
      }
    }
  }

  subscribedTopics (existingTopics: readonly string[]): string[] {
    const subscription = this.#subscription
    return existingTopics.filter(topic => subscription instanceof RegExp ? subscription.test(topic) : subscription.has(topic))
  }

  groupChanged (): void {
    this.#signal.notify()
  }

  /**
   * Joins the group if needed and carries this member through a rebalance: give up the old
   * partitions (revoke callback), wait for the others to do the same, take the new ones (assign
   * callback). True when the member holds the current generation's partitions.
   */
  async #takePartInGroup (deadline: number): Promise<boolean> {
    if (this.#groupId === undefined) throw new ConnectException(GROUP_ID_REQUIRED)
    const group = this.#group ??= this.#host.group(this.#groupId)
    let callbackError: unknown
    const call = async (callback: RebalanceCallback, partitions: TopicPartition[]): Promise<void> => {
      try {
        await this.#listener?.[callback]?.(partitions)
      } catch (error) {
        callbackError ??= error
      }
    }
    while (!this.#closing) {
      if (!group.has(this.memberId)) {
        // Not yet joined, or dropped for not polling in time: then the partitions are lost
        // (onPartitionsLost, or onPartitionsRevoked without it, as Java's default does).
        if (this.#joined && this.#positions.size > 0) await this.#revoke(call, this.#listener?.onPartitionsLost === undefined ? 'onPartitionsRevoked' : 'onPartitionsLost')
        this.#joined = true
        this.#generation = -1
        group.join(this)
        continue
      }
      const generation = group.generation
      if (generation === this.#generation) break
      if (this.#positions.size > 0) {
        await this.#revoke(call)
        continue // the group may have moved on while the callback ran
      }
      group.revoked(this.memberId, generation)
      const assigned = group.assignmentOf(this.memberId, generation)
      if (assigned === undefined) {
        // Others still have to give up their partitions.
        const remaining = deadline - Date.now()
        if (remaining <= 0) break
        await this.#signal.wait(Math.min(remaining, this.#host.pollIntervalMs))
        continue
      }
      this.#generation = generation
      // Eager rebalancing: nothing carries over, positions start at the committed offsets.
      for (const tp of assigned) this.#positions.set(tp, null)
      await call('onPartitionsAssigned', assigned)
    }
    if (callbackError !== undefined) throw new ConnectException('User rebalance callback throws an error', { cause: callbackError })
    return this.#generation === group.generation && group.has(this.memberId)
  }

  // As in Java, the partitions are still assigned while the callback runs (it may read their
  // positions and commit them), and gone once it returns.
  async #revoke (call: (callback: RebalanceCallback, partitions: TopicPartition[]) => Promise<void>, callback: RebalanceCallback = 'onPartitionsRevoked'): Promise<void> {
    await call(callback, this.assignment())
    this.#positions = new TopicPartitionMap()
    this.#paused = new TopicPartitionMap()
  }

  #fetch (): IncomingRecord[] {
    const store = this.#host.store
    const owned = [...this.#positions.keys()].filter(tp => !this.#paused.has(tp))
    const records: IncomingRecord[] = []
    if (owned.length === 0) return records
    const start = this.#fetchStart++ % owned.length
    for (let i = 0; i < owned.length && records.length < this.#maxPollRecords; i++) {
      const tp = owned[(start + i) % owned.length]
      const topic = store.topic(tp.topic)
      if (topic === undefined || tp.partition >= topic.partitions) continue
      let position = this.#positions.get(tp) ?? this.#initialPosition(tp, topic)
      if (position === null) continue
      const bounds = store.bounds(topic, tp.partition)
      if (position > bounds.highWatermark || position < bounds.logStartOffset) {
        // Out of range (seeked past the end, or a committed offset the log no longer has).
        if (this.#resetPolicy === 'none') throw new ConnectException(`Fetch position FetchPosition{offset=${position}} is out of range for partition ${tp}`)
        position = this.#resetPosition(tp, topic)
      }
      const end = this.#readCommitted ? bounds.lastStableOffset : bounds.highWatermark
      if (position >= end) {
        this.#positions.set(tp, position)
        continue
      }
      const limit = this.#maxPollRecords - records.length
      const rows = store.read(topic, tp.partition, position, end, limit, this.#readCommitted)
      for (const row of rows) {
        records.push({
          topic: tp.topic,
          partition: tp.partition,
          offset: row.offset,
          key: row.key,
          value: row.value,
          headers: decodeHeaders(row.headers),
          timestamp: row.timestamp,
          timestampType: row.timestampType === 1 ? 'LogAppendTime' : 'CreateTime',
        })
      }
      // Fewer rows than asked for: the whole range was read, holes (compacted records, markers,
      // aborted records) included, so the position moves to its end.
      this.#positions.set(tp, rows.length < limit ? end : rows[rows.length - 1].offset + 1n)
    }
    return records
  }

  /** The committed offset of the group for `tp`, else where auto.offset.reset says; null if the topic is missing. */
  #initialPosition (tp: TopicPartition, topic = this.#host.store.topic(tp.topic)): bigint | null {
    if (topic === undefined || tp.partition >= topic.partitions) return null
    if (this.#groupId !== undefined) {
      const committed = this.#host.store.groupOffsets(this.#groupId).find(o => o.topic === tp.topic && o.partition === tp.partition)
      if (committed !== undefined) return committed.offset
    }
    if (this.#resetPolicy === 'none') throw new ConnectException(`Undefined offset with no reset policy for partitions: [${tp}]`)
    return this.#resetPosition(tp, topic)
  }

  #resetPosition (tp: TopicPartition, topic: TopicInfo): bigint {
    return this.#edge(tp, topic, this.#resetPolicy === 'latest' ? 'latest' : 'earliest')
  }

  #edge (tp: TopicPartitionLike, topic: TopicInfo, which: 'earliest' | 'latest'): bigint {
    const bounds = this.#host.store.bounds(topic, tp.partition)
    if (which === 'earliest') return bounds.logStartOffset
    return this.#readCommitted ? bounds.lastStableOffset : bounds.highWatermark
  }

  #seekToEdge (partitions: readonly TopicPartitionLike[], which: 'earliest' | 'latest'): void {
    // As in Java, an empty collection means every assigned partition.
    const targets = partitions.length === 0 ? this.assignment() : partitions
    for (const tp of targets) this.#checkAssigned(tp)
    for (const tp of targets) {
      const topic = this.#host.store.topic(tp.topic)
      this.#positions.set(tp, topic === undefined || tp.partition >= topic.partitions ? null : this.#edge(tp, topic, which))
    }
    this.#signal.notify()
  }

  #checkAssigned (tp: TopicPartitionLike): void {
    this.#checkOpen()
    if (!this.#positions.has(tp)) throw new ConnectException(`No current assignment for partition ${TopicPartition.from(tp)}`)
  }

  #checkOpen (): void {
    if (this.#closed) throw new ConnectException(`Cannot use consumer ${this.#clientId}: it is closed`)
  }
}

// Java's subscribe(Pattern) matches whole topic names (Matcher.matches()); a JavaScript RegExp
// finds a match anywhere, so the pattern is anchored, and stripped of flags that make test() stateful.
function wholeNameMatcher (pattern: RegExp): RegExp {
  return new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, ''))
}

function positiveInteger (value: number | string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new ConnectException(`Invalid value ${value} for configuration ${name}: Value must be at least 1`)
  return n
}
