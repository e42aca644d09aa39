// The poll-based consumer of the Kafka log, in Java's terms: subscribe (a group assigns the
// partitions; rebalance callbacks run inside poll, revoked before assigned) or assign (fixed
// partitions, no group), positions from the group's committed offsets else auto.offset.reset,
// per-partition pause/resume and seek, explicit commits, and wakeup().
//
// Three parts do the work: GroupMembership (join, sync, heartbeats), Fetcher (background fetches
// into bounded buffers) and PartitionStates (positions and buffers). This class sequences them:
// poll() runs the group's transitions and the listener, then drains the buffers.

import { Admin, ConnectionPool } from '@platformatic/kafka'
import { ConnectException, RetriableException } from '../../api/errors.ts'
import { TopicPartition, TopicPartitionMap, type TopicPartitionLike } from '../../api/sink/topic-partition.ts'
import type { IncomingRecord, LogConsumer, LogConsumerOptions, RebalanceListener } from '../log.ts'
import { backoffMs, ClientConfig, debug, readTiming, type ConnectionSettings, type Timing } from './client-config.ts'
import { fetchMetadata, listPartitionOffsets, settleWithin, sleep } from './cluster.ts'
import { GroupCoordinator } from './coordinator.ts'
import { hasKafkaError, isRetriable, translateKafkaError, UnknownTopicException } from './errors.ts'
import { Fetcher, LeaderCache } from './fetcher.ts'
import { GroupMembership } from './group-membership.ts'
import { PartitionStates, type PartitionState } from './partition-states.ts'

/** Wakes the waiters of a consumer (poll, position) when something they may wait for happened. */
class Signal {
  #waiters: Array<() => void> = []

  /** Resolves at the next notify(), or after `ms`. */
  wait (ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(done, Math.max(0, ms))
      const waiter = (): void => done()
      this.#waiters.push(waiter)
      const waiters = this.#waiters
      function done (): void {
        clearTimeout(timer)
        const index = waiters.indexOf(waiter)
        if (index >= 0) waiters.splice(index, 1)
        resolve()
      }
    })
  }

  notify (): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const waiter of waiters) waiter()
  }
}

type Subscription =
  | { readonly kind: 'none' }
  | { readonly kind: 'assigned' }
  | { readonly kind: 'topics', readonly topics: readonly string[], readonly listener: RebalanceListener }
  | { readonly kind: 'pattern', readonly pattern: RegExp, readonly listener: RebalanceListener }

type JoinOutcome = { readonly partitions: TopicPartition[] } | { readonly error: unknown }

const COMMIT_FAILED_MESSAGE = 'Commit cannot be completed since the group has already rebalanced and assigned the partitions to ' +
  'another member. This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, ' +
  'which typically implies that the poll loop is spending too much time message processing. You can address this either by ' +
  'increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.'

const REBALANCE_IN_PROGRESS_MESSAGE = 'Offset commit cannot be completed since the consumer is undergoing a rebalance for auto ' +
  'partition assignment. You can try completing the rebalance by calling poll() and then retry the operation.'

/** Sorts partitions as Java's listener sees them: by topic, then partition. */
function sorted (partitions: Iterable<TopicPartition>): TopicPartition[] {
  return [...partitions].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
}

/** Java's Pattern.matches: the whole topic name must match, not just a part of it. */
function wholeNameMatcher (pattern: RegExp): (topic: string) => boolean {
  const anchored = new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, ''))
  return topic => anchored.test(topic)
}

/** A LogConsumer on a Kafka cluster. */
export class KafkaLogConsumer implements LogConsumer {
  readonly #options: LogConsumerOptions
  readonly #brokers: string
  readonly #timing: Timing
  readonly #client: Admin
  readonly #fetchPool: ConnectionPool
  readonly #coordinatorPool: ConnectionPool | null
  readonly #coordinator: GroupCoordinator | null
  readonly #states = new PartitionStates()
  readonly #leaders: LeaderCache
  readonly #fetcher: Fetcher
  readonly #signal = new Signal()
  readonly #abort = new AbortController()
  readonly #maxPollRecords: number
  readonly #autoOffsetReset: 'earliest' | 'latest'
  readonly #readCommitted: boolean
  readonly #allowAutoCreate: boolean
  readonly #membershipSettings: { groupInstanceId: string | null, sessionTimeoutMs: number, heartbeatIntervalMs: number, maxPollIntervalMs: number }
  readonly #onClose: () => void
  #subscription: Subscription = { kind: 'none' }
  #membership: GroupMembership | null = null
  #joining: Promise<JoinOutcome> | null = null
  #joinedOnce = false
  #joinedTopics = new Map<string, number>()
  #metadataTimer: NodeJS.Timeout | null = null
  #fatal: Error | null = null
  #resolveFailures = 0
  #resolveRetry: NodeJS.Timeout | null = null
  #wakeupRequested = false
  #polling = false
  #lastPollAt = Date.now()
  #closing: Promise<void> | null = null

