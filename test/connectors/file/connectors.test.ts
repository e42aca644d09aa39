// FileStreamSourceConnector and FileStreamSinkConnector: Kafka's settings and validation messages,
// task configs, exactly-once support, offset checks (with Kafka's messages) and the version.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { NO_DEFAULT_VALUE } from '../../../src/api/config/config-key.ts'
import type { SourcePartitionOffset } from '../../../src/api/source/source-connector.ts'
import { TopicPartitionMap } from '../../../src/api/sink/topic-partition.ts'
import { FileStreamSinkConnector } from '../../../src/connectors/file/file-stream-sink-connector.ts'
import { FileStreamSinkTask } from '../../../src/connectors/file/file-stream-sink-task.ts'
import { FileStreamSourceConnector } from '../../../src/connectors/file/file-stream-source-connector.ts'
import { FileStreamSourceTask } from '../../../src/connectors/file/file-stream-source-task.ts'
import { KAFKA_VERSION } from '../../../scripts/servers/versions.ts'

function errorsByName (connector: FileStreamSourceConnector | FileStreamSinkConnector, props: Record<string, string>): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const value of connector.config().validate(props)) result[value.name] = value.errorMessages
  return result
}

describe('FileStreamSourceConnector', () => {
  it('defines file, topic and batch.size as Kafka does', () => {
    const keys = [...new FileStreamSourceConnector().config().configKeys().values()]
    assert.deepEqual(keys.map(k => [k.name, k.type, k.defaultValue, k.importance, k.documentation]), [
      ['file', 'STRING', null, 'HIGH', 'Source filename. If not specified, the standard input will be used'],
      ['topic', 'STRING', NO_DEFAULT_VALUE, 'HIGH', 'The topic to publish data to'],
      ['batch.size', 'INT', 2000, 'LOW', 'The maximum number of records the source task can read from the file each time it is polled'],
    ])
  })

  it('validates with Kafka\'s messages', () => {
    const connector = new FileStreamSourceConnector()
    assert.deepEqual(errorsByName(connector, {}), {
      file: [], topic: ['Missing required configuration "topic" which has no default value.'], 'batch.size': [],
    })
    assert.deepEqual(errorsByName(connector, { topic: '', 'batch.size': 'many' }), {
      file: [],
      topic: ['Invalid value  for configuration topic: String must be non-empty'],
      'batch.size': ['Invalid value many for configuration batch.size: Not a number of type INT'],
    })
    assert.throws(() => connector.start({ file: 'x' }), { name: 'ConfigException' })
  })

  it('always makes one task, with the connector\'s configuration', () => {
    const connector = new FileStreamSourceConnector()
    const props = { file: '/tmp/in.txt', topic: 't', 'tasks.max': '4' }
    connector.start(props)
    assert.deepEqual(connector.taskConfigs(4), [props])
    assert.equal(connector.taskClass(), FileStreamSourceTask)
  })

  it('supports exactly-once only when reading a file', () => {
    const connector = new FileStreamSourceConnector()
    assert.equal(connector.exactlyOnceSupport({ file: '/tmp/in.txt', topic: 't' }), 'SUPPORTED')
    assert.equal(connector.exactlyOnceSupport({ topic: 't' }), 'UNSUPPORTED')
    assert.equal(connector.exactlyOnceSupport({ file: '', topic: 't' }), 'UNSUPPORTED')
  })

  it('accepts offsets with a filename and a non-negative Long position, and resets', () => {
    const connector = new FileStreamSourceConnector()
    const config = { file: '/tmp/in.txt', topic: 't' }
    const offsets: SourcePartitionOffset[] = [
      { partition: { filename: '/tmp/in.txt' }, offset: { position: 10n } },
      { partition: { filename: '/tmp/old.txt' }, offset: { position: 0 } },
      { partition: { anything: 'goes' }, offset: null },
    ]
    assert.equal(connector.alterOffsets(config, offsets), true)
  })

  it('refuses other offsets with Kafka\'s messages', () => {
    const connector = new FileStreamSourceConnector()
    const config = { file: '/tmp/in.txt', topic: 't' }
    const refused = (offset: SourcePartitionOffset, message: string): void => {
      assert.throws(() => connector.alterOffsets(config, [offset]), { name: 'ConnectException', message })
    }
    refused({ partition: { filename: 'f' }, offset: { pos: 1n } },
      'Offset objects should either be null or contain the key \'position\'')
    for (const position of ['10', 1.5, null, 2n ** 63n]) {
      refused({ partition: { filename: 'f' }, offset: { position } },
        'The value for the \'position\' key in the offset is expected to be a Long value')
    }
    refused({ partition: { filename: 'f' }, offset: { position: -1n } },
      'The value for the \'position\' key in the offset should be a non-negative value')
    refused({ partition: { file: 'f' }, offset: { position: 1n } }, 'Partition objects should contain the key \'filename\'')
    refused({ partition: null as unknown as Record<string, unknown>, offset: { position: 1n } }, 'Partition objects cannot be null')
    assert.throws(() => connector.alterOffsets({ topic: 't' }, []), {
      name: 'ConnectException',
      message: 'Offsets cannot be modified if the \'file\' configuration is unspecified. ' +
        'This is because stdin is used for input and offsets are not tracked.',
    })
  })
})

describe('FileStreamSinkConnector', () => {
  it('defines file as Kafka does', () => {
    const keys = [...new FileStreamSinkConnector().config().configKeys().values()]
    assert.deepEqual(keys.map(k => [k.name, k.type, k.defaultValue, k.importance, k.documentation]), [
      ['file', 'STRING', null, 'HIGH', 'Destination filename. If not specified, the standard output will be used'],
    ])
  })

  it('makes tasks.max identical tasks', () => {
    const connector = new FileStreamSinkConnector()
    const props = { file: '/tmp/out.txt', topics: 'a,b' }
    connector.start(props)
    assert.deepEqual(connector.taskConfigs(3), [props, props, props])
    assert.equal(connector.taskClass(), FileStreamSinkTask)
  })

  it('accepts any offsets', () => {
    assert.equal(new FileStreamSinkConnector().alterOffsets({}, new TopicPartitionMap([[{ topic: 't', partition: 0 }, 5n]])), true)
  })
})

describe('FileStream versions', () => {
  it('report the Kafka release the tests run against', () => {
    for (const plugin of [new FileStreamSourceConnector(), new FileStreamSinkConnector(), new FileStreamSourceTask(), new FileStreamSinkTask()]) {
      assert.equal(plugin.version(), KAFKA_VERSION)
    }
  })
})
