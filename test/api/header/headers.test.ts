import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BigDecimal } from '../../../src/api/data/big-decimal.ts'
import { schemaEquals } from '../../../src/api/data/connect-schema.ts'
import { ConnectDate } from '../../../src/api/data/date.ts'
import { Decimal } from '../../../src/api/data/decimal.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import { SchemaAndValue } from '../../../src/api/data/schema-and-value.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'
import { Struct } from '../../../src/api/data/struct.ts'
import { Time } from '../../../src/api/data/time.ts'
import { Timestamp } from '../../../src/api/data/timestamp.ts'
import { DataException } from '../../../src/api/errors.ts'
import { ConnectHeader, ConnectHeaders } from '../../../src/api/header/headers.ts'
import type { Header } from '../../../src/api/header/headers.ts'

const keysOf = (headers: ConnectHeaders): string[] => [...headers].map((header) => header.key)
const valuesOf = (headers: Iterable<Header>): unknown[] => [...headers].map((header) => header.value)

describe('ConnectHeaders', () => {
  it('starts empty', () => {
    const headers = new ConnectHeaders()
    assert.equal(headers.size(), 0)
    assert.equal(headers.isEmpty(), true)
    assert.deepEqual([...headers], [])
    assert.equal(headers.lastWithName('a'), null)
    assert.deepEqual(headers.allWithName('a'), [])
  })

  it('keeps insertion order and duplicates', () => {
    const headers = new ConnectHeaders().addString('b', '1').addInt('a', 2).addString('b', '3')
    assert.deepEqual(keysOf(headers), ['b', 'a', 'b'])
    assert.equal(headers.size(), 3)
    assert.equal(headers.lastWithName('b')?.value, '3')
    assert.deepEqual(valuesOf(headers.allWithName('b')), ['1', '3'])
  })

  it('gives each typed adder its schema', () => {
    const struct = new Struct(SchemaBuilder.struct().field('f', Schema.INT8_SCHEMA).build()).put('f', 1)
    const array = SchemaBuilder.array(Schema.STRING_SCHEMA).build()
    const map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build()
    const headers = new ConnectHeaders()
      .addString('string', 's').addBytes('bytes', new Uint8Array([1])).addBoolean('boolean', true)
      .addByte('byte', -128).addShort('short', 32767).addInt('int', -5).addLong('long', 2n ** 63n - 1n)
      .addFloat('float', 1.5).addDouble('double', 2.5).addList('list', ['x'], array).addMap('map', { k: 1 }, map)
      .addStruct('struct', struct).addDecimal('decimal', BigDecimal.fromString('1.25'))
      .addDate('date', new Date(Date.UTC(2020, 0, 1))).addTime('time', new Date(1000)).addTimestamp('timestamp', new Date(5))
    const schemaOf = (key: string): Schema | null => headers.lastWithName(key)!.schema
    assert.equal(schemaOf('string'), Schema.STRING_SCHEMA)
    assert.equal(schemaOf('bytes'), Schema.BYTES_SCHEMA)
    assert.equal(schemaOf('boolean'), Schema.BOOLEAN_SCHEMA)
    assert.equal(schemaOf('byte'), Schema.INT8_SCHEMA)
    assert.equal(schemaOf('short'), Schema.INT16_SCHEMA)
    assert.equal(schemaOf('int'), Schema.INT32_SCHEMA)
    assert.equal(schemaOf('long'), Schema.INT64_SCHEMA)
    assert.equal(schemaOf('float'), Schema.FLOAT32_SCHEMA)
    assert.equal(schemaOf('double'), Schema.FLOAT64_SCHEMA)
    assert.equal(schemaOf('list'), array)
    assert.equal(schemaOf('map'), map)
    assert.equal(schemaOf('struct'), struct.schema)
    assert.ok(schemaEquals(Decimal.schema(2), schemaOf('decimal')))
    assert.equal(schemaOf('date'), ConnectDate.SCHEMA)
    assert.equal(schemaOf('time'), Time.SCHEMA)
    assert.equal(schemaOf('timestamp'), Timestamp.SCHEMA)
  })

  it('gives null strings and bytes the optional schema, and null containers none', () => {
    const headers = new ConnectHeaders().addString('s', null).addBytes('b', null)
      .addList('l', null, SchemaBuilder.array(Schema.INT8_SCHEMA).build()).addStruct('st', null).addDecimal('d', null)
    assert.equal(headers.lastWithName('s')?.schema, Schema.OPTIONAL_STRING_SCHEMA)
    assert.equal(headers.lastWithName('b')?.schema, Schema.OPTIONAL_BYTES_SCHEMA)
    for (const key of ['l', 'st', 'd']) {
      assert.equal(headers.lastWithName(key)?.schema, null)
      assert.equal(headers.lastWithName(key)?.value, null)
    }
  })

  it('validates a value against the schema it is added with', () => {
    const headers = new ConnectHeaders()
    assert.throws(() => headers.addInt('a', 2 ** 31), { name: 'DataException', message: /^The value 2147483648 is not compatible with the schema Schema\{INT32\}: .*not an integer in/ })
    assert.throws(() => headers.addByte('a', 1.5), DataException)
    assert.throws(() => headers.addLong('a', 1 as unknown as bigint), /must be a bigint/)
    assert.throws(() => headers.add('a', 'x', Schema.INT32_SCHEMA), /is not compatible with the schema Schema\{INT32\}/)
    assert.throws(() => headers.add('a', null, Schema.INT32_SCHEMA), { message: 'A null value requires an optional schema but was Schema{INT32}' })
    assert.throws(() => headers.addList('a', ['x'], Schema.STRING_SCHEMA), { message: 'Expecting ARRAY but instead found STRING' })
    assert.throws(() => headers.addMap('a', new Map(), Schema.STRING_SCHEMA), { message: 'Expecting MAP but instead found STRING' })
    assert.throws(() => headers.addList('a', [1], SchemaBuilder.array(Schema.STRING_SCHEMA).build()), /element of array/)
    assert.throws(() => headers.addDate('a', new Date(1)), /should not have any time fields/)
    assert.throws(() => headers.addTime('a', new Date(Date.UTC(2020, 0, 1))), /should not have any date fields/)
    assert.equal(headers.size(), 0)
  })

  it('adds without a schema, from a SchemaAndValue, and as a Header object', () => {
    const headers = new ConnectHeaders()
      .add('free', { any: 'thing' })
      .add('sv', new SchemaAndValue(Schema.INT16_SCHEMA, 7))
      .add('nothing', null)
      .add({ key: 'raw', schema: null, value: 1 })
    assert.equal(headers.lastWithName('free')?.schema, null)
    assert.equal(headers.lastWithName('sv')?.schema, Schema.INT16_SCHEMA)
    assert.equal(headers.lastWithName('sv')?.value, 7)
    assert.equal(headers.lastWithName('nothing')?.value, null)
    assert.equal(headers.lastWithName('raw')?.value, 1)
    assert.throws(() => headers.add('bad', new SchemaAndValue(Schema.INT8_SCHEMA, 'x')), DataException)
    assert.throws(() => headers.add(null as unknown as Header), { message: 'Unable to add a null header.' })
  })

  it('gives a struct header without a schema the struct\'s schema', () => {
    const struct = new Struct(SchemaBuilder.struct().field('f', Schema.INT8_SCHEMA).build()).put('f', 1)
    assert.equal(new ConnectHeaders().add('s', struct).lastWithName('s')?.schema, struct.schema)
  })

  it('refuses a missing key', () => {
    assert.throws(() => new ConnectHeaders().addString(null as unknown as string, 'x'), { name: 'DataException', message: 'Header key cannot be null' })
    assert.throws(() => new ConnectHeaders().lastWithName(undefined as unknown as string), { message: 'Header key cannot be null' })
    assert.throws(() => new ConnectHeaders().addInt(5 as unknown as string, 1), /must be a string/)
  })

  it('removes every header of a key', () => {
    const headers = new ConnectHeaders().addInt('a', 1).addInt('b', 2).addInt('a', 3)
    assert.deepEqual(keysOf(headers.remove('a')), ['b'])
    assert.deepEqual(keysOf(headers.remove('missing')), ['b'])
  })

  it('retains only the latest header of one key, or of every key', () => {
    const make = (): ConnectHeaders => new ConnectHeaders().addInt('a', 1).addInt('b', 2).addInt('a', 3).addInt('b', 4).addInt('c', 5)
    assert.deepEqual(valuesOf(make().retainLatest('a')), [2, 3, 4, 5])
    assert.deepEqual(valuesOf(make().retainLatest()), [3, 4, 5])
    assert.deepEqual(valuesOf(make().retainLatest('missing')), [1, 2, 3, 4, 5])
  })

  it('applies a transform to every header or to those of one key, removing on null', () => {
    const headers = new ConnectHeaders().addInt('a', 1).addInt('b', 2).addInt('a', 3)
    headers.apply('a', (header) => header.value === 1 ? null : new ConnectHeader(header.key, Schema.INT32_SCHEMA, 30))
    assert.deepEqual(valuesOf(headers), [2, 30])
    headers.apply((header) => new ConnectHeader(header.key.toUpperCase(), header.schema, header.value))
    assert.deepEqual(keysOf(headers), ['B', 'A'])
  })

  it('clears', () => {
    const headers = new ConnectHeaders().addInt('a', 1)
    assert.equal(headers.clear().isEmpty(), true)
  })

  it('duplicates into an independent list', () => {
    const original = new ConnectHeaders().addInt('a', 1)
    const copy = original.duplicate()
    copy.addInt('b', 2)
    original.remove('a')
    assert.deepEqual(keysOf(copy), ['a', 'b'])
    assert.deepEqual(keysOf(original), [])
    assert.deepEqual(keysOf(new ConnectHeaders(copy)), ['a', 'b'])
  })

  it('equals deeply, in order', () => {
    const make = (): ConnectHeaders => new ConnectHeaders().addBytes('a', new Uint8Array([1])).addLong('b', 5n)
    assert.ok(make().equals(make()))
    assert.equal(make().equals(make().addInt('c', 1)), false)
    assert.equal(make().equals(new ConnectHeaders().addLong('b', 5n).addBytes('a', new Uint8Array([1]))), false)
    assert.ok(new ConnectHeaders().equals(new ConnectHeaders().addInt('a', 1).clear()))
  })

  it('prints as Java', () => {
    assert.equal(String(new ConnectHeaders()), 'ConnectHeaders(headers=)')
    assert.equal(String(new ConnectHeaders().addInt('a', 1)), 'ConnectHeaders(headers=[ConnectHeader(key=a, value=1, schema=Schema{INT32})])')
  })
})

describe('ConnectHeader', () => {
  it('renames and replaces its value, staying immutable', () => {
    const header = new ConnectHeader('a', Schema.INT32_SCHEMA, 1)
    const renamed = header.rename('b')
    assert.equal(renamed.key, 'b')
    assert.equal(renamed.value, 1)
    assert.equal(header.rename('a'), header)
    const replaced = header.with(Schema.STRING_SCHEMA, 'x')
    assert.equal(replaced.key, 'a')
    assert.equal(replaced.value, 'x')
    assert.equal(header.value, 1)
  })

  it('equals by key, schema and value', () => {
    const header = new ConnectHeader('a', Schema.BYTES_SCHEMA, new Uint8Array([1]))
    assert.ok(header.equals(new ConnectHeader('a', Schema.BYTES_SCHEMA, new Uint8Array([1]))))
    assert.ok(header.equals({ key: 'a', schema: Schema.BYTES_SCHEMA, value: new Uint8Array([1]) }))
    assert.equal(header.equals(new ConnectHeader('b', Schema.BYTES_SCHEMA, new Uint8Array([1]))), false)
    assert.equal(header.equals(new ConnectHeader('a', Schema.OPTIONAL_BYTES_SCHEMA, new Uint8Array([1]))), false)
  })
})
