// Where a cluster's connector configurations live (Kafka's ConfigBackingStore and
// ClusterConfigState): connector configs, their target states, the task configs generated from
// them, and, in distributed mode, what only a config topic carries (session keys, restart
// requests, task-count records for exactly-once fencing, cluster-wide logger levels).
// Implementations: in memory for a standalone worker (memory-config-store.ts), and the config
// topic for a distributed cluster (kafka/kafka-config-backing-store.ts).
//
// Reads come from a snapshot (or, in memory, from the live state): a herder takes one snapshot
// per decision, so a rebalance or a request never sees half of an update. Writes may be
// synchronous (memory) or resolve once the write was read back from the topic (Kafka).

import { ConnectException } from '../api/errors.ts'
import type { MaybePromise } from '../api/maybe-promise.ts'
import type { ConnectorTaskId, TargetState } from '../herder/herder.ts'

/** The config offset of a store that read nothing yet (Java's ClusterConfigState.NO_OFFSET). */
export const NO_CONFIG_OFFSET = -1n

/**
 * A write with the leader's transactional producer failed (Kafka's PrivilegedWriteException): most
 * likely another worker became leader and fenced this one. The write privileges are given up; the
 * herder should rejoin the group before writing again.
 */
export class PrivilegedWriteException extends ConnectException {}

/** The key that signs internal REST requests (KIP-507), distributed by the leader. */
export interface SessionKey {
  /** The raw key bytes (base64 in the config topic). */
  readonly key: Uint8Array
  /** The key's algorithm, e.g. HmacSHA256. */
  readonly algorithm: string
  /** Epoch ms when the leader generated it. */
  readonly creationTimestamp: number
}

/** A request to restart a connector and maybe its tasks (KIP-745), as the config topic holds it. */
export interface ConnectorRestartRequest {
  readonly connector: string
  readonly onlyFailed: boolean
  readonly includeTasks: boolean
}

/** What a store tells its herder when it reads a change (only after start() resolved). */
export interface ConfigUpdateListener {
  onConnectorConfigRemove (connector: string): void
  onConnectorConfigUpdate (connector: string): void
  /** The tasks whose configs a task commit applied (empty when the commit applied none). */
  onTaskConfigUpdate (tasks: ConnectorTaskId[]): void
  onConnectorTargetStateChange (connector: string): void
  onSessionKeyUpdate (key: SessionKey): void
  onRestartRequest (request: ConnectorRestartRequest): void
  onLoggingLevelUpdate (namespace: string, level: string): void
}

/** Replaces config provider references (`${provider:path:key}`) in a connector's or task's config. */
export type ConfigTransformer = (connector: string, config: Readonly<Record<string, string>>) => Record<string, string>

/** What a ClusterConfigState is made of; the maps are owned by the snapshot from then on. */
export interface ClusterConfigStateParts {
  /** The offset after the last config record read (the next one to read), or NO_CONFIG_OFFSET. */
  readonly offset: bigint
  readonly sessionKey: SessionKey | null
  readonly connectorTaskCounts: ReadonlyMap<string, number>
  readonly connectorConfigs: ReadonlyMap<string, Readonly<Record<string, string>>>
  readonly connectorTargetStates: ReadonlyMap<string, TargetState>
  /** Task configs by `taskKey(id)`. */
  readonly taskConfigs: ReadonlyMap<string, Readonly<Record<string, string>>>
  readonly connectorTaskCountRecords?: ReadonlyMap<string, number>
  readonly connectorTaskConfigGenerations?: ReadonlyMap<string, number>
  readonly appliedConnectorConfigs?: ReadonlyMap<string, Readonly<Record<string, string>>>
  readonly connectorsPendingFencing?: ReadonlySet<string>
  readonly inconsistentConnectors?: ReadonlySet<string>
  readonly transformer?: ConfigTransformer | null
}

/** The map key of a task: "<connector>\u0000<task>" (a connector name may hold any other character). */
export function taskKey (id: ConnectorTaskId): string {
  return `${id.connector}\u0000${id.task}`
}

/** An immutable view of the cluster's configuration at one config offset (Kafka's ClusterConfigState). */
export class ClusterConfigState {
  /** A state with nothing in it, at NO_CONFIG_OFFSET. */
  static readonly EMPTY = new ClusterConfigState({
    offset: NO_CONFIG_OFFSET,
    sessionKey: null,
    connectorTaskCounts: new Map(),
    connectorConfigs: new Map(),
    connectorTargetStates: new Map(),
    taskConfigs: new Map(),
  })

  /** The offset after the last config record read; the group protocol calls it the config offset. */
  readonly offset: bigint
  /** The latest session key read, or null. */
  readonly sessionKey: SessionKey | null
  readonly #parts: ClusterConfigStateParts

  constructor (parts: ClusterConfigStateParts) {
    this.offset = parts.offset
    this.sessionKey = parts.sessionKey
    this.#parts = parts
  }

  contains (connector: string): boolean {
    return this.#parts.connectorConfigs.has(connector)
  }

