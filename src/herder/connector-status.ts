// What both herders answer from the status store (Kafka's AbstractHerder): a connector's and a
// task's status as the REST API shows them (also in restart plans), and the active topics (KIP-558).

import { NotFoundException } from '../api/errors.ts'
import type { WorkerConfig } from '../runtime/config/worker-config.ts'
import type { Status, StatusBackingStore } from '../storage/status-backing-store.ts'
import { ForbiddenException } from './errors.ts'
import type { ActiveTopics, ConnectorStateInfo, ConnectorStatus, ConnectorType, TaskStatus } from './herder.ts'

/** GET /connectors/{name}/status; `typeOf` is asked only when the connector has a status. */
export function connectorStateInfo (store: StatusBackingStore, name: string, typeOf: () => ConnectorType): ConnectorStateInfo {
  const status = store.connector(name)
  if (status === undefined) throw new NotFoundException(`No status found for connector ${name}`)
  return {
    name,
    connector: connectorStatusOf(status),
    tasks: store.tasks(name).map(([task, taskStatus]) => taskStatusOf(task, taskStatus)),
    type: typeOf(),
  }
}

/** GET /connectors/{name}/tasks/{task}/status. */
export function taskStateInfo (store: StatusBackingStore, name: string, task: number): TaskStatus {
  const status = store.task(name, task)
  if (status === undefined) throw new NotFoundException(`No status found for task ${name}-${task}`)
  return taskStatusOf(task, status)
}

/** GET /connectors/{name}/topics, when topic.tracking.enable allows it. */
export function activeTopicsOf (config: WorkerConfig, store: StatusBackingStore, name: string): ActiveTopics {
  if (!config.topicTrackingEnabled()) throw new ForbiddenException('Topic tracking is disabled.')
  return { [name]: { topics: store.topics(name).map(t => t.topic) } }
}

/** PUT /connectors/{name}/topics/reset, when topic.tracking.enable and topic.tracking.allow.reset allow it. */
export function resetActiveTopics (config: WorkerConfig, store: StatusBackingStore, name: string): void {
  if (!config.topicTrackingEnabled()) throw new ForbiddenException('Topic tracking is disabled.')
  if (!config.topicTrackingResetEnabled()) throw new ForbiddenException('Topic tracking reset is disabled.')
  forgetActiveTopics(store, name)
}

/** Removes the connector's active topics from the store (also when the connector is deleted). */
export function forgetActiveTopics (store: StatusBackingStore, name: string): void {
  for (const topic of store.topics(name)) store.deleteTopic(name, topic.topic)
}

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
