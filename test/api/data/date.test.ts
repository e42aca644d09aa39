import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ConnectDate } from '../../../src/api/data/date.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import { DataException } from '../../../src/api/errors.ts'

describe('ConnectDate', () => {
  it('is an INT32 schema named and versioned as Java', () => {
    assert.equal(ConnectDate.SCHEMA.type, 'INT32')
    assert.equal(ConnectDate.SCHEMA.name, 'org.apache.kafka.connect.data.Date')
    assert.equal(ConnectDate.SCHEMA.version, 1)
    assert.equal(ConnectDate.schema(), ConnectDate.SCHEMA)
    assert.equal(ConnectDate.builder().optional().build().optional, true)
  })

  it('converts midnight UTC to days since the epoch and back, before and after 1970', () => {
    const cases: Array<[Date, number]> = [
      [new Date(Date.UTC(1970, 0, 1)), 0],
      [new Date(Date.UTC(1970, 0, 2)), 1],
      [new Date(Date.UTC(1969, 11, 31)), -1],
      [new Date(Date.UTC(2024, 1, 29)), 19782],
      [new Date(Date.UTC(1900, 0, 1)), -25567],
    ]
    for (const [date, days] of cases) {
      assert.equal(ConnectDate.fromLogical(ConnectDate.SCHEMA, date), days, date.toISOString())
      assert.equal(ConnectDate.toLogical(ConnectDate.SCHEMA, days).getTime(), date.getTime())
    }
  })

  it('refuses a Date with a time of day', () => {
    for (const millis of [1, 86_399_999, -1, Date.UTC(2024, 0, 1, 12)]) {
      assert.throws(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(millis)),
        { name: 'DataException', message: 'Kafka Connect Date type should not have any time fields set to non-zero values.' })
    }
  })

  it('refuses another schema, an invalid Date and a fractional day', () => {
    assert.throws(() => ConnectDate.fromLogical(Schema.INT32_SCHEMA, new Date(0)),
      { message: 'Requested conversion of Date object but the schema does not match.' })
    assert.throws(() => ConnectDate.toLogical(Schema.INT32_SCHEMA, 0), /schema does not match/)
    assert.throws(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(NaN)), DataException)
    assert.throws(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, 0 as unknown as Date), DataException)
    assert.throws(() => ConnectDate.toLogical(ConnectDate.SCHEMA, 1.5), DataException)
  })
})
