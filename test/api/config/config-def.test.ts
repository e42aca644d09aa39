import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ConfigException } from '../../../src/api/errors.ts'
import { ConfigDef } from '../../../src/api/config/config-def.ts'
import { ConfigKey, NO_DEFAULT_VALUE } from '../../../src/api/config/config-key.ts'
import type { ConfigValue } from '../../../src/api/config/config-value.ts'
import type { Recommender } from '../../../src/api/config/config-types.ts'
import { Password } from '../../../src/api/config/password.ts'
import { Range, ValidList, ValidString } from '../../../src/api/config/validators.ts'

function byName (values: ConfigValue[]): Map<string, ConfigValue> {
  return new Map(values.map(v => [v.name, v]))
}

describe('ConfigDef.define', () => {
  test('parses the default and fills in Kafka defaults for the metadata', () => {
    const def = new ConfigDef().define({ name: 'batch.size', type: 'INT', defaultValue: '2000', importance: 'LOW' })
    const key = def.configKeys().get('batch.size')
    assert.ok(key !== undefined)
    assert.equal(key.defaultValue, 2000)
    assert.equal(key.documentation, null)
    assert.equal(key.group, null)
    assert.equal(key.orderInGroup, -1)
    assert.equal(key.width, 'NONE')
    assert.equal(key.displayName, 'batch.size')
    assert.deepEqual(key.dependents, [])
    assert.equal(key.hasDefault(), true)
  })

  test('a setting with no default, or NO_DEFAULT_VALUE, is required; null is a real default', () => {
    const def = new ConfigDef()
      .define({ name: 'a', type: 'STRING', importance: 'HIGH' })
      .define({ name: 'b', type: 'STRING', defaultValue: ConfigDef.NO_DEFAULT_VALUE, importance: 'HIGH' })
      .define({ name: 'c', type: 'STRING', defaultValue: null, importance: 'HIGH' })
    assert.equal(def.configKeys().get('a')?.defaultValue, NO_DEFAULT_VALUE)
    assert.equal(def.configKeys().get('b')?.hasDefault(), false)
    assert.equal(def.configKeys().get('c')?.defaultValue, null)
    assert.deepEqual(def.defaultValues(), { c: null })
  })

  test('rejects a name defined twice, a bad default and an invalid type', () => {
    const def = new ConfigDef().define({ name: 'a', type: 'STRING', importance: 'HIGH' })
    assert.throws(() => def.define({ name: 'a', type: 'INT', importance: 'LOW' }), { message: 'Configuration a is defined twice.' })
    assert.throws(() => def.define({ name: 'n', type: 'INT', defaultValue: 'lots', importance: 'LOW' }),
      { message: 'Invalid value lots for configuration n: Not a number of type INT' })
    assert.throws(() => def.define({ name: 'r', type: 'INT', defaultValue: 0, validator: Range.atLeast(1), importance: 'LOW' }),
      { message: 'Invalid value 0 for configuration r: Value must be at least 1' })
    assert.throws(() => def.define({ name: 't', type: 'TEXT' as 'STRING', importance: 'LOW' }),
      { name: 'ConfigException', message: 'Configuration t has an invalid type TEXT; expected one of BOOLEAN, STRING, INT, SHORT, LONG, DOUBLE, LIST, CLASS, PASSWORD.' })
    assert.throws(() => def.define({ name: '', type: 'STRING', importance: 'LOW' }), ConfigException)
  })

  test('keeps groups in the order they first appear, and copies leave the original alone', () => {
    const def = new ConfigDef()
      .define({ name: 'a', type: 'STRING', defaultValue: '', importance: 'HIGH', group: 'Connection' })
      .define({ name: 'b', type: 'STRING', defaultValue: '', importance: 'HIGH', group: 'Writes' })
      .define({ name: 'c', type: 'STRING', defaultValue: '', importance: 'HIGH', group: 'Connection' })
    assert.deepEqual(def.groups(), ['Connection', 'Writes'])
    const copy = new ConfigDef(def).define({ name: 'd', type: 'INT', defaultValue: 1, importance: 'LOW', group: 'More' })
    assert.deepEqual([...copy.names()], ['a', 'b', 'c', 'd'])
    assert.deepEqual([...def.names()], ['a', 'b', 'c'])
    assert.deepEqual(def.groups(), ['Connection', 'Writes'])
  })

  test('defineInternal marks the setting internal', () => {
    const def = new ConfigDef().defineInternal({ name: 'i', type: 'BOOLEAN', defaultValue: false, importance: 'LOW' })
    assert.equal(def.configKeys().get('i')?.internalConfig, true)
  })
})

