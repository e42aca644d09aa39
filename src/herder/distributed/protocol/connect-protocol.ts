// Connect's group protocol: the member metadata a worker sends in JoinGroup and the assignment the
// leader sends each worker in SyncGroup, byte for byte as Kafka's ConnectProtocol (v0, `default`)
// and IncrementalCooperativeConnectProtocol (v1 `compatible`, v2 `sessioned`) write them, so Java
// and kconnect workers can share one group. Layouts (big-endian):
//
//   metadata v0      version:int16 url:string configOffset:int64
//   metadata v1/v2   the same, then allocation:nullable_bytes (the worker's current assignment,
//                    written as a whole v1/v2 assignment, or null when it has none)
//   assignment v0    version:int16 error:int16 leader:string leaderUrl:string configOffset:int64
//                    assignment:[connector:string tasks:[int32]]
//   assignment v1/v2 the same, then revoked:[…] (nullable) delay:int32
//
// Task -1 in a connector's list stands for the Connector instance itself. Readers take v0 bytes
// as v1 with the missing fields at their defaults, as Java's tolerant schema does.
//
// Order matters for equal bytes: Kafka writes an assignment's connectors in the iteration order of
// a HashSet of their names, then appends each task to its connector's entry in list order; revoked
// connectors keep their list order. `java-collections.ts` reproduces the HashSet order.

import type { ConnectorTaskId } from '../../herder.ts'
import { javaStringHashCode } from '../../../runtime/java-hash-order.ts'
import { distinct, hashSetCopyOrder } from '../java-collections.ts'
import { CONNECT_PROTOCOL_V0, CONNECT_PROTOCOL_V1, CONNECT_PROTOCOL_V2, offeredModes, protocolName, type ConnectProtocolCompatibility } from './compatibility.ts'
import { ProtocolReader, ProtocolWriter, SchemaException } from './wire.ts'

/** The task id that stands for the Connector instance in an assignment's task lists. */
export const CONNECTOR_TASK = -1

/** Assignment error codes. */
export const NO_ERROR = 0
/** The leader could not catch up with the config topic: members read it to the end and rejoin. */
export const CONFIG_MISMATCH = 1

/** What the leader gives one worker (Kafka's ExtendedAssignment; v0 assignments have no revocations and no delay). */
export interface ConnectAssignment {
  /** The protocol version the assignment was written with. */
  readonly version: number
  /** NO_ERROR or CONFIG_MISMATCH. */
  readonly error: number
  /** The leader's member id. */
  readonly leader: string
  /** The leader's REST URL, where requests that need the leader are forwarded. */
  readonly leaderUrl: string
  /** The config topic offset the assignment was computed at. */
  readonly offset: bigint
  /** v0: everything the worker runs; v1/v2: what it starts now, in addition to what it keeps. */
  readonly connectors: readonly string[]
  readonly tasks: readonly ConnectorTaskId[]
  /** v1/v2: what the worker stops now. */
  readonly revokedConnectors: readonly string[]
  readonly revokedTasks: readonly ConnectorTaskId[]
  /** v1/v2: ms until a scheduled rebalance (lost work waiting for its worker to come back); 0 for none. */
  readonly delay: number
}

/** What a worker tells the group when it joins. */
export interface WorkerState {
  /** The worker's REST URL (its advertised listener). */
  readonly url: string
  /** The config topic offset the worker has read up to. */
  readonly offset: bigint
  /** v1/v2: what the worker runs now (its last assignment with earlier work kept); null when nothing was assigned yet. */
  readonly assignment: ConnectAssignment | null
}

/** One entry of JoinGroup's protocol list. */
export interface JoinGroupProtocol {
  readonly name: string
  readonly metadata: Uint8Array
}

/** Whether the assignment is a failed one (CONFIG_MISMATCH). */
export function assignmentFailed (assignment: ConnectAssignment): boolean {
  return assignment.error !== NO_ERROR
}

/** An assignment with the fields a v0 or v1 assignment may leave out at their defaults. */
export function connectAssignment (fields: Partial<ConnectAssignment> & Pick<ConnectAssignment, 'leader' | 'leaderUrl' | 'offset'>): ConnectAssignment {
  return {
    version: CONNECT_PROTOCOL_V1,
    error: NO_ERROR,
    connectors: [],
    tasks: [],
    revokedConnectors: [],
    revokedTasks: [],
    delay: 0,
    ...fields,
  }
}

