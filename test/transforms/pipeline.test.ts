// Transforms in running pipelines, on the embedded log and on the test broker: a source
// connector's records go through its chain before conversion (so the topic and bytes are the
// transformed ones), a sink connector's records go through its chain after conversion (so put()
// sees the transformed ones), stages run in the configured order with their predicates, a
// plugin's own transform and predicate take part, a transform that refuses its settings fails
// only its task with Kafka's message, and validation lists the transforms' settings.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ConfigDef } from '../../src/api/config/config-def.ts'
import type { ConnectRecord } from '../../src/api/connector/connect-record.ts'
import { Struct } from '../../src/api/data/struct.ts'
import type { Predicate } from '../../src/api/transforms/predicate.ts'
import type { Transformation } from '../../src/api/transforms/transformation.ts'
import type { PluginDescriptor } from '../../src/runtime/plugins/plugin-registry.ts'
import { startStandalone } from '../../src/runtime/standalone.ts'
import { uniqueName } from '../support/kafka.ts'
import { BACKENDS, eventually, readTopic, tempFolder, texts, workerConfig, type Backend } from '../runtime/fixtures/harness.ts'
import { observed, TEST_PLUGINS } from '../runtime/fixtures/test-connectors.ts'

/** A plugin's own transform, written against the API: upper-cases a string field of a struct value. */
class UpperCaseField<R extends ConnectRecord<R>> implements Transformation<R> {
  #field = ''
  configure (configs: Readonly<Record<string, unknown>>): void {
    this.#field = String(configs.field)
  }

  apply (record: R): R {
    const original = record.value as Struct
    const value = new Struct(original.schema)
    for (const field of original.schema.fields ?? []) value.put(field, original.get(field))
    value.put(this.#field, String(original.get(this.#field)).toUpperCase())
    return record.newRecord({ value })
  }

  config (): ConfigDef {
    return new ConfigDef().define({ name: 'field', type: 'STRING', importance: 'HIGH', documentation: 'The field to upper-case.' })
  }

  close (): void {}
}

/** A plugin's own predicate: true for records whose sequence number ("<shard>:<seq>") is odd. */
class OddSequence<R extends ConnectRecord<R>> implements Predicate<R> {
  configure (): void {}
  test (record: R): boolean {
    return Number(String(record.value).split(':')[1]) % 2 === 1
  }

  config (): ConfigDef {
    return new ConfigDef()
  }

