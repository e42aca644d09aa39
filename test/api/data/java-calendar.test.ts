import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fieldsOfMillis, millisOfFields } from '../../../src/api/data/java-calendar.ts'

const midnight = (year: number, month: number, day: number): number =>
  millisOfFields({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 })

describe('Java\'s Julian/Gregorian calendar', () => {
  it('is Gregorian from 1582-10-15 and Julian before', () => {
    assert.equal(midnight(2020, 1, 1), Date.UTC(2020, 0, 1))
    assert.equal(midnight(1582, 10, 15), Date.UTC(1582, 9, 15))
    assert.equal(midnight(1582, 10, 4), Date.UTC(1582, 9, 14))
    assert.equal(midnight(1000, 1, 1), Date.UTC(1000, 0, 6))
    assert.deepEqual(fieldsOfMillis(Date.UTC(1582, 9, 14, 1, 2, 3, 4)), {
      year: 1582, month: 10, day: 4, hour: 1, minute: 2, second: 3, millisecond: 4,
    })
  })

  it('rolls out-of-range fields over, as a lenient calendar', () => {
    assert.equal(midnight(2020, 13, 45), Date.UTC(2021, 1, 14))
    assert.equal(midnight(2020, 0, 0), Date.UTC(2019, 10, 30))
    assert.equal(millisOfFields({ year: 1970, month: 1, day: 1, hour: -1, minute: 0, second: 0, millisecond: 0 }), -3600000)
  })

  it('reads back the fields it gives, across the whole range of a JavaScript Date', () => {
    for (let millis = -8.64e15; millis <= 8.64e15; millis += 8.64e15 / 997 + 12345) {
      const whole = Math.round(millis)
      assert.equal(millisOfFields(fieldsOfMillis(whole)), whole)
    }
  })
})
