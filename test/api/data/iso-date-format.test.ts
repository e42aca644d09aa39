import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { formatTemporal, parseTemporal } from '../../../src/api/data/iso-date-format.ts'

// Expected instants are what Kafka Connect's Values (SimpleDateFormat, lenient, in UTC) gives.
const PARSED: ReadonlyArray<readonly [string, string, number]> = [
  ['2020-01-01', 'date', 1577836800000],
  ['2020-02-30', 'date', 1583020800000],
  ['2020-00-00', 'date', 1575072000000],
  ['2020-13-45', 'date', 1613260800000],
  ['2020--1-01', 'date', 1572566400000],
  [' 2020-1-01', 'date', 1577836800000],
  ['2020-01-1x', 'date', 1577836800000],
  ['\u0662\u0660\u0662\u0660-01-01', 'date', 1577836800000],
  // The Julian calendar before 1582-10-15; the ten days that never were read as Julian dates.
  ['1582-10-15', 'date', -12219292800000],
  ['1582-10-10', 'date', -12218860800000],
  ['1582-10-04', 'date', -12219379200000],
  ['1000-01-01', 'date', -30609792000000],
  ['0000-01-01', 'date', -62167392000000],
  ['-001-01-01', 'date', -62198928000000],
  ['12:34:56.789Z', 'time', 45296789],
  ['12\\:34\\:56.789Z', 'time', 45296789],
  ['99:99:99.999Z', 'time', 362439999],
  ['1:2:3.456789Z', 'time', 4179789],
  ['2020-01-01T12:34:56.789Z', 'timestamp', 1577882096789],
  ['2019-02-29T24:00:00.000Z', 'timestamp', 1551484800000],
]

describe('parseTemporal', () => {
  for (const [text, kind, millis] of PARSED) {
    it(`reads ${JSON.stringify(text)} as Java's lenient SimpleDateFormat does`, () => {
      const parsed = parseTemporal(text)
      assert.equal(parsed?.kind, kind)
      assert.equal(parsed?.date.getTime(), millis)
    })
  }

  it('reads an exponent in a field, as Java\'s number format does', () => {
    assert.equal(parseTemporal('2020-1-1E1')?.date.getTime(), Date.UTC(2020, 0, 10))
  })

  it('rejects text of another length, with a wrong separator, or without digits', () => {
    for (const text of ['2020-01-1', '2020-01-01 ', '12:34:56.789X', '2020/01/01', 'abcd-ef-gh', '2020-01-01T12:34:56.789X']) {
      assert.equal(parseTemporal(text), null, text)
    }
  })

  it('rejects an instant beyond a JavaScript Date', () => {
    assert.equal(parseTemporal('999999-1-1'), null)
  })
})

describe('formatTemporal', () => {
  it('picks the layout from the instant, as Values.dateFormatFor does', () => {
    assert.equal(formatTemporal(new Date(45296789)), '12:34:56.789Z')
    assert.equal(formatTemporal(new Date(-1)), '23:59:59.999Z')
    assert.equal(formatTemporal(new Date(-30609792000000)), '00:00:00.000Z')
    assert.equal(formatTemporal(new Date(86400000)), '1970-01-02')
    assert.equal(formatTemporal(new Date(86400001)), '1970-01-02T00:00:00.001Z')
    assert.equal(formatTemporal(new Date(Date.UTC(12345, 5, 7))), '12345-06-07')
    assert.equal(formatTemporal(new Date(Date.UTC(275760, 8, 13))), '275760-09-13')
  })
})
