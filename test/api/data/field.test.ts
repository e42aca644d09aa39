import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Field } from '../../../src/api/data/field.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'

describe('Field', () => {
  it('equals by name, index and schema', () => {
    const field = new Field('a', 0, SchemaBuilder.int32().build())
    assert.ok(field.equals(new Field('a', 0, Schema.INT32_SCHEMA)))
    assert.equal(field.equals(new Field('b', 0, Schema.INT32_SCHEMA)), false)
    assert.equal(field.equals(new Field('a', 1, Schema.INT32_SCHEMA)), false)
    assert.equal(field.equals(new Field('a', 0, Schema.INT64_SCHEMA)), false)
  })

  it('prints as Java', () => {
    assert.equal(String(new Field('a', 2, Schema.STRING_SCHEMA)), 'Field{name=a, index=2, schema=Schema{STRING}}')
  })
})
