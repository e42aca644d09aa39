// The records of the status topic, as Kafka's KafkaStatusBackingStore writes them (reference §4):
// status-connector-<c> and status-task-<c>-<n> hold {"state","trace","worker_id","generation",
// "version"}; status-topic-<topic>:connector-<c> holds {"topic":{"name","connector","task",
// "discoverTimestamp"}}; a tombstone removes the status or the active topic.

import type { Status, TopicStatus } from '../status-backing-store.ts'
import { asMap, javaClassName, Schema, SchemaBuilder, structSchema, valueBytes } from './json-values.ts'
import { Struct } from '../../api/data/struct.ts'
import { javaSplitOnDash, parseJavaInt } from './config-records.ts'

export const TASK_STATUS_PREFIX = 'status-task-'
export const CONNECTOR_STATUS_PREFIX = 'status-connector-'
export const TOPIC_STATUS_PREFIX = 'status-topic-'
export const TOPIC_STATUS_SEPARATOR = ':connector-'

const STATES: ReadonlySet<string> = new Set(['UNASSIGNED', 'RUNNING', 'PAUSED', 'FAILED', 'DESTROYED', 'RESTARTING', 'STOPPED'])

export const STATUS_SCHEMA_V0 = structSchema([
  ['state', Schema.STRING_SCHEMA],
  ['trace', Schema.OPTIONAL_STRING_SCHEMA],
  ['worker_id', Schema.STRING_SCHEMA],
  ['generation', Schema.INT32_SCHEMA],
  ['version', Schema.OPTIONAL_STRING_SCHEMA],
])

const TOPIC_STATUS_VALUE_SCHEMA_V0 = structSchema([
  ['name', Schema.STRING_SCHEMA],
  ['connector', Schema.STRING_SCHEMA],
  ['task', Schema.INT32_SCHEMA],
  ['discoverTimestamp', Schema.INT64_SCHEMA],
])

const TOPIC_STATUS_SCHEMA_V0 = SchemaBuilder.map(Schema.STRING_SCHEMA, TOPIC_STATUS_VALUE_SCHEMA_V0).build()

/** status-connector-<connector> */
export function connectorStatusKey (connector: string): string {
  return CONNECTOR_STATUS_PREFIX + connector
}

/** status-task-<connector>-<task> */
export function taskStatusKey (connector: string, task: number): string {
  return `${TASK_STATUS_PREFIX}${connector}-${task}`
}

/** status-topic-<topic>:connector-<connector> */
export function topicStatusKey (topic: string, connector: string): string {
  return TOPIC_STATUS_PREFIX + topic + TOPIC_STATUS_SEPARATOR + connector
}

/** A status's value; null (a tombstone) for DESTROYED. */
export function statusValue (status: Status): Uint8Array | null {
  if (status.state === 'DESTROYED') return null
  const struct = new Struct(STATUS_SCHEMA_V0)
  struct.put('state', status.state)
  if (status.trace !== null) struct.put('trace', status.trace)
  struct.put('worker_id', status.workerId)
  struct.put('generation', status.generation)
  struct.put('version', status.version)
  return valueBytes(STATUS_SCHEMA_V0, struct)
}

/** An active topic's value; null (a tombstone) resets it. */
export function topicStatusValue (status: TopicStatus | null): Uint8Array | null {
  if (status === null) return null
  const struct = new Struct(TOPIC_STATUS_VALUE_SCHEMA_V0)
    .put('name', status.topic)
    .put('connector', status.connector)
    .put('task', status.task)
    .put('discoverTimestamp', BigInt(status.discoverTimestamp))
  return valueBytes(TOPIC_STATUS_SCHEMA_V0, new Map([['topic', struct]]))
}

/** What went wrong reading a status value; Kafka logs it and skips the record. */
export class StatusFormatError extends Error {}

/** A connector's or task's status read from its value (parsed JSON); throws StatusFormatError. */
export function statusOf (value: unknown): Status {
  const map = asMap(value)
  if (map === undefined) throw new StatusFormatError(`Invalid status type ${javaClassName(value)}`)
  const state = map.get('state')
  if (typeof state !== 'string' || !STATES.has(state)) throw new StatusFormatError(`No enum constant State.${String(state)}`)
  const trace = map.get('trace') ?? null
  const workerId = map.get('worker_id') ?? null
  const generation = map.get('generation')
  const version = map.get('version') ?? null
  if (trace !== null && typeof trace !== 'string') throw new StatusFormatError(`trace is a ${javaClassName(trace)}, not a String`)
  if (workerId !== null && typeof workerId !== 'string') throw new StatusFormatError(`worker_id is a ${javaClassName(workerId)}, not a String`)
  if (typeof generation !== 'bigint') throw new StatusFormatError(`generation is a ${javaClassName(generation)}, not a Long`)
  if (version !== null && typeof version !== 'string') throw new StatusFormatError(`version is a ${javaClassName(version)}, not a String`)
  return { state: state as Status['state'], trace, workerId: workerId ?? '', generation: Number(BigInt.asIntN(32, generation)), version }
}

/** An active topic read from its value (parsed JSON); throws StatusFormatError. */
export function topicStatusOf (value: unknown): TopicStatus {
  const map = asMap(value)
  if (map === undefined) throw new StatusFormatError(`Invalid topic status value ${javaClassName(value)}`)
  const inner = asMap(map.get('topic'))
  if (inner === undefined) throw new StatusFormatError(`Invalid topic status value ${javaClassName(map.get('topic'))} for field topic`)
  const name = inner.get('name')
  const connector = inner.get('connector')
  const task = inner.get('task')
  const timestamp = inner.get('discoverTimestamp')
  if (typeof name !== 'string' || typeof connector !== 'string' || typeof task !== 'bigint' || typeof timestamp !== 'bigint') {
    throw new StatusFormatError('Invalid topic status fields')
  }
  return { topic: name, connector, task: Number(BigInt.asIntN(32, task)), discoverTimestamp: Number(timestamp) }
}

/** The connector and task of a status-task-<c>-<n> key, as Kafka parses it; null when malformed. */
export function parseTaskStatusKey (key: string): { connector: string, task: number } | null {
  const parts = javaSplitOnDash(key)
  if (parts.length < 4) return null
  const task = parseJavaInt(parts[parts.length - 1])
  if (task === null) return null
  return { connector: parts.slice(2, -1).join('-'), task }
}

/** The topic and connector of a status-topic-<topic>:connector-<c> key; null when malformed (reason given). */
export function parseTopicStatusKey (key: string): { topic: string, connector: string } | string {
  const delimiter = key.indexOf(':')
  let begin = TOPIC_STATUS_PREFIX.length
  if (begin > delimiter) return `Discarding record with invalid topic status key ${key}`
  const topic = key.slice(begin, delimiter)
  if (topic === '') return `Discarding record with invalid topic status key containing empty topic ${key}`
  begin = delimiter + TOPIC_STATUS_SEPARATOR.length
  if (begin > key.length) return `Discarding record with invalid topic status key ${key}`
  const connector = key.slice(begin)
  if (connector === '') return `Discarding record with invalid topic status key containing empty connector ${key}`
  return { topic, connector }
}
