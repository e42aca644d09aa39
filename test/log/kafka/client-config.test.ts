// Reading a Java worker's Kafka client configs: bootstrap.servers, security settings (with errors
// that name the setting and never echo a password), and the retry timing.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ConfigException } from '../../../src/api/errors.ts'
import {
  backoffMs, ClientConfig, parseBootstrapServers, parseJaasOptions, readConnectionSettings, readTiming,
} from '../../../src/log/kafka/client-config.ts'

describe('Kafka client configs', () => {
  test('bootstrap.servers accepts a comma-separated list, with or without listener prefixes', () => {
    assert.deepEqual(parseBootstrapServers('a:9092, PLAINTEXT://b:9093,,'), ['a:9092', 'b:9093'])
    assert.deepEqual(parseBootstrapServers(['a:1', 'c:2,d:3']), ['a:1', 'c:2', 'd:3'])
    assert.throws(() => parseBootstrapServers(''), ConfigException)
    assert.throws(() => parseBootstrapServers('no-port'), /Invalid url in bootstrap.servers: no-port/)
  })

  test('the JAAS line gives username and password, quoted or not, with escapes', () => {
    const options = parseJaasOptions('org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="p\\"w;d" extra=x;')
    assert.equal(options.get('username'), 'alice')
    assert.equal(options.get('password'), 'p"w;d')
    assert.equal(options.get('extra'), 'x')
  })

  test('SASL_SSL with SCRAM reads the credentials; TLS options are set', () => {
    const settings = readConnectionSettings(new ClientConfig({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="secret";',
      'ssl.endpoint.identification.algorithm': '',
    }), ['b:9093'])
    assert.deepEqual(settings.sasl, { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'secret' })
    assert.equal(typeof settings.tls?.checkServerIdentity, 'function')
  })

  test('unsupported security settings are ConfigExceptions that never show the password', () => {
    assert.throws(() => readConnectionSettings(new ClientConfig({ 'security.protocol': 'TLS' }), ['b:1']),
      /Invalid value TLS for configuration security.protocol/)
    assert.throws(() => readConnectionSettings(new ClientConfig({ 'security.protocol': 'SASL_PLAINTEXT' }), ['b:1']),
      /Invalid value GSSAPI for configuration sasl.mechanism/)
    assert.throws(() => readConnectionSettings(new ClientConfig({
      'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': 'X required password="hunter2";',
    }), ['b:1']), (error: Error) => error instanceof ConfigException && !error.message.includes('hunter2') && /username/.test(error.message))
    assert.throws(() => readConnectionSettings(new ClientConfig({
      'security.protocol': 'SSL', 'ssl.truststore.location': '/nonexistent/truststore.jks',
    }), ['b:1']), /ssl.truststore.location.*Cannot read the truststore file/)
  })

  test('timeouts parse as Kafka parses them; backoff doubles up to retry.backoff.max.ms', () => {
    const timing = readTiming(new ClientConfig({ 'retry.backoff.ms': '50', 'retry.backoff.max.ms': '300', 'default.api.timeout.ms': '1500' }))
    assert.equal(timing.apiTimeoutMs, 1500)
    assert.deepEqual([1, 2, 3, 4, 5].map(attempt => backoffMs(timing, attempt)), [50, 100, 200, 300, 300])
    assert.throws(() => readTiming(new ClientConfig({ 'retry.backoff.ms': 'soon' })), /Invalid value soon for configuration retry.backoff.ms/)
    const settings = readConnectionSettings(new ClientConfig({ 'request.timeout.ms': '1234' }), ['b:1'])
    assert.equal(settings.requestTimeout, 1234)
    assert.equal(settings.tls, undefined)
    assert.equal(settings.sasl, undefined)
  })
})
