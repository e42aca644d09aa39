// Scenario 6, engine overhead: inside kconnect, a generator source (records made from nothing) into
// a topic, and a discarding sink reading it back, on the same broker. No connector I/O: the time
// and CPU are the framework's own (conversion, batching, producing with acks=all, offsets,
// fetching, delivery to put()). Two figures per run: the source side (the topic's end offset shows
// every record) and end to end (the sink has been given every record).

import { join, resolve } from 'node:path'
import type { BenchContext } from '../lib/context.ts'
import { runThroughput, type ThroughputRun } from '../lib/throughput-run.ts'
import { DONE_MARKER } from '../connectors/src/done-marker.ts'
import { timeoutFor } from './file-to-kafka.ts'

const CONNECTORS = resolve(import.meta.dirname, '..', 'connectors')

/** One run: ThroughputRun is end to end; the source side is apart. */
export interface EngineRun extends ThroughputRun {
  readonly sourceSeconds: number
  readonly sourceRecordsPerSecond: number
}

/** Runs scenario 6, `repetitions` times. */
export async function engineOverhead (context: BenchContext): Promise<{ settings: Record<string, unknown>, runs: EngineRun[] }> {
  const { records, repetitions, pollMs } = context.settings
  const runs: EngineRun[] = []
  const workerConfig = {
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'plugin.path': CONNECTORS,
  }
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const topic = `bench-engine-${context.runId}-${repetition}`
    await context.topics.create(topic, 1)
    let output = ''
    let sinkDoneAt = Number.NaN
    let sourceDoneAt = Number.NaN
    let startedAt = Number.NaN
    const run = await runThroughput(context, {
      engine: 'kconnect',
      variant: 'generator-to-discard',
      repetition,
      records,
      workerConfig,
      setupConnectors: [{ name: `${topic}-sink`, config: { 'connector.class': 'kconnect.bench.DiscardSinkConnector', topics: topic, 'tasks.max': '1', 'expected.records': String(records) } }],
      connectorName: `${topic}-source`,
      connectorConfig: { 'connector.class': 'kconnect.bench.GeneratorSourceConnector', topic, records: String(records), 'tasks.max': '1' },
      onOutput: text => {
        output = (output + text).slice(-4096)
        if (Number.isNaN(sinkDoneAt) && output.includes(DONE_MARKER)) sinkDoneAt = performance.now()
      },
      awaitDone: async (failed, createdAt) => {
        startedAt = createdAt
        sourceDoneAt = await context.topics.awaitEndOffset(topic, 1, records, pollMs, timeoutFor(records), failed)
        const deadline = performance.now() + timeoutFor(records)
        while (Number.isNaN(sinkDoneAt)) {
          if (performance.now() > deadline) throw new Error(`the discard sink did not receive ${records} records`)
          await failed()
          await new Promise(resolve => setTimeout(resolve, 5))
        }
        return sinkDoneAt
      },
    })
    const sourceSeconds = (sourceDoneAt - startedAt) / 1000
    const engineRun: EngineRun = { ...run, sourceSeconds, sourceRecordsPerSecond: records / sourceSeconds }
    context.progress(`scenario 6 #${repetition + 1}: source ${Math.round(engineRun.sourceRecordsPerSecond)} records/s, ` +
      `end to end ${Math.round(run.recordsPerSecond)} records/s, ${run.cpuMicrosPerRecord.toFixed(2)} µs CPU/record, ` +
      `${(run.peakRssBytes / 2 ** 20).toFixed(0)} MiB peak RSS`)
    runs.push(engineRun)
  }
  return {
    settings: { records, valueBytes: 100, partitions: 1, repetitions, batchSize: 2000, converters: workerConfig, pluginPath: join('bench', 'connectors') },
    runs,
  }
}
