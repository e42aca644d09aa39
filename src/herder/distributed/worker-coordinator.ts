// A worker's membership in its Connect group (Kafka's WorkerGroupMember and WorkerCoordinator):
// the classic group protocol with protocol type `connect`, on a Kafka cluster, as the distributed
// herder drives it (group-member.ts is the contract).
//
// - JoinGroup offers the subprotocols connect.protocol allows (sessioned, compatible, default),
//   each with this worker's metadata: its REST URL, the config offset it has read, and (v1/v2)
//   what it runs. The broker picks the leader and the protocol all members share.
// - The leader assigns with the eager assignor (v0) or the incremental cooperative one (v1/v2),
//   after reading the config topic further when another member has read more than it (else
//   every member gets CONFIG_MISMATCH). The assignor's state lives as long as this worker, so a
//   worker that leads again remembers what it assigned before.
// - Rebalance callbacks run inside ensureActive()/poll(), awaited, as in Java: under the eager
//   protocol everything is revoked before rejoining; under the incremental ones the assignment's
//   revocations come first, then onAssigned gets what the worker runs now (kept plus added).
// - Heartbeats run in the background. The herder "polls" by sitting in poll(); a herder busy
//   elsewhere for longer than rebalance.timeout.ms makes the member leave the group, and a
//   coordinator unreachable for heartbeat.interval.ms makes it revoke everything it runs, so no
//   task runs on a worker the group may have given up on.

import { Admin, ConnectionPool } from '@platformatic/kafka'
import { ConnectException } from '../../api/errors.ts'
import { getLogger } from '../../logging/index.ts'
import { ClassicGroupMember, type JoinedGroup } from '../../log/kafka/classic-group-member.ts'
import { ClientConfig, parseBootstrapServers, readConnectionSettings, readTiming } from '../../log/kafka/client-config.ts'
import { settleWithin } from '../../log/kafka/cluster.ts'
import { GroupCoordinator } from '../../log/kafka/coordinator.ts'
import type { ConnectorTaskId } from '../herder.ts'
import type { AssignableConfig, AssignmentContext, ConnectAssignor, LeaderState } from './assignor.ts'
import { EagerAssignor } from './eager-assignor.ts'
import type { WorkerGroupMember, WorkerRebalanceListener } from './group-member.ts'
import { IncrementalCooperativeAssignor } from './incremental-cooperative-assignor.ts'
import { fromProtocolName, protocolVersion, type ConnectProtocolCompatibility } from './protocol/compatibility.ts'
import { assignmentFailed, assignmentText, decodeAssignment, joinGroupProtocols, type ConnectAssignment } from './protocol/connect-protocol.ts'
import { nextRunningAssignment } from './running-assignment.ts'

const log = getLogger('org.apache.kafka.connect.runtime.distributed.WorkerCoordinator')

/** Where the coordinator reads the cluster's configuration (the config backing store). */
export interface CoordinatorConfigSource {
  /** The configuration as read so far. */
  snapshot (): AssignableConfig
  /** Reads the config topic to its end; rejects after `timeoutMs`. */
  refresh (timeoutMs: number): Promise<void>
}

/** What a worker's group membership is made of. */
export interface WorkerCoordinatorOptions {
  /** bootstrap.servers of the cluster the group lives on. */
  readonly bootstrapServers: string[] | string
  /** The worker's config entries: their connection settings (security.*, sasl.*, ssl.*, timeouts) apply. */
  readonly clientConfig?: Readonly<Record<string, string>>
  /** client.id; member ids start with it. Default connect-<n>, as Java's workers. */
  readonly clientId?: string
  readonly groupId: string
  /** session.timeout.ms (10 s by default in Connect). */
  readonly sessionTimeoutMs: number
  /** heartbeat.interval.ms (3 s). */
  readonly heartbeatIntervalMs: number
  /** rebalance.timeout.ms (60 s): how long a rebalance waits for members, and the poll timeout. */
  readonly rebalanceTimeoutMs: number
  /** This worker's advertised REST URL, as other workers forward to it. */
  readonly restUrl: string
  /** connect.protocol. */
  readonly protocol: ConnectProtocolCompatibility
  /** scheduled.rebalance.max.delay.ms (300 s). */
  readonly scheduledRebalanceMaxDelayMs: number
  /** worker.sync.timeout.ms (3 s): how long a leader behind the others reads the config topic before assigning. */
  readonly workerSyncTimeoutMs?: number
  readonly configSource: CoordinatorConfigSource
  readonly listener: WorkerRebalanceListener
}

let clientIdSequence = 1

