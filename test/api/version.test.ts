// The Kafka release kconnect claims to reproduce is the one the tests run against.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { KAFKA_VERSION } from '../../scripts/servers/versions.ts'
import { KAFKA_COMPAT_VERSION } from '../../src/api/index.ts'
import { versionText } from '../../src/cli/main.ts'
import { builtinPluginRegistry } from '../../src/runtime/plugins/builtin-plugins.ts'

test('KAFKA_COMPAT_VERSION follows scripts/servers/versions.ts, and every place that shows it uses it', () => {
  assert.equal(KAFKA_COMPAT_VERSION, KAFKA_VERSION, 'src/api/version.ts must follow scripts/servers/versions.ts')
  assert.match(versionText(), new RegExp(`compatible with Apache Kafka Connect ${KAFKA_VERSION.replaceAll('.', '\\.')}\\)`))
  const versions = new Set(builtinPluginRegistry().plugins().map(plugin => plugin.version))
  assert.deepEqual([...versions], [KAFKA_VERSION])
})
