// Membership of one consumer group with Kafka's classic group protocol (JoinGroup, SyncGroup,
// Heartbeat, LeaveGroup) and the "consumer" protocol type, so Kafka's tools (kafka-consumer-groups)
// describe the group and Java consumers could share it. The assignment is eager: a member gives
// back all its partitions before it rejoins, which is what lets a caller commit in its revoke
// callback with no record lost or read twice.
//
// The consumer drives it from poll(): join() when rejoinNeeded, callbacks around it. Heartbeats
// run in the background between joins; one answered REBALANCE_IN_PROGRESS asks for a rejoin, one
// answered UNKNOWN_MEMBER_ID/ILLEGAL_GENERATION means the group moved on without us (the
// partitions are lost, not revoked). A member that has not polled within max.poll.interval.ms
// leaves the group, as Java's does, so the rest of the group is not held up by it.

import {
  decodeConsumerProtocolAssignment, decodeConsumerProtocolSubscription, encodeConsumerProtocolAssignment,
  encodeConsumerProtocolSubscription, type Base, type heartbeatV4, type joinGroupV9, type leaveGroupV5, type syncGroupV5,
} from '@platformatic/kafka'
import { ConnectException, ConfigException } from '../../api/errors.ts'
import { TopicPartition } from '../../api/sink/topic-partition.ts'
import { backoffMs, debug, type Timing } from './client-config.ts'
import { getApi, sleep } from './cluster.ts'
import { isCoordinatorError, type GroupCoordinator } from './coordinator.ts'
import { hasKafkaError, isRetriable, kafkaErrorCodes, translateKafkaError } from './errors.ts'
import { RANGE_ASSIGNOR_NAME, rangeAssign } from './range-assignor.ts'

/** How a member behaves in its group (Kafka's consumer settings of the same names). */
export interface MembershipSettings {
  readonly groupInstanceId: string | null
  readonly sessionTimeoutMs: number
  readonly heartbeatIntervalMs: number
  /** max.poll.interval.ms: also the rebalance timeout the member announces. */
  readonly maxPollIntervalMs: number
}

/** What a completed join gave this member. */
export interface JoinResult {
  readonly generationId: number
  readonly partitions: TopicPartition[]
}

/** What the membership needs from its consumer. */
export interface MembershipHost {
  /** Partition counts of `topics` (absent: the topic does not exist); the leader assigns with them. */
  partitionCounts (topics: readonly string[]): Promise<ReadonlyMap<string, number>>
  /** When poll() last ran (epoch ms), for max.poll.interval.ms. */
  lastPollAt (): number
  /** Called when a rejoin becomes needed, to wake a waiting poll(). */
  onRejoinNeeded (): void
  /** The cluster's addresses, for messages. */
  readonly brokers: string
}