type ConnectorEntries = Array<[connector: string, tasks: number[]]>

/** Kafka's Assignment.asMap(): connectors in HashSet order, each with -1 first, then tasks appended in list order. */
function assignedEntries (connectors: readonly string[], tasks: readonly ConnectorTaskId[]): ConnectorEntries {
  const entries = new Map<string, number[]>()
  for (const connector of hashSetCopyOrder(connectors, javaStringHashCode, name => name)) entries.set(connector, [CONNECTOR_TASK])
  for (const { connector, task } of tasks) {
    let list = entries.get(connector)
    if (list === undefined) entries.set(connector, list = [])
    list.push(task)
  }
  return [...entries]
}

/** Kafka's ExtendedAssignment.revokedAsMap(): connectors in list order (repeats dropped), then tasks. */
function revokedEntries (connectors: readonly string[], tasks: readonly ConnectorTaskId[]): ConnectorEntries {
  const entries = new Map<string, number[]>()
  for (const connector of distinct(connectors, name => name)) entries.set(connector, [CONNECTOR_TASK])
  for (const { connector, task } of tasks) {
    let list = entries.get(connector)
    if (list === undefined) entries.set(connector, list = [])
    list.push(task)
  }
  return [...entries]
}

function writeEntries (writer: ProtocolWriter, entries: ConnectorEntries): void {
  writer.array(entries, (w, [connector, tasks]) => {
    w.string(connector)
    w.array(tasks, (inner, task) => inner.int32(task))
  })
}

/** Metadata v0 (the `default` protocol). */
export function encodeMetadataV0 (state: Pick<WorkerState, 'url' | 'offset'>): Uint8Array {
  return new ProtocolWriter().int16(CONNECT_PROTOCOL_V0).string(state.url).int64(state.offset).toBytes()
}

/** Metadata v1 (`compatible`) or v2 (`sessioned`): v0's fields and the current assignment. */
export function encodeMetadata (state: WorkerState, sessioned: boolean): Uint8Array {
  const allocation = state.assignment === null ? null : encodeAssignment(state.assignment, sessioned)
  return new ProtocolWriter()
    .int16(sessioned ? CONNECT_PROTOCOL_V2 : CONNECT_PROTOCOL_V1)
    .string(state.url)
    .int64(state.offset)
    .nullableBytes(allocation)
    .toBytes()
}

/** JoinGroup's protocols for a worker with this connect.protocol setting, most preferred first. */
export function joinGroupProtocols (mode: ConnectProtocolCompatibility, state: WorkerState): JoinGroupProtocol[] {
  return offeredModes(mode).map(offered => ({
    name: protocolName(offered),
    metadata: offered === 'eager' ? encodeMetadataV0(state) : encodeMetadata(state, offered === 'sessioned'),
  }))
}

/**
 * Reads any version of member metadata (Kafka's IncrementalCooperativeConnectProtocol
 * .deserializeMetadata, which both assignors use): v0 metadata has no allocation.
 */
export function decodeMetadata (bytes: Uint8Array): WorkerState {
  const reader = new ProtocolReader(bytes)
  readVersion(reader)
  const url = reader.field('url', r => r.string())
  const offset = reader.field('config-offset', r => r.int64())
  const allocation = reader.field('allocation', r => r.nullableBytes(), { value: null })
  return { url, offset, assignment: decodeAssignment(allocation) }
}

/** Assignment v0 (the `default` protocol). */
export function encodeAssignmentV0 (assignment: ConnectAssignment): Uint8Array {
  const writer = new ProtocolWriter()
    .int16(CONNECT_PROTOCOL_V0)
    .int16(assignment.error)
    .string(assignment.leader)
    .string(assignment.leaderUrl)
    .int64(assignment.offset)
  writeEntries(writer, assignedEntries(assignment.connectors, assignment.tasks))
  return writer.toBytes()
}

