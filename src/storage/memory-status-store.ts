// Where the statuses of connectors and tasks, and the topics each connector uses, are kept
// (Kafka's MemoryStatusBackingStore): a standalone worker holds them in memory.

import type { Status, StatusBackingStore, TopicStatus } from './status-backing-store.ts'

export type { Status, StatusState, TopicStatus } from './status-backing-store.ts'

/** Statuses of connectors and tasks, and active topics, in memory. */
export class MemoryStatusBackingStore implements StatusBackingStore {
  readonly #connectors = new Map<string, Status>()
  readonly #tasks = new Map<string, Map<number, Status>>()
  readonly #topics = new Map<string, Map<string, TopicStatus>>()

  async start (): Promise<void> {}

  async stop (): Promise<void> {}

  async flush (): Promise<void> {}

  putConnector (connector: string, status: Status): void {
    if (status.state === 'DESTROYED') this.#connectors.delete(connector)
    else this.#connectors.set(connector, status)
  }

  /** One worker writes everything here, so a safe write is a write (as in Kafka). */
  putConnectorSafe (connector: string, status: Status): void {
    this.putConnector(connector, status)
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

  putTaskSafe (connector: string, task: number, status: Status): void {
    this.putTask(connector, task, status)
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

  connectors (): string[] {
    return [...this.#connectors.keys()].sort()
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