const JOIN_RETRY_NOW = ['MEMBER_ID_REQUIRED', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS']

/** One member of one consumer group. */
export class GroupMembership {
  readonly #client: Base
  readonly #coordinator: GroupCoordinator
  readonly #settings: MembershipSettings
  readonly #timing: Timing
  readonly #host: MembershipHost
  #generationId = -1
  #memberId = ''
  #stable = false
  #rejoinNeeded = true
  #lost = false
  #heartbeatTimer: NodeJS.Timeout | null = null
  #closed = false

  constructor (client: Base, coordinator: GroupCoordinator, settings: MembershipSettings, timing: Timing, host: MembershipHost) {
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

  get groupInstanceId (): string | null {
    return this.#settings.groupInstanceId
  }

  /** Whether the member must (re)join before its assignment can be trusted. */
  get rejoinNeeded (): boolean {
    return this.#rejoinNeeded
  }

  /** Whether the member lost its membership (its partitions are gone, not handed over). */
  get lost (): boolean {
    return this.#lost
  }

  /** Whether the member belongs to a generation of the group now. */
  get stable (): boolean {
    return this.#stable
  }

  /** Asks for a rejoin on the next poll (the subscription or the topics' partitions changed). */
  requestRejoin (reason: string): void {
    if (this.#rejoinNeeded) return
    debug('group %s: rejoin requested: %s', this.groupId, reason)
    this.#rejoinNeeded = true
    this.#host.onRejoinNeeded()
  }

  /**
   * Joins the group subscribed to `topics` and waits for this member's assignment. Retries what
   * Kafka asks to retry (a rebalance starting again, a new member id, the coordinator moving)
   * until it succeeds, `signal` aborts, or a failure that retrying cannot fix.
   */
  async join (topics: readonly string[], signal: AbortSignal): Promise<JoinResult> {
    this.#stopHeartbeats()
    this.#stable = false
    this.#rejoinNeeded = false
    this.#lost = false
    try {
      return await this.#joinWithRetries(topics, signal)
    } catch (error) {
      // Not a member: the next poll() must try again rather than trust an empty assignment.
      this.#rejoinNeeded = true
      throw error
    }
  }

  async #joinWithRetries (topics: readonly string[], signal: AbortSignal): Promise<JoinResult> {
    const subscription = encodeConsumerProtocolSubscription({ version: 0, topics: [...topics] })
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted || this.#closed) throw new ConnectException(`The consumer left group ${this.groupId} while joining it`)
      try {
        const result = await this.#joinOnce(subscription)
        this.#stable = true
        this.#scheduleHeartbeat()
        return result
      } catch (error) {
        const codes = kafkaErrorCodes(error)
        if (hasKafkaError(error, 'UNKNOWN_MEMBER_ID') || hasKafkaError(error, 'FENCED_INSTANCE_ID')) this.#memberId = ''
        // The first JoinGroup of a member is answered MEMBER_ID_REQUIRED with the id to join with.
        const memberId = (error as { response?: { memberId?: string } }).response?.memberId
        if (hasKafkaError(error, 'MEMBER_ID_REQUIRED') && typeof memberId === 'string' && memberId !== '') this.#memberId = memberId
        if (codes.some(code => JOIN_RETRY_NOW.includes(code.id))) continue
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
    const memberId = this.#memberId
    this.#stable = false
    this.#generationId = -1
    // Also mid-join: the group would otherwise wait for this member until its session times out.
    if (memberId === '' || this.#settings.groupInstanceId !== null) return
    try {
      const api = await getApi<leaveGroupV5.LeaveGroupRequest, leaveGroupV5.LeaveGroupResponse>(this.#client, 'LeaveGroup', 4)
      const connection = await this.#coordinator.connection()
      await api.async(connection, this.groupId, [{ memberId, groupInstanceId: null, reason }])
    } catch (error) {
      debug('group %s: leaving failed (the group will drop the member after session.timeout.ms): %s', this.groupId, (error as Error).message)
    }
    this.#memberId = ''
  }

  /** Stops background work without leaving the group. */
  stop (): void {
    this.#closed = true
    this.#stopHeartbeats()
  }

  async #joinOnce (subscription: Buffer): Promise<JoinResult> {
    const joinApi = await getApi<joinGroupV9.JoinGroupRequest, joinGroupV9.JoinGroupResponse>(this.#client, 'JoinGroup', 7)
    const connection = await this.#coordinator.connection()
    const joined = await joinApi.async(connection, this.groupId, this.#settings.sessionTimeoutMs, this.#settings.maxPollIntervalMs,
      this.#memberId, this.#settings.groupInstanceId, 'consumer', [{ name: RANGE_ASSIGNOR_NAME, metadata: subscription }], null)
    this.#memberId = joined.memberId
    debug('group %s: joined generation %d as %s (leader %s)', this.groupId, joined.generationId, joined.memberId, joined.leader)

    const assignments = joined.leader === joined.memberId ? await this.#assign(joined) : []
    const syncApi = await getApi<syncGroupV5.SyncGroupRequest, syncGroupV5.SyncGroupResponse>(this.#client, 'SyncGroup', 5)
    const synced = await syncApi.async(await this.#coordinator.connection(), this.groupId, joined.generationId, joined.memberId,
      this.#settings.groupInstanceId, 'consumer', joined.protocolName, assignments)
    this.#generationId = joined.generationId
    const assignment = decodeConsumerProtocolAssignment(synced.assignment)
    const partitions = assignment.assignedPartitions
      .flatMap(({ topic, partitions }) => partitions.map(partition => new TopicPartition(topic, partition)))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
    return { generationId: joined.generationId, partitions }
  }

  async #assign (joined: joinGroupV9.JoinGroupResponse): Promise<syncGroupV5.SyncGroupRequestAssignment[]> {
    const members = joined.members.map(member => ({
      memberId: member.memberId,
      groupInstanceId: member.groupInstanceId ?? null,
      topics: decodeConsumerProtocolSubscription(member.metadata).topics,
    }))
    const counts = await this.#host.partitionCounts([...new Set(members.flatMap(member => member.topics))])
    const assignment = rangeAssign(members, counts)
    return members.map(member => ({
      memberId: member.memberId,
      assignment: encodeConsumerProtocolAssignment({
        version: 0,
        assignedPartitions: [...assignment.get(member.memberId)!].map(([topic, partitions]) => ({ topic, partitions })),
      }),
    }))
  }

  #joinFailure (error: unknown): ConnectException {
    if (hasKafkaError(error, 'INCONSISTENT_GROUP_PROTOCOL')) {
      return new ConnectException(`Cannot join consumer group ${this.groupId}: its members use a different protocol ` +
        '(another kind of client, such as a Kafka Connect worker group, uses this group id). Use a group id of its own.', { cause: error })
    }
    if (hasKafkaError(error, 'INVALID_SESSION_TIMEOUT')) {
      return new ConfigException('session.timeout.ms', this.#settings.sessionTimeoutMs,
        'The broker refused it: it must lie between the broker\'s group.min.session.timeout.ms and group.max.session.timeout.ms')
    }
    if (hasKafkaError(error, 'GROUP_MAX_SIZE_REACHED')) {
      return new ConnectException(`Cannot join consumer group ${this.groupId}: it has reached the broker's group.max.size`, { cause: error })
    }
    return translateKafkaError(error, `join consumer group ${this.groupId}`, this.#host.brokers)
  }

  #scheduleHeartbeat (): void {
    this.#stopHeartbeats()
    if (this.#closed) return
    this.#heartbeatTimer = setTimeout(() => { void this.#heartbeat() }, this.#settings.heartbeatIntervalMs)
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
    if (Date.now() - this.#host.lastPollAt() > this.#settings.maxPollIntervalMs) {
      debug('group %s: poll() was not called within max.poll.interval.ms (%d ms); leaving the group', this.groupId, this.#settings.maxPollIntervalMs)
      await this.#sendLeave('consumer poll timeout has expired')
      this.#loseMembership(true)
      return
    }
    try {
      const api = await getApi<heartbeatV4.HeartbeatRequest, heartbeatV4.HeartbeatResponse>(this.#client, 'Heartbeat', 4)
      await api.async(await this.#coordinator.connection(), this.groupId, generationId, this.#memberId, this.#settings.groupInstanceId)
    } catch (error) {
      if (!this.#stable || generationId !== this.#generationId) return
      if (hasKafkaError(error, 'REBALANCE_IN_PROGRESS')) {
        this.requestRejoin('the group is rebalancing')
      } else if (['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID'].some(id => hasKafkaError(error, id))) {
        debug('group %s: membership lost: %s', this.groupId, kafkaErrorCodes(error).map(code => code.id).join(', '))
        this.#loseMembership(hasKafkaError(error, 'UNKNOWN_MEMBER_ID') || hasKafkaError(error, 'FENCED_INSTANCE_ID'))
        return
      } else {
        if (isCoordinatorError(error)) this.#coordinator.markUnknown()
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
      debug('group %s: leaving failed: %s', this.groupId, (error as Error).message)
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
