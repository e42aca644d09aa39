// How connectors and tasks report what they are doing (Kafka's ConnectorStatus.Listener and
// TaskStatus.Listener). The herder implements both and records the statuses the REST API shows.

import type { ConnectorTaskId } from '../herder/herder.ts'

/** Notified as a connector starts, pauses, resumes, stops, shuts down or fails. */
export interface ConnectorStatusListener {
  onStartup (connector: string): void
  onPause (connector: string): void
  onResume (connector: string): void
  onStop (connector: string): void
  /** The connector instance is gone (stopped by the worker): UNASSIGNED. */
  onShutdown (connector: string): void
  onFailure (connector: string, error: unknown): void
}

/** Notified as a task starts, pauses, resumes, shuts down or fails. */
export interface TaskStatusListener {
  onStartup (id: ConnectorTaskId): void
  onPause (id: ConnectorTaskId): void
  onResume (id: ConnectorTaskId): void
  onShutdown (id: ConnectorTaskId): void
  onFailure (id: ConnectorTaskId, error: unknown): void
}

/** "connector-task", as Kafka's ConnectorTaskId prints. */
export function taskIdText (id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`
}
