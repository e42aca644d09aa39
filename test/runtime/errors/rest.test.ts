// Error handling through the REST API of `kconnect standalone` (embedded log): a task's error
// metrics at GET /connectors/{c}/tasks/{t}/metrics (kconnect only), and the source DLQ settings,
// which the validate endpoint lists and checks only for configurations that set them (so it
// answers as Kafka's for every other configuration).

import assert from 'node:assert/strict'
import { appendFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { produce } from './fixtures.ts'
import { eventually, startTestWorker } from '../../connectors/standalone-worker.ts'
import { tempFolder } from '../fixtures/harness.ts'

test('GET /connectors/{c}/tasks/{t}/metrics shows task-error-metrics; unknown connectors and tasks are 404s', async () => {
  const folder = await tempFolder()
  const worker = await startTestWorker(folder)
  after(() => worker.stop())
  const input = join(folder, 'in.txt')
  await writeFile(input, '')
  const log = worker.handle.runtime.log
  await log.createTopics([{ name: 'lines', partitions: 1 }])
  await produce(log, 'lines', ['{"a":1}', 'not json', '{"a":3}'])
  const created = await worker.request('POST', '/connectors', {
    name: 'json-sink',
    config: {
      'connector.class': 'FileStreamSink',
      topics: 'lines',
      file: join(folder, 'out.txt'),
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
      'errors.tolerance': 'all',
    },
  })
  assert.equal(created.status, 201)
  await appendFile(input, '')
  await eventually('the bad record skipped', async () => {
    const answer = await worker.request('GET', '/connectors/json-sink/tasks/0/metrics')
    return answer.status === 200 && answer.body['task-error-metrics']['total-records-skipped'] === 1
  })
  const { body } = await worker.request('GET', '/connectors/json-sink/tasks/0/metrics')
  assert.deepEqual(Object.keys(body), ['task-error-metrics'])
  assert.deepEqual(Object.keys(body['task-error-metrics']), [
    'total-record-failures', 'total-record-errors', 'total-records-skipped', 'total-retries', 'total-errors-logged',
    'deadletterqueue-produce-requests', 'deadletterqueue-produce-failures', 'last-error-timestamp',
  ])
  assert.deepEqual(await worker.request('GET', '/connectors/nope/tasks/0/metrics'), { status: 404, body: { error_code: 404, message: 'Connector nope not found' } })
  assert.deepEqual(await worker.request('GET', '/connectors/json-sink/tasks/7/metrics'),
    { status: 404, body: { error_code: 404, message: 'Task json-sink-7 is not running on this worker, so it has no metrics' } })
})

test('the source DLQ settings are validated only when a source configuration sets one', async () => {
  const folder = await tempFolder()
  const worker = await startTestWorker(folder)
  after(() => worker.stop())
  const names = (answer: { body: { configs: Array<{ definition: { name: string } | null, value: { name: string, errors: string[] } }> } }): string[] =>
    answer.body.configs.map(c => c.value.name)
  const plain = await worker.request('PUT', '/connector-plugins/FileStreamSource/config/validate', { 'connector.class': 'FileStreamSource', topic: 't' })
  assert.equal(plain.status, 200)
  assert.ok(!names(plain).includes('errors.deadletterqueue.topic.name'))
  const withDlq = await worker.request('PUT', '/connector-plugins/FileStreamSource/config/validate', {
    name: 'src', 'connector.class': 'FileStreamSource', topic: 't', 'errors.deadletterqueue.topic.name': 'dlq', 'errors.deadletterqueue.topic.replication.factor': 'three',
  })
  assert.equal(withDlq.body.error_count, 1)
  const factor = withDlq.body.configs.find((c: { value: { name: string } }) => c.value.name === 'errors.deadletterqueue.topic.replication.factor')
  assert.deepEqual(factor.value.errors, ['Invalid value three for configuration errors.deadletterqueue.topic.replication.factor: Not a number of type SHORT'])
  assert.ok(names(withDlq).includes('errors.deadletterqueue.context.headers.enable'))
})
