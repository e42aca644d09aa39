// The records of the config topic, exactly as Kafka's KafkaConfigBackingStore writes them: keys
// are plain UTF-8 strings with a prefix per kind, values the internal converter's JSON of a Struct
// (reference §4). Keys are kept ad hoc on purpose, as in Kafka: a key must never change, or
// compaction would keep two records for one thing.

import type { TargetState } from '../../herder/herder.ts'
import type { ConnectorRestartRequest, SessionKey } from '../config-backing-store.ts'
import { Schema, SchemaBuilder, structBytes, structSchema } from './json-values.ts'

export const TARGET_STATE_PREFIX = 'target-state-'
export const CONNECTOR_PREFIX = 'connector-'
export const TASK_PREFIX = 'task-'
export const COMMIT_TASKS_PREFIX = 'commit-'
export const TASK_COUNT_RECORD_PREFIX = 'tasks-fencing-'
export const SESSION_KEY_KEY = 'session-key'
export const RESTART_PREFIX = 'restart-connector-'
export const LOGGER_CLUSTER_PREFIX = 'logger-cluster-'

export const ONLY_FAILED_FIELD_NAME = 'only-failed'
export const INCLUDE_TASKS_FIELD_NAME = 'include-tasks'

/** {"properties":{…}}: a connector's or a task's configuration. */
export const CONNECTOR_CONFIGURATION_V0 = structSchema([
  ['properties', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build()],
])
export const TASK_CONFIGURATION_V0 = CONNECTOR_CONFIGURATION_V0
/** {"tasks":N}: applies task-<c>-0..N-1. */
export const CONNECTOR_TASKS_COMMIT_V0 = structSchema([['tasks', Schema.INT32_SCHEMA]])
/** {"state":…,"state.v2":…}: state is STARTED or PAUSED for workers older than KIP-875. */
export const TARGET_STATE_V1 = structSchema([['state', Schema.STRING_SCHEMA], ['state.v2', Schema.OPTIONAL_STRING_SCHEMA]])
export const TASK_COUNT_RECORD_V0 = structSchema([['task-count', Schema.INT32_SCHEMA]])
/** The key bytes are base64, since the schemaless JSON converter cannot hold bytes. */
export const SESSION_KEY_V0 = structSchema([
  ['key', Schema.STRING_SCHEMA], ['algorithm', Schema.STRING_SCHEMA], ['creation-timestamp', Schema.INT64_SCHEMA],
])
export const RESTART_REQUEST_V0 = structSchema([[INCLUDE_TASKS_FIELD_NAME, Schema.BOOLEAN_SCHEMA], [ONLY_FAILED_FIELD_NAME, Schema.BOOLEAN_SCHEMA]])
export const LOGGER_LEVEL_V0 = structSchema([['level', Schema.STRING_SCHEMA]])

/** target-state-<connector> */
export function targetStateKey (connector: string): string {
  return TARGET_STATE_PREFIX + connector
}

/** connector-<connector> */
export function connectorKey (connector: string): string {
  return CONNECTOR_PREFIX + connector
}

/** task-<connector>-<task> */
export function taskConfigKey (connector: string, task: number): string {
  return `${TASK_PREFIX}${connector}-${task}`
}

/** commit-<connector> */
export function commitTasksKey (connector: string): string {
  return COMMIT_TASKS_PREFIX + connector
}

/** tasks-fencing-<connector> */
export function taskCountRecordKey (connector: string): string {
  return TASK_COUNT_RECORD_PREFIX + connector
}

/** restart-connector-<connector> */
export function restartKey (connector: string): string {
  return RESTART_PREFIX + connector
}

/** logger-cluster-<namespace> */
export function loggerClusterKey (namespace: string): string {
  return LOGGER_CLUSTER_PREFIX + namespace
}

/** The value of connector-<c> and task-<c>-<n>. */
export function configurationValue (properties: Readonly<Record<string, string>>): Uint8Array {
  return structBytes(CONNECTOR_CONFIGURATION_V0, { properties: new Map(Object.entries(properties)) })
}

/** The value of commit-<c>. */
export function commitTasksValue (tasks: number): Uint8Array {
  return structBytes(CONNECTOR_TASKS_COMMIT_V0, { tasks })
}

/** The value of target-state-<c>: STOPPED is written as PAUSED in "state", for workers that predate it. */
export function targetStateValue (state: TargetState): Uint8Array {
  return structBytes(TARGET_STATE_V1, { state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state })
}

/** The value of tasks-fencing-<c>. */
export function taskCountRecordValue (taskCount: number): Uint8Array {
  return structBytes(TASK_COUNT_RECORD_V0, { 'task-count': taskCount })
}

/** The value of session-key. */
export function sessionKeyValue (key: SessionKey): Uint8Array {
  return structBytes(SESSION_KEY_V0, {
    key: Buffer.from(key.key).toString('base64'),
    algorithm: key.algorithm,
    'creation-timestamp': BigInt(key.creationTimestamp),
  })
}

/** The value of restart-connector-<c>. */
export function restartRequestValue (request: ConnectorRestartRequest): Uint8Array {
  return structBytes(RESTART_REQUEST_V0, { [INCLUDE_TASKS_FIELD_NAME]: request.includeTasks, [ONLY_FAILED_FIELD_NAME]: request.onlyFailed })
}

/** The value of logger-cluster-<namespace>. */
export function loggerLevelValue (level: string): Uint8Array {
  return structBytes(LOGGER_LEVEL_V0, { level })
}

/**
 * The task id in a task-<connector>-<n> key, as Java parses it: split on '-', the last part is the
 * task number, the parts between the prefix and it are the connector name; null when malformed.
 * (Java's String.split drops trailing empty strings, so "task-a-" has no task number.)
 */
export function parseTaskConfigKey (key: string): { connector: string, task: number } | null {
  const parts = javaSplitOnDash(key)
  if (parts.length < 3) return null
  const task = parseJavaInt(parts[parts.length - 1])
  if (task === null) return null
  return { connector: parts.slice(1, -1).join('-'), task }
}

/** String.split("-"): trailing empty strings removed. */
export function javaSplitOnDash (key: string): string[] {
  const parts = key.split('-')
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

/** Integer.parseInt: an optional sign and decimal digits within 32 bits, else null. */
export function parseJavaInt (text: string): number | null {
  if (!/^[+-]?\d+$/.test(text)) return null
  const value = Number(text)
  return value >= -2147483648 && value <= 2147483647 ? value : null
}
