import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Schema } from '../../../src/api/data/schema.ts'
import { SchemaAndValue } from '../../../src/api/data/schema-and-value.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'

describe('SchemaAndValue', () => {
  it('has a NULL with neither schema nor value', () => {
    assert.equal(SchemaAndValue.NULL.schema, null)
    assert.equal(SchemaAndValue.NULL.value, null)
  })

  it('equals deeply', () => {
    const bytes = (): SchemaAndValue => new SchemaAndValue(SchemaBuilder.bytes().build(), new Uint8Array([1, 2]))
    assert.ok(bytes().equals(bytes()))
    assert.equal(bytes().equals(new SchemaAndValue(Schema.BYTES_SCHEMA, new Uint8Array([1]))), false)
    assert.equal(bytes().equals(new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, new Uint8Array([1, 2]))), false)
    assert.ok(SchemaAndValue.NULL.equals(new SchemaAndValue(null, null)))
  })

  it('prints as Java', () => {
    assert.equal(String(new SchemaAndValue(Schema.INT64_SCHEMA, 5n)), 'SchemaAndValue{schema=Schema{INT64}, value=5}')
  })
})
