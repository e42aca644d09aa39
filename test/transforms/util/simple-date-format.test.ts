// SimpleDateFormat beyond the parity corpus: the pieces its parsing is made of.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DateParseError, DatePatternError, SimpleDateFormat } from '../../../src/transforms/util/simple-date-format.ts'

const NOW = Date.UTC(2026, 5, 1)

describe('SimpleDateFormat', () => {
  it('formats in UTC with Java\'s letters', () => {
    const f = new SimpleDateFormat("EEEE, d MMMM yyyy 'at' h:mm:ss.SSS a zzzz (Z, XXX)", NOW)
    assert.equal(f.format(1700000000123), 'Tuesday, 14 November 2023 at 10:13:20.123 PM Coordinated Universal Time (+0000, Z)')
    assert.equal(new SimpleDateFormat('yy-MM-dd', NOW).format(Date.UTC(1999, 11, 31)), '99-12-31')
    assert.equal(new SimpleDateFormat("''yyyy''", NOW).format(0), "'1970'")
  })

  it('refuses patterns Java refuses, with Java\'s messages', () => {
    assert.throws(() => new SimpleDateFormat('yyyy-bb'), (e: unknown) => e instanceof DatePatternError && e.message === "Illegal pattern character 'b'")
    assert.throws(() => new SimpleDateFormat("yyyy-'x"), /^Error: Unterminated quote$|Unterminated quote/)
    assert.throws(() => new SimpleDateFormat('XXXX'), /invalid ISO 8601 format: length=4/)
  })

  it('parses leniently, as Java does', () => {
    const f = new SimpleDateFormat('yyyy-MM-dd HH:mm', NOW)
    assert.equal(f.parse('2024-13-32 24:60').getTime(), Date.UTC(2025, 1, 2, 1, 0))
    assert.equal(f.parse('2024-3-5 7:8 and the rest').getTime(), Date.UTC(2024, 2, 5, 7, 8))
    assert.throws(() => f.parse('2024-03'), (e: unknown) => e instanceof DateParseError && e.message === 'Unparseable date: "2024-03"')
  })

  it('reads adjacent numeric fields by their widths', () => {
    assert.equal(new SimpleDateFormat('yyyyMMddHHmm', NOW).parse('202403151011').getTime(), Date.UTC(2024, 2, 15, 10, 11))
  })

  it('reads two-digit years into the century around now', () => {
    const f = new SimpleDateFormat('yy', NOW)
    assert.equal(f.parse('45').getUTCFullYear(), 2045)
    assert.equal(f.parse('47').getUTCFullYear(), 1947)
    // Three digits are a year as written (a Julian one, so shown through the same calendar).
    assert.equal(new SimpleDateFormat('yyyy', NOW).format(f.parse('045')), '0045')
  })

  it('reads zones as offsets, GMT±hh:mm and the names it knows', () => {
    const f = new SimpleDateFormat('HH:mm z', NOW)
    assert.equal(f.parse('12:00 +0130').getTime(), Date.UTC(1970, 0, 1, 10, 30))
    assert.equal(f.parse('12:00 GMT-03:30').getTime(), Date.UTC(1970, 0, 1, 15, 30))
    assert.equal(f.parse('12:00 CEST').getTime(), Date.UTC(1970, 0, 1, 10, 0))
    assert.equal(f.parse('12:00 pacific standard time').getTime(), Date.UTC(1970, 0, 1, 20, 0))
    assert.throws(() => f.parse('12:00 GMT+5'), DateParseError)
  })
})
