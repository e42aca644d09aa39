// Bad input against a running `kconnect standalone` (embedded log), while a good FileStream pipeline
// runs in the same worker: each request answers as Kafka Connect does, each broken connector fails
// only its own task with a trace that names the file and the reason, and afterwards the worker
// still serves, its /health is healthy and the good pipeline still moves lines. The exact answers
// to bad requests are compared with Java's in test/parity/rest.test.ts; here the point is that
// none of them disturbs the worker. A bad connector file at start-up ends the command with exit 1
// and the reason.

import assert from 'node:assert/strict'
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { once } from 'node:events'
import {
  completeLines, startWorker, WorkerProcess, workerSettings, writeProperties,
} from './support.ts'

let dir: string
let worker: WorkerProcess
let workerFile: string
const goodInput = (): string => join(dir, 'good-in.txt')
const goodOutput = (): string => join(dir, 'good-out.txt')

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kconnect-e2e-bad-input-'))
  workerFile = await writeProperties(join(dir, 'worker.properties'), await workerSettings('embedded', dir))
  const source = await writeProperties(join(dir, 'good-source.properties'),
    { name: 'good-source', 'connector.class': 'FileStreamSource', file: goodInput(), topic: 'good' })
  const sink = await writeProperties(join(dir, 'good-sink.properties'),
    { name: 'good-sink', 'connector.class': 'FileStreamSink', file: goodOutput(), topics: 'good' })
  await writeFile(goodInput(), 'before\n')
  worker = await startWorker(workerFile, [source, sink])
  await worker.waitFor('the good pipeline moving a line', async () => (await completeLines(goodOutput())).length === 1)
})

after(async () => {
  await worker?.stop('SIGKILL')
  await rm(dir, { recursive: true, force: true })
})

async function create (name: string, config: Record<string, string>): Promise<void> {
  const { status, text } = await worker.request('POST', '/connectors', { name, config })
  assert.equal(status, 201, text)
}

async function failedTrace (name: string): Promise<string> {
  await worker.waitFor(`${name}'s task failing`, async () => (await worker.states(name))[1] === 'FAILED')
  const { body } = await worker.request('GET', `/connectors/${name}/status`)
  assert.equal(body.connector.state, 'RUNNING', 'only the task fails; the connector itself is fine')
  return body.tasks[0].trace
}

describe('a running kconnect standalone given bad input', () => {
  it('answers bad requests as Kafka Connect does', async () => {
    const malformed = await worker.request('POST', '/connectors', '{"name": "x", "config": {')
    assert.equal(malformed.status, 500)
    assert.match(malformed.body.message, /^Unexpected end-of-input: expected close marker for Object/)

    const unknownClass = await worker.request('POST', '/connectors', { name: 'x', config: { 'connector.class': 'FileStreamSorce', topic: 't' } })
    assert.equal(unknownClass.status, 400)
    // Kafka's message, and kconnect's suggestion.
    assert.match(unknownClass.body.message, /^Failed to find any class that implements Connector and which name matches FileStreamSorce, available connectors are: /)
    assert.match(unknownClass.body.message, /Did you mean FileStreamSource\?$/)

    const missing = await worker.request('POST', '/connectors', { name: 'x', config: { 'connector.class': 'FileStreamSource' } })
    assert.equal(missing.status, 400)
    assert.match(missing.body.message, /Missing required configuration "topic" which has no default value\./)

    const invalid = await worker.request('POST', '/connectors', { name: 'x', config: { 'connector.class': 'FileStreamSource', topic: 't', 'batch.size': 'many' } })
    assert.equal(invalid.status, 400)
    assert.match(invalid.body.message, /Invalid value many for configuration batch\.size: Not a number of type INT/)

    assert.deepEqual(await worker.request('GET', '/connectors/nope/status'),
      { status: 404, body: { error_code: 404, message: 'No status found for connector nope' }, text: '{"error_code":404,"message":"No status found for connector nope"}' })
    assert.equal((await worker.request('DELETE', '/connectors/nope')).status, 404)
    assert.deepEqual((await worker.request('GET', '/connectors')).body.sort(), ['good-sink', 'good-source'])
  })

  it('waits for a source file that does not exist, as Kafka does, and says so in its log', async () => {
    const missing = join(dir, 'missing.txt')
    await create('missing-source', { 'connector.class': 'FileStreamSource', file: missing, topic: 'missing' })
    await worker.waitFor('the warning about the missing file', () => worker.output().includes(
      `Couldn't find file ${missing} for FileStreamSourceTask, sleeping to wait for it to be created`))
    assert.deepEqual(await worker.states('missing-source'), ['RUNNING', 'RUNNING'])
  })

  it('fails the task of a source whose file is a directory, with the reason in its trace', async () => {
    const folder = join(dir, 'a-folder')
    await mkdir(folder)
    await create('folder-source', { 'connector.class': 'FileStreamSource', file: folder, topic: 'folder' })
    const trace = await failedTrace('folder-source')
    assert.ok(trace.includes(`file ${folder} for FileStreamSourceTask`), trace)
    assert.match(trace, /EISDIR/)
  })

  it('fails the task of a sink whose file cannot be created, with the reason in its trace, until its config is fixed', async () => {
    // A regular file where the sink's directory should be: even root cannot create a file there.
    const notADirectory = join(dir, 'plain-file')
    await writeFile(notADirectory, 'I am a file\n')
    const unwritable = join(notADirectory, 'out.txt')
    await create('broken-sink', { 'connector.class': 'FileStreamSink', file: unwritable, topics: 'good' })
    const trace = await failedTrace('broken-sink')
    assert.ok(trace.startsWith(`ConnectException: Couldn't find or create file '${unwritable}' for FileStreamSinkTask: ENOTDIR`), trace)

    const fixed = join(dir, 'fixed-out.txt')
    const { status } = await worker.request('PUT', '/connectors/broken-sink/config', { 'connector.class': 'FileStreamSink', file: fixed, topics: 'good' })
    assert.equal(status, 200)
    await worker.waitFor('the fixed sink writing the topic', async () => (await completeLines(fixed)).length >= 1)
  })

  it('still serves, and still moves lines, after all that', async () => {
    assert.equal((await worker.request('GET', '/')).status, 200)
    assert.deepEqual((await worker.request('GET', '/health')).body, { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' })
    assert.deepEqual(await worker.states('good-source'), ['RUNNING', 'RUNNING'])
    assert.deepEqual(await worker.states('good-sink'), ['RUNNING', 'RUNNING'])
    await appendFile(goodInput(), 'after\n')
    await worker.waitFor('a new line through the good pipeline', async () => (await completeLines(goodOutput())).length === 2)
    assert.deepEqual(await completeLines(goodOutput()), ['before', 'after'])
    assert.equal(await worker.stop('SIGTERM'), 0)
  })

  it('ends with exit 1 and the reason when a connector file holds an invalid value', async () => {
    const bad = await writeProperties(join(dir, 'bad.properties'),
      { name: 'bad', 'connector.class': 'FileStreamSource', topic: 't', 'batch.size': 'many' })
    const process = new WorkerProcess([workerFile, bad])
    const [code] = await once(process.child, 'exit') as [number | null]
    assert.equal(code, 1, process.output())
    assert.match(process.output(), /Invalid value many for configuration batch\.size: Not a number of type INT/)
  })
})
