// A broker that goes away for a few seconds, on a broker of this test's own: a FileStreamSource ->
// topic -> FileStreamSink pipeline keeps every line. The source's sends fail while the broker is
// down (its producer gives up after producer.override.delivery.timeout.ms) and are retried, in
// order, within errors.retry.timeout; the sink's consumer waits and goes on. Nothing is lost.

import assert from 'node:assert/strict'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { startKafka } from '../../../scripts/servers/kafka.ts'
import { uniqueName } from '../../support/kafka.ts'
import { eventually, tempFolder } from '../fixtures/harness.ts'
import { startErrorsWorker } from './fixtures.ts'

/** Whether something accepts connections at host:port. */
async function reachable (address: string): Promise<boolean> {
  const [host, port] = address.split(':')
  return await new Promise(resolve => {
    const socket = connect({ host, port: Number(port) })
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => { socket.destroy(); resolve(false) })
  })
}

async function lines (file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '')
  return text === '' ? [] : text.replace(/\n$/, '').split('\n')
}

test('the broker briefly down: sends are retried within errors.retry.timeout and every line arrives', { timeout: 240_000 }, async () => {
  const broker = await startKafka()
  after(() => broker.stop())
  const folder = await tempFolder()
  const input = join(folder, 'in.txt')
  const output = join(folder, 'out.txt')
  await writeFile(input, '')
  const runtime = await startErrorsWorker({
    'bootstrap.servers': broker.bootstrap,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'offset.storage.file.filename': join(folder, 'offsets'),
    'offset.flush.interval.ms': '200',
    'consumer.session.timeout.ms': '10000',
    'consumer.heartbeat.interval.ms': '500',
  })
  const topic = uniqueName('lines')
  await runtime.log.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }])
  const source = uniqueName('file-source')
  const sink = uniqueName('file-sink')
  await runtime.herder.putConnectorConfig(source, {
    name: source,
    'connector.class': 'FileStreamSource',
    file: input,
    topic,
    'errors.retry.timeout': '120000',
    'errors.retry.delay.max.ms': '1000',
    'producer.override.delivery.timeout.ms': '1500',
    'producer.override.request.timeout.ms': '1000',
    'producer.override.max.block.ms': '1000',
  }, { allowReplace: false })
  await runtime.herder.putConnectorConfig(sink, { name: sink, 'connector.class': 'FileStreamSink', topics: topic, file: output }, { allowReplace: false })

  const expected: string[] = []
  const write = async (from: number, to: number): Promise<void> => {
    const batch = Array.from({ length: to - from }, (_, i) => `line-${from + i}`)
    expected.push(...batch)
    await appendFile(input, batch.map(l => l + '\n').join(''))
  }
  await write(0, 50)
  await eventually(async () => (await lines(output)).length === 50, 'the first 50 lines', 60_000)

  // Down for 4 s, with lines written meanwhile: their sends fail and are retried.
  const restarted = broker.restart(4000)
  await eventually(async () => !await reachable(broker.bootstrap), 'the broker down', 60_000)
  await write(50, 100)
  await restarted
  await write(100, 150)
  await eventually(async () => (await lines(output)).length >= 150, 'all 150 lines', 120_000)
  const seen = await lines(output)
  assert.deepEqual([...new Set(seen)].sort(), [...expected].sort(), 'every line arrived')
  // At least once: a send retried after an unknown outcome may duplicate, never reorder the first copies.
  assert.deepEqual(seen.filter((l, i) => seen.indexOf(l) === i), expected)
  const status = await runtime.herder.connectorStatus(source)
  assert.equal(status.tasks[0].state, 'RUNNING')
  const errors = (await runtime.herder.taskMetrics?.(source, 0))?.['task-error-metrics'] ?? {}
  assert.ok(errors['total-retries'] >= 1, JSON.stringify(errors))
  await runtime.stop()
})