  close (): void {}
}

const PLUGINS: PluginDescriptor[] = [
  ...TEST_PLUGINS,
  { className: 'com.example.UpperCaseField', type: 'transformation', create: () => new UpperCaseField() },
  { className: 'com.example.OddSequence', type: 'predicate', create: () => new OddSequence() },
]

for (const backend of BACKENDS) {
  describe(`transforms in pipelines on the ${backend} log`, () => {
    const start = async () => {
      const runtime = await startStandalone({ workerConfig: await workerConfig(backend as Backend, await tempFolder()), plugins: PLUGINS })
      return runtime
    }

    test('source and sink chains run in order, with predicates and a plugin\'s own transform and predicate', async () => {
      const runtime = await start()
      try {
        const topic = uniqueName('transformed')
        const source = uniqueName('source')
        await runtime.herder.putConnectorConfig(source, {
          name: source,
          'connector.class': 'test.SequenceSourceConnector',
          topic,
          count: '6',
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'value.converter.schemas.enable': 'false',
          transforms: 'dropOdd,hoist,shout,tag,route',
          'transforms.dropOdd.type': 'Filter',
          'transforms.dropOdd.predicate': 'odd',
          'transforms.hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
          'transforms.hoist.field': 'line',
          'transforms.shout.type': 'com.example.UpperCaseField',
          'transforms.shout.field': 'line',
          'transforms.tag.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
          'transforms.tag.static.field': 'via',
          'transforms.tag.static.value': 'kconnect',
          // Routing applies to every topic but one that does not exist: negate makes it apply here.
          'transforms.route.type': 'RegexRouter',
          'transforms.route.regex': '(.*)',
          'transforms.route.replacement': '$1-routed',
          'transforms.route.predicate': 'elsewhere',
          'transforms.route.negate': 'true',
          predicates: 'odd,elsewhere',
          'predicates.odd.type': 'com.example.OddSequence',
          'predicates.elsewhere.type': 'TopicNameMatches',
          'predicates.elsewhere.pattern': 'no-such-topic',
        }, { allowReplace: false })
        const routed = `${topic}-routed`
        const records = await eventually(async () => {
          const read = await readTopic(runtime.log, routed)
          return read.length === 3 ? read : undefined
        }, `three records on ${routed}`)
        assert.deepEqual(texts(records).map(text => JSON.parse(text)), [
          { line: '0:0', via: 'kconnect' },
          { line: '0:2', via: 'kconnect' },
          { line: '0:4', via: 'kconnect' },
        ].map(v => ({ ...v, line: v.line.toUpperCase() })))
        assert.equal((await runtime.log.describeTopics([topic])).has(topic), false, 'nothing reached the original topic')

        const sink = uniqueName('sink')
        await runtime.herder.putConnectorConfig(sink, {
          name: sink,
          'connector.class': 'test.RecordingSinkConnector',
          topics: routed,
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'value.converter.schemas.enable': 'false',
          transforms: 'extract,byTime,mark',
          'transforms.extract.type': 'org.apache.kafka.connect.transforms.ExtractField$Value',
          'transforms.extract.field': 'line',
          'transforms.byTime.type': 'TimestampRouter',
          'transforms.byTime.topic.format': 'archive-${topic}',
          'transforms.mark.type': 'org.apache.kafka.connect.transforms.InsertHeader',
          'transforms.mark.header': 'seen',
          'transforms.mark.value.literal': 'yes',
        }, { allowReplace: false })
        const o = observed(sink)
        await eventually(() => o.received.length === 3, 'three records in put()')
        assert.deepEqual(o.received.map(r => [r.topic, r.value]), [
          [`archive-${routed}`, '0:0'], [`archive-${routed}`, '0:2'], [`archive-${routed}`, '0:4'],
        ])
        assert.deepEqual(o.received.map(r => r.offset), [0n, 1n, 2n])
        // Offsets are committed for the partitions records were read from, not the routed topic.
        await eventually(async () => (await runtime.log.committedOffsets(`connect-${sink}`)).get({ topic: routed, partition: 0 }) === 3n,
          'offset 3 committed for the topic read')
      } finally {
        await runtime.stop()
      }
    })

    test('a transform that refuses its settings fails its task with Kafka\'s message; validation lists transform settings', async () => {
      const runtime = await start()
      try {
        const name = uniqueName('bad')
        const config = {
          name,
          'connector.class': 'test.SequenceSourceConnector',
          topic: uniqueName('t'),
          transforms: 'insert',
          'transforms.insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
        }
        const validation = await runtime.herder.validateConnectorConfig(config)
        const names = validation.configs.map(c => c.definition?.name)
        assert.ok(names.includes('transforms.insert.topic.field'), 'InsertField\'s settings are listed under the alias')
        assert.ok(names.includes('transforms.insert.predicate') && names.includes('transforms.insert.negate'))
        assert.equal(validation.error_count, 0)

        await runtime.herder.putConnectorConfig(name, config, { allowReplace: false })
        const status = await eventually(async () => {
          const task = (await runtime.herder.connectorStatus(name)).tasks[0]
          return task?.state === 'FAILED' ? task : undefined
        }, 'the task to fail')
        assert.match(status.trace ?? '', /org\.apache\.kafka\.common\.config\.ConfigException: No field insertion configured/)
        assert.equal((await runtime.herder.connectorStatus(name)).connector.state, 'RUNNING')
      } finally {
        await runtime.stop()
      }
    })
  })
}
