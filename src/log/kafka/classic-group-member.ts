// Membership of one group with Kafka's classic group protocol (JoinGroup, SyncGroup, Heartbeat,
// LeaveGroup), whatever the group's protocol type: `consumer` for the Kafka log's consumers,
// `connect` for the workers of a distributed Connect cluster. What the members say about
// themselves (their protocols' metadata) and what the leader assigns are the caller's; this class
// runs the exchanges and keeps the membership alive:
//
// - join() sends JoinGroup (retrying what Kafka asks to retry: a new member id, a rebalance
//   starting again, the coordinator moving), lets the leader compute every member's assignment,
//   sends SyncGroup, and returns this member's assignment bytes;
// - between joins, heartbeats run in the background every heartbeat.interval.ms. One answered
//   REBALANCE_IN_PROGRESS asks for a rejoin; one answered UNKNOWN_MEMBER_ID/ILLEGAL_GENERATION
//   means the group moved on without this member (what it held is lost, not handed over);
// - a member whose owner has not "polled" within the poll timeout (max.poll.interval.ms for a
//   consumer, rebalance.timeout.ms for a worker) leaves the group, as Java's clients do, so the
//   rest of the group is not held up by it.

import type { Base, heartbeatV4, joinGroupV9, leaveGroupV5, syncGroupV5 } from '@platformatic/kafka'
import { ConnectException, ConfigException } from '../../api/errors.ts'
import { backoffMs, debug, type Timing } from './client-config.ts'
import { getApi, sleep } from './cluster.ts'
import { isCoordinatorError, type GroupCoordinator } from './coordinator.ts'
import { hasKafkaError, isRetriable, kafkaErrorCodes, translateKafkaError } from './errors.ts'

/** How a member behaves in its group. */
export interface ClassicGroupSettings {
  /** JoinGroup's protocol type: consumer, or connect. */
  readonly protocolType: string
  /** How messages name the group ("consumer group", "Connect worker group"). */
  readonly groupKind: string
  readonly groupInstanceId: string | null
  readonly sessionTimeoutMs: number
  readonly heartbeatIntervalMs: number
  /** How long the coordinator waits for every member to rejoin; also the poll timeout. */
  readonly rebalanceTimeoutMs: number
  /** The setting the poll timeout comes from, for messages (max.poll.interval.ms, rebalance.timeout.ms). */
  readonly pollTimeoutConfig: string
  /**
   * Heartbeat more often for a while after each join, because another rebalance often follows
   * at once (a Connect group hands revoked work over in a follow-up round), and members only
   * learn of it from a heartbeat's answer. Unset: every heartbeat.interval.ms, always.
   */
  readonly afterJoin?: { readonly heartbeatIntervalMs: number, readonly forMs: number }
}

/** What the member needs from its owner. */
export interface ClassicGroupHost {
  /** When the owner last "polled" (epoch ms); a member not polled within the poll timeout leaves. */
  lastPollAt (): number
  /** Called when a rejoin becomes needed, to wake the owner. */
  onRejoinNeeded (): void
  /** Called once the member left the group because the owner did not poll in time. */
  onPollTimeoutExpired? (): void
  /** The cluster's addresses, for messages. */
  readonly brokers: string
}

/** One protocol a member offers in JoinGroup, with its metadata. */
export interface OfferedProtocol {
  readonly name: string
  readonly metadata: Uint8Array
}

/** What JoinGroup told the leader: the chosen protocol and every member's metadata for it. */
export interface JoinedGroup {
  readonly generationId: number
  readonly memberId: string
  readonly leaderId: string
  readonly protocolName: string
  readonly members: ReadonlyArray<{ readonly memberId: string, readonly groupInstanceId: string | null, readonly metadata: Uint8Array }>
}

/** A completed join: the generation, the chosen protocol and this member's assignment. */
export interface SyncedGroup {
  readonly generationId: number
  readonly memberId: string
  readonly leaderId: string
  readonly protocolName: string
  readonly assignment: Uint8Array
}

/** The leader's part of a join: every member's assignment bytes, keyed by member id. */
export type GroupAssignor = (joined: JoinedGroup) => Promise<ReadonlyMap<string, Uint8Array>>

