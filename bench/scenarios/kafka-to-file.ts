// Scenario 2, Kafka to file: FileStreamSink (tasks.max 4) from a topic of 4 partitions filled
// beforehand with `records` 100-byte values, until the output file holds every line. The clock
// runs from the connector's creation to the first look at the file that finds all its bytes;
// then its lines are counted. The same runs give scenario 4's peak memory.

import { join } from 'node:path'
import { rm } from 'node:fs/promises'
import { engineOrder, type BenchContext } from '../lib/context.ts'
import { awaitFileSize, countLines, lineAt, linesFileSize } from '../lib/data-files.ts'
import { runThroughput, type ThroughputRun } from '../lib/throughput-run.ts'
import { timeoutFor } from './file-to-kafka.ts'

const PARTITIONS = 4
const CONVERTERS = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
}
const SINK_SETTINGS = { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', 'tasks.max': String(PARTITIONS) }

/** A run's figures, with the lines found in the output file. */
export interface KafkaToFileRun extends ThroughputRun {
  readonly linesWritten: number
}

/** Runs scenario 2: `repetitions` times per engine, alternating engines, each with a new consumer group. */
export async function kafkaToFile (context: BenchContext): Promise<{ settings: Record<string, unknown>, runs: KafkaToFileRun[] }> {
  const { records, repetitions, pollMs } = context.settings
  const topic = `bench-k2f-${context.runId}`
  context.progress(`scenario 2: filling ${topic} (${PARTITIONS} partitions) with ${records} records`)
  await context.topics.create(topic, PARTITIONS)
  const encoder = new TextEncoder()
  await context.topics.fill(topic, records, i => encoder.encode(lineAt(i)))
  const runs: KafkaToFileRun[] = []
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (const engine of engineOrder(context.settings.engines, repetition)) {
      // A new connector name is a new consumer group (connect-<name>): every run reads the topic from the start.
      const name = `${topic}-${engine}-${repetition}`
      const output = join(context.workDir, `${name}.txt`)
      const run = await runThroughput(context, {
        engine,
        variant: 'string',
        repetition,
        records,
        workerConfig: CONVERTERS,
        connectorName: name,
        connectorConfig: { ...SINK_SETTINGS, topics: topic, file: output },
        awaitDone: failed => awaitFileSize(output, linesFileSize(records), pollMs, timeoutFor(records), failed),
      })
      const linesWritten = await countLines(output)
      await rm(output, { force: true })
      context.progress(`scenario 2 #${repetition + 1} ${engine}: ${Math.round(run.recordsPerSecond)} records/s, ` +
        `${(run.peakRssBytes / 2 ** 20).toFixed(0)} MiB peak RSS, ${run.cpuMicrosPerRecord.toFixed(2)} µs CPU/record, ${linesWritten} lines`)
      // More lines than records would be redelivery (at-least-once), kept in the figures; fewer is a failed run.
      if (linesWritten < records) throw new Error(`${engine} wrote ${linesWritten} lines, not ${records}`)
      runs.push({ ...run, linesWritten })
    }
  }
  return {
    settings: { records, lineBytes: 100, partitions: PARTITIONS, repetitions, converters: CONVERTERS, connector: SINK_SETTINGS, endCheckEveryMs: pollMs },
    runs,
  }
}
