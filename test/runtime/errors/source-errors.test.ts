// Source error handling end to end, on the embedded log and the test broker: kconnect's source
// dead letter queue (a record that fails conversion goes there with its source coordinates, the
// others reach their topic, and the offsets move past it only once the DLQ has it), the trace of a
// failed record without tolerance, and a RetriableException from poll().

import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { RetriableException } from '../../../src/api/errors.ts'
import { startStandalone, type StandaloneRuntime } from '../../../src/runtime/standalone.ts'
import { OffsetStorageReaderImpl } from '../../../src/storage/offset-storage-reader.ts'
import { uniqueName } from '../../support/kafka.ts'
import { BACKENDS, eventually, readTopic, tempFolder, texts, workerConfig, type Backend } from '../fixtures/harness.ts'
import { hooks, observed, TEST_PLUGINS } from '../fixtures/test-connectors.ts'
import { ERROR_TEST_PLUGINS, headerTexts } from './fixtures.ts'

async function start (backend: Backend): Promise<StandaloneRuntime> {
  const config = await workerConfig(backend, await tempFolder(), { 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false' })
  const runtime = await startStandalone({ workerConfig: config, plugins: [...TEST_PLUGINS, ...ERROR_TEST_PLUGINS] })
  after(() => runtime.stop())
  return runtime
}

async function committedIndex (runtime: StandaloneRuntime, name: string): Promise<unknown> {
  const reader = new OffsetStorageReaderImpl(runtime.worker.offsetStore, name)
  return (await reader.offset({ list: name }))?.i ?? null
}

for (const backend of BACKENDS) {
  describe(`source error handling on the ${backend} log`, () => {
    test('a record that fails conversion goes to the source DLQ with its source coordinates; the others reach the topic; offsets move past it', async () => {
      const runtime = await start(backend)
      const name = uniqueName('list')
      const topic = uniqueName('out')
      const dlq = uniqueName('source-dlq')
      await runtime.herder.putConnectorConfig(name, {
        name,
        'connector.class': 'test.ListSourceConnector',
        topic,
        values: 'a,b,bad:c,d,e',
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.deadletterqueue.topic.replication.factor': '1',
        'errors.deadletterqueue.context.headers.enable': 'true',
      }, { allowReplace: false })
      await eventually(async () => await committedIndex(runtime, name) === 4n, 'offset i=4 committed')
      assert.deepEqual(texts(await readTopic(runtime.log, topic)), ['"a"', '"b"', '"d"', '"e"'])
      const [failed, ...more] = await readTopic(runtime.log, dlq)
      assert.equal(more.length, 0)
      assert.equal(Buffer.from(failed.value ?? []).toString(), '"bad:c"')
      const headers = headerTexts(failed.headers)
      assert.deepEqual(headers.map(([key]) => key), [
        '__connect.errors.fallback.json', '__connect.errors.topic', '__connect.errors.source.partition', '__connect.errors.source.offset',
        '__connect.errors.connector.name', '__connect.errors.task.id', '__connect.errors.stage', '__connect.errors.class.name',
        '__connect.errors.exception.class.name', '__connect.errors.exception.message', '__connect.errors.exception.stacktrace',
      ])
      const header = Object.fromEntries(headers)
      assert.equal(header['__connect.errors.fallback.json'], 'value')
      assert.equal(header['__connect.errors.topic'], topic)
      assert.equal(header['__connect.errors.source.partition'], JSON.stringify({ list: name }))
      assert.equal(header['__connect.errors.source.offset'], '{"i":2}')
      assert.equal(header['__connect.errors.stage'], 'VALUE_CONVERTER')
      assert.equal(header['__connect.errors.class.name'], 'org.apache.kafka.connect.json.JsonConverter')
      assert.equal(header['__connect.errors.exception.class.name'], 'org.apache.kafka.connect.errors.DataException')
      const errors = (await runtime.herder.taskMetrics?.(name, 0))?.['task-error-metrics'] ?? {}
      assert.equal(errors['total-records-skipped'], 1)
      assert.equal(errors['deadletterqueue-produce-requests'], 1)
      assert.equal((await runtime.herder.connectorStatus(name)).tasks[0].state, 'RUNNING')
    })

    test('without tolerance, the failed record fails the task with a trace naming its source partition and offset', async () => {
      const runtime = await start(backend)
      const name = uniqueName('list-strict')
      await runtime.herder.putConnectorConfig(name, {
        name, 'connector.class': 'test.ListSourceConnector', topic: uniqueName('out'), values: 'a,bad:b',
      }, { allowReplace: false })
      const task = await eventually(async () => {
        const status = (await runtime.herder.connectorStatus(name)).tasks[0]
        return status?.state === 'FAILED' ? status : undefined
      }, 'the task FAILED')
      assert.equal((task.trace ?? '').split('\n')[0], 'ConnectException: Tolerance exceeded in error handler: stage VALUE_CONVERTER ' +
        `(org.apache.kafka.connect.json.JsonConverter), connector '${name}' task 0, record at source partition {list=${name}}, source offset {i=1}, ` +
        `for topic '${(await runtime.herder.connectorConfig(name)).topic}'; root cause: DataException: Invalid type for INT32: string`)
    })

    test('a RetriableException from poll() is retried after a pause, and counted', async () => {
      const runtime = await start(backend)
      const name = uniqueName('seq')
      let failures = 0
      hooks.set(name, { onPoll: call => { if (call <= 3) { failures++; throw new RetriableException('the source is briefly away') } } })
      await runtime.herder.putConnectorConfig(name, {
        name, 'connector.class': 'test.SequenceSourceConnector', topic: uniqueName('out'), count: '5', 'errors.retry.delay.max.ms': '1000',
      }, { allowReplace: false })
      await eventually(() => observed(name).acked.length === 5, 'five records acknowledged')
      assert.equal(failures, 3)
      const errors = (await runtime.herder.taskMetrics?.(name, 0))?.['task-error-metrics'] ?? {}
      assert.equal(errors['total-retries'], 3)
    })
  })
}
