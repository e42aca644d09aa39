import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BigDecimal } from '../../../src/api/data/big-decimal.ts'
import { Decimal } from '../../../src/api/data/decimal.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'
import { DataException } from '../../../src/api/errors.ts'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

// Unscaled values and the bytes Java's BigInteger.toByteArray gives for them.
const JAVA_BYTES: ReadonlyArray<readonly [bigint, string]> = [
  [0n, '00'], [1n, '01'], [127n, '7f'], [128n, '0080'], [255n, '00ff'], [256n, '0100'],
  [-1n, 'ff'], [-128n, '80'], [-129n, 'ff7f'], [-256n, 'ff00'], [-32768n, '8000'], [-32769n, 'ff7fff'],
  [2n ** 63n, '008000000000000000'],
]

describe('Decimal', () => {
  it('builds a BYTES schema named and versioned as Java, with the scale as a parameter', () => {
    const schema = Decimal.schema(2)
    assert.equal(schema.type, 'BYTES')
    assert.equal(schema.name, 'org.apache.kafka.connect.data.Decimal')
    assert.equal(schema.name, Decimal.LOGICAL_NAME)
    assert.equal(schema.version, 1)
    assert.deepEqual(schema.parameters, { scale: '2' })
    assert.equal(Decimal.SCALE_FIELD, 'scale')
    assert.equal(Decimal.builder(-3).optional().build().optional, true)
    assert.throws(() => Decimal.builder(1.5), DataException)
  })

  it('writes the unscaled value as Java BigInteger.toByteArray does, and reads it back', () => {
    const schema = Decimal.schema(0)
    for (const [unscaled, javaHex] of JAVA_BYTES) {
      const bytes = Decimal.fromLogical(schema, new BigDecimal(unscaled, 0))
      assert.equal(hex(bytes), javaHex, String(unscaled))
      assert.ok(Decimal.toLogical(schema, bytes).equals(new BigDecimal(unscaled, 0)))
    }
  })

  it('round-trips decimals of many sizes and signs at their scale', () => {
    for (const text of ['0.00', '1.23', '-1.23', '99999999999999999999999999999999.99', '-0.01', '123456789.12']) {
      const value = BigDecimal.fromString(text)
      const schema = Decimal.schema(value.scale)
      const back = Decimal.toLogical(schema, Decimal.fromLogical(schema, value))
      assert.equal(back.toString(), text)
    }
  })

  it('refuses a value whose scale is not the schema\'s, with Java\'s message', () => {
    assert.throws(() => Decimal.fromLogical(Decimal.schema(2), BigDecimal.fromString('1.5')), {
      name: 'DataException',
      message: 'Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 1.',
    })
  })

  it('refuses a schema without a usable scale, and bad raw values', () => {
    assert.throws(() => Decimal.toLogical(Schema.BYTES_SCHEMA, new Uint8Array([1])), { message: 'Invalid Decimal schema: scale parameter not found.' })
    const badScale = SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).parameter('scale', 'two').build()
    assert.throws(() => Decimal.toLogical(badScale, new Uint8Array([1])), { message: /^Invalid scale parameter found in Decimal schema/ })
    assert.throws(() => Decimal.toLogical(Decimal.schema(0), new Uint8Array()), DataException)
    assert.throws(() => Decimal.toLogical(Decimal.schema(0), [1] as unknown as Uint8Array), DataException)
    assert.throws(() => Decimal.fromLogical(Decimal.schema(0), 5 as unknown as BigDecimal), DataException)
  })
})
