// Scenario 5, the ceiling: Kafka's ProducerPerformance with acks=all, on the same broker, with the
// record sizes scenario 1 sends: 100 bytes (StringConverter) and the size of JsonConverter's
// envelope around a 100-byte line (schemas on). No worker can move records into Kafka faster than
// one producer alone can, so this is the physical limit of scenario 1.

import { JsonConverter } from '../../src/converters/json/json-converter.ts'
import { Schema } from '../../src/api/data/schema.ts'
import type { BenchContext } from '../lib/context.ts'
import { LINE_BYTES, lineAt } from '../lib/data-files.ts'
import { producerPerformance } from '../lib/producer-performance.ts'

/** One ProducerPerformance run. */
export interface CeilingRun {
  readonly variant: string
  readonly recordBytes: number
  readonly repetition: number
  readonly records: number
  readonly recordsPerSecond: number
  readonly megabytesPerSecond: number
  readonly avgLatencyMs: number
}

/** The bytes JsonConverter (schemas on) writes for one 100-byte line. */
export function jsonRecordBytes (): number {
  const converter = new JsonConverter()
  converter.configure({ 'schemas.enable': 'true' }, false)
  return (converter.fromConnectData('t', Schema.STRING_SCHEMA, lineAt(0)) as Uint8Array).length
}

/** Runs scenario 5: each record size, `repetitions` times. */
export async function producerCeiling (context: BenchContext): Promise<{ settings: Record<string, unknown>, runs: CeilingRun[] }> {
  const { records, repetitions } = context.settings
  const sizes: Record<string, number> = { string: LINE_BYTES, json: jsonRecordBytes() }
  const runs: CeilingRun[] = []
  for (const [variant, recordBytes] of Object.entries(sizes)) {
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const topic = `bench-ceiling-${context.runId}-${variant}-${repetition}`
      await context.topics.create(topic, 1)
      const result = await producerPerformance(context.bootstrap, topic, records, recordBytes)
      context.progress(`scenario 5 ${variant} (${recordBytes} B) #${repetition + 1}: ${Math.round(result.recordsPerSecond)} records/s`)
      runs.push({ variant, recordBytes, repetition, records: result.records, recordsPerSecond: result.recordsPerSecond,
        megabytesPerSecond: result.megabytesPerSecond, avgLatencyMs: result.avgLatencyMs })
    }
  }
  return { settings: { records, recordSizes: sizes, repetitions, acks: 'all', partitions: 1, tool: 'org.apache.kafka.tools.ProducerPerformance' }, runs }
}
