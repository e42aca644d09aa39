// The Herder owns the cluster's connectors: their configs, their target states (started, paused,
// stopped), their statuses, and which worker runs what. The REST API and the CLI are thin wrappers
// around it (as in Kafka Connect). Two implementations: standalone (one process, configs in memory,
// offsets in a file) and distributed (a group of workers coordinating through Kafka).
//
// The types below are the REST API's entities, field for field (reference §1), so a route returns
// what the herder gives it. Errors are the API's exceptions: NotFoundException -> 404,
// AlreadyExistsException -> 409, BadRequestException -> 400, ConflictException -> 409, anything
// else -> 500 (src/herder/errors.ts).

import type { ConfigInfos, ConfigKeyInfo } from '../api/config/config-infos.ts'

export type ConnectorType = 'source' | 'sink' | 'unknown'
export type ConnectorState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING' | 'STOPPED'
export type TaskState = Exclude<ConnectorState, 'STOPPED'>
/** What the user asked for; the state is what actually is. */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED'

export interface ServerInfo {
  version: string
  commit: string
  kafka_cluster_id: string
}

export interface ConnectorTaskId {
  connector: string
  task: number
}

export interface ConnectorInfo {
  name: string
  config: Record<string, string>
  tasks: ConnectorTaskId[]
  type: ConnectorType
}

export interface ConnectorStatus {
  state: ConnectorState
  worker_id: string
  /** The failure's stack trace, present only when FAILED; omitted otherwise. */
  trace?: string
  /** KIP-891: the running plugin's version. */
  version?: string
}

export interface TaskStatus {
  id: number
  state: TaskState
  worker_id: string
  trace?: string
  version?: string
}

export interface ConnectorStateInfo {
  name: string
  connector: ConnectorStatus
  /** Sorted by id. */
  tasks: TaskStatus[]
  type: ConnectorType
}

export interface TaskInfo {
  id: ConnectorTaskId
  config: Record<string, string>
}

export interface PluginInfo {
  class: string
  type: 'source' | 'sink' | 'converter' | 'header_converter' | 'transformation' | 'predicate'
  /** Omitted when the plugin has no version. */
  version?: string
}

/** One source partition's offset, or a sink's {kafka_topic, kafka_partition} -> {kafka_offset}. */
export interface ConnectorOffset {
  partition: Record<string, unknown>
  offset: Record<string, unknown> | null
}

export interface ConnectorOffsets {
  offsets: ConnectorOffset[]
}

export interface ActiveTopics {
  [connector: string]: { topics: string[] }
}

export interface LoggerLevel {
  level: string
  last_modified: number | null
}

export interface RestartRequest {
  includeTasks: boolean
  onlyFailed: boolean
}

export interface PutConnectorOptions {
  /** False for POST /connectors (409 if it exists), true for PUT /connectors/{name}/config. */
  allowReplace: boolean
  /** KIP-980 initial_state of POST /connectors. */
  initialState?: TargetState
}

export interface PutConnectorResult {
  created: boolean
  info: ConnectorInfo
}

/** An internal request's signature (KIP-507), checked by the herder against the session key it knows. */
export interface RequestSignature {
  /** The MAC algorithm's Java name (HmacSHA256). */
  keyAlgorithm (): string
  isValid (key: Uint8Array): boolean
}

/** What the REST API and the CLI ask of the cluster. Every call may reject with an API exception. */
export interface Herder {
  /** Resolves once the herder has read its state and can serve requests. */
  start (): Promise<void>
  /** Stops every connector and task (flushing offsets), then the herder. */
  stop (): Promise<void>
  /**
   * 'starting' until start-up is complete (start() resolved and, in standalone mode, the connectors
   * of the command line created: Kafka's Herder.isReady()), 'healthy' while it serves, 'unhealthy'
   * when it cannot.
   */
  health (): { status: 'healthy' | 'starting' | 'unhealthy', message: string }

  serverInfo (): Promise<ServerInfo>
  connectors (): Promise<string[]>
  connectorInfo (name: string): Promise<ConnectorInfo>
  connectorConfig (name: string): Promise<Record<string, string>>
  putConnectorConfig (name: string, config: Record<string, string>, options: PutConnectorOptions): Promise<PutConnectorResult>
  /** Merge patch: a null value removes the key. */
  patchConnectorConfig (name: string, patch: Record<string, string | null>): Promise<ConnectorInfo>
  deleteConnector (name: string): Promise<void>
  connectorStatus (name: string): Promise<ConnectorStateInfo>
  taskStatus (name: string, task: number): Promise<TaskStatus>
  taskConfigs (name: string): Promise<TaskInfo[]>
  /** Null when neither includeTasks nor onlyFailed was asked for (the REST API then answers 204). */
  restartConnector (name: string, request: RestartRequest): Promise<ConnectorStateInfo | null>
  restartTask (name: string, task: number): Promise<void>
  pauseConnector (name: string): Promise<void>
  resumeConnector (name: string): Promise<void>
  stopConnector (name: string): Promise<void>

  connectorActiveTopics (name: string): Promise<ActiveTopics>
  resetConnectorActiveTopics (name: string): Promise<void>

  connectorOffsets (name: string): Promise<ConnectorOffsets>
  /** Only when the connector is STOPPED; resolves with the REST message. */
  alterConnectorOffsets (name: string, offsets: ConnectorOffsets): Promise<string>
  resetConnectorOffsets (name: string): Promise<string>

  validateConnectorConfig (config: Record<string, string>): Promise<ConfigInfos>
  /** connectorsOnly=false adds converters, transforms and predicates. */
  plugins (connectorsOnly: boolean): Promise<PluginInfo[]>
  pluginConfig (pluginName: string): Promise<ConfigKeyInfo[]>

  /**
   * Distributed mode, internal (POST /connectors/{c}/tasks): another worker ran the connector and
   * sends its task configs for the leader to write. Null signature: the request was not signed.
   */
  putTaskConfigs? (name: string, configs: Array<Record<string, string>>, signature: RequestSignature | null): Promise<void>
  /** Distributed mode, internal (PUT /connectors/{c}/fence): the leader fences out an exactly-once source connector's zombie tasks. */
  fenceZombieSourceTasks? (name: string, signature: RequestSignature | null): Promise<void>
  /**
   * kconnect only (GET /connectors/{c}/tasks/{t}/metrics): the metrics of a task running on this
   * worker, by Kafka's metric group names (task-error-metrics so far). NotFoundException when the
   * connector is unknown or the task does not run here.
   */
  taskMetrics? (name: string, task: number): Promise<TaskMetrics>
}

/** A task's metrics: metric group -> metric name -> value, named as Kafka's JMX metrics. */
export type TaskMetrics = Record<string, Record<string, number>>
