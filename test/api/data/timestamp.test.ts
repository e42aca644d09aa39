import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Schema } from '../../../src/api/data/schema.ts'
import { Timestamp } from '../../../src/api/data/timestamp.ts'
import { DataException } from '../../../src/api/errors.ts'

describe('Timestamp', () => {
  it('is an INT64 schema named and versioned as Java', () => {
    assert.equal(Timestamp.SCHEMA.type, 'INT64')
    assert.equal(Timestamp.SCHEMA.name, 'org.apache.kafka.connect.data.Timestamp')
    assert.equal(Timestamp.SCHEMA.version, 1)
    assert.equal(Timestamp.schema(), Timestamp.SCHEMA)
  })

  it('converts a Date to epoch milliseconds as a bigint and back', () => {
    for (const millis of [0, 1, -1, 1_700_000_000_123, -8_640_000_000_000_000, 8_640_000_000_000_000]) {
      const raw = Timestamp.fromLogical(Timestamp.SCHEMA, new Date(millis))
      assert.equal(raw, BigInt(millis))
      assert.equal(Timestamp.toLogical(Timestamp.SCHEMA, raw).getTime(), millis)
    }
    assert.equal(Timestamp.toLogical(Timestamp.SCHEMA, 5).getTime(), 5)
  })

  it('refuses milliseconds a Date cannot hold', () => {
    assert.throws(() => Timestamp.toLogical(Timestamp.SCHEMA, 2n ** 62n), /cannot be a JavaScript Date/)
    assert.throws(() => Timestamp.toLogical(Timestamp.SCHEMA, 1.5), DataException)
  })

  it('refuses another schema and an invalid Date', () => {
    assert.throws(() => Timestamp.fromLogical(Schema.INT64_SCHEMA, new Date(0)),
      { message: 'Requested conversion of Timestamp object but the schema does not match.' })
    assert.throws(() => Timestamp.toLogical(Schema.INT64_SCHEMA, 0n), /schema does not match/)
    assert.throws(() => Timestamp.fromLogical(Timestamp.SCHEMA, new Date(NaN)), DataException)
  })
})
