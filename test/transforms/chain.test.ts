// The transformation chain a connector configuration describes: stages in the configured order,
// predicates and negate, plugins' own transforms and predicates, and Kafka's messages when a
// stage cannot be built.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigDef } from '../../src/api/config/config-def.ts'
import { ConfigException, ConnectException } from '../../src/api/errors.ts'
import { Schema } from '../../src/api/data/schema.ts'
import { SinkRecord } from '../../src/api/sink/sink-record.ts'
import { SourceRecord } from '../../src/api/source/source-record.ts'
import type { Predicate } from '../../src/api/transforms/predicate.ts'
import type { Transformation } from '../../src/api/transforms/transformation.ts'
import { ConnectorConfig } from '../../src/runtime/config/connector-config.ts'
import { builtinPluginRegistry } from '../../src/runtime/plugins/builtin-plugins.ts'
import type { PluginDescriptor } from '../../src/runtime/plugins/plugin-registry.ts'
import { buildTransformationChain } from '../../src/transforms/chain.ts'

const closed: string[] = []

/** A plugin's own transform, written against the API only: appends its `suffix` to string values. */
class AppendSuffix implements Transformation<any> {
  #suffix = ''
  configure (configs: Readonly<Record<string, unknown>>): void {
    if (typeof configs.suffix !== 'string') throw new ConfigException('suffix', configs.suffix ?? null, 'a suffix is required')
    this.#suffix = configs.suffix
  }

  apply (record: any): any {
    return record.newRecord({ value: `${String(record.value)}${this.#suffix}` })
  }

  config (): ConfigDef {
    return new ConfigDef().define({ name: 'suffix', type: 'STRING', importance: 'HIGH', documentation: 'What to append.' })
  }

  close (): void {
    closed.push(`AppendSuffix${this.#suffix}`)
  }
}

/** A plugin's own predicate: true for values that are even numbers. */
class EvenValue implements Predicate<any> {
  configure (): void {}
  test (record: any): boolean {
    return Number(record.value) % 2 === 0
  }

  config (): ConfigDef {
    return new ConfigDef()
  }

  close (): void {
    closed.push('EvenValue')
  }
}

const PLUGINS: PluginDescriptor[] = [
  { className: 'com.example.AppendSuffix', type: 'transformation', create: () => new AppendSuffix() },
  { className: 'com.example.EvenValue', type: 'predicate', create: () => new EvenValue() },
]
const registry = builtinPluginRegistry(PLUGINS)

function sourceConfig (settings: Record<string, string>): ConnectorConfig {
  return new ConnectorConfig(registry, 'source', { name: 'c', 'connector.class': 'FileStreamSource', ...settings })
}

function record (value: string, topic = 'orders'): SourceRecord {
  return new SourceRecord({ topic, valueSchema: Schema.STRING_SCHEMA, value, sourcePartition: { p: 1 }, sourceOffset: { o: 1 } })
}