/** Resolves at the next notify(), or after `ms`. */
class Wakeups {
  #waiters: Array<() => void> = []

  wait (ms: number): Promise<void> {
    return new Promise(resolve => {
      const done = (): void => {
        clearTimeout(timer)
        const index = this.#waiters.indexOf(done)
        if (index >= 0) this.#waiters.splice(index, 1)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, ms))
      this.#waiters.push(done)
    })
  }

  notify (): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const waiter of waiters) waiter()
  }
}

/** A worker in its Connect group. */
export class WorkerCoordinator implements WorkerGroupMember {
  readonly #options: WorkerCoordinatorOptions
  readonly #brokers: string
  readonly #client: Admin
  readonly #pool: ConnectionPool
  readonly #member: ClassicGroupMember
  readonly #eagerAssignor = new EagerAssignor()
  readonly #incrementalAssignor: IncrementalCooperativeAssignor
  readonly #abort = new AbortController()
  readonly #wakeups = new Wakeups()
  #assignmentSnapshot: ConnectAssignment | null = null
  #configSnapshot: AssignableConfig
  #leaderState: LeaderState | null = null
  #currentProtocol: ConnectProtocolCompatibility
  #rejoinRequested = false
  #lastCompletedGenerationId = -1
  #polling = false
  #lastPollAt = Date.now()
  #wakeupRequested = false
  #joining: Promise<void> | null = null
  #stopping: Promise<void> | null = null

  constructor (options: WorkerCoordinatorOptions) {
    this.#options = options
    const bootstrap = parseBootstrapServers(options.bootstrapServers)
    this.#brokers = bootstrap.join(',')
    const config = new ClientConfig(options.clientConfig ?? {})
    const connection = readConnectionSettings(config, bootstrap)
    const timing = readTiming(config)
    const configuredClientId = config.string('client.id', '')
    const clientId = options.clientId ?? (configuredClientId !== '' ? configuredClientId : `connect-${clientIdSequence++}`)
    this.#client = new Admin({ ...connection, clientId, retries: 0 })
    // A JoinGroup waits up to the rebalance timeout for the other members to join.
    this.#pool = new ConnectionPool(clientId, { ...connection, requestTimeout: Math.max(connection.requestTimeout, options.rebalanceTimeoutMs + 5000) })
    const coordinator = new GroupCoordinator(this.#client, this.#pool, options.groupId, timing)
    this.#member = new ClassicGroupMember(this.#client, coordinator, {
      protocolType: 'connect',
      groupKind: 'Connect worker group',
      groupInstanceId: null,
      sessionTimeoutMs: options.sessionTimeoutMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs,
      pollTimeoutConfig: 'rebalance.timeout.ms',
      // Revoked work moves in a follow-up rebalance that the revoking workers start as soon as
      // they stopped it (task.shutdown.graceful.timeout.ms, 5 s, at most); the others hear of it
      // from a heartbeat. Heartbeating every 100 ms for a while after each join makes that round
      // start within 100 ms instead of up to heartbeat.interval.ms later.
      afterJoin: { heartbeatIntervalMs: 100, forMs: 10_000 },
    }, timing, {
      lastPollAt: () => (this.#polling ? Date.now() : this.#lastPollAt),
      onRejoinNeeded: () => this.#wakeups.notify(),
      onPollTimeoutExpired: () => {
        this.#options.listener.onPollTimeoutExpiry?.()
        this.#wakeups.notify()
      },
      brokers: this.#brokers,
    })
    this.#incrementalAssignor = new IncrementalCooperativeAssignor({ maxDelayMs: options.scheduledRebalanceMaxDelayMs })
    this.#currentProtocol = options.protocol
    this.#configSnapshot = options.configSource.snapshot()
  }

  /** The group id. */
  get groupId (): string {
    return this.#options.groupId
  }

  /** The generation of the last completed join; -1 before the first. */
  get lastCompletedGenerationId (): number {
    return this.#lastCompletedGenerationId
  }

  /** What this worker runs, as far as the group protocol knows (null when nothing was assigned, or after a revocation of everything). */
  get assignment (): ConnectAssignment | null {
    return this.#assignmentSnapshot
  }

  /** Whether a rebalance is needed or under way: the worker's assignment cannot be trusted until it completes. */
  rejoinNeededOrPending (): boolean {
    const snapshot = this.#assignmentSnapshot
    return this.#member.rejoinNeeded || this.#joining !== null || snapshot === null || assignmentFailed(snapshot) || this.#rejoinRequested
  }

