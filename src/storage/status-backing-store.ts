// Where the statuses of connectors and tasks, and the topics each connector uses, are kept (Kafka's
// StatusBackingStore). A standalone worker holds them in memory (memory-status-store.ts); a
// distributed cluster shares them through the status topic (kafka/kafka-status-backing-store.ts),
// where a write becomes visible once it has been read back.

import type { ConnectorState } from '../herder/herder.ts'

/** A state as the status store records it; DESTROYED removes the record. */
export type StatusState = ConnectorState | 'DESTROYED'

/** The status of a connector or a task (Kafka's AbstractStatus). */
export interface Status {
  readonly state: StatusState
  /** The failure's stack trace when FAILED, else null. */
  readonly trace: string | null
  readonly workerId: string
  /** The group generation of the worker that wrote it (0 in standalone mode). */
  readonly generation: number
  /** The running plugin's version (KIP-891), or null. */
  readonly version: string | null
}

/** A topic a connector's task used (Kafka's TopicStatus). */
export interface TopicStatus {
  readonly topic: string
  readonly connector: string
  readonly task: number
  /** Epoch ms when the task first used it. */
  readonly discoverTimestamp: number
}

/** Statuses of connectors and tasks, and the connectors' active topics. */
export interface StatusBackingStore {
  /** Reads what the store holds. */
  start (): Promise<void>
  /** Waits for pending writes (briefly) and releases the store. */
  stop (): Promise<void>
  /** Records a connector's status; DESTROYED removes it. */
  putConnector (connector: string, status: Status): void
  /**
   * Records a connector's status unless another worker wrote one in a later generation (so a
   * worker that lost the connector cannot overwrite its new owner's status).
   */
  putConnectorSafe (connector: string, status: Status): void
  putTask (connector: string, task: number, status: Status): void
  /** putTask with putConnectorSafe's rule. */
  putTaskSafe (connector: string, task: number, status: Status): void
  connector (connector: string): Status | undefined
  task (connector: string, task: number): Status | undefined
  /** The connector's task statuses by task number, sorted. */
  tasks (connector: string): Array<[number, Status]>
  /** The connectors that have a status, sorted. */
  connectors (): string[]
  /** Records a topic as used by a connector. */
  putTopic (status: TopicStatus): void
  hasTopic (connector: string, topic: string): boolean
  /** The topics the connector used. */
  topics (connector: string): TopicStatus[]
  /** Removes a topic from the connector's active topics. */
  deleteTopic (connector: string, topic: string): void
  /** Resolves once the writes made so far were sent. */
  flush (): Promise<void>
  /**
   * Resolves once every status written before the call, by any worker, was read (the status
   * topic); the leader reads to the end before removing the statuses of deleted tasks, so none
   * written by the worker that stopped them comes back after. Optional: a memory store has nothing to read.
   */
  readToEnd? (timeoutMs?: number): Promise<void>
}
