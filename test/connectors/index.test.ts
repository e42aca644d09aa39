// The built-in connector list: every name Kafka Connect users write for the FileStream connectors
// resolves, and GET /connector-plugins shows them as Java's worker does.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILTIN_CONNECTORS } from '../../src/connectors/index.ts'
import { FileStreamSinkConnector } from '../../src/connectors/file/file-stream-sink-connector.ts'
import { FileStreamSourceConnector } from '../../src/connectors/file/file-stream-source-connector.ts'
import { PluginRegistry } from '../../src/runtime/plugins/plugin-registry.ts'
import { KAFKA_VERSION } from '../../scripts/servers/versions.ts'

function registry (): PluginRegistry {
  const plugins = new PluginRegistry()
  for (const descriptor of BUILTIN_CONNECTORS) plugins.register(descriptor)
  return plugins
}

describe('BUILTIN_CONNECTORS', () => {
  it('resolves the full class name, the simple name and the name without "Connector"', () => {
    const plugins = registry()
    for (const name of ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'FileStreamSourceConnector', 'FileStreamSource']) {
      assert.ok(plugins.resolve(name, 'source', 'sink').create() instanceof FileStreamSourceConnector, name)
    }
    for (const name of ['org.apache.kafka.connect.file.FileStreamSinkConnector', 'FileStreamSinkConnector', 'FileStreamSink']) {
      assert.ok(plugins.resolve(name, 'source', 'sink').create() instanceof FileStreamSinkConnector, name)
    }
  })

  it('lists them as GET /connector-plugins does', () => {
    assert.deepEqual(registry().pluginInfos(true), [
      { class: 'org.apache.kafka.connect.file.FileStreamSinkConnector', type: 'sink', version: KAFKA_VERSION },
      { class: 'org.apache.kafka.connect.file.FileStreamSourceConnector', type: 'source', version: KAFKA_VERSION },
    ])
  })
})
