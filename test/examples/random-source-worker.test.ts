// The example connector deployed as a user deploys it: a standalone worker whose plugin.path holds
// examples/ (and a broken package, which must not stop the worker) lists it on /connector-plugins
// with its version, validates its configuration, and runs it: RandomSource -> topic ->
// FileStreamSink, every number the one its (seed, task, sequence) gives.

import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { randomAt } from '../../examples/random-source/src/random.ts'
import { KAFKA_VERSION } from '../../scripts/servers/versions.ts'
import { eventually, startTestWorker, type TestWorker } from '../connectors/standalone-worker.ts'

const EXAMPLES = resolve(import.meta.dirname, '..', '..', 'examples')
const EXAMPLE_CLASS = 'com.example.kconnect.RandomSourceConnector'

let dir: string
let worker: TestWorker
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kconnect-example-worker-'))
  const broken = join(dir, 'plugins', 'broken')
  await mkdir(broken, { recursive: true })
  await writeFile(join(broken, 'package.json'), JSON.stringify({ name: 'broken', kconnect: { connectors: [{ class: 'x.Y', module: './missing.ts' }] } }))
  worker = await startTestWorker(join(dir, 'worker'), { 'plugin.path': `${EXAMPLES},${join(dir, 'plugins')}` })
})
after(async () => {
  await worker?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('examples/random-source in a worker', () => {
  it('is listed by /connector-plugins with its version, beside the built-in connectors', async () => {
    const { status, body } = await worker.request('GET', '/connector-plugins')
    assert.equal(status, 200)
    assert.deepEqual(body, [
      { class: 'org.apache.kafka.connect.file.FileStreamSinkConnector', type: 'sink', version: KAFKA_VERSION },
      { class: EXAMPLE_CLASS, type: 'source', version: '1.0.0' },
      { class: 'org.apache.kafka.connect.file.FileStreamSourceConnector', type: 'source', version: KAFKA_VERSION },
    ])
  })

  it('validates its configuration by its short name', async () => {
    const { status, body } = await worker.request('PUT', '/connector-plugins/RandomSource/config/validate',
      { 'connector.class': 'RandomSource', name: 'random', topic: '', 'batch.size': '0' })
    assert.equal(status, 200)
    assert.equal(body.name, 'RandomSource', 'Kafka names the result after connector.class as given')
    const errors = Object.fromEntries(body.configs.map((c: any) => [c.value.name, c.value.errors]))
    assert.deepEqual(errors.topic, ['Invalid value  for configuration topic: String must be non-empty'])
    assert.deepEqual(errors['batch.size'], ['Invalid value 0 for configuration batch.size: Value must be at least 1'])
    assert.equal(body.error_count, 2)
  })

  it('runs: its numbers reach a FileStreamSink through a topic', async () => {
    const output = join(dir, 'numbers.txt')
    const json = { 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'true' }
    let response = await worker.request('POST', '/connectors', {
      name: 'random',
      config: { 'connector.class': 'RandomSource', topic: 'numbers', seed: '7', 'tasks.max': '2', 'batch.size': '5', 'interval.ms': '20', ...json },
    })
    assert.equal(response.status, 201, JSON.stringify(response.body))
    response = await worker.request('POST', '/connectors', {
      name: 'numbers-sink',
      config: { 'connector.class': 'FileStreamSink', topics: 'numbers', file: output, ...json },
    })
    assert.equal(response.status, 201, JSON.stringify(response.body))

    const read = async (): Promise<string[]> => (await readFile(output, 'utf8').catch(() => '')).split('\n').filter(l => l !== '')
    await eventually('numbers of both tasks reach the file', async () => {
      const lines = await read()
      return lines.some(l => l.startsWith('Struct{task=0,')) && lines.some(l => l.startsWith('Struct{task=1,')) && lines.length >= 20
    })
    const seen = new Map<number, bigint[]>()
    for (const line of await read()) {
      const match = /^Struct\{task=(\d+),sequence=(\d+),value=(\d+)\}$/.exec(line)
      assert.ok(match !== null, `unexpected line ${line}`)
      const [task, sequence, value] = [Number(match[1]), BigInt(match[2]), Number(match[3])]
      assert.equal(value, randomAt(7n, task, sequence, 1_000_000), line)
      seen.set(task, [...(seen.get(task) ?? []), sequence])
    }
    // Each task's stream arrives in order from sequence 0 (one task's records share a key, hence a partition).
    for (const sequences of seen.values()) assert.deepEqual(sequences, sequences.map((_, i) => BigInt(i)))

    const { body: status } = await worker.request('GET', '/connectors/random/status')
    assert.deepEqual(status.tasks.map((t: any) => t.state), ['RUNNING', 'RUNNING'])
  })
})
