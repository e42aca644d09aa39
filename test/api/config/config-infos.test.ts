import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ConfigDef } from '../../../src/api/config/config-def.ts'
import {
  buildConfigInfos, configInfosFor, configKeyInfo, configValueInfo, mergeConfigInfos,
  pluginConfigKeyInfos, prefixedConfigInfos,
} from '../../../src/api/config/config-infos.ts'
import { ConfigValue } from '../../../src/api/config/config-value.ts'
import { Range, ValidString } from '../../../src/api/config/validators.ts'

const def = new ConfigDef()
  .define({
    name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'The topic to write to.',
    group: 'Common', orderInGroup: 1, width: 'LONG', displayName: 'Topic',
  })
  .define({
    name: 'batch.size', type: 'INT', defaultValue: 2000, validator: Range.atLeast(1), importance: 'LOW',
    documentation: 'Records per poll.', group: 'Common', orderInGroup: 2, width: 'SHORT', displayName: 'Batch size',
  })
  .define({ name: 'secret', type: 'PASSWORD', defaultValue: 'changeit', importance: 'MEDIUM', documentation: 'Secret.', group: 'Security' })
  .define({ name: 'ratio', type: 'DOUBLE', defaultValue: 1, importance: 'LOW', documentation: 'Ratio.' })
  .define({
    name: 'format', type: 'LIST', defaultValue: ['json', 'avro'], importance: 'LOW', documentation: 'Formats.',
    recommender: { validValues: () => ['json', 'avro', 'csv'], visible: () => true },
  })

