// What a worker runs after a rebalance (the bookkeeping of Kafka's WorkerCoordinator.onJoinComplete).
// Under the eager protocol an assignment is the whole share. Under the incremental protocols it is
// a delta: the worker stops what was revoked, keeps the rest of what it ran, and adds what it was
// given; the result is also what it reports as its allocation when it next joins, so the leader
// knows who runs what.

import type { ConnectorTaskId } from '../herder.ts'
import { taskKey } from './java-collections.ts'
import { CONNECT_PROTOCOL_V0 } from './protocol/compatibility.ts'
import type { ConnectAssignment } from './protocol/connect-protocol.ts'

/**
 * The worker's running assignment after receiving `received` under protocol `version` (0, 1 or 2),
 * given what it ran before (`previous`, null when nothing). Lists keep Java's order: what was
 * received first, then what was kept.
 */
export function nextRunningAssignment (previous: ConnectAssignment | null, received: ConnectAssignment, version: number): ConnectAssignment {
  if (version === CONNECT_PROTOCOL_V0 || previous === null) return received
  const revokedConnectors = new Set(received.revokedConnectors)
  const revokedTasks = new Set(received.revokedTasks.map(taskKey))
  const keptConnectors = previous.connectors.filter(connector => !revokedConnectors.has(connector))
  const keptTasks = previous.tasks.filter(task => !revokedTasks.has(taskKey(task)))
  return {
    ...received,
    connectors: [...received.connectors, ...keptConnectors],
    tasks: [...received.tasks, ...keptTasks],
  }
}

/** Whether `assignment` holds the connector. */
export function hasConnector (assignment: ConnectAssignment | null, connector: string): boolean {
  return assignment !== null && assignment.connectors.includes(connector)
}

/** Whether `assignment` holds the task. */
export function hasTask (assignment: ConnectAssignment | null, task: ConnectorTaskId): boolean {
  return assignment !== null && assignment.tasks.some(held => held.connector === task.connector && held.task === task.task)
}