/** Assignment v1 (`compatible`) or v2 (`sessioned`). */
export function encodeAssignment (assignment: ConnectAssignment, sessioned: boolean): Uint8Array {
  const writer = new ProtocolWriter()
    .int16(sessioned ? CONNECT_PROTOCOL_V2 : CONNECT_PROTOCOL_V1)
    .int16(assignment.error)
    .string(assignment.leader)
    .string(assignment.leaderUrl)
    .int64(assignment.offset)
  writeEntries(writer, assignedEntries(assignment.connectors, assignment.tasks))
  writeEntries(writer, revokedEntries(assignment.revokedConnectors, assignment.revokedTasks))
  return writer.int32(assignment.delay).toBytes()
}

/** The assignment bytes for the subprotocol the group chose. */
export function encodeAssignmentFor (version: number, assignment: ConnectAssignment): Uint8Array {
  return version === CONNECT_PROTOCOL_V0 ? encodeAssignmentV0(assignment) : encodeAssignment(assignment, version >= CONNECT_PROTOCOL_V2)
}

function readVersion (reader: ProtocolReader): number {
  const version = reader.field('version', r => r.int16())
  if (version < CONNECT_PROTOCOL_V0) throw new SchemaException(`Unsupported subscription version: ${version}`)
  return version
}

function readEntries (reader: ProtocolReader): Array<{ connector: string, tasks: number[] }> | null {
  return reader.array(true, r => ({
    connector: r.field('connector', inner => inner.string()),
    tasks: r.field('tasks', inner => inner.array(false, i => i.int32())!),
  }))
}

function splitEntries (entries: Array<{ connector: string, tasks: number[] }> | null): { connectors: string[], tasks: ConnectorTaskId[] } {
  const connectors: string[] = []
  const tasks: ConnectorTaskId[] = []
  // Java extracts connectors and tasks in two passes over the entries; the orders are the same.
  for (const { connector, tasks: ids } of entries ?? []) {
    for (const task of ids) {
      if (task === CONNECTOR_TASK) connectors.push(connector)
      else tasks.push({ connector, task })
    }
  }
  return { connectors, tasks }
}

/**
 * Reads an assignment of any version (v0 bytes get no revocations and no delay), as Kafka's
 * IncrementalCooperativeConnectProtocol.deserializeAssignment; null for null bytes.
 */
export function decodeAssignment (bytes: Uint8Array | null): ConnectAssignment | null {
  if (bytes === null) return null
  const reader = new ProtocolReader(bytes)
  const version = readVersion(reader)
  // The v1 schema tolerates missing trailing fields; the first four have no default.
  const error = reader.requiredField('error', r => r.int16(), true)
  const leader = reader.requiredField('leader', r => r.string(), true)
  const leaderUrl = reader.requiredField('leader-url', r => r.string(), true)
  const offset = reader.requiredField('config-offset', r => r.int64(), true)
  const assigned = splitEntries(reader.field('assignment', readEntries, { value: null }))
  const revoked = splitEntries(reader.field('revoked', readEntries, { value: null }))
  const delay = reader.field('delay', r => r.int32(), { value: 0 })
  return {
    version,
    error,
    leader,
    leaderUrl,
    offset,
    connectors: assigned.connectors,
    tasks: assigned.tasks,
    revokedConnectors: revoked.connectors,
    revokedTasks: revoked.tasks,
    delay,
  }
}

/** "connector-task", as Kafka's ConnectorTaskId prints. */
export function taskIdText (id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`
}

/** The assignment as Kafka's ExtendedAssignment.toString() writes it, for log lines operators know. */
export function assignmentText (assignment: ConnectAssignment | null): string {
  if (assignment === null) return 'null'
  const list = (items: readonly string[]): string => `[${items.join(', ')}]`
  return `Assignment{error=${assignment.error}, leader='${assignment.leader}', leaderUrl='${assignment.leaderUrl}', ` +
    `offset=${assignment.offset}, connectorIds=${list(assignment.connectors)}, taskIds=${list(assignment.tasks.map(taskIdText))}, ` +
    `revokedConnectorIds=${list(assignment.revokedConnectors)}, revokedTaskIds=${list(assignment.revokedTasks.map(taskIdText))}, ` +
    `delay=${assignment.delay}}`
}
