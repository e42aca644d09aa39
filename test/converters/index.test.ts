import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILTIN_CONVERTERS } from '../../src/converters/index.ts'

describe('BUILTIN_CONVERTERS', () => {
  it('lists Kafka\'s converters under their Java class names', () => {
    assert.deepEqual(BUILTIN_CONVERTERS.map(plugin => plugin.className).sort(), [
      'org.apache.kafka.connect.converters.BooleanConverter',
      'org.apache.kafka.connect.converters.ByteArrayConverter',
      'org.apache.kafka.connect.converters.DoubleConverter',
      'org.apache.kafka.connect.converters.FloatConverter',
      'org.apache.kafka.connect.converters.IntegerConverter',
      'org.apache.kafka.connect.converters.LongConverter',
      'org.apache.kafka.connect.converters.ShortConverter',
      'org.apache.kafka.connect.json.JsonConverter',
      'org.apache.kafka.connect.storage.SimpleHeaderConverter',
      'org.apache.kafka.connect.storage.StringConverter',
    ])
  })

  it('creates a fresh instance with the methods its roles need', () => {
    for (const plugin of BUILTIN_CONVERTERS) {
      const first = plugin.create()
      assert.notEqual(first, plugin.create(), plugin.className)
      if (plugin.isConverter) assert.equal(typeof (first as { fromConnectData?: unknown }).fromConnectData, 'function', plugin.className)
      if (plugin.isHeaderConverter) assert.equal(typeof (first as { toConnectHeader?: unknown }).toConnectHeader, 'function', plugin.className)
    }
    const simple = BUILTIN_CONVERTERS.find(plugin => plugin.className.endsWith('SimpleHeaderConverter'))
    assert.equal(simple?.isConverter, false)
  })
})
