// The standalone worker's connector configurations, target states and task configurations, held
// in memory (Kafka's MemoryConfigBackingStore): the command line's connector files and REST
// requests put them here, and they are gone when the worker stops, as in Kafka.

import type { ConnectorTaskId, TargetState } from '../herder/herder.ts'
import {
  ClusterConfigState, NO_CONFIG_OFFSET, taskKey, type ConfigBackingStore, type ConfigUpdateListener,
} from './config-backing-store.ts'

interface ConnectorEntry {
  config: Record<string, string>
  targetState: TargetState
  taskConfigs: Array<Record<string, string>>
  /** The connector config the current task configs were generated from; null until tasks are written. */
  appliedConfig: Record<string, string> | null
}

/** Connector configs, target states and task configs of a standalone worker. */
export class MemoryConfigBackingStore implements ConfigBackingStore {
  readonly #connectors = new Map<string, ConnectorEntry>()
  #listener: ConfigUpdateListener | null = null

  async start (): Promise<void> {}

  async stop (): Promise<void> {}

  /** Nothing is written elsewhere, so everything is read already. */
  async refresh (_timeoutMs: number): Promise<void> {}

  setUpdateListener (listener: ConfigUpdateListener): void {
    this.#listener = listener
  }

  /** A copy of the current state (the config offset is always NO_CONFIG_OFFSET in memory). */
  snapshot (): ClusterConfigState {
    const connectorConfigs = new Map<string, Record<string, string>>()
    const targetStates = new Map<string, TargetState>()
    const taskCounts = new Map<string, number>()
    const taskConfigs = new Map<string, Record<string, string>>()
    const applied = new Map<string, Record<string, string>>()
    for (const [name, entry] of this.#connectors) {
      connectorConfigs.set(name, { ...entry.config })
      targetStates.set(name, entry.targetState)
      taskCounts.set(name, entry.taskConfigs.length)
      entry.taskConfigs.forEach((config, task) => taskConfigs.set(taskKey({ connector: name, task }), { ...config }))
      if (entry.appliedConfig !== null) applied.set(name, { ...entry.appliedConfig })
    }
    return new ClusterConfigState({
      offset: NO_CONFIG_OFFSET,
      sessionKey: null,
      connectorTaskCounts: taskCounts,
      connectorConfigs,
      connectorTargetStates: targetStates,
      taskConfigs,
      appliedConnectorConfigs: applied,
    })
  }

  contains (connector: string): boolean {
    return this.#connectors.has(connector)
  }

  /** The connectors' names, sorted. */
  connectors (): string[] {
    return [...this.#connectors.keys()].sort()
  }

  /** The connector's configuration, or undefined when it does not exist. */
  connectorConfig (connector: string): Record<string, string> | undefined {
    const entry = this.#connectors.get(connector)
    return entry === undefined ? undefined : { ...entry.config }
  }

  /** What the user asked the connector to be; STARTED for an unknown connector, as in Kafka. */
  targetState (connector: string): TargetState {
    return this.#connectors.get(connector)?.targetState ?? 'STARTED'
  }

  taskCount (connector: string): number {
    return this.#connectors.get(connector)?.taskConfigs.length ?? 0
  }

  /** The ids of the connector's tasks, in order. */
  tasks (connector: string): ConnectorTaskId[] {
    return (this.#connectors.get(connector)?.taskConfigs ?? []).map((_config, task) => ({ connector, task }))
  }

  /** A task's configuration, or undefined. */
  taskConfig (id: ConnectorTaskId): Record<string, string> | undefined {
    const config = this.#connectors.get(id.connector)?.taskConfigs[id.task]
    return config === undefined ? undefined : { ...config }
  }

  appliedConnectorConfig (connector: string): Record<string, string> | null {
    return this.#connectors.get(connector)?.appliedConfig ?? null
  }

  /** Creates or updates a connector; an existing one keeps its target state unless one is given. */
  putConnectorConfig (connector: string, config: Readonly<Record<string, string>>, targetState: TargetState | null): void {
    const entry = this.#connectors.get(connector)
    if (entry === undefined) {
      this.#connectors.set(connector, { config: { ...config }, targetState: targetState ?? 'STARTED', taskConfigs: [], appliedConfig: null })
    } else {
      entry.config = { ...config }
      if (targetState !== null) entry.targetState = targetState
    }
    this.#listener?.onConnectorConfigUpdate(connector)
  }

  removeConnectorConfig (connector: string): void {
    this.#connectors.delete(connector)
    this.#listener?.onConnectorConfigRemove(connector)
  }

  /** Forgets the connector's task configs (its tasks are stopped). */
  removeTaskConfigs (connector: string): void {
    const entry = this.#require(connector)
    entry.taskConfigs = []
    entry.appliedConfig = null
  }

  /** Replaces the connector's task configs, generated from its current config. */
  putTaskConfigs (connector: string, configs: ReadonlyArray<Readonly<Record<string, string>>>): void {
    const entry = this.#require(connector)
    entry.taskConfigs = configs.map(c => ({ ...c }))
    entry.appliedConfig = { ...entry.config }
    this.#listener?.onTaskConfigUpdate(entry.taskConfigs.map((_config, task) => ({ connector, task })))
  }

  /** Sets the target state (callers compare with targetState() first to learn whether it changes). */
  putTargetState (connector: string, state: TargetState): void {
    const entry = this.#require(connector)
    entry.targetState = state
    this.#listener?.onConnectorTargetStateChange(connector)
  }

  // What only a distributed cluster's config topic carries: nothing to do for one worker, as in Kafka.
  putSessionKey (): void {}
  putRestartRequest (): void {}
  putTaskCountRecord (): void {}
  claimWritePrivileges (): void {}
  putLoggerLevel (): void {}

  #require (connector: string): ConnectorEntry {
    const entry = this.#connectors.get(connector)
    if (entry === undefined) throw new Error(`No connector \`${connector}\` configured`)
    return entry
  }
}
