// The FileStream connectors in a standalone worker (embedded log), through the REST API: lines with
// non-ASCII text go from file to topic to file, a restart resumes from the committed positions
// (counted in chars, as Kafka's), a missing source file is waited for, and a sink file that cannot
// be created fails its task with a clear trace while the worker keeps serving.

import assert from 'node:assert/strict'
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { eventually, startTestWorker, type TestWorker } from '../standalone-worker.ts'

let dir: string
before(async () => { dir = await mkdtemp(join(tmpdir(), 'kconnect-file-standalone-')) })
after(async () => { await rm(dir, { recursive: true, force: true }) })

async function lines (path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '')
  return text === '' ? [] : text.replace(/\n$/, '').split('\n')
}

async function createConnector (worker: TestWorker, name: string, config: Record<string, string>): Promise<void> {
  const { status, body } = await worker.request('POST', '/connectors', { name, config })
  assert.equal(status, 201, JSON.stringify(body))
}

async function taskStates (worker: TestWorker, name: string): Promise<string[]> {
  const { body } = await worker.request('GET', `/connectors/${name}/status`)
  return (body?.tasks ?? []).map((t: { state: string }) => t.state)
}

describe('FileStream connectors in a standalone worker', () => {
  it('move lines from file to file, and resume after a restart without loss or duplicates', async () => {
    const workerDir = join(dir, 'flow')
    const input = join(dir, 'flow-in.txt')
    const output = join(dir, 'flow-out.txt')
    const first = ['hello', 'ünïcödé', '日本語のテキスト', 'emoji 😀 here', '', 'crlf next']
    await writeFile(input, first.join('\r\n') + '\r\n')

    let worker = await startTestWorker(workerDir)
    try {
      await createConnector(worker, 'file-source', { 'connector.class': 'FileStreamSource', file: input, topic: 'lines' })
      await createConnector(worker, 'file-sink', { 'connector.class': 'FileStreamSinkConnector', file: output, topics: 'lines' })
      await eventually('the first lines reach the output', async () => (await lines(output)).length >= first.length)
      assert.deepEqual(await lines(output), first)
    } finally {
      await worker.stop()
    }

    // While the worker is down the file grows; the restarted source goes on from its offset.
    const second = ['after restart', 'ünïcödé again']
    await appendFile(input, second.join('\n') + '\n')
    worker = await startTestWorker(workerDir)
    try {
      await createConnector(worker, 'file-source', { 'connector.class': 'FileStreamSource', file: input, topic: 'lines' })
      await createConnector(worker, 'file-sink', { 'connector.class': 'FileStreamSinkConnector', file: output, topics: 'lines' })
      await eventually('the new lines reach the output', async () => (await lines(output)).length >= first.length + second.length)
      await appendFile(input, 'tailed\n')
      await eventually('a line appended while running reaches the output', async () => (await lines(output)).at(-1) === 'tailed')
      assert.deepEqual(await lines(output), [...first, ...second, 'tailed'])

      // The committed position counts chars (Java's unit), not bytes.
      const chars = (await readFile(input, 'utf8')).length
      assert.notEqual(chars, (await readFile(input)).length, 'the input has multi-byte characters')
      await eventually('the offset of the last line is committed', async () => {
        const { body } = await worker.request('GET', '/connectors/file-source/offsets')
        return body?.offsets?.[0]?.offset?.position === chars
      })
      const { body } = await worker.request('GET', '/connectors/file-source/offsets')
      assert.deepEqual(body, { offsets: [{ partition: { filename: input }, offset: { position: chars } }] })
    } finally {
      await worker.stop()
    }
  })

  it('wait for a source file that does not exist yet, and fail a sink whose file cannot be created', async () => {
    const worker = await startTestWorker(join(dir, 'errors'))
    try {
      const later = join(dir, 'created-later.txt')
      const output = join(dir, 'errors-out.txt')
      await createConnector(worker, 'waiting-source', { 'connector.class': 'FileStreamSource', file: later, topic: 'later' })
      await createConnector(worker, 'sink', { 'connector.class': 'FileStreamSink', file: output, topics: 'later' })
      const unwritable = join(dir, 'no-such-dir', 'out.txt')
      await createConnector(worker, 'broken-sink', { 'connector.class': 'FileStreamSink', file: unwritable, topics: 'later' })

      await eventually('the sink task fails', async () => (await taskStates(worker, 'broken-sink'))[0] === 'FAILED')
      const { body: status } = await worker.request('GET', '/connectors/broken-sink/status')
      assert.equal(status.connector.state, 'RUNNING')
      const trace: string = status.tasks[0].trace
      assert.ok(trace.includes(`Couldn't find or create file '${unwritable}' for FileStreamSinkTask`), trace)
      assert.match(trace, /ENOENT/)

      // The missing source file keeps its task RUNNING (as in Kafka) until the file appears.
      assert.deepEqual(await taskStates(worker, 'waiting-source'), ['RUNNING'])
      await writeFile(later, 'finally here\n')
      await eventually('the late file\'s line reaches the sink', async () => (await lines(output)).includes('finally here'))
      assert.equal((await worker.request('GET', '/connectors')).status, 200)
    } finally {
      await worker.stop()
    }
  })
})
