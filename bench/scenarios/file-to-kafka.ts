// Scenario 1, File to Kafka: FileStreamSource over a file of `records` 100-byte lines into a topic
// of one partition, with StringConverter and with JsonConverter (schemas on). The clock runs from
// the connector's creation to the first read of the topic's end offset that shows every line
// acknowledged. The same runs give scenario 4's peak memory.

import { join } from 'node:path'
import { engineOrder, type BenchContext } from '../lib/context.ts'
import { writeLinesFile } from '../lib/data-files.ts'
import { runThroughput, type ThroughputRun } from '../lib/throughput-run.ts'

/** The converter settings of each variant, the same for both engines. */
export const FILE_TO_KAFKA_VARIANTS: Record<string, Record<string, string>> = {
  string: {
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  },
  json: {
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'true',
    'value.converter.schemas.enable': 'true',
  },
}

/** FileStreamSource's settings besides file and topic: its defaults, written out. */
const SOURCE_SETTINGS = { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', 'tasks.max': '1', 'batch.size': '2000' }

/** Runs scenario 1: every variant, `repetitions` times per engine, alternating engines. */
export async function fileToKafka (context: BenchContext): Promise<{ settings: Record<string, unknown>, runs: ThroughputRun[] }> {
  const { records, repetitions, pollMs } = context.settings
  const input = join(context.workDir, 'file-to-kafka-input.txt')
  context.progress(`scenario 1: writing ${records} lines to ${input}`)
  await writeLinesFile(input, records)
  const runs: ThroughputRun[] = []
  for (const [variant, converters] of Object.entries(FILE_TO_KAFKA_VARIANTS)) {
    for (let repetition = 0; repetition < repetitions; repetition++) {
      for (const engine of engineOrder(context.settings.engines, repetition)) {
        const topic = `bench-f2k-${context.runId}-${variant}-${engine}-${repetition}`
        await context.topics.create(topic, 1)
        const run = await runThroughput(context, {
          engine,
          variant,
          repetition,
          records,
          workerConfig: converters,
          connectorName: topic,
          connectorConfig: { ...SOURCE_SETTINGS, file: input, topic },
          awaitDone: failed => context.topics.awaitEndOffset(topic, 1, records, pollMs, timeoutFor(records), failed),
        })
        context.progress(`scenario 1 ${variant} #${repetition + 1} ${engine}: ${Math.round(run.recordsPerSecond)} records/s, ` +
          `${(run.peakRssBytes / 2 ** 20).toFixed(0)} MiB peak RSS, ${run.cpuMicrosPerRecord.toFixed(2)} µs CPU/record`)
        runs.push(run)
      }
    }
  }
  return {
    settings: { records, lineBytes: 100, partitions: 1, repetitions, converters: FILE_TO_KAFKA_VARIANTS, connector: SOURCE_SETTINGS, endCheckEveryMs: pollMs },
    runs,
  }
}

/** A generous deadline: 2000 records/s at the least, 2 minutes at the least. */
export function timeoutFor (records: number): number {
  return Math.max(120_000, records / 2)
}