describe('ConfigInfos', () => {
  test('has exactly the JSON shape and field order of Kafka’s REST API', () => {
    const infos = configInfosFor('org.example.MySourceConnector', def,
      def.validate({ 'batch.size': '0', secret: 'hunter2', ratio: '0.5', format: 'csv' }))
    // Written from Kafka 4.3's ConfigInfos, ConfigInfo, ConfigKeyInfo and ConfigValueInfo records.
    const expected = '{"name":"org.example.MySourceConnector","error_count":2,"groups":["Common","Security"],"configs":[' +
      '{"definition":{"name":"topic","type":"STRING","required":true,"default_value":null,"importance":"HIGH",' +
      '"documentation":"The topic to write to.","group":"Common","order_in_group":1,"width":"LONG","display_name":"Topic","dependents":[]},' +
      '"value":{"name":"topic","value":null,"recommended_values":[],' +
      '"errors":["Missing required configuration \\"topic\\" which has no default value."],"visible":true}},' +
      '{"definition":{"name":"batch.size","type":"INT","required":false,"default_value":"2000","importance":"LOW",' +
      '"documentation":"Records per poll.","group":"Common","order_in_group":2,"width":"SHORT","display_name":"Batch size","dependents":[]},' +
      '"value":{"name":"batch.size","value":"0","recommended_values":[],' +
      '"errors":["Invalid value 0 for configuration batch.size: Value must be at least 1"],"visible":true}},' +
      '{"definition":{"name":"secret","type":"PASSWORD","required":false,"default_value":"[hidden]","importance":"MEDIUM",' +
      '"documentation":"Secret.","group":"Security","order_in_group":-1,"width":"NONE","display_name":"secret","dependents":[]},' +
      '"value":{"name":"secret","value":"[hidden]","recommended_values":[],"errors":[],"visible":true}},' +
      '{"definition":{"name":"ratio","type":"DOUBLE","required":false,"default_value":"1.0","importance":"LOW",' +
      '"documentation":"Ratio.","group":null,"order_in_group":-1,"width":"NONE","display_name":"ratio","dependents":[]},' +
      '"value":{"name":"ratio","value":"0.5","recommended_values":[],"errors":[],"visible":true}},' +
      '{"definition":{"name":"format","type":"LIST","required":false,"default_value":"json,avro","importance":"LOW",' +
      '"documentation":"Formats.","group":null,"order_in_group":-1,"width":"NONE","display_name":"format","dependents":[]},' +
      '"value":{"name":"format","value":"csv","recommended_values":["json","avro","csv"],"errors":[],"visible":true}}]}'
    assert.equal(JSON.stringify(infos), expected)
  })

  test('never shows a password, not even one a connector left as plain text', () => {
    const infos = configInfosFor('C', def, [new ConfigValue('secret', 'plain-text-secret')])
    assert.doesNotMatch(JSON.stringify(infos), /plain-text-secret|changeit/)
    assert.equal(configValueInfo(new ConfigValue('secret', null), 'PASSWORD').value, null)
  })

  test('lists results of unknown settings first, with no definition, and counts their errors', () => {
    const unknown = new ConfigValue('connector.clas')
    unknown.addErrorMessage('no such setting')
    unknown.addErrorMessage('did you mean connector.class?')
    const infos = buildConfigInfos('C', def.configKeys(), [...def.validate({ topic: 't' }), unknown], def.groups())
    assert.equal(infos.error_count, 2)
    assert.deepEqual(infos.configs[0], {
      definition: null,
      value: { name: 'connector.clas', value: null, recommended_values: [], errors: ['no such setting', 'did you mean connector.class?'], visible: true },
    })
    assert.deepEqual(infos.configs.slice(1).map(c => c.definition?.name), ['topic', 'batch.size', 'secret', 'ratio', 'format'])
  })

  test('a definition without a validation result has a null value', () => {
    const infos = buildConfigInfos('C', def.configKeys(), [], [])
    assert.equal(infos.configs.length, 5)
    assert.ok(infos.configs.every(c => c.value === null && c.definition !== null))
    assert.equal(infos.error_count, 0)
  })

  test('mergeConfigInfos sums counts and deduplicates groups', () => {
    const a = buildConfigInfos('x', def.configKeys(), def.validate({}), def.groups())
    const b = { name: '', error_count: 3, groups: ['Security', 'Transforms'], configs: [] }
    const merged = mergeConfigInfos('org.example.C', a, null, b)
    assert.equal(merged.name, 'org.example.C')
    assert.equal(merged.error_count, a.error_count + 3)
    assert.deepEqual(merged.groups, ['Common', 'Security', 'Transforms'])
    assert.equal(merged.configs.length, a.configs.length)
  })

  test('prefixedConfigInfos prefixes names and counts settings with errors', () => {
    const failing = new ConfigValue('batch.size', 5, [], ['not allowed', 'really not'])
    const infos = prefixedConfigInfos(def.configKeys(), [failing, new ConfigValue('unknown.key', 'v')], 'producer.override.')
    assert.equal(infos.error_count, 1)
    assert.deepEqual(infos.groups, ['Common'])
    assert.equal(infos.configs[0].definition?.name, 'producer.override.batch.size')
    assert.equal(infos.configs[0].value?.name, 'producer.override.batch.size')
    assert.equal(infos.configs[1].definition, null)
    assert.equal(infos.configs[1].value?.value, 'v')
  })
})

describe('ConfigKeyInfo', () => {
  test('a required setting has no default value', () => {
    const key = def.configKeys().get('topic')
    assert.ok(key !== undefined)
    assert.deepEqual(configKeyInfo(key), {
      name: 'topic', type: 'STRING', required: true, default_value: null, importance: 'HIGH',
      documentation: 'The topic to write to.', group: 'Common', order_in_group: 1, width: 'LONG', display_name: 'Topic', dependents: [],
    })
  })

  test('a null default is not required and is shown as null', () => {
    const nullable = new ConfigDef().define({ name: 'n', type: 'STRING', defaultValue: null, importance: 'LOW' })
    const info = configKeyInfo(nullable.configKeys().get('n')!)
    assert.equal(info.required, false)
    assert.equal(info.default_value, null)
  })

  test('pluginConfigKeyInfos lists the plugin’s settings first, then the base ones it does not redefine', () => {
    const base = new ConfigDef()
      .define({ name: 'name', type: 'STRING', importance: 'HIGH', validator: ValidString.in('x') })
      .define({ name: 'topic', type: 'STRING', defaultValue: 'base', importance: 'LOW' })
    const infos = pluginConfigKeyInfos(def, base)
    assert.deepEqual(infos.map(i => i.name), ['topic', 'batch.size', 'secret', 'ratio', 'format', 'name'])
    assert.equal(infos[0].required, true, 'the plugin’s own definition wins')
  })
})
