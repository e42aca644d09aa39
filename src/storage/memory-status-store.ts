// Where the statuses of connectors and tasks, and the topics each connector uses, are kept
// (Kafka's MemoryStatusBackingStore): a standalone worker holds them in memory.

import type { ConnectorState } from '../herder/herder.ts'

/** A state as the status store records it; DESTROYED removes the record. */
export type StatusState = ConnectorState | 'DESTROYED'

/** The status of a connector or a task (Kafka's AbstractStatus). */
export interface Status {
  readonly state: StatusState
  /** The failure's stack trace when FAILED, else null. */
  readonly trace: string | null
  readonly workerId: string
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

/** Statuses of connectors and tasks, and active topics, in memory. */
export class MemoryStatusBackingStore {
  readonly #connectors = new Map<string, Status>()
  readonly #tasks = new Map<string, Map<number, Status>>()
  readonly #topics = new Map<string, Map<string, TopicStatus>>()

  putConnector (connector: string, status: Status): void {
    if (status.state === 'DESTROYED') this.#connectors.delete(connector)
    else this.#connectors.set(connector, status)
  }

  putTask (connector: string, task: number, status: Status): void {
    if (status.state === 'DESTROYED') {
      this.#tasks.get(connector)?.delete(task)
      return
    }
    let tasks = this.#tasks.get(connector)
    if (tasks === undefined) {
      tasks = new Map()
      this.#tasks.set(connector, tasks)
    }
    tasks.set(task, status)
  }

  connector (connector: string): Status | undefined {
    return this.#connectors.get(connector)
  }

  task (connector: string, task: number): Status | undefined {
    return this.#tasks.get(connector)?.get(task)
  }

  /** The connector's task statuses by task number, sorted. */
  tasks (connector: string): Array<[number, Status]> {
    return [...(this.#tasks.get(connector) ?? new Map<number, Status>()).entries()].sort((a, b) => a[0] - b[0])
  }

  /** Records a topic as used by a connector, unless it is recorded already. */
  putTopic (status: TopicStatus): void {
    let topics = this.#topics.get(status.connector)
    if (topics === undefined) {
      topics = new Map()
      this.#topics.set(status.connector, topics)
    }
    if (!topics.has(status.topic)) topics.set(status.topic, status)
  }

  hasTopic (connector: string, topic: string): boolean {
    return this.#topics.get(connector)?.has(topic) ?? false
  }

  /** The topics the connector used, in the order they were first seen. */
  topics (connector: string): TopicStatus[] {
    return [...(this.#topics.get(connector)?.values() ?? [])]
  }

  deleteTopic (connector: string, topic: string): void {
    this.#topics.get(connector)?.delete(topic)
  }
}
