// Sink error handling end to end, on the embedded log and the test broker: malformed records with
// errors.tolerance=all (skipped, in the dead letter queue with Kafka's context headers, counted in
// the task's error metrics) and none (the task fails with a trace naming the record), put()
// failures narrowed down to the one bad record of a batch of 500, a sink that is failing as a
// whole, the errant record reporter, retriable converter failures and a destination that is
// briefly unavailable.

import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import type { Log } from '../../../src/log/log.ts'
import type { StandaloneRuntime } from '../../../src/runtime/standalone.ts'
import { uniqueName } from '../../support/kafka.ts'
import { BACKENDS, eventually, readTopic, tempFolder, texts, workerConfig, type Backend } from '../fixtures/harness.ts'
import { flakyFailures, headerTexts, produce, sinkBehaviour, sinkObserved, startErrorsWorker } from './fixtures.ts'

async function newTopic (log: Log): Promise<string> {
  const topic = uniqueName('in')
  await log.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }])
  await eventually(async () => (await log.describeTopics([topic])).has(topic), `topic ${topic}`)
  return topic
}

async function taskState (runtime: StandaloneRuntime, name: string): Promise<{ state: string, trace?: string } | undefined> {
  return (await runtime.herder.connectorStatus(name)).tasks[0]
}

async function committed (runtime: StandaloneRuntime, name: string, topic: string): Promise<bigint | undefined> {
  return (await runtime.log.committedOffsets(`connect-${name}`)).get({ topic, partition: 0 })
}

const DLQ = (dlq: string): Record<string, string> => ({
  'errors.deadletterqueue.topic.name': dlq,
  'errors.deadletterqueue.topic.replication.factor': '1',
  'errors.deadletterqueue.context.headers.enable': 'true',
})