  /** The connectors' names, sorted. */
  connectors (): string[] {
    return [...this.#parts.connectorConfigs.keys()].sort()
  }

  /** The connector's config with provider references resolved, or undefined. */
  connectorConfig (connector: string): Record<string, string> | undefined {
    const config = this.#parts.connectorConfigs.get(connector)
    if (config === undefined) return undefined
    return this.#parts.transformer ? this.#parts.transformer(connector, config) : { ...config }
  }

  /** The connector's config as stored (references unresolved), or undefined. */
  rawConnectorConfig (connector: string): Record<string, string> | undefined {
    const config = this.#parts.connectorConfigs.get(connector)
    return config === undefined ? undefined : { ...config }
  }

  /** The connector config the current task configs were generated from, resolved; null when none was. */
  appliedConnectorConfig (connector: string): Record<string, string> | null {
    const config = this.#parts.appliedConnectorConfigs?.get(connector)
    if (config === undefined) return null
    return this.#parts.transformer ? this.#parts.transformer(connector, config) : { ...config }
  }

  /** What the user asked the connector to be; undefined for an unknown connector (as Java's null). */
  targetState (connector: string): TargetState | undefined {
    return this.#parts.connectorTargetStates.get(connector)
  }

  /** A task's config with provider references resolved, or undefined. */
  taskConfig (id: ConnectorTaskId): Record<string, string> | undefined {
    const config = this.#parts.taskConfigs.get(taskKey(id))
    if (config === undefined) return undefined
    return this.#parts.transformer ? this.#parts.transformer(id.connector, config) : { ...config }
  }

  /** A task's config as stored, or undefined. */
  rawTaskConfig (id: ConnectorTaskId): Record<string, string> | undefined {
    const config = this.#parts.taskConfigs.get(taskKey(id))
    return config === undefined ? undefined : { ...config }
  }

  /** The number of tasks of the last task commit (0 when none). */
  taskCount (connector: string): number {
    return this.#parts.connectorTaskCounts.get(connector) ?? 0
  }

  /** The connector's task ids, 0..taskCount-1; none while its task configs are inconsistent. */
  tasks (connector: string): ConnectorTaskId[] {
    if (this.#parts.inconsistentConnectors?.has(connector) === true) return []
    const count = this.#parts.connectorTaskCounts.get(connector)
    if (count === undefined) return []
    return Array.from({ length: count }, (_unused, task) => ({ connector, task }))
  }

  /** Whether the connector needs a round of zombie fencing before new tasks start (KIP-618). */
  pendingFencing (connector: string): boolean {
    return this.#parts.connectorsPendingFencing?.has(connector) === true
  }

  /** The latest task-count record (tasks-fencing-<connector>), or undefined. */
  taskCountRecord (connector: string): number | undefined {
    return this.#parts.connectorTaskCountRecords?.get(connector)
  }

  /** How many times new task configs were applied for the connector (0 for the first), or undefined. */
  taskConfigGeneration (connector: string): number | undefined {
    return this.#parts.connectorTaskConfigGenerations?.get(connector)
  }

  /**
   * Connectors whose task configs are incomplete (a task commit without all its task records, after
   * compaction and a failed write). They are listed by connectors() but have no tasks(); the leader
   * should ask such a connector for its task configs again.
   */
  inconsistentConnectors (): string[] {
    return [...this.#parts.inconsistentConnectors ?? []].sort()
  }
}

/** Where connector configurations, target states and task configurations are kept. */
export interface ConfigBackingStore {
  /** Reads what the store holds; listeners are told of changes only after this resolved. */
  start (): Promise<void>
  stop (): Promise<void>
  /** The current state; later changes do not alter it. */
  snapshot (): ClusterConfigState
  contains (connector: string): boolean
  /**
   * Creates or updates a connector. With a target state, writes it first (KIP-980 initial_state);
   * without one, an existing connector keeps its state and a new one is STARTED.
   */
  putConnectorConfig (connector: string, config: Readonly<Record<string, string>>, targetState: TargetState | null): MaybePromise<void>
  /** Deletes a connector's config and target state. */
  removeConnectorConfig (connector: string): MaybePromise<void>
  /** Replaces the connector's task configs (written, then committed as one). */
  putTaskConfigs (connector: string, configs: ReadonlyArray<Readonly<Record<string, string>>>): MaybePromise<void>
  /** Forgets the connector's task configs (standalone only; the config topic cannot). */
  removeTaskConfigs (connector: string): MaybePromise<void>
  /** Makes sure everything written so far (by any worker) has been read; rejects after timeoutMs. */
  refresh (timeoutMs: number): Promise<void>
  putTargetState (connector: string, state: TargetState): MaybePromise<void>
  putSessionKey (key: SessionKey): MaybePromise<void>
  putRestartRequest (request: ConnectorRestartRequest): MaybePromise<void>
  /** Records the task count after a successful round of zombie fencing (KIP-618). */
  putTaskCountRecord (connector: string, taskCount: number): MaybePromise<void>
  /**
   * Takes the right to write (a transactional producer that fences older leaders) when the cluster
   * uses exactly-once source support; a no-op otherwise.
   */
  claimWritePrivileges (): MaybePromise<void>
  /** Asks every worker of the cluster to set a logger's level. */
  putLoggerLevel (namespace: string, level: string): MaybePromise<void>
  setUpdateListener (listener: ConfigUpdateListener): void
}