  constructor (options: LogConsumerOptions, bootstrapServers: string[], connection: ConnectionSettings, onClose: () => void) {
    this.#options = options
    this.#onClose = onClose
    this.#brokers = bootstrapServers.join(',')
    const config = new ClientConfig(options.config)
    this.#timing = readTiming(config)
    this.#maxPollRecords = options.maxPollRecords ?? config.int('max.poll.records', 500)
    if (this.#maxPollRecords < 1) throw new ConnectException(`maxPollRecords must be at least 1, not ${this.#maxPollRecords}`)
    this.#autoOffsetReset = options.autoOffsetReset ?? (config.string('auto.offset.reset', 'earliest') === 'latest' ? 'latest' : 'earliest')
    this.#readCommitted = (options.isolationLevel ?? config.string('isolation.level', 'read_uncommitted')) === 'read_committed'
    this.#allowAutoCreate = config.bool('allow.auto.create.topics', true)
    const maxWaitMs = config.ms('fetch.max.wait.ms', 500)
    const maxPollIntervalMs = config.ms('max.poll.interval.ms', 300_000)
    this.#membershipSettings = {
      groupInstanceId: config.string('group.instance.id') ?? null,
      sessionTimeoutMs: config.ms('session.timeout.ms', 45_000),
      heartbeatIntervalMs: config.ms('heartbeat.interval.ms', 3000),
      maxPollIntervalMs,
    }
    const fetchSettings = {
      maxWaitMs,
      minBytes: config.int('fetch.min.bytes', 1),
      maxBytes: config.int('fetch.max.bytes', 52_428_800),
      partitionMaxBytes: config.int('max.partition.fetch.bytes', 1_048_576),
      readCommitted: this.#readCommitted,
      rackId: connection.clientRack ?? '',
      checkCrcs: config.bool('check.crcs', true),
    }
    config.noteIgnored(`consumer ${options.clientId}`, new Set(['group.id', 'client.id', 'bootstrap.servers', 'enable.auto.commit',
      'key.deserializer', 'value.deserializer', 'request.timeout.ms', 'security.protocol', 'client.rack']))

    this.#client = new Admin({ ...connection, clientId: options.clientId, retries: 0 })
    this.#fetchPool = new ConnectionPool(options.clientId, { ...connection, requestTimeout: Math.max(connection.requestTimeout, maxWaitMs + 5000) })
    if (options.groupId !== undefined) {
      // A JoinGroup waits up to the rebalance timeout (max.poll.interval.ms) for the others to join.
      this.#coordinatorPool = new ConnectionPool(options.clientId, { ...connection, requestTimeout: Math.max(connection.requestTimeout, maxPollIntervalMs + 5000) })
      this.#coordinator = new GroupCoordinator(this.#client, this.#coordinatorPool, options.groupId, this.#timing)
    } else {
      this.#coordinatorPool = null
      this.#coordinator = null
    }
    this.#leaders = new LeaderCache(this.#client, this.#timing)
    this.#fetcher = new Fetcher({
      client: this.#client,
      pool: this.#fetchPool,
      states: this.#states,
      leaders: this.#leaders,
      settings: fetchSettings,
      timing: this.#timing,
      brokers: this.#brokers,
      onChange: () => this.#signal.notify(),
      onFatal: error => {
        this.#fatal ??= error
        this.#signal.notify()
      },
    })
  }

  subscribe (topics: readonly string[] | RegExp, listener: RebalanceListener = {}): void {
    this.#ensureOpen()
    if (this.#coordinator === null) throw new ConnectException('subscribe() needs a consumer created with a groupId')
    if (this.#subscription.kind === 'assigned') {
      throw new ConnectException('Subscription to topics, partitions and pattern are mutually exclusive: this consumer uses assign()')
    }
    this.#subscription = topics instanceof RegExp
      ? { kind: 'pattern', pattern: topics, listener }
      : { kind: 'topics', topics: [...new Set(topics)], listener }
    if (this.#membership === null) {
      this.#membership = new GroupMembership(this.#client, this.#coordinator, this.#membershipSettings, this.#timing, {
        brokers: this.#brokers,
        partitionCounts: topics => this.#partitionCounts(topics),
        lastPollAt: () => (this.#polling ? Date.now() : this.#lastPollAt),
        onRejoinNeeded: () => this.#signal.notify(),
      })
    } else {
      this.#membership.requestRejoin('the subscription changed')
    }
    this.#scheduleMetadataRefresh()
  }

  assign (partitions: readonly TopicPartitionLike[]): void {
    this.#ensureOpen()
    if (this.#subscription.kind === 'topics' || this.#subscription.kind === 'pattern') {
      throw new ConnectException('Subscription to topics, partitions and pattern are mutually exclusive: this consumer uses subscribe()')
    }
    this.#subscription = { kind: 'assigned' }
    this.#states.assign(partitions, this.#coordinator === null ? 'reset' : 'committed')
    this.#fetcher.kick()
  }

  assignment (): TopicPartition[] {
    return this.#states.partitions()
  }

  async poll (timeoutMs: number): Promise<IncomingRecord[]> {
    this.#ensureOpen()
    if (this.#subscription.kind === 'none') throw new ConnectException('Consumer is not subscribed to any topics or assigned any partitions')
    if (this.#polling) throw new ConnectException('poll() is already running on this consumer; a consumer serves one poll at a time')
    this.#polling = true
    const deadline = Date.now() + Math.max(0, timeoutMs)
    try {
      while (true) {
        if (this.#takeWakeup() || this.#closing !== null) return []
        if (this.#membership !== null && !await this.#updateGroup(deadline)) {
          if (Date.now() >= deadline || this.#takeWakeup() || this.#closing !== null) return []
          continue
        }
        this.#throwFatal()
        this.#resolvePositions()
        this.#fetcher.kick()
        const records = this.#states.drain(this.#maxPollRecords)
        if (records.length > 0) {
          this.#fetcher.kick()
          return records
        }
        if (this.#membership?.rejoinNeeded === true) continue
        if (this.#states.hasDrainable()) continue
        const remaining = deadline - Date.now()
        if (remaining <= 0) return []
        await this.#signal.wait(remaining)
      }
    } finally {
      this.#polling = false
      this.#lastPollAt = Date.now()
    }
  }

  wakeup (): void {
    this.#wakeupRequested = true
    this.#signal.notify()
  }

  pause (partitions: readonly TopicPartitionLike[]): void {
    for (const tp of partitions) this.#states.pause(this.#states.owned(tp, 'pause'))
  }

  resume (partitions: readonly TopicPartitionLike[]): void {
    for (const tp of partitions) this.#states.resume(this.#states.owned(tp, 'resume'))
    this.#fetcher.kick()
  }

  paused (): TopicPartition[] {
    return this.#states.states().filter(state => state.paused).map(state => state.tp)
  }

  seek (partition: TopicPartitionLike, offset: bigint): void {
    if (offset < 0n) throw new ConnectException(`seek offset must not be negative, not ${offset}`)
    this.#states.seek(this.#states.owned(partition, 'seek'), offset)
    this.#fetcher.kick()
  }

  async seekToBeginning (partitions: readonly TopicPartitionLike[]): Promise<void> {
    await this.#seekTo(partitions, 'earliest')
  }

  async seekToEnd (partitions: readonly TopicPartitionLike[]): Promise<void> {
    await this.#seekTo(partitions, 'latest')
  }

  async position (partition: TopicPartitionLike): Promise<bigint> {
    const state = this.#states.owned(partition, 'check the position of')
    const deadline = Date.now() + this.#timing.apiTimeoutMs
    while (state.position === null) {
      this.#ensureOpen()
      this.#throwFatal()
      if (this.#states.get(partition) !== state) throw new ConnectException(`${state.tp} was revoked while its position was looked up`)
      this.#resolvePositions()
      const remaining = deadline - Date.now()
      if (remaining <= 0) {
        throw new RetriableException(`Timeout of ${this.#timing.apiTimeoutMs}ms expired before the position for partition ${state.tp} could be determined`)
      }
      await this.#signal.wait(remaining)
    }
    return state.position
  }

  async commit (offsets: TopicPartitionMap<bigint>): Promise<void> {
    this.#ensureOpen()
    if (this.#coordinator === null) throw new ConnectException('commit() needs a consumer created with a groupId')
    const member = this.#membership?.stable === true ? this.#membership : null
    try {
      await this.#coordinator.commitOffsets(offsets, member?.generationId ?? -1, member?.memberId ?? '', member?.groupInstanceId ?? null)
    } catch (error) {
      if (hasKafkaError(error, 'REBALANCE_IN_PROGRESS')) {
        this.#membership?.requestRejoin('a commit found the group rebalancing')
        throw new RetriableException(REBALANCE_IN_PROGRESS_MESSAGE, { cause: error })
      }
      if (['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID'].some(id => hasKafkaError(error, id))) {
        this.#membership?.requestRejoin('a commit found the membership gone')
        throw new ConnectException(COMMIT_FAILED_MESSAGE, { cause: error })
      }
      throw translateKafkaError(error, `commit offsets ${offsets} for group ${this.#coordinator.groupId}`, this.#brokers)
    }
  }

  close (): Promise<void> {
    this.#closing ??= this.#close()
    return this.#closing
  }

  async #close (): Promise<void> {
    this.#abort.abort()
    this.#signal.notify()
    if (this.#metadataTimer !== null) clearTimeout(this.#metadataTimer)
    if (this.#resolveRetry !== null) clearTimeout(this.#resolveRetry)
    this.#fetcher.close()
    const membership = this.#membership
    if (membership !== null) {
      const owned = sorted(this.#states.partitions())
      if (membership.stable && this.#joining === null && owned.length > 0) {
        const listener = this.#listener()
        const failure = membership.rejoinNeeded || membership.lost
          ? await this.#callListener('onPartitionsLost', listener, owned)
          : await this.#callListener('onPartitionsRevoked', listener, owned)
        if (failure !== null) debug('consumer %s: %s', this.#options.clientId, failure.message)
      }
      await settleWithin(membership.leave('the consumer is being closed'), this.#timing.apiTimeoutMs)
    }
    this.#states.clear()
    await Promise.allSettled([
      settleWithin(this.#fetchPool.close(), 5000),
      settleWithin(this.#coordinatorPool?.close() ?? Promise.resolve(), 5000),
      settleWithin(this.#client.close(), 5000),
    ])
    this.#onClose()
  }

  #ensureOpen (): void {
    if (this.#closing !== null) throw new ConnectException(`The consumer ${this.#options.clientId} is closed`)
  }

  #takeWakeup (): boolean {
    const requested = this.#wakeupRequested
    this.#wakeupRequested = false
    return requested
  }

  #throwFatal (): void {
    const fatal = this.#fatal
    if (fatal === null) return
    this.#fatal = null
    throw fatal
  }

  #listener (): RebalanceListener {
    const subscription = this.#subscription
    return subscription.kind === 'topics' || subscription.kind === 'pattern' ? subscription.listener : {}
  }

  /** Runs one listener callback; a failure is returned (to be thrown once the rebalance step is done), not thrown. */
  async #callListener (name: 'onPartitionsRevoked' | 'onPartitionsAssigned' | 'onPartitionsLost', listener: RebalanceListener, partitions: TopicPartition[]): Promise<ConnectException | null> {
    // Without onPartitionsLost, lost partitions go to onPartitionsRevoked, as Java's default does.
    const callback = name === 'onPartitionsLost' ? listener.onPartitionsLost ?? listener.onPartitionsRevoked : listener[name]
    if (callback === undefined) return null
    try {
      await callback.call(listener, partitions)
      return null
    } catch (error) {
      return new ConnectException(`The rebalance listener failed in ${name} for ${partitions.join(', ') || 'no partitions'}: ` +
        `${(error as Error)?.message ?? String(error)}`, { cause: error })
    }
  }

  /**
   * Moves the group membership on inside poll(): gives back the owned partitions (the revoke, or
   * lost, callback) before rejoining, waits for the join until `deadline`, and applies the new
   * assignment (the assigned callback). Returns whether the consumer is a stable member now.
   */
  async #updateGroup (deadline: number): Promise<boolean> {
    const membership = this.#membership!
    if (!membership.rejoinNeeded && this.#joining === null) return true
    let failure: ConnectException | null = null
    if (this.#joining === null) {
      if (this.#joinedOnce) {
        // The callback runs while the partitions are still owned, so it can read positions and commit.
        // As Java's eager protocol: a rejoin always calls the revoke callback, a lost membership only with partitions.
        const owned = sorted(this.#states.partitions())
        if (!membership.lost) failure = await this.#callListener('onPartitionsRevoked', this.#listener(), owned)
        else if (owned.length > 0) failure = await this.#callListener('onPartitionsLost', this.#listener(), owned)
        this.#states.clear()
        if (this.#closing !== null) return false
      }
      this.#joining = this.#join(membership)
      if (failure !== null) throw failure
    }
    const outcome = await raceDeadline(this.#joining, deadline, this.#signal, () => this.#wakeupRequested || this.#closing !== null)
    if (outcome === undefined) return false
    this.#joining = null
    if ('error' in outcome) {
      if (this.#closing !== null) return false
      throw outcome.error
    }
    this.#joinedOnce = true
    this.#states.assign(outcome.partitions, 'committed')
    failure = await this.#callListener('onPartitionsAssigned', this.#listener(), outcome.partitions)
    this.#fetcher.kick()
    if (failure !== null) throw failure
    return !membership.rejoinNeeded
  }

  async #join (membership: GroupMembership): Promise<JoinOutcome> {
    try {
      let topics: Map<string, number>
      for (let attempt = 1; ; attempt++) {
        try {
          topics = await this.#subscribedTopics()
          break
        } catch (error) {
          if (!isRetriable(error) || this.#abort.signal.aborted) throw error
          debug('consumer %s: looking up the subscribed topics failed, retrying: %s', this.#options.clientId, (error as Error).message)
          await sleep(backoffMs(this.#timing, attempt), this.#abort.signal)
        }
      }
      const result = await membership.join([...topics.keys()], this.#abort.signal)
      this.#joinedTopics = topics
      this.#scheduleMetadataRefresh()
      return { partitions: result.partitions }
    } catch (error) {
      return { error }
    }
  }

  /** The topics the subscription covers now, with their partition counts (0: not existing yet). */
  async #subscribedTopics (): Promise<Map<string, number>> {
    const subscription = this.#subscription
    const topics = new Map<string, number>()
    try {
      if (subscription.kind === 'pattern') {
        const matches = wholeNameMatcher(subscription.pattern)
        const snapshot = await fetchMetadata(this.#client, null)
        for (const [name, topic] of snapshot.topics) if (matches(name)) topics.set(name, topic.partitions.length)
      } else if (subscription.kind === 'topics') {
        const snapshot = await fetchMetadata(this.#client, subscription.topics, this.#allowAutoCreate)
        for (const name of subscription.topics) topics.set(name, snapshot.topics.get(name)?.partitions.length ?? 0)
      }
    } catch (error) {
      throw translateKafkaError(error, 'look up the subscribed topics', this.#brokers)
    }
    return topics
  }

  async #partitionCounts (topics: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const snapshot = await fetchMetadata(this.#client, topics)
    return new Map([...snapshot.topics].map(([name, topic]) => [name, topic.partitions.length]))
  }

  /** Checks now and then whether the subscription's topics (or their partition counts) changed. */
  #scheduleMetadataRefresh (): void {
    if (this.#metadataTimer !== null) clearTimeout(this.#metadataTimer)
    if (this.#closing !== null || this.#membership === null) return
    const waitingForTopics = [...this.#joinedTopics.values()].some(count => count === 0)
    const interval = waitingForTopics ? Math.min(this.#timing.metadataMaxAgeMs, 1000) : this.#timing.metadataMaxAgeMs
    this.#metadataTimer = setTimeout(() => { void this.#refreshSubscription() }, interval)
    this.#metadataTimer.unref()
  }

  async #refreshSubscription (): Promise<void> {
    this.#metadataTimer = null
    const membership = this.#membership
    if (membership === null || this.#closing !== null) return
    try {
      if (membership.stable && !membership.rejoinNeeded) {
        const now = await this.#subscribedTopics()
        const changed = now.size !== this.#joinedTopics.size || [...now].some(([name, count]) => this.#joinedTopics.get(name) !== count)
        if (changed) membership.requestRejoin('the subscribed topics or their partitions changed')
      }
    } catch (error) {
      debug('consumer %s: refreshing the subscription failed: %s', this.#options.clientId, (error as Error).message)
    }
    this.#scheduleMetadataRefresh()
  }

  /** Looks up the positions the owned partitions lack: committed offsets, else the reset policy. */
  #resolvePositions (): void {
    const pending = this.#states.states().filter(state => state.position === null && !state.resolving)
    if (pending.length === 0 || this.#resolveRetry !== null || this.#closing !== null) return
    for (const state of pending) state.resolving = true
    const epochs = new Map(pending.map(state => [state, state.epoch]))
    const stillPending = (state: PartitionState): boolean =>
      this.#states.get(state.tp) === state && state.position === null && state.epoch === epochs.get(state)
    void (async () => {
      try {
        const fromCommitted = pending.filter(state => state.positionSource === 'committed')
        if (fromCommitted.length > 0 && this.#coordinator !== null) {
          const committed = await this.#coordinator.fetchOffsets(fromCommitted.map(state => state.tp), { signal: this.#abort.signal })
          for (const state of fromCommitted) {
            const offset = committed.get(state.tp)
            if (offset !== undefined && stillPending(state)) this.#states.seek(state, offset)
          }
        }
        const toReset = pending.filter(stillPending)
        if (toReset.length > 0) {
          const offsets = await listPartitionOffsets(this.#client, toReset.map(state => state.tp), this.#autoOffsetReset,
            this.#readCommitted, this.#timing, this.#abort.signal)
          for (const state of toReset) {
            const offset = offsets.get(state.tp)
            if (offset !== undefined && stillPending(state)) this.#states.seek(state, offset)
          }
        }
        this.#resolveFailures = 0
      } catch (error) {
        if (this.#closing !== null) return
        this.#resolveFailures++
        if (isRetriable(error) || error instanceof UnknownTopicException) {
          debug('consumer %s: looking up positions failed, retrying: %s', this.#options.clientId, (error as Error).message)
        } else {
          this.#fatal ??= translateKafkaError(error, 'look up the consumer\'s positions', this.#brokers)
        }
        this.#resolveRetry = setTimeout(() => {
          this.#resolveRetry = null
          this.#signal.notify()
        }, Math.min(this.#timing.retryBackoffMaxMs, this.#timing.retryBackoffMs * 2 ** this.#resolveFailures))
        this.#resolveRetry.unref()
      } finally {
        for (const state of pending) state.resolving = false
        this.#signal.notify()
        this.#fetcher.kick()
      }
    })()
  }

  async #seekTo (partitions: readonly TopicPartitionLike[], which: 'earliest' | 'latest'): Promise<void> {
    this.#ensureOpen()
    const states = partitions.map(tp => this.#states.owned(tp, 'seek'))
    const epochs = new Map(states.map(state => [state, state.epoch]))
    let offsets: TopicPartitionMap<bigint>
    try {
      offsets = await listPartitionOffsets(this.#client, states.map(state => state.tp), which, this.#readCommitted, this.#timing, this.#abort.signal)
    } catch (error) {
      throw translateKafkaError(error, `seek to the ${which === 'earliest' ? 'beginning' : 'end'} of ${states.join(', ')}`, this.#brokers)
    }
    for (const state of states) {
      const offset = offsets.get(state.tp)
      // A partition sought again meanwhile keeps the later seek.
      if (offset !== undefined && this.#states.get(state.tp) === state && state.epoch === epochs.get(state)) this.#states.seek(state, offset)
    }
    this.#fetcher.kick()
  }
}

/** `promise`'s value, or undefined when `deadline` passes or `interrupted()` turns true first (checked at each signal). */
async function raceDeadline<T> (promise: Promise<T>, deadline: number, signal: Signal, interrupted: () => boolean): Promise<T | undefined> {
  let settled = false
  let value: T | undefined
  void promise.then(result => {
    settled = true
    value = result
    signal.notify()
  })
  while (!settled) {
    const remaining = deadline - Date.now()
    if (remaining <= 0 || interrupted()) return undefined
    await signal.wait(remaining)
  }
  return value
}
