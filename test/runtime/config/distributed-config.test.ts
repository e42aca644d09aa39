// DistributedConfig against Kafka's own (connect-runtime 4.3.1, run by a small Java driver): the
// same settings parse to the same values, defaults included, bad values fail with the same
// messages, and the internal topics get the same extra settings.

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { before, test } from 'node:test'
import { Password } from '../../../src/api/config/password.ts'
import { DistributedConfig } from '../../../src/runtime/config/distributed-config.ts'
import { buildJavaDriver, runJavaLines, type JavaDriver } from '../../support/java.ts'

let driver: JavaDriver
before(async () => { driver = await buildJavaDriver(join(import.meta.dirname, 'java')) })

const MINIMAL = {
  'bootstrap.servers': 'localhost:9092',
  'group.id': 'connect-cluster',
  'config.storage.topic': 'connect-configs',
  'offset.storage.topic': 'connect-offsets',
  'status.storage.topic': 'connect-status',
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
}

const CASES: Array<Record<string, string>> = [
  MINIMAL,
  {
    ...MINIMAL,
    'connect.protocol': 'eager',
    'exactly.once.source.support': 'PREPARING',
    'scheduled.rebalance.max.delay.ms': '0',
    'session.timeout.ms': '6000',
    'offset.storage.partitions': '-1',
    'config.storage.replication.factor': '-1',
    'config.storage.partitions': '4',
    'config.storage.cleanup.policy': 'delete',
    'offset.storage.segment.bytes': '1048576',
    'offset.storage.cleanup.policy': 'compact,delete',
    'inter.worker.key.size': '128',
    'inter.worker.verification.algorithms': 'HmacSHA256,HmacSHA512',
  },
  { ...MINIMAL, 'exactly.once.source.support': 'enabled', 'inter.worker.signature.algorithm': 'HmacSHA512', 'inter.worker.verification.algorithms': 'HmacSHA512' },
  // What each must refuse, and how it says so.
  { ...MINIMAL, 'connect.protocol': 'cooperative' },
  { ...MINIMAL, 'exactly.once.source.support': 'sometimes' },
  { ...MINIMAL, 'offset.storage.replication.factor': '0' },
  { ...MINIMAL, 'status.storage.partitions': '0' },
  { ...MINIMAL, 'scheduled.rebalance.max.delay.ms': '-1' },
  { ...MINIMAL, 'inter.worker.signature.algorithm': 'HmacSHA512' },
  { ...MINIMAL, 'inter.worker.verification.algorithms': '' },
  { ...MINIMAL, 'group.id': '' },
]

/** Our parsed value as Java's driver prints it. */
function text (value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (Array.isArray(value)) return value.map(String).join(',')
  if (value instanceof Password) return '[hidden]'
  return String(value)
}

function ours (props: Record<string, string>): Record<string, unknown> {
  try {
    const config = new DistributedConfig(props)
    const values: Record<string, string | null> = {}
    for (const [key, value] of Object.entries(config.values())) values[key] = text(value)
    return {
      values,
      exactlyOnceSourceEnabled: config.exactlyOnceSourceEnabled(),
      transactionalLeaderEnabled: config.transactionalLeaderEnabled(),
      transactionalProducerId: config.transactionalProducerId(),
      configTopicSettings: config.configStorageTopicSettings().configs,
      offsetTopicSettings: config.offsetStorageTopicSettings().configs,
    }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/**
 * Settings Java defines that kconnect does not: the SASL and SSL client settings (kconnect passes
 * them to its clients from the worker's originals, src/log/kafka/client-config.ts, whatever the
 * definitions), and the REST server's TLS settings (HTTPS listeners are refused for now).
 */
function onlyJava (key: string): boolean {
  return key.startsWith('sasl.') || key.startsWith('ssl.') || key.startsWith('listeners.https.')
}

test('DistributedConfig parses as Kafka\'s does', async () => {
  const answers = (await runJavaLines(driver, 'DistributedConfigDriver', CASES.map(c => JSON.stringify(c)))).map(line => JSON.parse(line))
  for (const [i, props] of CASES.entries()) {
    const java = answers[i]
    const mine = ours(props)
    const label = JSON.stringify(Object.fromEntries(Object.entries(props).filter(([key, value]) => (MINIMAL as Record<string, string>)[key] !== value)))
    if (java.error !== undefined || mine.error !== undefined) {
      assert.equal(mine.error, java.error, `case ${i} ${label}`)
      continue
    }
    const javaValues = java.values as Record<string, string | null>
    const myValues = mine.values as Record<string, string | null>
    for (const [key, value] of Object.entries(javaValues)) {
      if (onlyJava(key)) continue
      assert.ok(Object.hasOwn(myValues, key), `case ${i}: kconnect defines ${key}`)
      assert.equal(myValues[key], value, `case ${i}: ${key}`)
    }
    for (const key of Object.keys(myValues)) {
      assert.ok(Object.hasOwn(javaValues, key) || key.startsWith('log.'), `case ${i}: ${key} is Kafka's (or kconnect's log.*)`)
    }
    for (const key of ['exactlyOnceSourceEnabled', 'transactionalLeaderEnabled', 'transactionalProducerId', 'configTopicSettings', 'offsetTopicSettings']) {
      assert.deepEqual(mine[key], java[key], `case ${i}: ${key}`)
    }
  }
})