const JOIN_RETRY_NOW = ['MEMBER_ID_REQUIRED', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS']

/** One member of one classic group. */
export class ClassicGroupMember {
  readonly #client: Base
  readonly #coordinator: GroupCoordinator
  readonly #settings: ClassicGroupSettings
  readonly #timing: Timing
  readonly #host: ClassicGroupHost
  #generationId = -1
  #memberId = ''
  #leaderId = ''
  #protocolName: string | null = null
  #stable = false
  #rejoinNeeded = true
  #lost = false
  #heartbeatTimer: NodeJS.Timeout | null = null
  #closed = false
  #unreachableSince: number | null = null
  #joinedAt = 0

  constructor (client: Base, coordinator: GroupCoordinator, settings: ClassicGroupSettings, timing: Timing, host: ClassicGroupHost) {
    this.#client = client
    this.#coordinator = coordinator
    this.#settings = settings
    this.#timing = timing
    this.#host = host
    if (settings.heartbeatIntervalMs >= settings.sessionTimeoutMs) {
      throw new ConfigException('heartbeat.interval.ms', settings.heartbeatIntervalMs, 'Must be lower than session.timeout.ms')
    }
  }

  get groupId (): string {
    return this.#coordinator.groupId
  }

  get generationId (): number {
    return this.#generationId
  }

  get memberId (): string {
    return this.#memberId
  }

  /** The leader of the last completed join ('' before one). */
  get leaderId (): string {
    return this.#leaderId
  }

  /** The protocol the group chose in the last completed join (null before one). */
  get protocolName (): string | null {
    return this.#protocolName
  }

  get groupInstanceId (): string | null {
    return this.#settings.groupInstanceId
  }

  /** Whether the member must (re)join before its assignment can be trusted. */
  get rejoinNeeded (): boolean {
    return this.#rejoinNeeded
  }

  /** Whether the member lost its membership (what it held is gone, not handed over). */
  get lost (): boolean {
    return this.#lost
  }

  /** Whether the member belongs to a generation of the group now. */
  get stable (): boolean {
    return this.#stable
  }

  /**
   * Since when (epoch ms) heartbeats have found the coordinator unreachable (a network failure or
   * the coordinator moving); null while they get answers.
   */
  get coordinatorUnreachableSince (): number | null {
    return this.#unreachableSince
  }

  /**
   * Looks the coordinator up and connects to it, for at most `timeoutMs` (Java's
   * ensureCoordinatorReady); true when it answered, which also ends the unreachable spell.
   */
  async checkCoordinator (timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const reached = await Promise.race([
      this.#coordinator.connection().then(() => true, error => {
        if (isCoordinatorError(error)) this.#coordinator.markUnknown()
        return false
      }),
      new Promise<boolean>(resolve => { timer = setTimeout(() => resolve(false), timeoutMs) }),
    ])
    clearTimeout(timer)
    if (reached) this.#unreachableSince = null
    return reached
  }

  /** Whether leave() or stop() ended this member. */
  get closed (): boolean {
    return this.#closed
  }

  /** Asks for a rejoin (the owner's next join() call). */
  requestRejoin (reason: string): void {
    if (this.#rejoinNeeded) return
    debug('group %s: rejoin requested: %s', this.groupId, reason)
    this.#rejoinNeeded = true
    this.#host.onRejoinNeeded()
  }

  /**
   * Joins the group offering `protocols()` (called for every JoinGroup sent, so the metadata is
   * fresh), lets `assign` compute the assignments when this member leads, and waits for this
   * member's assignment. Retries what Kafka asks to retry until it succeeds, `signal` aborts, or a
   * failure that retrying cannot fix.
   */
  async joinGroup (protocols: () => readonly OfferedProtocol[], assign: GroupAssignor, signal: AbortSignal): Promise<SyncedGroup> {
    this.#stopHeartbeats()
    this.#stable = false
    this.#rejoinNeeded = false
    this.#lost = false
    try {
      return await this.#joinWithRetries(protocols, assign, signal)
    } catch (error) {
      // Not a member: the next attempt must join again rather than trust an empty assignment.
      this.#rejoinNeeded = true
      throw error
    }
  }

  async #joinWithRetries (protocols: () => readonly OfferedProtocol[], assign: GroupAssignor, signal: AbortSignal): Promise<SyncedGroup> {
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted || this.#closed) throw new ConnectException(`The member left ${this.#settings.groupKind} ${this.groupId} while joining it`)
      try {
        const result = await this.#joinOnce(protocols(), assign)
        this.#unreachableSince = null
        this.#joinedAt = Date.now()
        this.#stable = true
        this.#scheduleHeartbeat()
        return result
      } catch (error) {
        if (hasKafkaError(error, 'UNKNOWN_MEMBER_ID') || hasKafkaError(error, 'FENCED_INSTANCE_ID')) this.#memberId = ''
        // The first JoinGroup of a member is answered MEMBER_ID_REQUIRED with the id to join with.
        const memberId = (error as { response?: { memberId?: string } }).response?.memberId
        if (hasKafkaError(error, 'MEMBER_ID_REQUIRED') && typeof memberId === 'string' && memberId !== '') this.#memberId = memberId
        if (kafkaErrorCodes(error).some(code => JOIN_RETRY_NOW.includes(code.id))) continue
        if (isCoordinatorError(error)) this.#coordinator.markUnknown()
        if (!isRetriable(error)) throw this.#joinFailure(error)
        debug('group %s: join attempt %d failed, retrying: %s', this.groupId, attempt, (error as Error).message)
        await sleep(backoffMs(this.#timing, attempt), signal)
      }
    }
  }

  /** Leaves the group (a static member keeps its place, as in Java). Never throws. */
  async leave (reason: string): Promise<void> {
    this.#closed = true
    this.#stopHeartbeats()
    this.#stable = false
    // Also mid-join: the group would otherwise wait for this member until its session times out.
    await this.#sendLeave(reason)
    this.#generationId = -1
    this.#memberId = ''
  }

  /**
   * Leaves the group but stays usable: the next join() joins as a new member (Java's
   * maybeLeaveGroup, used when a worker cannot keep up and should not hold the group back).
   */
  async leaveForNow (reason: string): Promise<void> {
    this.#stopHeartbeats()
    this.#stable = false
    await this.#sendLeave(reason)
    this.#generationId = -1
    this.#memberId = ''
    this.#rejoinNeeded = true
  }

  /** Stops background work without leaving the group. */
  stop (): void {
    this.#closed = true
    this.#stopHeartbeats()
  }

  async #joinOnce (protocols: readonly OfferedProtocol[], assign: GroupAssignor): Promise<SyncedGroup> {
    const joinApi = await getApi<joinGroupV9.JoinGroupRequest, joinGroupV9.JoinGroupResponse>(this.#client, 'JoinGroup', 7)
    const connection = await this.#coordinator.connection()
    const joined = await joinApi.async(connection, this.groupId, this.#settings.sessionTimeoutMs, this.#settings.rebalanceTimeoutMs,
      this.#memberId, this.#settings.groupInstanceId, this.#settings.protocolType,
      protocols.map(protocol => ({ name: protocol.name, metadata: Buffer.from(protocol.metadata.buffer, protocol.metadata.byteOffset, protocol.metadata.byteLength) })),
      null)
    this.#memberId = joined.memberId
    const protocolName = joined.protocolName ?? protocols[0]?.name ?? ''
    debug('group %s: joined generation %d as %s (leader %s, protocol %s)', this.groupId, joined.generationId, joined.memberId, joined.leader, protocolName)

    let assignments: syncGroupV5.SyncGroupRequestAssignment[] = []
    if (joined.leader === joined.memberId) {
      const computed = await assign({
        generationId: joined.generationId,
        memberId: joined.memberId,
        leaderId: joined.leader,
        protocolName,
        members: joined.members.map(member => ({
          memberId: member.memberId,
          groupInstanceId: member.groupInstanceId ?? null,
          metadata: new Uint8Array(member.metadata.buffer, member.metadata.byteOffset, member.metadata.byteLength),
        })),
      })
      assignments = [...computed].map(([memberId, bytes]) => ({ memberId, assignment: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }))
    }
    const syncApi = await getApi<syncGroupV5.SyncGroupRequest, syncGroupV5.SyncGroupResponse>(this.#client, 'SyncGroup', 5)
    const synced = await syncApi.async(await this.#coordinator.connection(), this.groupId, joined.generationId, joined.memberId,
      this.#settings.groupInstanceId, this.#settings.protocolType, protocolName, assignments)
    this.#generationId = joined.generationId
    this.#leaderId = joined.leader
    this.#protocolName = protocolName
    const assignment = synced.assignment
    return {
      generationId: joined.generationId,
      memberId: joined.memberId,
      leaderId: joined.leader,
      protocolName,
      assignment: new Uint8Array(assignment.buffer, assignment.byteOffset, assignment.byteLength),
    }
  }

  #joinFailure (error: unknown): ConnectException {
    const kind = this.#settings.groupKind
    if (hasKafkaError(error, 'INCONSISTENT_GROUP_PROTOCOL')) {
      return new ConnectException(`Cannot join ${kind} ${this.groupId}: its members use a different protocol ` +
        `(another kind of client uses this group id, or members that share no ${this.#settings.protocolType} protocol). ` +
        'Use a group id of its own.', { cause: error })
    }
    if (hasKafkaError(error, 'INVALID_SESSION_TIMEOUT')) {
      return new ConfigException('session.timeout.ms', this.#settings.sessionTimeoutMs,
        'The broker refused it: it must lie between the broker\'s group.min.session.timeout.ms and group.max.session.timeout.ms')
    }
    if (hasKafkaError(error, 'GROUP_MAX_SIZE_REACHED')) {
      return new ConnectException(`Cannot join ${kind} ${this.groupId}: it has reached the broker's group.max.size`, { cause: error })
    }
    return translateKafkaError(error, `join ${kind} ${this.groupId}`, this.#host.brokers)
  }

  #scheduleHeartbeat (): void {
    this.#stopHeartbeats()
    if (this.#closed) return
    const afterJoin = this.#settings.afterJoin
    const interval = afterJoin !== undefined && Date.now() - this.#joinedAt < afterJoin.forMs
      ? Math.min(afterJoin.heartbeatIntervalMs, this.#settings.heartbeatIntervalMs)
      : this.#settings.heartbeatIntervalMs
    this.#heartbeatTimer = setTimeout(() => { void this.#heartbeat() }, interval)
    this.#heartbeatTimer.unref()
  }

  #stopHeartbeats (): void {
    if (this.#heartbeatTimer !== null) clearTimeout(this.#heartbeatTimer)
    this.#heartbeatTimer = null
  }

  async #heartbeat (): Promise<void> {
    this.#heartbeatTimer = null
    if (!this.#stable || this.#closed) return
    const generationId = this.#generationId
    if (Date.now() - this.#host.lastPollAt() > this.#settings.rebalanceTimeoutMs) {
      debug('group %s: not polled within %s (%d ms); leaving the group', this.groupId, this.#settings.pollTimeoutConfig, this.#settings.rebalanceTimeoutMs)
      await this.#sendLeave(`${this.#settings.protocolType === 'connect' ? 'worker' : 'consumer'} poll timeout has expired`)
      this.#loseMembership(true)
      this.#host.onPollTimeoutExpired?.()
      return
    }
    try {
      const api = await getApi<heartbeatV4.HeartbeatRequest, heartbeatV4.HeartbeatResponse>(this.#client, 'Heartbeat', 4)
      await api.async(await this.#coordinator.connection(), this.groupId, generationId, this.#memberId, this.#settings.groupInstanceId)
      this.#unreachableSince = null
    } catch (error) {
      if (!this.#stable || generationId !== this.#generationId) return
      if (!isCoordinatorError(error)) this.#unreachableSince = null
      if (hasKafkaError(error, 'REBALANCE_IN_PROGRESS')) {
        this.requestRejoin('the group is rebalancing')
      } else if (['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID'].some(id => hasKafkaError(error, id))) {
        debug('group %s: membership lost: %s', this.groupId, kafkaErrorCodes(error).map(code => code.id).join(', '))
        this.#loseMembership(hasKafkaError(error, 'UNKNOWN_MEMBER_ID') || hasKafkaError(error, 'FENCED_INSTANCE_ID'))
        return
      } else {
        if (isCoordinatorError(error)) {
          this.#coordinator.markUnknown()
          this.#unreachableSince ??= Date.now()
        }
        debug('group %s: heartbeat failed: %s', this.groupId, (error as Error).message)
      }
    }
    if (this.#stable && generationId === this.#generationId) this.#scheduleHeartbeat()
  }

  async #sendLeave (reason: string): Promise<void> {
    if (this.#settings.groupInstanceId !== null || this.#memberId === '') return
    try {
      const api = await getApi<leaveGroupV5.LeaveGroupRequest, leaveGroupV5.LeaveGroupResponse>(this.#client, 'LeaveGroup', 4)
      await api.async(await this.#coordinator.connection(), this.groupId, [{ memberId: this.#memberId, groupInstanceId: null, reason }])
    } catch (error) {
      debug('group %s: leaving failed (the group will drop the member after session.timeout.ms): %s', this.groupId, (error as Error).message)
    }
  }

  #loseMembership (forgetMemberId: boolean): void {
    this.#stopHeartbeats()
    this.#stable = false
    this.#lost = true
    this.#generationId = -1
    if (forgetMemberId) this.#memberId = ''
    this.#rejoinNeeded = true
    this.#host.onRejoinNeeded()
  }
}
