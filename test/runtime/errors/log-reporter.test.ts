// The error log (errors.log.enable): Kafka's line, with the record's coordinates only when
// errors.log.include.messages is set, and never a secret.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Schema } from '../../../src/api/data/schema.ts'
import { DataException } from '../../../src/api/errors.ts'
import { SourceRecord } from '../../../src/api/source/source-record.ts'
import type { IncomingRecord } from '../../../src/log/log.ts'
import { configureLogging } from '../../../src/logging/index.ts'
import { ErrorHandlingMetrics } from '../../../src/runtime/errors/error-handling-metrics.ts'
import { SinkLogReporter, SourceLogReporter } from '../../../src/runtime/errors/log-reporter.ts'
import { ProcessingContext } from '../../../src/runtime/errors/processing-context.ts'
import { SecretScrubber } from '../../../src/runtime/errors/secret-scrubber.ts'

const RECORD: IncomingRecord = {
  topic: 'orders', partition: 1, offset: 7n, key: null, value: null, headers: [], timestamp: 1700000000000, timestampType: 'CreateTime',
}

function failed<T> (original: T, error: unknown): ProcessingContext<T> {
  const context = new ProcessingContext(original)
  context.currentContext('VALUE_CONVERTER', 'org.apache.kafka.connect.json.JsonConverter')
  context.fail(error)
  return context
}

test('sink: Kafka\'s line, with the consumed record\'s coordinates when messages are included', () => {
  const metrics = new ErrorHandlingMetrics()
  const options = { id: { connector: 'orders-sink', task: 0 }, enabled: true, includeMessages: true, metrics, scrubber: SecretScrubber.NONE }
  assert.equal(new SinkLogReporter(options).message(failed(RECORD, new DataException('x'))),
    'Error encountered in task orders-sink-0. Executing stage \'VALUE_CONVERTER\' with class \'org.apache.kafka.connect.json.JsonConverter\', ' +
    'where consumed record is {topic=\'orders\', partition=1, offset=7, timestamp=1700000000000, timestampType=CreateTime}.')
  assert.equal(new SinkLogReporter({ ...options, includeMessages: false }).message(failed(RECORD, new DataException('x'))),
    'Error encountered in task orders-sink-0. Executing stage \'VALUE_CONVERTER\' with class \'org.apache.kafka.connect.json.JsonConverter\'.')
})

test('source: the SourceRecord when messages are included', () => {
  const record = new SourceRecord({ sourcePartition: { f: 'a' }, sourceOffset: { p: 1 }, topic: 't', valueSchema: Schema.STRING_SCHEMA, value: 'v' })
  const reporter = new SourceLogReporter({ id: { connector: 's', task: 2 }, enabled: true, includeMessages: true, metrics: new ErrorHandlingMetrics(), scrubber: SecretScrubber.NONE })
  assert.ok(reporter.message(failed(record, new DataException('x'))).endsWith(`, where source record is = ${record.toString()}.`))
})

test('disabled: nothing logged; enabled: one line with the error, secrets hidden, counted as logged', () => {
  const lines: string[] = []
  configureLogging({ destination: line => lines.push(line) })
  try {
    const metrics = new ErrorHandlingMetrics()
    const options = { id: { connector: 'c', task: 0 }, enabled: false, includeMessages: false, metrics, scrubber: new SecretScrubber(['p4ssw0rd!']) }
    const error = new DataException('login with p4ssw0rd! refused')
    new SinkLogReporter(options).report(failed(RECORD, error))
    assert.equal(lines.length, 0)
    new SinkLogReporter({ ...options, enabled: true }).report(failed(RECORD, error))
    const logged = lines.join('')
    assert.match(logged, /ERROR \[c\|task-0\] Error encountered in task c-0\./)
    assert.match(logged, /DataException: login with \[hidden\] refused/)
    assert.ok(!logged.includes('p4ssw0rd!'))
    assert.equal(metrics.snapshot()['total-errors-logged'], 1)
  } finally {
    configureLogging({ destination: 'stdout' })
  }
})
