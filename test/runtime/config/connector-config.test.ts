import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigValue } from '../../../src/api/config/config-value.ts'
import { ConfigException } from '../../../src/api/errors.ts'
import {
  connectorConfigDef, ConnectorConfig, ensureValidSinkTopics, sinkConnectorConfigDef, sourceConnectorConfigDef, validateSinkTopics,
} from '../../../src/runtime/config/connector-config.ts'
import { TopicCreation } from '../../../src/runtime/config/topic-creation-config.ts'
import { builtinPluginRegistry } from '../../../src/runtime/plugins/builtin-plugins.ts'

test('the common settings, in Kafka\'s order and groups', () => {
  const def = connectorConfigDef()
  assert.deepEqual([...def.names()], ['name', 'connector.class', 'connector.plugin.version', 'tasks.max', 'tasks.max.enforce',
    'key.converter', 'key.converter.plugin.version', 'value.converter', 'value.converter.plugin.version', 'header.converter',
    'header.converter.plugin.version', 'transforms', 'predicates', 'config.action.reload', 'errors.retry.timeout',
    'errors.retry.delay.max.ms', 'errors.tolerance', 'errors.log.enable', 'errors.log.include.messages'])
  assert.deepEqual(def.groups(), ['Common', 'Transforms', 'Predicates', 'Error Handling'])
  assert.deepEqual(sinkConnectorConfigDef().groups(), ['Common', 'Transforms', 'Predicates', 'Error Handling'])
  assert.deepEqual(sourceConnectorConfigDef().groups(), ['Common', 'Transforms', 'Predicates', 'Error Handling', 'Topic Creation', 'Exactly Once Support', 'offsets.topic'])
  const keys = sinkConnectorConfigDef().configKeys()
  assert.equal(keys.get('topics')?.orderInGroup, 4)
  assert.equal(keys.get('errors.deadletterqueue.topic.replication.factor')?.defaultValue, 3)
  assert.equal(keys.get('tasks.max')?.defaultValue, 1)
})

test('a sink needs exactly one of topics and topics.regex, and its DLQ topic may not be consumed', () => {
  const errors = (props: Record<string, string>): Record<string, string[]> => {
    const values = new Map<string, ConfigValue>()
    validateSinkTopics(props, values)
    return Object.fromEntries([...values].map(([name, value]) => [name, value.errorMessages]))
  }
  assert.deepEqual(errors({}), { topics: ['Must configure one of topics or topics.regex'], 'topics.regex': ['Must configure one of topics or topics.regex'] })
  assert.deepEqual(errors({ topics: 'a', 'topics.regex': 'b.*' }).topics, ['topics and topics.regex are mutually exclusive options, but both are set.'])
  assert.deepEqual(errors({ topics: 'a,dlq', 'errors.deadletterqueue.topic.name': 'dlq' }).topics,
    ['The DLQ topic \'dlq\' may not be included in the list of topics (\'topics=[a, dlq]\') consumed by the connector'])
  assert.deepEqual(errors({ 'topics.regex': 'd.*', 'errors.deadletterqueue.topic.name': 'dlq' })['topics.regex'],
    ['The DLQ topic \'dlq\' may not be matched by the regex for the topics (\'topics.regex=d.*\') consumed by the connector'])
  assert.deepEqual(errors({ topics: 'a' }), {})
  assert.throws(() => ensureValidSinkTopics({}), (e: Error) => e instanceof ConfigException &&
    e.message === 'Invalid value null for configuration topics: Must configure one of topics or topics.regex')
})

test('a source config with topic.creation.* needs the default group\'s replication factor and partitions', () => {
  const registry = builtinPluginRegistry()
  const base = { name: 'c', 'connector.class': 'FileStreamSource', topic: 't' }
  assert.equal(new ConnectorConfig(registry, 'source', base).topicCreationConfig, null)
  assert.throws(() => new ConnectorConfig(registry, 'source', { ...base, 'topic.creation.default.partitions': '3' }),
    /Missing required configuration "topic.creation.default.replication.factor" which has no default value./)
  const config = new ConnectorConfig(registry, 'source', {
    ...base,
    'topic.creation.groups': 'compacted',
    'topic.creation.default.replication.factor': '1',
    'topic.creation.default.partitions': '3',
    'topic.creation.default.include': 'ignored-for-default',
    'topic.creation.compacted.include': 'state-.*',
    'topic.creation.compacted.cleanup.policy': 'compact',
  })
  const creation = TopicCreation.create(true, config.topicCreationConfig)
  assert.ok(creation.isTopicCreationRequired('anything'))
  const compacted = creation.findFirstGroup('state-1')
  assert.equal(compacted.name, 'compacted')
  assert.deepEqual(compacted.newTopic('state-1'), { name: 'state-1', partitions: 3, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } })
  assert.deepEqual(creation.findFirstGroup('other').newTopic('other'), { name: 'other', partitions: 3, replicationFactor: 1, configs: {} })
  creation.addTopic('other')
  assert.equal(creation.isTopicCreationRequired('other'), false)
  assert.equal(TopicCreation.create(false, config.topicCreationConfig).isTopicCreationRequired('x'), false)
})

test('the runtime config refuses bad values with Kafka\'s messages', () => {
  const registry = builtinPluginRegistry()
  assert.throws(() => new ConnectorConfig(registry, 'sink', { name: 'c', 'connector.class': 'FileStreamSink', topics: 't', 'tasks.max': '0' }),
    /Invalid value 0 for configuration tasks.max: Value must be at least 1/)
  assert.throws(() => new ConnectorConfig(registry, 'sink', { name: 'c', 'connector.class': 'FileStreamSink', topics: 't', 'key.converter': 'Nope' }),
    /Invalid value Nope for configuration key.converter: Class Nope could not be found./)
  assert.throws(() => new ConnectorConfig(registry, 'sink', { name: 'c', 'connector.class': 'FileStreamSink', topics: 't', 'key.converter': 'FileStreamSource' }),
    /Class class org.apache.kafka.connect.file.FileStreamSourceConnector does not implement the Converter interface/)
  assert.throws(() => new ConnectorConfig(registry, 'sink', { name: 'c', 'connector.class': 'FileStreamSink', topics: 't', transforms: 'a,a' }),
    /Duplicate alias provided/)
})
