// Scenario 3, start-up: from the worker process's spawn to GET / answering 200, and to the first
// record delivered, with a FileStreamSource connector given on the command line (as
// connect-standalone.sh takes it) over a small file. The first record counts as delivered when the
// topic's end offset moves; the harness watches it from the moment of the spawn.

import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { engineOrder, type BenchContext } from '../lib/context.ts'
import { lineAt } from '../lib/data-files.ts'
import { readMemory } from '../lib/process-monitor.ts'
import { startWorker, type Engine } from '../lib/workers.ts'

/** How often the topic's end offset is read while waiting for the first record. */
const FIRST_RECORD_POLL_MS = 5
const LINES = 10
const STRING_CONVERTERS = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
}

/** One start of one engine. */
export interface StartupRun {
  readonly engine: Engine
  readonly repetition: number
  /** Spawn to GET / answering 200. */
  readonly restReadyMs: number
  /** Spawn to the topic's end offset showing the first record. */
  readonly firstRecordMs: number
  /** VmRSS right after the first record: the worker's footprint at rest. */
  readonly rssAfterStartBytes: number
}

/** Runs scenario 3: `startupRepetitions` starts per engine, alternating engines. */
export async function startup (context: BenchContext): Promise<{ settings: Record<string, unknown>, runs: StartupRun[] }> {
  const repetitions = context.settings.startupRepetitions
  const input = join(context.workDir, 'startup-input.txt')
  await writeFile(input, Array.from({ length: LINES }, (_, i) => lineAt(i) + '\n').join(''))
  // One start of each engine first, not measured: the OS file cache then holds Java's jars and
  // kconnect's modules, and Node's compile cache is filled, as on a machine that ran them before.
  for (const engine of context.settings.engines) {
    const worker = await startWorker(engine, { bootstrap: context.bootstrap, kconnectDir: context.settings.kconnectDir, workerConfig: STRING_CONVERTERS })
    await worker.stop()
  }
  const runs: StartupRun[] = []
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (const engine of engineOrder(context.settings.engines, repetition)) {
      const topic = `bench-startup-${context.runId}-${engine}-${repetition}`
      await context.topics.create(topic, 1)
      const connectorFile = join(context.workDir, `${topic}.properties`)
      await writeFile(connectorFile, [
        `name=${topic}`,
        'connector.class=org.apache.kafka.connect.file.FileStreamSourceConnector',
        'tasks.max=1',
        `file=${input}`,
        `topic=${topic}`,
      ].join('\n') + '\n')
      // Watch the topic from before the spawn, so the first record is seen however early it comes.
      let firstRecordAt = Number.NaN
      let watching = true
      const watcher = (async () => {
        while (watching && Number.isNaN(firstRecordAt)) {
          if (await context.topics.endOffset(topic, 1) > 0n) firstRecordAt = performance.now()
          else await sleep(FIRST_RECORD_POLL_MS)
        }
      })()
      const worker = await startWorker(engine, {
        bootstrap: context.bootstrap,
        kconnectDir: context.settings.kconnectDir,
        workerConfig: STRING_CONVERTERS,
        connectorFiles: [connectorFile],
      })
      try {
        const deadline = performance.now() + 60_000
        while (Number.isNaN(firstRecordAt) && performance.now() < deadline) await sleep(FIRST_RECORD_POLL_MS)
        watching = false
        await watcher
        if (Number.isNaN(firstRecordAt)) throw new Error(`${engine}: no record in ${topic} within 60 s of the start`)
        const run: StartupRun = {
          engine,
          repetition,
          restReadyMs: worker.readyAt - worker.spawnedAt,
          firstRecordMs: firstRecordAt - worker.spawnedAt,
          rssAfterStartBytes: readMemory(worker.pid)?.rss ?? Number.NaN,
        }
        context.progress(`scenario 3 #${repetition + 1} ${engine}: REST ready in ${run.restReadyMs.toFixed(0)} ms, ` +
          `first record in ${run.firstRecordMs.toFixed(0)} ms, ${(run.rssAfterStartBytes / 2 ** 20).toFixed(0)} MiB RSS`)
        runs.push(run)
      } finally {
        watching = false
        await worker.stop()
      }
    }
  }
  return { settings: { repetitions, lines: LINES, restPollMs: 5, firstRecordPollMs: FIRST_RECORD_POLL_MS }, runs }
}