describe('ConfigDef.parse', () => {
  const def = new ConfigDef()
    .define({ name: 'topic', type: 'STRING', importance: 'HIGH' })
    .define({ name: 'batch.size', type: 'INT', defaultValue: 2000, validator: Range.atLeast(1), importance: 'LOW' })
    .define({ name: 'password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH' })
    .define({ name: 'fields', type: 'LIST', defaultValue: '', validator: ValidList.in('a', 'b'), importance: 'LOW' })

  test('parses given values, applies defaults and ignores unknown keys', () => {
    const parsed = def.parse({ topic: ' t ', 'batch.size': '10', password: 'p', unknown: 'x' })
    assert.equal(parsed.topic, 't')
    assert.equal(parsed['batch.size'], 10)
    assert.ok(parsed.password instanceof Password)
    assert.deepEqual(parsed.fields, [])
    assert.equal(Object.hasOwn(parsed, 'unknown'), false)
  })

  test('accepts a Map as well as a plain object', () => {
    assert.equal(def.parse(new Map([['topic', 't']])).topic, 't')
  })

  test('throws for a missing required setting, with Kafka’s message', () => {
    assert.throws(() => def.parse({}), { name: 'ConfigException', message: 'Missing required configuration "topic" which has no default value.' })
  })

  test('throws for the first bad value', () => {
    assert.throws(() => def.parse({ topic: 't', 'batch.size': '0' }), { message: 'Invalid value 0 for configuration batch.size: Value must be at least 1' })
  })

  test('drops repeated list elements when the validator is a ValidList (Kafka 4.2+)', () => {
    assert.deepEqual(def.parse({ topic: 't', fields: 'a,b,a' }).fields, ['a', 'b'])
  })

  test('refuses dependents that are not defined', () => {
    const broken = new ConfigDef().define({ name: 'a', type: 'STRING', defaultValue: '', importance: 'LOW', dependents: ['ghost', 'spook'] })
    assert.throws(() => broken.parse({}), { message: 'Some configurations in are referred in the dependents, but not defined: ghost,spook' })
  })
})

describe('ConfigDef.validate', () => {
  test('collects every error instead of throwing', () => {
    const def = new ConfigDef()
      .define({ name: 'topic', type: 'STRING', importance: 'HIGH' })
      .define({ name: 'tasks', type: 'INT', defaultValue: 1, validator: Range.atLeast(1), importance: 'HIGH' })
      .define({ name: 'count', type: 'INT', validator: Range.atLeast(0), importance: 'HIGH' })
    const values = byName(def.validate({ tasks: 'many' }))
    assert.deepEqual(values.get('topic')?.errorMessages, ['Missing required configuration "topic" which has no default value.'])
    assert.equal(values.get('topic')?.value, null)
    // An unparseable value leaves null, which the validator then also refuses, as in Kafka.
    assert.deepEqual(values.get('tasks')?.errorMessages, [
      'Invalid value many for configuration tasks: Not a number of type INT',
      'Invalid value null for configuration tasks: Value must be non-null',
    ])
    assert.deepEqual(values.get('count')?.errorMessages, [
      'Missing required configuration "count" which has no default value.',
      'Invalid value null for configuration count: Value must be non-null',
    ])
  })

  test('returns the parsed value, default included, for each setting in definition order', () => {
    const def = new ConfigDef()
      .define({ name: 'b', type: 'BOOLEAN', defaultValue: true, importance: 'LOW' })
      .define({ name: 'a', type: 'LIST', defaultValue: 'x,y', importance: 'LOW' })
    const values = def.validate({ b: 'false' })
    assert.deepEqual(values.map(v => [v.name, v.value, v.errorMessages.length, v.visible]), [['b', false, 0, true], ['a', ['x', 'y'], 0, true]])
  })

  test('recommenders see every parsed value and set recommended values and visibility', () => {
    const seen: Array<Record<string, unknown>> = []
    const dependsOnMode: Recommender = {
      validValues: (_name, parsed) => {
        seen.push({ ...parsed })
        return parsed.mode === 'ssl' ? ['TLSv1.2', 'TLSv1.3'] : []
      },
      visible: (_name, parsed) => parsed.mode === 'ssl',
    }
    const def = new ConfigDef()
      .define({ name: 'mode', type: 'STRING', defaultValue: 'plain', validator: ValidString.in('plain', 'ssl'), importance: 'HIGH', dependents: ['tls.version'] })
      .define({ name: 'tls.version', type: 'STRING', defaultValue: null, importance: 'LOW', recommender: dependsOnMode })

    const plain = byName(def.validate({}))
    assert.equal(plain.get('tls.version')?.visible, false)
    assert.deepEqual(plain.get('tls.version')?.recommendedValues, [])

    const ssl = byName(def.validate({ mode: 'ssl', 'tls.version': 'TLSv1.3' }))
    assert.equal(ssl.get('tls.version')?.visible, true)
    assert.deepEqual(ssl.get('tls.version')?.recommendedValues, ['TLSv1.2', 'TLSv1.3'])
    assert.deepEqual(seen.at(-1), { mode: 'ssl', 'tls.version': 'TLSv1.3' })
  })

  test('a recommender’s ConfigException becomes an error of that setting; other errors propagate', () => {
    const failing: Recommender = {
      validValues: () => { throw new ConfigException('cannot reach the database to list tables') },
      visible: () => true,
    }
    const def = new ConfigDef().define({ name: 'table', type: 'STRING', defaultValue: 'a', importance: 'LOW', recommender: failing })
    assert.deepEqual(def.validate({})[0].errorMessages, ['cannot reach the database to list tables'])

    const buggy: Recommender = { validValues: () => { throw new RangeError('bug') }, visible: () => true }
    const buggyDef = new ConfigDef().define({ name: 'table', type: 'STRING', defaultValue: 'a', importance: 'LOW', recommender: buggy })
    assert.throws(() => buggyDef.validate({}), RangeError)
  })

  test('a setting reached through two parents keeps only the values both visits recommended', () => {
    let call = 0
    const shrinking: Recommender = { validValues: () => (++call === 1 ? ['a', 'b', 'c'] : ['b', 'c', 'd']), visible: () => true }
    const def = new ConfigDef()
      .define({ name: 'p1', type: 'STRING', defaultValue: '', importance: 'LOW', dependents: ['child'] })
      .define({ name: 'p2', type: 'STRING', defaultValue: '', importance: 'LOW', dependents: ['child'] })
      .define({ name: 'child', type: 'STRING', defaultValue: '', importance: 'LOW', recommender: shrinking })
    assert.deepEqual(byName(def.validate({})).get('child')?.recommendedValues, ['b', 'c'])
  })

  test('an undefined dependent gets an invisible ConfigValue with an error', () => {
    const def = new ConfigDef().define({ name: 'a', type: 'STRING', defaultValue: '', importance: 'LOW', dependents: ['ghost'] })
    const ghost = byName(def.validate({})).get('ghost')
    assert.deepEqual(ghost?.errorMessages, ['ghost is referred in the dependents, but not defined.'])
    assert.equal(ghost?.visible, false)
  })

  test('a password is parsed, never echoed in an error', () => {
    const def = new ConfigDef().define({ name: 'pw', type: 'PASSWORD', importance: 'HIGH', validator: ValidString.in('x') })
    const [value] = def.validate({ pw: 'hunter2' })
    assert.ok(value.value instanceof Password)
    assert.deepEqual(value.errorMessages, ['Invalid value [hidden] for configuration pw: String must be one of: x'])
  })
})

