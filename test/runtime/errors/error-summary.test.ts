// The words every error-handling message shares: coordinates, root causes, Java class names, and
// secrets kept out.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Password } from '../../../src/api/config/password.ts'
import { ConfigDef } from '../../../src/api/config/config-def.ts'
import { ConfigException, ConnectException, DataException } from '../../../src/api/errors.ts'
import { coordinatesText, failureSummary, offsetRanges, rootCauseText } from '../../../src/runtime/errors/error-summary.ts'
import { exceptionClassName, rootCause } from '../../../src/runtime/errors/java-names.ts'
import { SecretScrubber } from '../../../src/runtime/errors/secret-scrubber.ts'

test('coordinates: a Kafka record, a source record, a batch', () => {
  assert.equal(coordinatesText({ kind: 'kafka', topic: 'in', partition: 0, offset: 3n }), 'topic \'in\', partition 0, offset 3')
  assert.equal(coordinatesText({ kind: 'source', topic: 'out', sourcePartition: { filename: '/tmp/a' }, sourceOffset: { position: 12n } }),
    'source partition {filename=/tmp/a}, source offset {position=12}, for topic \'out\'')
  const ranges = offsetRanges([{ topic: 'a', partition: 0, offset: 5n }, { topic: 'a', partition: 0, offset: 9n }, { topic: 'b', partition: 1, offset: 2n }])
  assert.equal(coordinatesText({ kind: 'batch', ranges }), 'a batch of topic \'a\', partition 0, offsets 5 to 9; topic \'b\', partition 1, offset 2')
})

test('the summary names stage, class, connector, task, record and root cause', () => {
  const error = new DataException('Converting failed', { cause: new SyntaxError('Unexpected token o') })
  assert.equal(failureSummary({ stage: 'VALUE_CONVERTER', executingClass: 'org.apache.kafka.connect.json.JsonConverter', id: { connector: 'c', task: 1 },
    coordinates: { kind: 'kafka', topic: 'in', partition: 0, offset: 3n }, error }),
  'stage VALUE_CONVERTER (org.apache.kafka.connect.json.JsonConverter), connector \'c\' task 1, record at topic \'in\', partition 0, offset 3; root cause: SyntaxError: Unexpected token o')
  assert.equal(rootCauseText('plain text thrown'), 'string: plain text thrown')
})

test('root causes stop above an aggregate, whose wrapper summarized it better', () => {
  const aggregate = new AggregateError([new Error('a'), new Error('b')], 'Producing messages failed.')
  const wrapper = new ConnectException('Could not send records to t: NOT_LEADER', { cause: aggregate })
  assert.equal(rootCause(new ConnectException('outer', { cause: wrapper })), wrapper)
})

test('Java class names for the API\'s exceptions, JavaScript names for the rest', () => {
  assert.equal(exceptionClassName(new DataException('x')), 'org.apache.kafka.connect.errors.DataException')
  assert.equal(exceptionClassName(new ConfigException('x')), 'org.apache.kafka.common.config.ConfigException')
  assert.equal(exceptionClassName(new TypeError('x')), 'TypeError')
})

test('secrets: PASSWORD settings, Password values, secret-looking names and provider references are scrubbed; short values are not', () => {
  const def = new ConfigDef().define({ name: 'connection.pw', type: 'PASSWORD', importance: 'HIGH', documentation: '' })
  const scrubber = SecretScrubber.forConfigs([
    { 'connection.pw': 'opensesame', 'sasl.jaas.config': 'user="u" password="p4ssw0rd";', 'my.token': 'tok-123456', topics: 'orders', pin: 'abc' },
    { other: new Password('hidden-value') },
  ], [def])
  assert.equal(scrubber.scrub('login with opensesame failed; tok-123456 expired; hidden-value; orders; abc'),
    'login with [hidden] failed; [hidden] expired; [hidden]; orders; abc')
  assert.equal(SecretScrubber.NONE.scrub('opensesame'), 'opensesame')
})
