import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Schema } from '../../../src/api/data/schema.ts'
import type { SchemaType } from '../../../src/api/data/schema.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'
import { Struct } from '../../../src/api/data/struct.ts'
import { DataException, SchemaBuilderException } from '../../../src/api/errors.ts'

function assertBuilderError (build: () => unknown, message: string | RegExp): void {
  assert.throws(build, (error: unknown) => {
    assert.ok(error instanceof SchemaBuilderException, `expected a SchemaBuilderException, got ${String(error)}`)
    if (typeof message === 'string') assert.equal(error.message, message)
    else assert.match(error.message, message)
    return true
  })
}

describe('SchemaBuilder', () => {
  it('makes a builder of each type', () => {
    const made: Array<[SchemaBuilder, SchemaType]> = [
      [SchemaBuilder.int8(), 'INT8'], [SchemaBuilder.int16(), 'INT16'], [SchemaBuilder.int32(), 'INT32'],
      [SchemaBuilder.int64(), 'INT64'], [SchemaBuilder.float32(), 'FLOAT32'], [SchemaBuilder.float64(), 'FLOAT64'],
      [SchemaBuilder.bool(), 'BOOLEAN'], [SchemaBuilder.string(), 'STRING'], [SchemaBuilder.bytes(), 'BYTES'],
      [SchemaBuilder.struct(), 'STRUCT'], [SchemaBuilder.array(Schema.INT8_SCHEMA), 'ARRAY'],
      [SchemaBuilder.map(Schema.INT8_SCHEMA, Schema.INT8_SCHEMA), 'MAP'], [SchemaBuilder.type('FLOAT64'), 'FLOAT64'],
    ]
    for (const [builder, type] of made) {
      const schema = builder.build()
      assert.equal(builder.type, type)
      assert.equal(schema.type, type)
      assert.equal(schema.optional, false)
    }
  })

  it('builds every property into the schema', () => {
    const schema = SchemaBuilder.int32().name('n').version(3).doc('a count').parameter('a', '1')
      .parameters({ b: '2' }).parameters(new Map([['c', '3']])).optional().defaultValue(42).build()
    assert.equal(schema.name, 'n')
    assert.equal(schema.version, 3)
    assert.equal(schema.doc, 'a count')
    assert.deepEqual(schema.parameters, { a: '1', b: '2', c: '3' })
    assert.equal(schema.optional, true)
    assert.equal(schema.defaultValue, 42)
  })

  it('keeps struct fields in order with their indexes', () => {
    const schema = SchemaBuilder.struct().field('z', Schema.INT8_SCHEMA).field('a', Schema.STRING_SCHEMA).build()
    assert.deepEqual(schema.fields?.map((field) => [field.name, field.index, field.schema.type]), [['z', 0, 'INT8'], ['a', 1, 'STRING']])
  })

  it('keeps the element schemas of arrays and maps', () => {
    const array = SchemaBuilder.array(Schema.STRING_SCHEMA).build()
    assert.equal(array.valueSchema, Schema.STRING_SCHEMA)
    assert.equal(array.keySchema, null)
    const map = SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.BYTES_SCHEMA).build()
    assert.equal(map.keySchema, Schema.INT64_SCHEMA)
    assert.equal(map.valueSchema, Schema.BYTES_SCHEMA)
  })

  it('refuses a field on a non-struct', () => {
    assertBuilderError(() => SchemaBuilder.int32().field('a', Schema.INT8_SCHEMA), 'Cannot create fields on type INT32')
  })

  it('refuses a duplicate field, an empty field name and a missing field schema', () => {
    assertBuilderError(() => SchemaBuilder.struct().field('a', Schema.INT8_SCHEMA).field('a', Schema.INT16_SCHEMA),
      'Cannot create field because of field name duplication a')
    assertBuilderError(() => SchemaBuilder.struct().field('', Schema.INT8_SCHEMA), 'fieldName cannot be null.')
    assertBuilderError(() => SchemaBuilder.struct().field('a', null as unknown as Schema), 'fieldSchema for field a cannot be null.')
  })

  it('refuses missing array and map schemas and an unknown type', () => {
    assertBuilderError(() => SchemaBuilder.array(null as unknown as Schema), 'valueSchema cannot be null.')
    assertBuilderError(() => SchemaBuilder.map(null as unknown as Schema, Schema.INT8_SCHEMA), 'keySchema cannot be null.')
    assertBuilderError(() => SchemaBuilder.map(Schema.INT8_SCHEMA, null as unknown as Schema), 'valueSchema cannot be null.')
    assertBuilderError(() => SchemaBuilder.type(null as unknown as SchemaType), 'type cannot be null')
    assertBuilderError(() => SchemaBuilder.type('DECIMAL' as SchemaType), /Unknown schema type: DECIMAL/)
  })

  it('refuses to set a property twice to another value, as Java', () => {
    assertBuilderError(() => SchemaBuilder.int8().name('a').name('b'), 'Invalid SchemaBuilder call: name has already been set.')
    assertBuilderError(() => SchemaBuilder.int8().version(1).version(2), 'Invalid SchemaBuilder call: version has already been set.')
    assertBuilderError(() => SchemaBuilder.int8().doc('a').doc('b'), 'Invalid SchemaBuilder call: doc has already been set.')
    assertBuilderError(() => SchemaBuilder.int8().optional().required(), 'Invalid SchemaBuilder call: optional has already been set.')
    assertBuilderError(() => SchemaBuilder.int8().defaultValue(1).defaultValue(2), 'Invalid SchemaBuilder call: default has already been set.')
    // The very same value again is allowed.
    assert.equal(SchemaBuilder.int8().name('a').name('a').optional().optional().build().name, 'a')
  })

  it('refuses a default value that does not validate, and says why', () => {
    assertBuilderError(() => SchemaBuilder.int8().defaultValue(1000),
      /^Invalid default value: Invalid JavaScript value for schema with type INT8: number 1000 is not an integer in \[-128, 127\]/)
    assertBuilderError(() => SchemaBuilder.string().defaultValue(null), /^Invalid default value: Invalid value: null used for required value/)
    assertBuilderError(() => SchemaBuilder.int64().defaultValue(1), /must be a bigint/)
    const error = (() => {
      try { SchemaBuilder.int8().defaultValue('x') } catch (caught) { return caught }
    })()
    assert.ok(error instanceof SchemaBuilderException && error.cause instanceof DataException)
  })

  it('accepts a valid default, including a struct of the schema built so far', () => {
    assert.equal(SchemaBuilder.int64().defaultValue(-(2n ** 63n)).build().defaultValue, -(2n ** 63n))
    assert.equal(SchemaBuilder.string().optional().defaultValue(null).build().defaultValue, null)
    const builder = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA)
    const fallback = new Struct(builder.build()).put('a', 1)
    assert.equal(builder.defaultValue(fallback).build().defaultValue, fallback)
  })

  it('refuses parameters, names and versions of the wrong type', () => {
    assertBuilderError(() => SchemaBuilder.int8().parameter('scale', 2 as unknown as string), /Schema parameters are strings/)
    assertBuilderError(() => SchemaBuilder.int8().name(5 as unknown as string), /must be a string/)
    assertBuilderError(() => SchemaBuilder.int8().version(1.5), /must be an integer/)
  })

  it('exposes what has been set so far', () => {
    const builder = SchemaBuilder.struct().name('r').version(1).doc('d').parameter('k', 'v').optional()
      .field('a', Schema.INT8_SCHEMA)
    assert.equal(builder.isOptional(), true)
    assert.equal(builder.getName(), 'r')
    assert.equal(builder.getVersion(), 1)
    assert.equal(builder.getDoc(), 'd')
    assert.deepEqual(builder.getParameters(), { k: 'v' })
    assert.equal(builder.getDefaultValue(), undefined)
    assert.deepEqual(builder.fields.map((field) => field.name), ['a'])
    assert.equal(builder.getField('a')?.index, 0)
    assert.equal(builder.getField('b'), null)
    assert.throws(() => SchemaBuilder.int8().fields, { name: 'DataException', message: 'Cannot list fields on non-struct type' })
    assert.throws(() => SchemaBuilder.int8().getField('a'), { message: 'Cannot look up fields on non-struct type' })
  })

  it('builds independent, equal schemas each time', () => {
    const builder = SchemaBuilder.struct().field('a', Schema.INT8_SCHEMA)
    const first = builder.build()
    builder.field('b', Schema.INT8_SCHEMA)
    assert.equal(first.fields?.length, 1)
    assert.equal(builder.schema().fields?.length, 2)
  })
})

describe('Schema constants', () => {
  it('has a required and an optional schema of every primitive type', () => {
    const types = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES'] as const
    const constants = Schema as unknown as Record<string, Schema>
    for (const type of types) {
      assert.equal(constants[`${type}_SCHEMA`].type, type)
      assert.equal(constants[`${type}_SCHEMA`].optional, false)
      assert.equal(constants[`OPTIONAL_${type}_SCHEMA`].type, type)
      assert.equal(constants[`OPTIONAL_${type}_SCHEMA`].optional, true)
    }
    assert.equal(Object.keys(Schema).length, 18)
  })
})
