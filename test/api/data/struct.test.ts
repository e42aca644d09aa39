import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BigDecimal } from '../../../src/api/data/big-decimal.ts'
import { ConnectDate } from '../../../src/api/data/date.ts'
import { Decimal } from '../../../src/api/data/decimal.ts'
import { Field } from '../../../src/api/data/field.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'
import { Struct } from '../../../src/api/data/struct.ts'

const ADDRESS = SchemaBuilder.struct().name('address')
  .field('street', Schema.STRING_SCHEMA)
  .field('zip', Schema.OPTIONAL_INT32_SCHEMA)
  .build()

const PERSON = SchemaBuilder.struct().name('person')
  .field('id', Schema.INT64_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .field('nick', SchemaBuilder.string().optional().defaultValue('anon').build())
  .field('age', SchemaBuilder.int8().defaultValue(18).build())
  .field('score', Schema.OPTIONAL_FLOAT64_SCHEMA)
  .field('weight', Schema.OPTIONAL_FLOAT32_SCHEMA)
  .field('active', Schema.OPTIONAL_BOOLEAN_SCHEMA)
  .field('rank', Schema.OPTIONAL_INT16_SCHEMA)
  .field('level', Schema.OPTIONAL_INT32_SCHEMA)
  .field('photo', Schema.OPTIONAL_BYTES_SCHEMA)
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
  .field('scores', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
  .field('address', SchemaBuilder.struct().name('address')
    .field('street', Schema.STRING_SCHEMA)
    .field('zip', Schema.OPTIONAL_INT32_SCHEMA)
    .optional().build())
  .field('balance', Decimal.builder(2).optional().build())
  .field('born', ConnectDate.builder().optional().build())
  .build()

const OPTIONAL_ADDRESS = PERSON.field('address')!.schema

function person (): Struct {
  return new Struct(PERSON).put('id', 9007199254740993n).put('name', 'Ada')
}

describe('Struct', () => {
  it('refuses a schema that is not a struct', () => {
    assert.throws(() => new Struct(Schema.INT32_SCHEMA), { name: 'DataException', message: 'Not a struct schema: Schema{INT32}' })
  })

  it('puts and gets every kind of value, and keeps INT64 exact past 2^53', () => {
    const address = new Struct(OPTIONAL_ADDRESS).put('street', 'Main St').put('zip', 12345)
    const struct = person()
      .put('score', 1.5).put('weight', 2.25).put('active', true).put('rank', -32768).put('level', 2147483647)
      .put('photo', new Uint8Array([1, 2])).put('tags', ['a', 'b']).put('scores', new Map([['x', 1]]))
      .put('address', address).put('balance', new BigDecimal(1234n, 2)).put('born', new Date(Date.UTC(2000, 0, 1)))
    assert.equal(struct.getInt64('id'), 9007199254740993n)
    assert.equal(struct.getString('name'), 'Ada')
    assert.equal(struct.getFloat64('score'), 1.5)
    assert.equal(struct.getFloat32('weight'), 2.25)
    assert.equal(struct.getBoolean('active'), true)
    assert.equal(struct.getInt16('rank'), -32768)
    assert.equal(struct.getInt32('level'), 2147483647)
    assert.deepEqual(struct.getBytes('photo'), new Uint8Array([1, 2]))
    assert.deepEqual(struct.getArray<string>('tags'), ['a', 'b'])
    assert.deepEqual(struct.getMap<string, number>('scores'), new Map([['x', 1]]))
    assert.equal(struct.getStruct('address'), address)
    assert.equal(struct.getStruct('address')?.getInt32('zip'), 12345)
    assert.ok((struct.get('balance') as BigDecimal).equals(new BigDecimal(1234n, 2)))
    assert.equal((struct.get('born') as Date).getTime(), Date.UTC(2000, 0, 1))
    struct.validate()
  })

  it('gives a plain-object map back as a Map', () => {
    const struct = person().put('scores', { x: 1, y: 2 })
    assert.deepEqual(struct.getMap('scores'), new Map([['x', 1], ['y', 2]]))
  })

  it('applies the default in get, not in getWithoutDefault or the typed getters (as Java)', () => {
    const struct = person()
    assert.equal(struct.get('nick'), 'anon')
    assert.equal(struct.get('age'), 18)
    assert.equal(struct.getWithoutDefault('nick'), null)
    assert.equal(struct.getString('nick'), null)
    assert.equal(struct.get('score'), null)
    struct.put('nick', 'ace')
    assert.equal(struct.get('nick'), 'ace')
  })

  it('gets by Field as well as by name, including a Field of an equal schema', () => {
    const struct = person()
    assert.equal(struct.get(PERSON.field('name')!), 'Ada')
    const equalSchema = SchemaBuilder.struct().field('name', Schema.STRING_SCHEMA).build()
    assert.equal(struct.get(equalSchema.field('name')!), 'Ada')
    assert.equal(struct.put(new Field('name', 0, Schema.STRING_SCHEMA), 'Bob').getString('name'), 'Bob')
  })

  it('validates each put and names the field', () => {
    assert.throws(() => person().put('age', 200),
      { name: 'DataException', message: 'Invalid JavaScript value for schema with type INT8: number 200 is not an integer in [-128, 127] for field: "age"' })
    assert.throws(() => person().put('id', 1), /must be a bigint.*for field: "id"/)
    assert.throws(() => person().put('id', 2n ** 63n), /for field: "id"/)
    assert.throws(() => person().put('name', null), { message: 'Invalid value: null used for required field: "name", schema type: STRING' })
    assert.throws(() => person().put('tags', ['a', 1]), /for element of array field: "tags"/)
    // As in Java, validation checks a decimal's class, not its scale: Decimal.fromLogical does that.
    person().put('balance', new BigDecimal(1n, 3)).validate()
    assert.throws(() => person().put('balance', new Uint8Array([1])), /must be a BigDecimal\) for field: "balance"/)
  })

  it('refuses an unknown field and a missing field', () => {
    assert.throws(() => person().put('nope', 1), { name: 'DataException', message: 'nope is not a valid field name' })
    assert.throws(() => person().get('nope'), { message: 'nope is not a valid field name' })
    assert.throws(() => person().put(null as unknown as string, 1), /null is not a valid field name|field cannot be null/)
    assert.throws(() => person().get(undefined as unknown as Field), { message: 'field cannot be null.' })
  })

  it('refuses a typed getter of the wrong type', () => {
    assert.throws(() => person().getInt32('name'), { name: 'DataException', message: "Field 'name' is not of type INT32" })
    assert.throws(() => person().getInt8('id'), { message: "Field 'id' is not of type INT8" })
  })

  it('requires required fields without a default in validate', () => {
    assert.throws(() => new Struct(PERSON).validate(), { message: 'Invalid value: null used for required field: "id", schema type: INT64' })
    assert.throws(() => new Struct(PERSON).put('id', 1n).validate(), /field: "name"/)
    // age is required but has a default, so it may stay unset.
    person().validate()
  })

  it('validates nested structs deeply, and wants their schema to match', () => {
    const incomplete = new Struct(OPTIONAL_ADDRESS)
    assert.throws(() => person().put('address', incomplete), /null used for required field: "street"/)
    const wrongSchema = new Struct(ADDRESS).put('street', 'x')
    assert.throws(() => person().put('address', wrongSchema), /Struct schemas do not match for field: "address"/)
  })

  it('equals deeply: the schema and every value', () => {
    const a = person().put('photo', new Uint8Array([1])).put('tags', ['x']).put('scores', new Map([['k', 1]]))
      .put('address', new Struct(OPTIONAL_ADDRESS).put('street', 's')).put('balance', new BigDecimal(5n, 2))
    const b = person().put('photo', new Uint8Array([1])).put('tags', ['x']).put('scores', { k: 1 })
      .put('address', new Struct(OPTIONAL_ADDRESS).put('street', 's')).put('balance', new BigDecimal(5n, 2))
    assert.ok(a.equals(b))
    assert.equal(a.equals(person()), false)
    assert.equal(a.equals(b.put('photo', new Uint8Array([2]))), false)
    const otherSchema = SchemaBuilder.struct().name('other').field('id', Schema.INT64_SCHEMA).field('name', Schema.STRING_SCHEMA).build()
    assert.equal(new Struct(otherSchema).put('id', 1n).equals(new Struct(PERSON).put('id', 1n)), false)
  })

  it('prints the fields that are set, as Java', () => {
    const struct = person().put('tags', ['a', 'b']).put('address', new Struct(OPTIONAL_ADDRESS).put('street', 's'))
    assert.equal(String(struct), 'Struct{id=9007199254740993,name=Ada,tags=[a, b],address=Struct{street=s}}')
  })

  it('is recognised by instanceof even when made by another copy of the module', async () => {
    const url = new URL('../../../src/api/data/struct.ts?copy=2', import.meta.url)
    const other = await import(url.href) as { Struct: typeof Struct }
    assert.notEqual(other.Struct, Struct)
    const foreign = new other.Struct(OPTIONAL_ADDRESS).put('street', 'x')
    assert.ok(foreign instanceof Struct)
    person().put('address', foreign).validate()
  })
})
