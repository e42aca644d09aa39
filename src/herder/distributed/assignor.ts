// What the group leader's assignors share (Kafka's ConnectAssignor and the parts of
// WorkerCoordinator they call back): the config snapshot they assign from, catching the leader up
// with the config topic when another member has read further (else every member gets
// CONFIG_MISMATCH), and the leader's record of who runs what, for forwarding requests to owners.

import type { ConnectorTaskId } from '../herder.ts'
import type { ConnectProtocolCompatibility } from './protocol/compatibility.ts'
import type { WorkerState } from './protocol/connect-protocol.ts'
import { taskKey } from './java-collections.ts'

/** The part of the cluster's configuration an assignor needs (Kafka's ClusterConfigState). */
export interface AssignableConfig {
  /** The config topic offset this snapshot has read up to; -1 when nothing was read. */
  readonly offset: bigint
  /** The configured connectors, in any order. */
  connectors (): Iterable<string>
  /** The connector's committed tasks (ids 0..n-1); none while its task configs are inconsistent. */
  tasks (connector: string): readonly ConnectorTaskId[]
}

/** A member of the group as JoinGroup's answer lists it to the leader. */
export interface GroupMemberMetadata {
  readonly memberId: string
  /** The metadata the member sent for the protocol the group chose. */
  readonly metadata: Uint8Array
}

/** What an assignor asks of the leader's coordinator while it assigns. */
export interface AssignmentContext {
  /** The snapshot taken when this worker built its JoinGroup metadata. */
  configSnapshot (): AssignableConfig
  /**
   * A snapshot at least as new as `minimumOffset` if the config topic can be read that far in
   * time (kconnect reads the topic to its end here; Java takes whatever its reader thread has
   * consumed); the assignor then assigns from it.
   */
  freshConfigSnapshot (minimumOffset: bigint): Promise<AssignableConfig>
  /** Replaces the snapshot the worker assigns (and later joins) with. */
  updateConfigSnapshot (snapshot: AssignableConfig): void
  /** This join's generation, as far as this worker knows it. */
  readonly generationId: number
  /** The generation of this worker's last completed join; -1 before the first. */
  readonly lastCompletedGenerationId: number
}

/** The leader's view of who runs what after its assignment (Kafka's WorkerCoordinator.LeaderState). */
export class LeaderState {
  readonly #members: ReadonlyMap<string, WorkerState>
  readonly #connectorOwners = new Map<string, string>()
  readonly #taskOwners = new Map<string, string>()

  constructor (members: ReadonlyMap<string, WorkerState>, connectors: ReadonlyMap<string, readonly string[]>,
    tasks: ReadonlyMap<string, readonly ConnectorTaskId[]>) {
    this.#members = members
    for (const [member, names] of connectors) for (const name of names) this.#connectorOwners.set(name, member)
    for (const [member, ids] of tasks) for (const id of ids) this.#taskOwners.set(taskKey(id), member)
  }

  /** The REST URL of the worker that runs the connector, or null when none does. */
  connectorOwnerUrl (connector: string): string | null {
    const owner = this.#connectorOwners.get(connector)
    return owner === undefined ? null : this.#members.get(owner)?.url ?? null
  }

  /** The REST URL of the worker that runs the task, or null when none does. */
  taskOwnerUrl (task: ConnectorTaskId): string | null {
    const owner = this.#taskOwners.get(taskKey(task))
    return owner === undefined ? null : this.#members.get(owner)?.url ?? null
  }
}

/** What an assignment round produced: each member's assignment bytes, and the leader's view. */
export interface AssignmentOutcome {
  readonly assignments: Map<string, Uint8Array>
  /** Null after a CONFIG_MISMATCH round (nothing was assigned). */
  readonly leaderState: LeaderState | null
}

/** Kafka's ConnectAssignor: computes every member's assignment, on the leader. */
export interface ConnectAssignor {
  performAssignment (leaderId: string, protocol: ConnectProtocolCompatibility, members: readonly GroupMemberMetadata[],
    context: AssignmentContext): Promise<AssignmentOutcome>
}

/**
 * The config offset the leader assigns at: the highest any member has read. A leader behind it
 * reads further first; if it still cannot reach it, null (the round ends in CONFIG_MISMATCH).
 */
export async function ensureLeaderConfig (maxOffset: bigint, context: AssignmentContext): Promise<bigint | null> {
  if (context.configSnapshot().offset >= maxOffset) return maxOffset
  const fresh = await context.freshConfigSnapshot(maxOffset)
  if (fresh.offset < maxOffset) return null
  context.updateConfigSnapshot(fresh)
  return fresh.offset
}
