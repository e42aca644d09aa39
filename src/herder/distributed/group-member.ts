// What the distributed herder needs from its membership in the Connect group (Kafka's
// WorkerGroupMember and WorkerRebalanceListener), written down as the contract between the herder
// (distributed-herder.ts) and the coordinator that speaks the group protocol (GROUP's
// WorkerCoordinator). The herder drives the member from its loop; the member calls the listener
// while it joins, and awaits it, so work is stopped before the member rejoins and assignments are
// applied in order.

import type { ConnectorTaskId } from '../herder.ts'
import type { ConnectAssignment } from './protocol/connect-protocol.ts'

/** What the member tells the herder while it (re)joins. Both callbacks are awaited. */
export interface WorkerRebalanceListener {
  /**
   * The group gave this worker an assignment. Incremental protocols (v1, v2): the whole set the
   * worker runs now (what it kept, plus what was added), as Kafka's WorkerCoordinator augments it.
   */
  onAssigned (assignment: ConnectAssignment, generation: number): void | Promise<void>
  /**
   * Work this worker must stop before the group moves on: everything it had (eager, before
   * rejoining), or the assignment's revoked part (incremental, before onAssigned).
   */
  onRevoked (leader: string, connectors: readonly string[], tasks: readonly ConnectorTaskId[]): void | Promise<void>
  /** The member could not call poll() within rebalance.timeout.ms (the herder says what it was doing). */
  onPollTimeoutExpiry? (): void
}

/** A worker's membership in its Connect group, as the herder uses it. */
export interface WorkerGroupMember {
  /** Makes sure the member is in the group: finds the coordinator and (re)joins if needed, calling the listener. */
  ensureActive (): Promise<void>
  /**
   * Waits up to `timeoutMs` for group activity (a rejoin becoming needed) or wakeup(), then
   * (re)joins when needed. Heartbeats go on in the background whether or not poll() runs.
   */
  poll (timeoutMs: number): Promise<void>
  /** Makes a pending ensureActive()/poll() return as soon as it can (a request or a config change arrived). */
  wakeup (): void
  /** Asks for a rejoin at the next ensureActive()/poll(). */
  requestRejoin (reason?: string): void
  /** Leaves the group now (LeaveGroup), e.g. when the worker cannot catch up with the config topic. */
  maybeLeaveGroup (reason: string): Promise<void>
  /** Gives up work voluntarily (incremental protocols): calls onRevoked for it and rejoins. */
  revokeAssignment (assignment: ConnectAssignment): Promise<void>
  /** The member id the broker gave this worker ('' before the first join). */
  memberId (): string
  /** 0 (eager), 1 (compatible) or 2 (sessioned): the protocol of the current generation. */
  currentProtocolVersion (): number
  /**
   * The REST URL of the worker that owns a connector (a name) or a task, as the leader knows it
   * from the last assignment it computed; null when unknown (not the leader, or unassigned).
   */
  ownerUrl (connectorOrTask: string | ConnectorTaskId): string | null
  /** Leaves the group and stops heartbeats. */
  stop (): Promise<void>
}
