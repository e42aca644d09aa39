import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigException } from '../../../src/api/errors.ts'
import { ConfigDef } from '../../../src/api/config/config-def.ts'
import { addRestServerConfig, addTopicTrackingConfig } from '../../../src/rest/rest-config.ts'
import { StandaloneConfig, standaloneConfigDef } from '../../../src/runtime/config/worker-config.ts'

const minimal = {
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'offset.storage.file.filename': '/tmp/connect.offsets',
}

test('a connect-standalone.properties parses with Kafka\'s defaults', () => {
  const config = new StandaloneConfig(minimal)
  assert.equal(config.offsetCommitIntervalMs(), 60000)
  assert.equal(config.offsetCommitTimeoutMs(), 5000)
  assert.equal(config.taskShutdownGracefulTimeoutMs(), 5000)
  assert.equal(config.get('header.converter'), 'org.apache.kafka.connect.storage.SimpleHeaderConverter')
  assert.deepEqual(config.get('listeners'), ['http://:8083'])
  assert.equal(config.topicCreationEnable(), true)
  assert.equal(config.topicTrackingEnabled(), true)
  assert.equal(config.topicTrackingResetEnabled(), true)
  assert.equal(config.clientOverridePolicy(), 'All')
  assert.equal(config.get('plugin.path'), null)
  assert.equal(config.get('plugin.discovery'), 'hybrid_warn')
  assert.equal(config.logBackend(), 'kafka')
  assert.equal(config.offsetsFile(), '/tmp/connect.offsets')
})

test('missing converters or offsets file fail with Kafka\'s message', () => {
  for (const key of ['key.converter', 'value.converter', 'offset.storage.file.filename']) {
    const props: Record<string, string> = { ...minimal }
    delete props[key]
    assert.throws(() => new StandaloneConfig(props), (e: Error) =>
      e instanceof ConfigException && e.message === `Missing required configuration "${key}" which has no default value.`)
  }
})

test('kconnect\'s own settings and the client prefixes', () => {
  const config = new StandaloneConfig({ ...minimal, 'log.backend': 'embedded', 'producer.linger.ms': '5', 'consumer.max.poll.records': '10', 'connector.client.config.override.policy': 'org.apache.kafka.connect.connector.policy.NoneConnectorClientConfigOverridePolicy' })
  assert.equal(config.logBackend(), 'embedded')
  assert.equal(config.get('log.embedded.dir'), 'kconnect-data')
  assert.deepEqual(config.clientConfigs('producer.'), { 'linger.ms': '5' })
  assert.deepEqual(config.clientConfigs('consumer.'), { 'max.poll.records': '10' })
  assert.equal(config.clientOverridePolicy(), 'None')
  assert.throws(() => new StandaloneConfig({ ...minimal, 'log.backend': 'zookeeper' }), /Invalid value zookeeper for configuration log.backend: String must be one of: kafka, embedded/)
})

test('every worker key of the reference is defined', () => {
  const names = standaloneConfigDef().names()
  for (const key of ['bootstrap.servers', 'key.converter', 'value.converter', 'header.converter', 'offset.flush.interval.ms',
    'offset.flush.timeout.ms', 'task.shutdown.graceful.timeout.ms', 'plugin.path', 'plugin.discovery', 'config.providers',
    'connector.client.config.override.policy', 'topic.creation.enable', 'topic.tracking.enable', 'topic.tracking.allow.reset',
    'metrics.sample.window.ms', 'metrics.num.samples', 'metric.reporters', 'listeners', 'admin.listeners', 'rest.advertised.host.name',
    'rest.advertised.port', 'rest.advertised.listener', 'access.control.allow.origin', 'access.control.allow.methods',
    'rest.extension.classes', 'offset.storage.file.filename', 'log.backend', 'log.embedded.dir']) {
    assert.ok(names.has(key), key)
  }
})

test('the REST settings are the REST server\'s own definitions, in Kafka\'s order, with its messages', () => {
  const rest = addRestServerConfig(addTopicTrackingConfig(new ConfigDef()))
  const worker = standaloneConfigDef()
  const workerNames = [...worker.names()]
  const restNames = [...rest.names()]
  // Kafka's WorkerConfig adds topic tracking, then RestServerConfig.addPublicConfig, in one run.
  const first = workerNames.indexOf(restNames[0])
  assert.deepEqual(workerNames.slice(first, first + restNames.length), restNames)
  for (const name of restNames) {
    const [ours, theirs] = [worker.configKeys().get(name), rest.configKeys().get(name)]
    assert.deepEqual({ ...ours, validator: undefined }, { ...theirs, validator: undefined }, name)
  }
  assert.throws(() => new StandaloneConfig({ ...minimal, listeners: '' }),
    /^ConfigException: Invalid value for listeners, at least one URL is expected, ex: http:\/\/localhost:8080,https:\/\/localhost:8443\.$/)
  assert.throws(() => new StandaloneConfig({ ...minimal, listeners: 'http://a:1,,http://b:2' }), /^ConfigException: Empty URL found when parsing listeners list\.$/)
})