describe('buildTransformationChain', () => {
  it('is empty without transforms, and passes records through', () => {
    const chain = buildTransformationChain(sourceConfig({}), registry)
    assert.equal(chain.isEmpty, true)
    const r = record('1')
    assert.equal(chain.apply(r), r)
  })

  it('applies the stages in the configured order, with plugins\' own transforms', () => {
    const chain = buildTransformationChain(sourceConfig({
      transforms: 'a,route,b',
      'transforms.a.type': 'com.example.AppendSuffix',
      'transforms.a.suffix': '-a',
      'transforms.route.type': 'RegexRouter',
      'transforms.route.regex': '(.*)',
      'transforms.route.replacement': '$1-routed',
      'transforms.b.type': 'AppendSuffix',
      'transforms.b.suffix': '-b',
    }), registry)
    assert.deepEqual(chain.stages.map(s => [s.alias, s.className]), [
      ['a', 'com.example.AppendSuffix'],
      ['route', 'org.apache.kafka.connect.transforms.RegexRouter'],
      ['b', 'com.example.AppendSuffix'],
    ])
    const out = chain.apply(record('x')) as SourceRecord
    assert.equal(out.value, 'x-a-b')
    assert.equal(out.topic, 'orders-routed')
    assert.deepEqual(out.sourceOffset, { o: 1 })
  })

  it('applies a stage only where its predicate holds, or does not with negate', () => {
    const settings = {
      transforms: 'dropEven,mark',
      'transforms.dropEven.type': 'org.apache.kafka.connect.transforms.Filter',
      'transforms.dropEven.predicate': 'even',
      'transforms.mark.type': 'com.example.AppendSuffix',
      'transforms.mark.suffix': '*',
      'transforms.mark.predicate': 'isOrders',
      'transforms.mark.negate': 'true',
      predicates: 'even,isOrders',
      'predicates.even.type': 'com.example.EvenValue',
      'predicates.isOrders.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
      'predicates.isOrders.pattern': 'orders',
    }
    const chain = buildTransformationChain(sourceConfig(settings), registry)
    assert.equal(chain.apply(record('2')), null)
    assert.equal((chain.apply(record('3')) as SourceRecord).value, '3')
    assert.equal((chain.apply(record('3', 'users')) as SourceRecord).value, '3*')
    assert.equal(chain.stages[1].negate, true)
    assert.equal(chain.stages[1].predicateClassName, 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches')
  })

  it('stops at the stage that drops a record', () => {
    const chain = buildTransformationChain(sourceConfig({
      transforms: 'drop,never',
      'transforms.drop.type': 'Filter',
      'transforms.never.type': 'com.example.AppendSuffix',
      'transforms.never.suffix': 'x',
    }), registry)
    const seen: string[] = []
    assert.equal(chain.applyWith(record('1'), (stage, r) => { seen.push(stage.alias); return stage.apply(r) }), null)
    assert.deepEqual(seen, ['drop'])
  })

  it('works on sink records, keeping their offsets', () => {
    const config = new ConnectorConfig(registry, 'sink', {
      name: 's',
      'connector.class': 'FileStreamSink',
      topics: 'orders',
      transforms: 'hoist',
      'transforms.hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
      'transforms.hoist.field': 'line',
    })
    const chain = buildTransformationChain<SinkRecord>(config, registry)
    const out = chain.apply(new SinkRecord({ topic: 'orders', kafkaPartition: 1, kafkaOffset: 7n, value: 'hello' })) as SinkRecord
    assert.deepEqual(out.value, new Map([['line', 'hello']]))
    assert.equal(out.kafkaOffset, 7n)
  })

  it('fails with Kafka\'s message when a transform refuses its settings, closing what it built', () => {
    closed.length = 0
    const config = sourceConfig({
      transforms: 'ok,bad',
      'transforms.ok.type': 'com.example.AppendSuffix',
      'transforms.ok.suffix': '1',
      'transforms.bad.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
    })
    assert.throws(() => buildTransformationChain(config, registry), (error: unknown) => {
      assert.ok(error instanceof ConnectException)
      assert.equal(error.message, 'org.apache.kafka.common.config.ConfigException: No field insertion configured')
      assert.ok(error.cause instanceof ConfigException)
      return true
    })
    assert.deepEqual(closed, ['AppendSuffix1'])
  })

  it('says so when a transform names a predicate that is not declared', () => {
    const config = sourceConfig({
      transforms: 'f',
      'transforms.f.type': 'Filter',
      'transforms.f.predicate': 'missing',
      predicates: 'other',
      'predicates.other.type': 'RecordIsTombstone',
    })
    assert.throws(() => buildTransformationChain(config, registry),
      /Transformation 'f' uses predicate 'missing', which is not among predicates=other; add it there and set predicates.missing.type/)
  })

  it('passes only the transform\'s own settings (not predicate and negate) to configure()', () => {
    let seen: Record<string, unknown> = {}
    const spy: PluginDescriptor = {
      className: 'com.example.Spy',
      type: 'transformation',
      create: () => ({ configure: (c: Record<string, unknown>) => { seen = { ...c } }, apply: (r: unknown) => r, config: () => new ConfigDef(), close: () => {} }),
    }
    const spyRegistry = builtinPluginRegistry([spy])
    const config = new ConnectorConfig(spyRegistry, 'source', {
      name: 'c',
      'connector.class': 'FileStreamSource',
      transforms: 's',
      'transforms.s.type': 'com.example.Spy',
      'transforms.s.option': 'yes',
      'transforms.s.predicate': 'p',
      'transforms.s.negate': 'false',
      predicates: 'p',
      'predicates.p.type': 'RecordIsTombstone',
    })
    buildTransformationChain(config, spyRegistry)
    assert.deepEqual(seen, { type: 'com.example.Spy', option: 'yes' })
  })

  it('closes every transformation and predicate', () => {
    closed.length = 0
    const chain = buildTransformationChain(sourceConfig({
      transforms: 'a',
      'transforms.a.type': 'com.example.AppendSuffix',
      'transforms.a.suffix': '!',
      'transforms.a.predicate': 'even',
      predicates: 'even',
      'predicates.even.type': 'com.example.EvenValue',
    }), registry)
    chain.close()
    assert.deepEqual(closed, ['AppendSuffix!', 'EvenValue'])
  })
})