for (const backend of BACKENDS) {
  describe(`sink error handling on the ${backend} log`, () => {
    const start = async (extra: Record<string, string> = {}): Promise<StandaloneRuntime> =>
      await startErrorsWorker(await workerConfig(backend as Backend, await tempFolder(), extra))

    test('tolerance all: the good records reach the file, the malformed one is in the DLQ with Kafka\'s context headers, and the metrics count it', async () => {
      const runtime = await start()
      const topic = await newTopic(runtime.log)
      const dlq = uniqueName('dlq')
      const name = uniqueName('json-sink')
      const file = join(await tempFolder(), 'out.txt')
      await produce(runtime.log, topic, ['{"a":1}', '{"a":2}', '{oops', '{"a":4}'])
      await runtime.herder.putConnectorConfig(name, {
        name,
        'connector.class': 'FileStreamSink',
        topics: topic,
        file,
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        'errors.tolerance': 'all',
        'errors.log.enable': 'true',
        'errors.log.include.messages': 'true',
        ...DLQ(dlq),
      }, { allowReplace: false })
      await eventually(async () => await committed(runtime, name, topic) === 4n, 'offset 4 committed')
      assert.deepEqual((await readFile(file, 'utf8')).split('\n'), ['{a=1}', '{a=2}', '{a=4}', ''])
      const [bad, ...more] = await readTopic(runtime.log, dlq)
      assert.equal(more.length, 0)
      assert.equal(Buffer.from(bad.value ?? []).toString(), '{oops')
      const headers = headerTexts(bad.headers)
      assert.deepEqual(headers.map(([key]) => key), [
        '__connect.errors.topic', '__connect.errors.partition', '__connect.errors.offset', '__connect.errors.connector.name',
        '__connect.errors.task.id', '__connect.errors.stage', '__connect.errors.class.name', '__connect.errors.exception.class.name',
        '__connect.errors.exception.message', '__connect.errors.exception.stacktrace',
      ])
      const header = Object.fromEntries(headers)
      assert.equal(header['__connect.errors.topic'], topic)
      assert.equal(header['__connect.errors.partition'], '0')
      assert.equal(header['__connect.errors.offset'], '2')
      assert.equal(header['__connect.errors.connector.name'], name)
      assert.equal(header['__connect.errors.task.id'], '0')
      assert.equal(header['__connect.errors.stage'], 'VALUE_CONVERTER')
      assert.equal(header['__connect.errors.class.name'], 'org.apache.kafka.connect.json.JsonConverter')
      assert.equal(header['__connect.errors.exception.class.name'], 'org.apache.kafka.connect.errors.DataException')
      assert.match(header['__connect.errors.exception.message'] ?? '', /^Converting byte\[\] to Kafka Connect data failed due to serialization error: /)
      assert.match(header['__connect.errors.exception.stacktrace'] ?? '', /^DataException: Converting byte\[\]/)
      const metrics = await runtime.herder.taskMetrics?.(name, 0)
      const errors = metrics?.['task-error-metrics'] ?? {}
      assert.equal(errors['total-record-failures'], 1)
      assert.equal(errors['total-record-errors'], 1)
      assert.equal(errors['total-records-skipped'], 1)
      assert.equal(errors['total-errors-logged'], 1)
      assert.equal(errors['deadletterqueue-produce-requests'], 1)
      assert.equal(errors['deadletterqueue-produce-failures'], 0)
      assert.ok(errors['last-error-timestamp'] > 0)
      assert.equal((await taskState(runtime, name))?.state, 'RUNNING')
    })

    test('tolerance none: the task fails with a trace that starts with the stage, the connector, the task and the record\'s topic, partition and offset', async () => {
      const runtime = await start()
      const topic = await newTopic(runtime.log)
      const name = uniqueName('strict-sink')
      const dlq = uniqueName('dlq')
      await produce(runtime.log, topic, ['{"a":1}', '{oops'])
      await runtime.herder.putConnectorConfig(name, {
        name,
        'connector.class': 'FileStreamSink',
        topics: topic,
        file: join(await tempFolder(), 'out.txt'),
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        ...DLQ(dlq),
      }, { allowReplace: false })
      const status = await eventually(async () => {
        const task = await taskState(runtime, name)
        return task?.state === 'FAILED' ? task : undefined
      }, 'the task FAILED')
      const firstLine = (status.trace ?? '').split('\n')[0]
      assert.equal(firstLine, `ConnectException: Tolerance exceeded in error handler: stage VALUE_CONVERTER (org.apache.kafka.connect.json.JsonConverter), ` +
        `connector '${name}' task 0, record at topic '${topic}', partition 0, offset 1; root cause: JsonParseError: Unexpected character ('o' (code 111)): ` +
        'was expecting double-quote to start field name at line 1, column 2')
      assert.match(status.trace ?? '', /Caused by: DataException: Converting byte\[\] to Kafka Connect data failed/)
      // As in Kafka, the record is reported before the task fails.
      assert.deepEqual(texts(await eventually(async () => { const r = await readTopic(runtime.log, dlq); return r.length > 0 ? r : undefined }, 'the DLQ record')), ['{oops'])
    })

    test('put() rejecting one record of a batch of 500: 499 arrive in order, the bad one is in the DLQ, and the offsets move past it', async () => {
      const runtime = await start({ 'consumer.max.poll.records': '500' })
      const topic = await newTopic(runtime.log)
      const dlq = uniqueName('dlq')
      const name = uniqueName('picky')
      const values = Array.from({ length: 500 }, (_, i) => i === 317 ? 'poison' : `v${i}`)
      await produce(runtime.log, topic, values)
      await runtime.herder.putConnectorConfig(name, {
        name, 'connector.class': 'test.PickySinkConnector', topics: topic, 'errors.tolerance': 'all', ...DLQ(dlq), secret: 'hunter2-secret',
      }, { allowReplace: false })
      await eventually(async () => await committed(runtime, name, topic) === 500n, 'offset 500 committed')
      const o = sinkObserved(name)
      assert.deepEqual(o.written, values.filter(v => v !== 'poison'))
      assert.ok(o.puts < 60, `${o.puts} put() calls`)
      const [bad, ...more] = await readTopic(runtime.log, dlq)
      assert.equal(more.length, 0)
      assert.equal(Buffer.from(bad.value ?? []).toString(), 'poison')
      const header = Object.fromEntries(headerTexts(bad.headers))
      assert.equal(header['__connect.errors.offset'], '317')
      assert.equal(header['__connect.errors.stage'], 'TASK_PUT')
      assert.equal(header['__connect.errors.class.name'], 'test.PickySinkTask')
      // The task quoted its PASSWORD setting; the DLQ does not.
      assert.equal(header['__connect.errors.exception.message'], 'cannot write poison (password [hidden])')
      assert.ok(!(header['__connect.errors.exception.stacktrace'] ?? '').includes('hunter2-secret'))
      assert.equal((await taskState(runtime, name))?.state, 'RUNNING')
    })

    test('a sink failing as a whole is not drained into the DLQ: after 5 records rejected alone in a row the task fails', async () => {
      const runtime = await start()
      const topic = await newTopic(runtime.log)
      const dlq = uniqueName('dlq')
      const name = uniqueName('broken')
      sinkBehaviour.set(name, { broken: true })
      await produce(runtime.log, topic, Array.from({ length: 50 }, (_, i) => `v${i}`))
      await runtime.herder.putConnectorConfig(name, {
        name, 'connector.class': 'test.PickySinkConnector', topics: topic, 'errors.tolerance': 'all', ...DLQ(dlq), secret: 'hunter2-secret',
      }, { allowReplace: false })
      const status = await eventually(async () => {
        const task = await taskState(runtime, name)
        return task?.state === 'FAILED' ? task : undefined
      }, 'the task FAILED')
      assert.match(status.trace ?? '', /^ConnectException: Exiting WorkerSinkTask due to unrecoverable exception: put\(\) rejected 5 records in a row on their own/)
      assert.ok(!(status.trace ?? '').includes('hunter2-secret'), status.trace)
      assert.ok((await readTopic(runtime.log, dlq)).length <= 4)
      assert.ok((await committed(runtime, name, topic) ?? 0n) === 0n)
    })

    test('the errant record reporter: reported records go to the DLQ before their offsets are committed; with tolerance none the task fails', async () => {
      const runtime = await start()
      const topic = await newTopic(runtime.log)
      const dlq = uniqueName('dlq')
      const name = uniqueName('reporting')
      await produce(runtime.log, topic, ['a', 'report-me', 'b'])
      await runtime.herder.putConnectorConfig(name, {
        name, 'connector.class': 'test.PickySinkConnector', topics: topic, 'errors.tolerance': 'all', ...DLQ(dlq),
      }, { allowReplace: false })
      await eventually(async () => await committed(runtime, name, topic) === 3n, 'offset 3 committed')
      assert.deepEqual(sinkObserved(name).written, ['a', 'b'])
      assert.deepEqual(sinkObserved(name).reportResults, ['stored'])
      const [reported] = await readTopic(runtime.log, dlq)
      const header = Object.fromEntries(headerTexts(reported.headers))
      assert.equal(header['__connect.errors.stage'], 'TASK_PUT')
      assert.equal(header['__connect.errors.class.name'], 'org.apache.kafka.connect.sink.SinkTask')
      assert.equal(header['__connect.errors.exception.message'], 'the destination refused report-me')

      const strict = uniqueName('reporting-strict')
      await runtime.herder.putConnectorConfig(strict, {
        name: strict, 'connector.class': 'test.PickySinkConnector', topics: topic, 'errors.log.enable': 'true',
      }, { allowReplace: false })
      const status = await eventually(async () => {
        const task = await taskState(runtime, strict)
        return task?.state === 'FAILED' ? task : undefined
      }, 'the strict task FAILED')
      assert.match(status.trace ?? '', new RegExp(`^ConnectException: Tolerance exceeded in error handler: stage TASK_PUT \\(org.apache.kafka.connect.sink.SinkTask\\), connector '${strict}' task 0, record at topic '${topic}', partition 0, offset 1;`))
      assert.deepEqual(sinkObserved(strict).reportResults, ['rejected'])
    })

    test('retriable failures: a converter\'s RetriableException is retried within errors.retry.timeout; a destination briefly down gets the batch again', async () => {
      const runtime = await start()
      const topic = await newTopic(runtime.log)
      const name = uniqueName('flaky')
      const flaky = `flaky-${name}`
      flakyFailures.set(flaky, 2)
      sinkBehaviour.set(name, { down: true })
      await produce(runtime.log, topic, ['a', flaky, 'c'])
      await runtime.herder.putConnectorConfig(name, {
        name,
        'connector.class': 'test.PickySinkConnector',
        topics: topic,
        'value.converter': 'test.FlakyStringConverter',
        'errors.retry.timeout': '30000',
        'errors.retry.delay.max.ms': '400',
      }, { allowReplace: false })
      await eventually(() => sinkObserved(name).puts >= 3, 'three refused deliveries')
      assert.deepEqual(sinkObserved(name).written, [])
      sinkBehaviour.set(name, {})
      await eventually(async () => await committed(runtime, name, topic) === 3n, 'offset 3 committed')
      assert.deepEqual(sinkObserved(name).written, ['a', flaky, 'c'])
      const errors = (await runtime.herder.taskMetrics?.(name, 0))?.['task-error-metrics'] ?? {}
      assert.ok(errors['total-retries'] >= 4, JSON.stringify(errors))
      assert.equal(errors['total-records-skipped'], 0)
      assert.equal(errors['total-record-errors'], 0)
      assert.equal((await taskState(runtime, name))?.state, 'RUNNING')
    })
  })
}

test('a DLQ topic that cannot be created (replication factor 3 on one broker) fails the task at start, saying what to change', async () => {
  const runtime = await startErrorsWorker(await workerConfig('kafka', await tempFolder()))
  const topic = await newTopic(runtime.log)
  const name = uniqueName('rf3')
  const dlq = uniqueName('dlq')
  await runtime.herder.putConnectorConfig(name, {
    name, 'connector.class': 'test.PickySinkConnector', topics: topic, 'errors.deadletterqueue.topic.name': dlq,
  }, { allowReplace: false })
  const status = await eventually(async () => {
    const task = await taskState(runtime, name)
    return task?.state === 'FAILED' ? task : undefined
  }, 'the task FAILED')
  assert.equal((status.trace ?? '').split('\n')[0], `ConnectException: Could not initialize dead letter queue with topic=${dlq} ` +
    '(errors.deadletterqueue.topic.replication.factor is 3; set it to at most the number of brokers, or create the topic beforehand)')
})
