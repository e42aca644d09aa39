import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { AbstractConfig } from '../../../src/api/config/abstract-config.ts'
import { ConfigDef } from '../../../src/api/config/config-def.ts'
import { Password } from '../../../src/api/config/password.ts'

const def = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'The topic.' })
  .define({ name: 'batch.size', type: 'INT', defaultValue: 100, importance: 'LOW' })
  .define({ name: 'retention', type: 'LONG', defaultValue: '604800000', importance: 'LOW' })
  .define({ name: 'ratio', type: 'DOUBLE', defaultValue: 0.5, importance: 'LOW' })
  .define({ name: 'port', type: 'SHORT', defaultValue: '8080', importance: 'LOW' })
  .define({ name: 'enabled', type: 'BOOLEAN', defaultValue: true, importance: 'LOW' })
  .define({ name: 'fields', type: 'LIST', defaultValue: 'a,b', importance: 'LOW' })
  .define({ name: 'password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH' })
  .define({ name: 'class', type: 'CLASS', defaultValue: 'org.example.Thing', importance: 'LOW' })
  .defineInternal({ name: 'internal.flag', type: 'BOOLEAN', defaultValue: false, importance: 'LOW' })

class MyConfig extends AbstractConfig {
  constructor (props: Record<string, unknown>) {
    super(def, props)
  }
}

describe('AbstractConfig', () => {
  test('parses in the constructor and fails there for a bad setting', () => {
    assert.throws(() => new MyConfig({}), { name: 'ConfigException', message: 'Missing required configuration "topic" which has no default value.' })
  })

  test('typed getters return parsed values', () => {
    const config = new MyConfig({ topic: ' t ', password: 's3cret', 'batch.size': '5' })
    assert.equal(config.getString('topic'), 't')
    assert.equal(config.getInt('batch.size'), 5)
    assert.equal(config.getLong('retention'), 604800000)
    assert.equal(config.getDouble('ratio'), 0.5)
    assert.equal(config.getShort('port'), 8080)
    assert.equal(config.getBoolean('enabled'), true)
    assert.deepEqual(config.getList('fields'), ['a', 'b'])
    assert.equal(config.getPassword('password')?.value(), 's3cret')
    assert.equal(config.getClass('class'), 'org.example.Thing')
    assert.equal(config.typeOf('ratio'), 'DOUBLE')
    assert.equal(config.documentationOf('topic'), 'The topic.')
    assert.equal(config.typeOf('nope'), null)
  })

  test('a getter of the wrong type or an unknown name throws a ConfigException', () => {
    const config = new MyConfig({ topic: 't' })
    assert.throws(() => config.getInt('topic'), { name: 'ConfigException', message: "Configuration 'topic' is of type STRING, so getInt() cannot read it." })
    assert.throws(() => config.getString('nope'), { name: 'ConfigException', message: "Unknown configuration 'nope'" })
  })

  test('tracks which original settings were never read', () => {
    const config = new MyConfig({ topic: 't', 'batch.size': '5', extra: 'x' })
    config.getString('topic')
    assert.deepEqual(config.unused(), new Set(['batch.size', 'extra']))
    config.ignore('extra')
    assert.deepEqual(config.unused(), new Set(['batch.size']))
  })

  test('originals, with prefixes and overrides', () => {
    const config = new MyConfig({ topic: 't', 'producer.acks': 'all', 'producer.batch.size': '7', 'consumer.x': '1', producer: 'bare' })
    assert.deepEqual(config.originals({ topic: 'u' }).topic, 'u')
    assert.deepEqual(config.originalsWithPrefix('producer.'), { acks: 'all', 'batch.size': '7' })
    assert.deepEqual(config.originalsWithPrefix('producer.', false), { 'producer.acks': 'all', 'producer.batch.size': '7' })
    assert.deepEqual(config.originalsStrings().topic, 't')
    const withOverride = config.valuesWithPrefixOverride('producer.')
    assert.equal(withOverride['batch.size'], 7)
    assert.equal(withOverride.topic, 't')
    assert.deepEqual(config.valuesWithPrefixAllOrNothing('producer.'), { 'batch.size': 7 })
    assert.equal(config.valuesWithPrefixAllOrNothing('nothing.').topic, 't')
  })

  test('originalsStrings refuses a non-string original', () => {
    const config = new MyConfig({ topic: 't', 'batch.size': 5 })
    assert.throws(() => config.originalsStrings(), { name: 'ConfigException', message: 'Non-string value found in original settings for key batch.size: 5' })
  })

  test('nonInternalValues leaves internal settings out', () => {
    const config = new MyConfig({ topic: 't' })
    assert.equal(Object.hasOwn(config.values(), 'internal.flag'), true)
    assert.equal(Object.hasOwn(config.nonInternalValues(), 'internal.flag'), false)
  })

  test('toString lists values sorted by name with secrets hidden; equality follows the originals', () => {
    const config = new MyConfig({ topic: 't', password: 'hunter2' })
    const text = config.toString()
    assert.match(text, /^MyConfig values:\n\tbatch\.size = 100\n\tclass = org\.example\.Thing\n/)
    assert.match(text, /\tpassword = \[hidden\]\n/)
    assert.doesNotMatch(text, /hunter2/)
    assert.ok(config.equals(new MyConfig({ topic: 't', password: 'hunter2' })))
    assert.ok(!config.equals(new MyConfig({ topic: 't', password: 'other' })))
    assert.ok(new MyConfig({ topic: 't', password: new Password('p') }).equals(new MyConfig({ topic: 't', password: new Password('p') })))
  })
})
