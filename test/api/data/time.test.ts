import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Schema } from '../../../src/api/data/schema.ts'
import { Time } from '../../../src/api/data/time.ts'
import { DataException } from '../../../src/api/errors.ts'

describe('Time', () => {
  it('is an INT32 schema named and versioned as Java', () => {
    assert.equal(Time.SCHEMA.type, 'INT32')
    assert.equal(Time.SCHEMA.name, 'org.apache.kafka.connect.data.Time')
    assert.equal(Time.SCHEMA.version, 1)
    assert.equal(Time.schema(), Time.SCHEMA)
  })

  it('converts a time of day on 1970-01-01 UTC to milliseconds since midnight and back', () => {
    for (const millis of [0, 1, 43_200_000, 86_399_999, 86_400_000]) {
      assert.equal(Time.fromLogical(Time.SCHEMA, new Date(millis)), millis)
      assert.equal(Time.toLogical(Time.SCHEMA, millis).getTime(), millis)
    }
  })

  it('refuses a Date on another day', () => {
    for (const millis of [-1, 86_400_001, Date.UTC(2024, 0, 1, 10)]) {
      assert.throws(() => Time.fromLogical(Time.SCHEMA, new Date(millis)),
        { name: 'DataException', message: 'Kafka Connect Time type should not have any date fields set to non-zero values.' })
    }
    for (const millis of [-1, 86_400_001, 1.5]) {
      assert.throws(() => Time.toLogical(Time.SCHEMA, millis),
        { message: 'Time values must use number of milliseconds greater than 0 and less than 86400000' })
    }
  })

  it('refuses another schema and an invalid Date', () => {
    assert.throws(() => Time.fromLogical(Schema.INT32_SCHEMA, new Date(0)), { message: 'Requested conversion of Time object but the schema does not match.' })
    assert.throws(() => Time.toLogical(Schema.INT32_SCHEMA, 0), /schema does not match/)
    assert.throws(() => Time.fromLogical(Time.SCHEMA, new Date(NaN)), DataException)
  })
})
