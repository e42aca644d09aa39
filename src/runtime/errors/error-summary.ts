// The one-line account of a failure that error logs, task traces and exceptions share: which
// stage and class failed, in which connector and task, on which record (Kafka coordinates for
// sinks, source partition and offset for sources), and the root cause. A task's status trace
// begins with it, so the first line a user reads says what failed, where, and why.

import { formatValue } from '../../api/data/format-value.ts'
import type { ConnectorTaskId } from '../../herder/herder.ts'
import { exceptionClassName, exceptionMessage, rootCause } from './java-names.ts'
import type { Stage } from './stage.ts'

/** Where a failed record is: in Kafka (sinks), in the source system (sources), or a whole batch. */
export type RecordCoordinates =
  | { readonly kind: 'kafka', readonly topic: string, readonly partition: number, readonly offset: bigint }
  | { readonly kind: 'source', readonly topic: string | null, readonly sourcePartition: unknown, readonly sourceOffset: unknown }
  | { readonly kind: 'batch', readonly ranges: readonly OffsetRange[] }

/** The offsets of one partition a batch held. */
export interface OffsetRange {
  readonly topic: string
  readonly partition: number
  readonly first: bigint
  readonly last: bigint
}

/** What a summary is made of. */
export interface FailureDetails {
  readonly stage: Stage | null
  readonly executingClass: string | null
  readonly id: ConnectorTaskId
  readonly coordinates: RecordCoordinates | null
  readonly error: unknown
}

/** The coordinates as words: "topic 'in', partition 0, offset 3". */
export function coordinatesText (coordinates: RecordCoordinates): string {
  switch (coordinates.kind) {
    case 'kafka':
      return `topic '${coordinates.topic}', partition ${coordinates.partition}, offset ${coordinates.offset}`
    case 'source':
      return `source partition ${formatValue(coordinates.sourcePartition)}, source offset ${formatValue(coordinates.sourceOffset)}` +
        (coordinates.topic === null ? '' : `, for topic '${coordinates.topic}'`)
    case 'batch':
      return 'a batch of ' + coordinates.ranges.map(r => r.first === r.last
        ? `topic '${r.topic}', partition ${r.partition}, offset ${r.first}`
        : `topic '${r.topic}', partition ${r.partition}, offsets ${r.first} to ${r.last}`).join('; ')
  }
}

/** "DataException: Converting byte[] …": the root cause's class (simple name) and message. */
export function rootCauseText (error: unknown): string {
  const root = rootCause(error)
  const name = exceptionClassName(root)
  return `${name.slice(name.lastIndexOf('.') + 1)}: ${exceptionMessage(root)}`
}

/**
 * One line: "stage VALUE_CONVERTER (org.apache.kafka.connect.json.JsonConverter), connector
 * 'orders' task 0, record at topic 'in', partition 0, offset 3; root cause: DataException: …".
 */
export function failureSummary (details: FailureDetails): string {
  const parts: string[] = []
  if (details.stage !== null) parts.push(`stage ${details.stage}` + (details.executingClass === null ? '' : ` (${details.executingClass})`))
  parts.push(`connector '${details.id.connector}' task ${details.id.task}`)
  let text = parts.join(', ')
  if (details.coordinates !== null) text += `, record at ${coordinatesText(details.coordinates)}`
  return `${text}; root cause: ${rootCauseText(details.error)}`
}

/** The offset ranges per partition of Kafka records, in the order partitions first appear. */
export function offsetRanges (records: Iterable<{ readonly topic: string, readonly partition: number, readonly offset: bigint }>): OffsetRange[] {
  const ranges = new Map<string, { topic: string, partition: number, first: bigint, last: bigint }>()
  for (const record of records) {
    const key = `${record.partition}:${record.topic}`
    const range = ranges.get(key)
    if (range === undefined) ranges.set(key, { topic: record.topic, partition: record.partition, first: record.offset, last: record.offset })
    else {
      if (record.offset < range.first) range.first = record.offset
      if (record.offset > range.last) range.last = record.offset
    }
  }
  return [...ranges.values()]
}
