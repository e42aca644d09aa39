import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BigDecimal } from '../../../src/api/data/big-decimal.ts'
import { ConnectSchema, schemaEquals, valueEquals } from '../../../src/api/data/connect-schema.ts'
import { ConnectDate } from '../../../src/api/data/date.ts'
import { Decimal } from '../../../src/api/data/decimal.ts'
import { Field } from '../../../src/api/data/field.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'
import { Struct } from '../../../src/api/data/struct.ts'
import { Time } from '../../../src/api/data/time.ts'
import { Timestamp } from '../../../src/api/data/timestamp.ts'
import { DataException } from '../../../src/api/errors.ts'

const validate = (schema: Schema, value: unknown, field?: string): void => ConnectSchema.validateValue(schema, value, field)

function assertInvalid (schema: Schema, value: unknown, message: RegExp | string): void {
  assert.throws(() => validate(schema, value), (error: unknown) => {
    assert.ok(error instanceof DataException, `expected a DataException, got ${String(error)}`)
    if (typeof message === 'string') assert.equal(error.message, message)
    else assert.match(error.message, message)
    return true
  })
}

describe('ConnectSchema.validateValue', () => {
  it('checks INT8, INT16 and INT32 ranges at their edges', () => {
    const edges: Array<[Schema, number, number]> = [
      [Schema.INT8_SCHEMA, -128, 127],
      [Schema.INT16_SCHEMA, -32768, 32767],
      [Schema.INT32_SCHEMA, -2147483648, 2147483647],
    ]
    for (const [schema, min, max] of edges) {
      validate(schema, min)
      validate(schema, max)
      validate(schema, 0)
      assertInvalid(schema, min - 1, `Invalid JavaScript value for schema with type ${schema.type}: ` +
        `number ${min - 1} is not an integer in [${min}, ${max}] for value`)
      assertInvalid(schema, max + 1, /is not an integer in/)
      assertInvalid(schema, 1.5, /number 1.5 is not an integer/)
      assertInvalid(schema, NaN, /number NaN is not an integer/)
      assertInvalid(schema, 1n, `Invalid JavaScript value for schema with type ${schema.type}: bigint for value`)
      assertInvalid(schema, '1', /: string for value$/)
    }
  })

  it('takes INT64 only as a bigint, over the whole signed 64-bit range', () => {
    validate(Schema.INT64_SCHEMA, -(2n ** 63n))
    validate(Schema.INT64_SCHEMA, 2n ** 63n - 1n)
    validate(Schema.INT64_SCHEMA, 2n ** 53n + 1n)
    assertInvalid(Schema.INT64_SCHEMA, 2n ** 63n, /bigint 9223372036854775808 is not in \[-9223372036854775808, 9223372036854775807\]/)
    assertInvalid(Schema.INT64_SCHEMA, -(2n ** 63n) - 1n, /is not in/)
    assertInvalid(Schema.INT64_SCHEMA, 5, /number \(an INT64 value must be a bigint/)
  })

  it('takes any number for FLOAT32 and FLOAT64, and nothing else', () => {
    for (const schema of [Schema.FLOAT32_SCHEMA, Schema.FLOAT64_SCHEMA]) {
      for (const value of [0, -1.5, 1e300, NaN, Infinity, -Infinity, Number.MIN_VALUE]) validate(schema, value)
      assertInvalid(schema, 1n, /bigint/)
      assertInvalid(schema, '1.5', /string/)
    }
  })

  it('checks BOOLEAN, STRING and BYTES', () => {
    validate(Schema.BOOLEAN_SCHEMA, false)
    assertInvalid(Schema.BOOLEAN_SCHEMA, 0, /: number for value/)
    validate(Schema.STRING_SCHEMA, '')
    assertInvalid(Schema.STRING_SCHEMA, new Date(0), /: Date for value/)
    validate(Schema.BYTES_SCHEMA, new Uint8Array([1, 2]))
    validate(Schema.BYTES_SCHEMA, Buffer.from('ab'))
    assertInvalid(Schema.BYTES_SCHEMA, [1, 2], /: Array for value/)
    assertInvalid(Schema.BYTES_SCHEMA, new ArrayBuffer(2), /: ArrayBuffer for value/)
  })

  it('rejects null for a required schema and accepts it for an optional one', () => {
    assertInvalid(Schema.INT32_SCHEMA, null, 'Invalid value: null used for required value, schema type: INT32')
    assertInvalid(Schema.STRING_SCHEMA, undefined, /null used for required value/)
    assert.throws(() => validate(Schema.STRING_SCHEMA, null, 'name'),
      { message: 'Invalid value: null used for required field: "name", schema type: STRING' })
    validate(Schema.OPTIONAL_INT32_SCHEMA, null)
    validate(Schema.OPTIONAL_INT32_SCHEMA, undefined)
  })

  it('names the field, the schema and the JavaScript type in its message', () => {
    const named = SchemaBuilder.int32().name('com.example.Count').build()
    assert.throws(() => validate(named, 'x', 'count'),
      { message: 'Invalid JavaScript value for schema "com.example.Count" with type INT32: string for field: "count"' })
  })

  it('validates array elements, and map keys and values (Map or plain object)', () => {
    const array = SchemaBuilder.array(Schema.INT32_SCHEMA).build()
    validate(array, [1, 2, 3])
    validate(array, [])
    assertInvalid(array, [1, 'x'], /: string for element of array value$/)
    assertInvalid(array, [1, null], /null used for required element of array value/)
    assertInvalid(array, new Set([1]), /: Set for value/)

    const map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build()
    validate(map, new Map([['a', 1n]]))
    validate(map, { a: 1n, b: 2n })
    validate(map, Object.create(null))
    assertInvalid(map, new Map([[1, 1n]]), /: number for key of map value$/)
    assertInvalid(map, { a: 1 }, /must be a bigint.* for value of map value$/)
    assertInvalid(map, new Date(), /: Date for value/)

    const nested = SchemaBuilder.map(Schema.INT32_SCHEMA, array).build()
    assert.throws(() => validate(nested, new Map([[1, ['x']]]), 'f'), /for element of array value of map field: "f"/)
  })

  it('complains when a container schema has no element schema', () => {
    const arrayOfNothing = new ConnectSchema({ type: 'ARRAY' })
    assertInvalid(arrayOfNothing, [1], 'No schema defined for element of array value')
    const mapOfNothing = new ConnectSchema({ type: 'MAP', valueSchema: Schema.INT32_SCHEMA })
    assertInvalid(mapOfNothing, new Map([[1, 1]]), 'No schema defined for key of map value')
  })

  it('checks a struct is of the same schema and complete', () => {
    const schema = SchemaBuilder.struct().name('point').field('x', Schema.INT32_SCHEMA).build()
    const sameShape = SchemaBuilder.struct().name('point').field('x', Schema.INT32_SCHEMA).build()
    const other = SchemaBuilder.struct().name('point').field('x', Schema.INT64_SCHEMA).build()
    validate(schema, new Struct(schema).put('x', 1))
    validate(schema, new Struct(sameShape).put('x', 1))
    assertInvalid(schema, new Struct(other).put('x', 1n), /^Struct schemas do not match/)
    assertInvalid(schema, new Struct(schema), /null used for required field: "x"/)
    assertInvalid(schema, { x: 1 }, /: Object for value/)
  })

  it('takes the logical types by their JavaScript classes', () => {
    validate(Decimal.schema(2), new BigDecimal(100n, 2))
    assertInvalid(Decimal.schema(2), new Uint8Array([1]), /schema "org.apache.kafka.connect.data.Decimal" with type BYTES: Uint8Array \(a Decimal value must be a BigDecimal\)/)
    for (const schema of [ConnectDate.SCHEMA, Time.SCHEMA, Timestamp.SCHEMA]) {
      validate(schema, new Date(0))
      assertInvalid(schema, 0, /number \(this logical type's value must be a Date\)/)
      assertInvalid(schema, new Date(NaN), /Invalid Date/)
    }
  })

  it('validates through the instance method as well', () => {
    const schema = new ConnectSchema({ type: 'INT16' })
    schema.validateValue(5)
    assert.throws(() => schema.validateValue(40000), DataException)
  })
})

describe('ConnectSchema', () => {
  it('is built from an options object, with sensible defaults', () => {
    const schema = new ConnectSchema({ type: 'STRING' })
    assert.equal(schema.optional, false)
    assert.equal(schema.defaultValue, undefined)
    assert.equal(schema.name, null)
    assert.equal(schema.version, null)
    assert.equal(schema.doc, null)
    assert.equal(schema.parameters, null)
    assert.equal(schema.fields, null)
    assert.equal(schema.keySchema, null)
    assert.equal(schema.valueSchema, null)
  })

  it('rejects an unknown type', () => {
    assert.throws(() => new ConnectSchema({ type: 'INT128' as never }), { name: 'DataException', message: /Unknown schema type: INT128/ })
  })

  it('looks fields up by name, and refuses to on a non-struct', () => {
    const schema = SchemaBuilder.struct().field('a', Schema.INT8_SCHEMA).field('b', Schema.STRING_SCHEMA).build()
    assert.equal(schema.field('b')?.index, 1)
    assert.equal(schema.field('c'), null)
    assert.throws(() => Schema.INT8_SCHEMA.field('a'), { message: 'Cannot look up fields on non-struct type' })
  })

  it('refuses fields whose indexes do not match their positions, or that repeat a name', () => {
    assert.throws(() => new ConnectSchema({ type: 'STRUCT', fields: [new Field('a', 1, Schema.INT8_SCHEMA)] }), /has index 1 but is at position 0/)
    assert.throws(() => new ConnectSchema({
      type: 'STRUCT',
      fields: [new Field('a', 0, Schema.INT8_SCHEMA), new Field('a', 1, Schema.INT8_SCHEMA)],
    }), /Duplicate field name/)
  })

  it('cannot be changed after it is built', () => {
    const schema = SchemaBuilder.struct().field('a', Schema.INT8_SCHEMA).parameter('k', 'v').build()
    assert.throws(() => { (schema.fields as Field[]).push(new Field('b', 1, Schema.INT8_SCHEMA)) }, TypeError)
    assert.throws(() => { (schema.parameters as Record<string, string>).k = 'w' }, TypeError)
  })

  it('prints as Java does', () => {
    assert.equal(String(Schema.INT32_SCHEMA), 'Schema{INT32}')
    assert.equal(String(Decimal.schema(2)), 'Schema{org.apache.kafka.connect.data.Decimal:BYTES}')
  })

  it('equals deeply, over every property', () => {
    const build = (): Schema => SchemaBuilder.struct().name('r').version(2).doc('d').parameter('p', '1')
      .field('id', Schema.INT64_SCHEMA)
      .field('tags', SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.array(Schema.BYTES_SCHEMA).build()).build())
      .field('n', SchemaBuilder.int32().optional().defaultValue(7).build())
      .build()
    assert.ok(schemaEquals(build(), build()))
    assert.ok((build() as ConnectSchema).equals(build()))
    const variants: Schema[] = [
      SchemaBuilder.struct().name('r').build(),
      SchemaBuilder.int32().build(),
      SchemaBuilder.int32().optional().build(),
      SchemaBuilder.int32().name('x').build(),
      SchemaBuilder.int32().version(1).build(),
      SchemaBuilder.int32().doc('x').build(),
      SchemaBuilder.int32().parameter('a', 'b').build(),
      SchemaBuilder.int32().defaultValue(1).build(),
      SchemaBuilder.int32().defaultValue(2).build(),
      SchemaBuilder.array(Schema.INT32_SCHEMA).build(),
      SchemaBuilder.array(Schema.INT64_SCHEMA).build(),
      SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT32_SCHEMA).build(),
      SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(),
      SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build(),
      SchemaBuilder.struct().field('b', Schema.INT32_SCHEMA).build(),
      SchemaBuilder.struct().field('a', Schema.INT64_SCHEMA).build(),
    ]
    for (let i = 0; i < variants.length; i++) {
      for (let j = 0; j < variants.length; j++) {
        assert.equal(schemaEquals(variants[i], variants[j]), i === j, `${i} vs ${j}`)
      }
    }
    assert.equal(schemaEquals(Schema.INT32_SCHEMA, null), false)
    assert.equal(schemaEquals(null, null), true)
  })

  it('compares default values by content', () => {
    const a = SchemaBuilder.bytes().defaultValue(new Uint8Array([1, 2])).build()
    const b = SchemaBuilder.bytes().defaultValue(new Uint8Array([1, 2])).build()
    const c = SchemaBuilder.bytes().defaultValue(new Uint8Array([1, 3])).build()
    assert.ok(schemaEquals(a, b))
    assert.equal(schemaEquals(a, c), false)
  })
})

describe('valueEquals', () => {
  it('compares bytes, arrays, maps, dates and decimals by content', () => {
    assert.ok(valueEquals(new Uint8Array([1, 2]), Buffer.from([1, 2])))
    assert.equal(valueEquals(new Uint8Array([1, 2]), new Uint8Array([1])), false)
    assert.ok(valueEquals([1, [2n, 'x']], [1, [2n, 'x']]))
    assert.equal(valueEquals([1, 2], [2, 1]), false)
    assert.ok(valueEquals(new Map([['a', [1]]]), new Map([['a', [1]]])))
    assert.ok(valueEquals(new Map([['a', 1]]), { a: 1 }))
    assert.equal(valueEquals(new Map([['a', 1]]), new Map([['a', 2]])), false)
    assert.equal(valueEquals(new Map([['a', 1]]), new Map([['a', 1], ['b', 2]])), false)
    assert.ok(valueEquals(new Map([[new Uint8Array([1]), 'x']]), new Map([[new Uint8Array([1]), 'x']])))
    assert.ok(valueEquals(new Date(5), new Date(5)))
    assert.equal(valueEquals(new Date(5), new Date(6)), false)
    assert.ok(valueEquals(new BigDecimal(1n, 1), new BigDecimal(1n, 1)))
    assert.equal(valueEquals(new BigDecimal(10n, 2), new BigDecimal(1n, 1)), false)
  })

  it('treats null and undefined as equal, and NaN as equal to itself', () => {
    assert.ok(valueEquals(null, undefined))
    assert.ok(valueEquals(NaN, NaN))
    assert.equal(valueEquals(0, null), false)
    assert.equal(valueEquals(1, 1n), false)
    assert.equal(valueEquals('1', 1), false)
    assert.equal(valueEquals({}, []), false)
  })
})
