// The FileStream pipeline end to end, through a real `kconnect standalone` process: a
// FileStreamSource (a .properties file) reads a file that keeps growing, a FileStreamSink (a JSON
// file) writes the topic to another file, and the worker is stopped in the middle of the stream,
// gracefully (SIGTERM) or not (kill -9), then started again. The same scenarios run on the
// embedded log and on the test broker (file-stream-*.test.ts).
//
// What must hold, exactly (checkDelivery): every line arrives, intact and in order; a line is
// written twice only if it was past the source's flushed offset (read from the offsets file) or
// past the sink's committed offset when the worker went down. A graceful stop leaves no duplicate
// at all. The offsets file is never torn, even by kill -9. With JsonConverter's schemas, the line
// `hello` is the topic's record {"schema":{"type":"string","optional":false},"payload":"hello"}.

import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it, type TestContext } from 'node:test'
import { openLog } from '../../src/log/index.ts'
import { readTopic } from '../runtime/fixtures/harness.ts'
import { uniqueName } from '../support/kafka.ts'
import {
  checkDelivery, completeLines, flushedPosition, jsonPayload, LineWriter, linesBefore,
  sinkCommittedOffset, startWorker, streamLines, workerSettings, writeProperties, type Backend, type WorkerProcess,
} from './support.ts'

const LINES = 20_000
/** Lines in the file before the worker starts; the rest are appended while it runs, stops and restarts. */
const INITIAL_LINES = 2_000
/** The sink has written this many lines when the worker is stopped. */
const STOP_AFTER = 5_000
/** The writer appends no further until the worker is down. */
const HOLD_AT = 12_000

/** The scenarios, on one backend. */
export function describeFileStream (backend: Backend): void {
  const dirs: string[] = []
  after(() => Promise.all(dirs.map(dir => rm(dir, { recursive: true, force: true }))))

  async function scenario (t: TestContext, how: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), `kconnect-e2e-${backend}-`))
    dirs.push(dir)
    const input = join(dir, 'input.txt')
    const output = join(dir, 'output.txt')
    const topic = uniqueName('e2e-lines')
    const source = uniqueName('file-source')
    const sink = uniqueName('file-sink')
    const settings = await workerSettings(backend, dir)
    const offsetsFile = settings['offset.storage.file.filename']
    const workerFile = await writeProperties(join(dir, 'worker.properties'), settings)
    const sourceFile = await writeProperties(join(dir, 'source.properties'),
      { name: source, 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: input, topic })
    const sinkFile = join(dir, 'sink.json')
    await writeFile(sinkFile, JSON.stringify({ name: sink, config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', file: output, topics: topic } }))
    const lines = streamLines(LINES)
    await writeFile(input, lines.slice(0, INITIAL_LINES).map(line => line + '\n').join(''))

    let worker: WorkerProcess | undefined = await startWorker(workerFile, [sourceFile, sinkFile])
    // The writer goes on appending while the worker runs, is down and runs again; it waits at
    // HOLD_AT until the worker is down, so that much is left to append whatever the machine's speed.
    const writer = new LineWriter(input, lines, { from: INITIAL_LINES, to: LINES, chunk: 200, pauseMs: 20, holdAt: HOLD_AT })
    // The offsets file is read while the worker rewrites it (and when it is killed): it must
    // always parse as a whole.
    let offsetsReads = 0
    let watching = true
    const watcher = (async () => {
      while (watching) {
        await flushedPosition(offsetsFile, source, input)
        offsetsReads++
        await new Promise(resolve => setTimeout(resolve, 2))
      }
    })()
    try {
      await worker.waitFor(`${STOP_AFTER} lines in the output`, async () => (await completeLines(output)).length >= STOP_AFTER)
      const writtenAtStop = writer.written
      const code = await worker.stop(how)
      assert.equal(code, how === 'SIGTERM' ? 0 : null, worker.tail())
      if (how === 'SIGTERM') assert.match(worker.output(), /Kafka Connect stopped/)
      watching = false
      await watcher
      writer.release()
      t.diagnostic(`offsets file read whole ${offsetsReads} times while the worker ran`)

      // Where the source and the sink will resume.
      const flushedLines = linesBefore(lines, await flushedPosition(offsetsFile, source, input))
      let log = await openLog(settings)
      const sinkCommitted = await sinkCommittedOffset(log, sink, topic).finally(() => log.close())
      const outputBefore = (await completeLines(output)).length
      t.diagnostic(`stopped by ${how} with ${writtenAtStop} lines written, ${outputBefore} in the output; ` +
        `source flushed ${flushedLines} lines, sink committed ${sinkCommitted}`)

      worker = await startWorker(workerFile, [sourceFile, sinkFile])
      await writer.done
      await worker.waitFor('every line in the output', async () => {
        const got = await completeLines(output)
        return got.length >= LINES && got.at(-1) === lines.at(-1)
      })
      const position = (await readFile(input, 'utf8')).length
      await worker.waitFor('the last position flushed', async () => await flushedPosition(offsetsFile, source, input) === position)
      assert.equal(await worker.stop('SIGTERM'), 0, worker.tail())
      worker = undefined

      log = await openLog(settings)
      const records = await readTopic(log, topic).finally(() => log.close())
      // JsonConverter with schemas: Kafka Connect's envelope, byte for byte.
      assert.equal(new TextDecoder().decode(records[0].value ?? new Uint8Array()), '{"schema":{"type":"string","optional":false},"payload":"hello"}')
      assert.equal(records[0].key, null)
      const text = await readFile(output, 'utf8')
      assert.ok(text.endsWith('\n'), 'the output ends with a whole line')
      const duplicates = checkDelivery(lines, records.map(jsonPayload), await completeLines(output), flushedLines, sinkCommitted)
      t.diagnostic(`duplicates: ${duplicates.source} from the source, ${duplicates.sink} from the sink`)
      if (how === 'SIGTERM') {
        // A graceful stop flushes the source's offsets of every record Kafka acknowledged, and
        // commits the sink's offsets of every record it wrote.
        assert.deepEqual(duplicates, { source: 0, sink: 0 })
      }
    } finally {
      watching = false
      writer.release()
      await worker?.stop('SIGKILL')
      await Promise.all([watcher, writer.done])
    }
  }

  describe(`FileStreamSource -> ${backend} -> FileStreamSink through kconnect standalone`, () => {
    it('keeps every line, intact and in order, across a SIGTERM and restart mid-stream, with no duplicate', t => scenario(t, 'SIGTERM'))
    it('loses nothing to kill -9 mid-stream, and repeats only what was past the flushed offsets', t => scenario(t, 'SIGKILL'))
  })
}
