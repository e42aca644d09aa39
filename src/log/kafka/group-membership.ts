// Membership of one consumer group: the classic group protocol (classic-group-member.ts) with the
// "consumer" protocol type and Java's `range` assignor, so Kafka's tools (kafka-consumer-groups)
// describe the group and Java consumers could share it. The assignment is eager: a member gives
// back all its partitions before it rejoins, which is what lets a caller commit in its revoke
// callback with no record lost or read twice.
//
// The consumer drives it from poll(): join() when rejoinNeeded, callbacks around it. A member
// that has not polled within max.poll.interval.ms leaves the group, as Java's does.

import {
  decodeConsumerProtocolAssignment, decodeConsumerProtocolSubscription, encodeConsumerProtocolAssignment,
  encodeConsumerProtocolSubscription, type Base,
} from '@platformatic/kafka'
import { TopicPartition } from '../../api/sink/topic-partition.ts'
import { ClassicGroupMember, type JoinedGroup } from './classic-group-member.ts'
import type { Timing } from './client-config.ts'
import type { GroupCoordinator } from './coordinator.ts'
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

/** One member of one consumer group. */
export class GroupMembership extends ClassicGroupMember {
  readonly #host: MembershipHost

  constructor (client: Base, coordinator: GroupCoordinator, settings: MembershipSettings, timing: Timing, host: MembershipHost) {
    super(client, coordinator, {
      protocolType: 'consumer',
      groupKind: 'consumer group',
      groupInstanceId: settings.groupInstanceId,
      sessionTimeoutMs: settings.sessionTimeoutMs,
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      rebalanceTimeoutMs: settings.maxPollIntervalMs,
      pollTimeoutConfig: 'max.poll.interval.ms',
    }, timing, host)
    this.#host = host
  }

  /** Joins the group subscribed to `topics` and waits for this member's partitions. */
  async join (topics: readonly string[], signal: AbortSignal): Promise<JoinResult> {
    const subscription = encodeConsumerProtocolSubscription({ version: 0, topics: [...topics] })
    const synced = await this.joinGroup(() => [{ name: RANGE_ASSIGNOR_NAME, metadata: subscription }], joined => this.#assign(joined), signal)
    const assignment = decodeConsumerProtocolAssignment(Buffer.from(synced.assignment.buffer, synced.assignment.byteOffset, synced.assignment.byteLength))
    const partitions = assignment.assignedPartitions
      .flatMap(({ topic, partitions }) => partitions.map(partition => new TopicPartition(topic, partition)))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
    return { generationId: synced.generationId, partitions }
  }

  async #assign (joined: JoinedGroup): Promise<Map<string, Uint8Array>> {
    const members = joined.members.map(member => ({
      memberId: member.memberId,
      groupInstanceId: member.groupInstanceId,
      topics: decodeConsumerProtocolSubscription(Buffer.from(member.metadata.buffer, member.metadata.byteOffset, member.metadata.byteLength)).topics,
    }))
    const counts = await this.#host.partitionCounts([...new Set(members.flatMap(member => member.topics))])
    const assignment = rangeAssign(members, counts)
    return new Map(members.map(member => [member.memberId, encodeConsumerProtocolAssignment({
      version: 0,
      assignedPartitions: [...assignment.get(member.memberId)!].map(([topic, partitions]) => ({ topic, partitions })),
    })]))
  }
}
