// The records put() receives carry the record as it was consumed (InternalSinkRecord, as Kafka's),
// so that what a task reports goes to the dead letter queue as it was read, even after
// transformations changed its topic and headers; a record the task derives itself is a plain
// SinkRecord, converted back by the reporter.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SinkRecord } from '../../../src/api/sink/sink-record.ts'
import type { IncomingRecord } from '../../../src/log/log.ts'
import { consumedRecordOf, InternalSinkRecord } from '../../../src/runtime/sink/internal-sink-record.ts'
import { uniqueName } from '../../support/kafka.ts'
import { BACKENDS, eventually, readTopic, tempFolder, texts, workerConfig, type Backend } from '../fixtures/harness.ts'
import { headerTexts, produce, sinkObserved, startErrorsWorker } from '../errors/fixtures.ts'

const consumed: IncomingRecord = {
  topic: 't', partition: 2, offset: 7n, key: null, value: Buffer.from('v'), headers: [], timestamp: 5, timestampType: 'CreateTime',
}

describe('InternalSinkRecord', () => {
  test('carries its consumed record; wrapping a transformed record keeps its fields and headers object', () => {
    const record = new InternalSinkRecord({ topic: 't', kafkaPartition: 2, kafkaOffset: 7n, value: 'v', timestamp: 5, timestampType: 'CreateTime' }, consumed)
    assert.equal(consumedRecordOf(record), consumed)
    assert.equal(InternalSinkRecord.wrap(record, consumed), record, 'already the right record: no copy')

    const routed = record.newRecord({ topic: 'routed', value: 'w' })
    assert.equal(routed.constructor, SinkRecord, 'newRecord() gives a plain SinkRecord, as in Kafka')
    assert.equal(consumedRecordOf(routed), undefined)
    const wrapped = InternalSinkRecord.wrap(routed, consumed)
    assert.equal(consumedRecordOf(wrapped), consumed)
    assert.equal(wrapped.headers, routed.headers)
    assert.deepEqual([wrapped.topic, wrapped.value, wrapped.kafkaOffset, wrapped.originalTopic, wrapped.originalKafkaPartition, wrapped.timestampType],
      ['routed', 'w', 7n, 't', 2, 'CreateTime'])
  })
})

for (const backend of BACKENDS) {
  describe(`reports of transformed records on the ${backend} log`, () => {
    test('the errant record reporter sends the record as consumed, not as transformed', async () => {
      const runtime = await startErrorsWorker(await workerConfig(backend as Backend, await tempFolder()))
      try {
        const topic = uniqueName('in')
        await runtime.log.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }])
        await eventually(async () => (await runtime.log.describeTopics([topic])).has(topic), `topic ${topic}`)
        const dlq = uniqueName('dlq')
        const name = uniqueName('reporting')
        await produce(runtime.log, topic, ['a', 'report-me', 'b'])
        await runtime.herder.putConnectorConfig(name, {
          name,
          'connector.class': 'test.PickySinkConnector',
          topics: topic,
          'errors.tolerance': 'all',
          'errors.deadletterqueue.topic.name': dlq,
          'errors.deadletterqueue.topic.replication.factor': '1',
          'errors.deadletterqueue.context.headers.enable': 'true',
          transforms: 'route,mark',
          'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
          'transforms.route.regex': '.*',
          'transforms.route.replacement': 'routed',
          'transforms.mark.type': 'org.apache.kafka.connect.transforms.InsertHeader',
          'transforms.mark.header': 'marked',
          'transforms.mark.value.literal': 'yes',
        }, { allowReplace: false })
        await eventually(async () => (await runtime.log.committedOffsets(`connect-${name}`)).get({ topic, partition: 0 }) === 3n, 'offset 3 committed')
        assert.deepEqual(sinkObserved(name).written, ['a', 'b'])
        const [reported] = await readTopic(runtime.log, dlq)
        assert.deepEqual(texts([reported]), ['report-me'])
        const headers = headerTexts(reported.headers)
        assert.equal(Object.fromEntries(headers)['__connect.errors.topic'], topic, 'the topic it was read from, not the routed one')
        assert.ok(!headers.some(([key]) => key === 'marked'), 'no header a transformation added')
      } finally {
        await runtime.stop()
      }
    })
  })
}