describe('ConfigDef.embed and sortedConfigs', () => {
  test('embed prefixes names and dependents, prefixes groups and numbers them in order', () => {
    const child = new ConfigDef()
      .define({ name: 'field', type: 'STRING', importance: 'HIGH', validator: ValidString.in('a', 'b'), dependents: ['other'] })
      .define({ name: 'other', type: 'INT', defaultValue: 3, importance: 'LOW', group: 'Details' })
    const parent = new ConfigDef()
    parent.embed('transforms.t.', 'Transforms: t', 5, child)
    const field = parent.configKeys().get('transforms.t.field')
    const other = parent.configKeys().get('transforms.t.other')
    assert.equal(field?.group, 'Transforms: t')
    assert.equal(other?.group, 'Transforms: t: Details')
    assert.deepEqual(field?.dependents, ['transforms.t.other'])
    assert.equal(field?.orderInGroup, 5)
    assert.equal(other?.orderInGroup, 6)
    assert.equal(other?.defaultValue, 3)
    // The child's validator still names the setting as the child knows it.
    assert.throws(() => parent.parse({ 'transforms.t.field': 'c' }), { message: 'Invalid value c for configuration field: String must be one of: a, b' })
  })

  test('sortedConfigs orders by group, order, required first, importance, then name', () => {
    const def = new ConfigDef()
      .define({ name: 'z', type: 'STRING', defaultValue: '', importance: 'LOW', group: 'G' })
      .define({ name: 'y', type: 'STRING', importance: 'LOW', group: 'G' })
      .define({ name: 'x', type: 'STRING', defaultValue: '', importance: 'HIGH', group: 'G' })
      .define({ name: 'w', type: 'STRING', defaultValue: '', importance: 'HIGH', group: 'G', orderInGroup: -5 })
      .define({ name: 'v', type: 'STRING', defaultValue: '', importance: 'LOW' })
    assert.deepEqual(def.sortedConfigs().map(k => k.name), ['v', 'w', 'y', 'x', 'z'])
  })
})

describe('ConfigDef statics', () => {
  test('convertToStringMapWithPasswordValues reveals passwords and drops nulls', () => {
    assert.deepEqual(ConfigDef.convertToStringMapWithPasswordValues({ pw: new Password('s'), list: ['a', 'b'], n: 5, none: null }),
      { pw: 's', list: 'a,b', n: '5' })
  })

  test('ConfigKey can be defined directly', () => {
    const def = new ConfigDef().define(new ConfigKey({ name: 'k', type: 'SHORT', defaultValue: '3', importance: 'MEDIUM' }))
    assert.equal(def.parse({}).k, 3)
  })
})
