// A stored status (the status store's Status) as the REST API's ConnectorStateInfo shows it: both
// herders answer GET /connectors/{name}/status and restart plans with these entities.

import type { Status } from '../storage/status-backing-store.ts'
import type { ConnectorStatus, TaskStatus } from './herder.ts'

/** The connector's part of a status answer: state, worker, and trace and version when known. */
export function connectorStatusOf (status: Status): ConnectorStatus {
  const result: ConnectorStatus = { state: status.state as ConnectorStatus['state'], worker_id: status.workerId }
  if (status.trace !== null && status.trace !== '') result.trace = status.trace
  if (status.version !== null) result.version = status.version
  return result
}

/** One task's part of a status answer, as connectorStatusOf with the task's id. */
export function taskStatusOf (task: number, status: Status): TaskStatus {
  const result: TaskStatus = { id: task, state: status.state as TaskStatus['state'], worker_id: status.workerId }
  if (status.trace !== null && status.trace !== '') result.trace = status.trace
  if (status.version !== null) result.version = status.version
  return result
}