  async ensureActive (): Promise<void> {
    this.#ensureRunning()
    await this.#asPolling(async () => {
      await this.#revokeIfCoordinatorUnreachable()
      if (this.rejoinNeededOrPending()) await this.#rejoin()
    })
  }

  async poll (timeoutMs: number): Promise<void> {
    this.#ensureRunning()
    await this.#asPolling(async () => {
      const deadline = Date.now() + Math.max(0, timeoutMs)
      // Wait in slices of at most a heartbeat interval, to notice a coordinator gone away.
      while (!this.#takeWakeup() && this.#stopping === null) {
        await this.#revokeIfCoordinatorUnreachable()
        if (this.rejoinNeededOrPending()) {
          await this.#rejoin()
          return
        }
        const remaining = deadline - Date.now()
        if (remaining <= 0) return
        await this.#wakeups.wait(Math.min(remaining, this.#options.heartbeatIntervalMs))
      }
    })
  }

  wakeup (): void {
    this.#wakeupRequested = true
    this.#wakeups.notify()
  }

  requestRejoin (reason?: string): void {
    log.debug('Request joining group due to: {}', reason ?? 'unknown')
    this.#rejoinRequested = true
    this.#wakeups.notify()
  }

  async maybeLeaveGroup (reason: string): Promise<void> {
    if (this.#stopping !== null) return
    log.info('Member {} sending LeaveGroup request to coordinator due to {}', this.#member.memberId, reason)
    await this.#member.leaveForNow(reason)
  }

  async revokeAssignment (assignment: ConnectAssignment): Promise<void> {
    await this.#options.listener.onRevoked(assignment.leader, assignment.connectors, assignment.tasks)
  }

  memberId (): string {
    return this.#member.stable ? this.#member.memberId : ''
  }

  currentProtocolVersion (): number {
    return protocolVersion(this.#currentProtocol)
  }

  ownerUrl (connectorOrTask: string | ConnectorTaskId): string | null {
    if (this.rejoinNeededOrPending() || !this.#isLeader() || this.#leaderState === null) return null
    return typeof connectorOrTask === 'string'
      ? this.#leaderState.connectorOwnerUrl(connectorOrTask)
      : this.#leaderState.taskOwnerUrl(connectorOrTask)
  }

  stop (): Promise<void> {
    this.#stopping ??= this.#stop()
    return this.#stopping
  }

  async #stop (): Promise<void> {
    this.#abort.abort()
    this.#wakeups.notify()
    // A join in flight sends no more requests once aborted; leaving also cancels its place.
    await settleWithin(this.#member.leave('the worker is shutting down'), 10_000)
    if (this.#joining !== null) await settleWithin(this.#joining, 10_000)
    await Promise.allSettled([settleWithin(this.#pool.close(), 5000), settleWithin(this.#client.close(), 5000)])
  }

  #ensureRunning (): void {
    if (this.#stopping !== null) throw new ConnectException(`The worker has left group ${this.#options.groupId}`)
  }

  #takeWakeup (): boolean {
    const requested = this.#wakeupRequested
    this.#wakeupRequested = false
    return requested
  }

  #isLeader (): boolean {
    const snapshot = this.#assignmentSnapshot
    return snapshot !== null && this.memberId() !== '' && this.memberId() === snapshot.leader
  }

  /**
   * Runs `work` counting as a poll (the member's poll timeout does not run meanwhile, except
   * during callbacks). A join cut short by stop() ends quietly: the herder is stopping too.
   */
  async #asPolling (work: () => Promise<void>): Promise<void> {
    this.#polling = true
    try {
      await work()
    } catch (error) {
      if (this.#stopping === null) throw error
    } finally {
      this.#polling = false
      this.#lastPollAt = Date.now()
    }
  }

  /** Runs a rebalance callback; its time counts against rebalance.timeout.ms, as in Java. */
  async #callback (call: () => void | Promise<void>): Promise<void> {
    const wasPolling = this.#polling
    this.#lastPollAt = Date.now()
    this.#polling = false
    try {
      await call()
    } finally {
      this.#polling = wasPolling
    }
  }

  /**
   * When heartbeats found the coordinator gone, looks for it for heartbeat.interval.ms; if it
   * cannot be reached, revokes everything the worker runs (Java's WorkerCoordinator.poll), since
   * the group may already have given it to others.
   */
  async #revokeIfCoordinatorUnreachable (): Promise<void> {
    if (this.#member.coordinatorUnreachableSince === null) return
    const timeoutMs = this.#options.heartbeatIntervalMs
    if (await this.#member.checkCoordinator(timeoutMs)) return
    const snapshot = this.#assignmentSnapshot
    if (snapshot === null || assignmentFailed(snapshot)) return
    log.info('Broker coordinator was unreachable for {}ms. Revoking previous assignment {} to avoid running tasks while not being a member the group',
      timeoutMs, assignmentText(snapshot))
    this.#assignmentSnapshot = null
    await this.#callback(() => this.#options.listener.onRevoked(snapshot.leader, snapshot.connectors, snapshot.tasks))
  }

  /** One rebalance: revoke what must go first (eager), join and sync, then apply the assignment. */
  async #rejoin (): Promise<void> {
    if (this.#joining !== null) return this.#joining
    this.#joining = (async () => {
      try {
        await this.#onJoinPrepare()
        const synced = await this.#member.joinGroup(() => this.#metadata(), joined => this.#onLeaderElected(joined), this.#abort.signal)
        try {
          await this.#onJoinComplete(synced.generationId, synced.protocolName, synced.assignment)
        } catch (error) {
          // A callback failed half-way: join again, so the group learns what this worker runs now.
          this.#rejoinRequested = true
          throw error
        }
      } finally {
        this.#joining = null
      }
    })()
    return this.#joining
  }

  async #onJoinPrepare (): Promise<void> {
    log.info('Rebalance started')
    this.#leaderState = null
    const snapshot = this.#assignmentSnapshot
    if (this.#currentProtocol === 'eager') {
      log.debug('Revoking previous assignment {}', assignmentText(snapshot))
      if (snapshot !== null && !assignmentFailed(snapshot)) {
        await this.#callback(() => this.#options.listener.onRevoked(snapshot.leader, snapshot.connectors, snapshot.tasks))
      }
    } else {
      log.debug('Cooperative rebalance triggered. Keeping assignment {} until it\'s explicitly revoked.', assignmentText(snapshot))
    }
  }

  #metadata (): ReturnType<typeof joinGroupProtocols> {
    this.#configSnapshot = this.#options.configSource.snapshot()
    return joinGroupProtocols(this.#options.protocol, {
      url: this.#options.restUrl,
      offset: this.#configSnapshot.offset,
      assignment: this.#assignmentSnapshot,
    })
  }

  async #onLeaderElected (joined: JoinedGroup): Promise<Map<string, Uint8Array>> {
    const protocol = fromProtocolName(joined.protocolName)
    const assignor: ConnectAssignor = protocol === 'eager' ? this.#eagerAssignor : this.#incrementalAssignor
    const context: AssignmentContext = {
      configSnapshot: () => this.#configSnapshot,
      freshConfigSnapshot: minimumOffset => this.#freshConfigSnapshot(minimumOffset),
      updateConfigSnapshot: snapshot => { this.#configSnapshot = snapshot },
      generationId: joined.generationId,
      lastCompletedGenerationId: this.#lastCompletedGenerationId,
    }
    const outcome = await assignor.performAssignment(joined.leaderId, protocol, joined.members, context)
    this.#leaderState = outcome.leaderState
    return outcome.assignments
  }

  /** A leader behind another member reads the config topic on (worker.sync.timeout.ms at most) before assigning. */
  async #freshConfigSnapshot (minimumOffset: bigint): Promise<AssignableConfig> {
    const current = this.#options.configSource.snapshot()
    if (current.offset >= minimumOffset) return current
    try {
      await this.#options.configSource.refresh(this.#options.workerSyncTimeoutMs ?? 3000)
    } catch (error) {
      log.warn('Didn\'t reach end of config log quickly enough', error)
    }
    return this.#options.configSource.snapshot()
  }

  async #onJoinComplete (generation: number, protocol: string, bytes: Uint8Array): Promise<void> {
    const received = decodeAssignment(bytes)
    if (received === null) throw new ConnectException(`The leader of group ${this.#options.groupId} sent no assignment`)
    log.debug('Deserialized new assignment: {}', assignmentText(received))
    this.#currentProtocol = fromProtocolName(protocol)
    // A member even when the assignment failed or the worker is behind: the herder decides what to do.
    this.#rejoinRequested = false
    const version = protocolVersion(this.#currentProtocol)
    if (this.#currentProtocol !== 'eager' && (received.revokedConnectors.length > 0 || received.revokedTasks.length > 0)) {
      await this.#callback(() => this.#options.listener.onRevoked(received.leader, received.revokedConnectors, received.revokedTasks))
    }
    const running = nextRunningAssignment(this.#assignmentSnapshot, received, version)
    if (this.#currentProtocol !== 'eager') log.debug('Augmented new assignment: {}', assignmentText(running))
    this.#assignmentSnapshot = running
    this.#lastCompletedGenerationId = generation
    await this.#callback(() => this.#options.listener.onAssigned(running, generation))
  }
}
