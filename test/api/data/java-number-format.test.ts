import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { javaDoubleToString, javaFloatToString } from '../../../src/api/data/java-number-format.ts'

describe('javaDoubleToString', () => {
  it('writes Java Double.toString forms', () => {
    const cases: Array<[number, string]> = [
      [1, '1.0'], [-1, '-1.0'], [100, '100.0'], [0.001, '0.001'], [0.0001, '1.0E-4'], [1e7, '1.0E7'],
      [1234567, '1234567.0'], [12345678, '1.2345678E7'], [0.1, '0.1'], [123.456, '123.456'], [1e21, '1.0E21'],
      [1e-7, '1.0E-7'], [Number.MAX_VALUE, '1.7976931348623157E308'], [2 ** 53 + 2, '9.007199254740994E15'],
      [0, '0.0'], [-0, '-0.0'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'],
    ]
    for (const [value, text] of cases) assert.equal(javaDoubleToString(value), text, String(value))
  })

  it('takes two digits where Java does: Double.MIN_VALUE is 4.9E-324', () => {
    assert.equal(javaDoubleToString(Number.MIN_VALUE), '4.9E-324')
  })
})

describe('javaFloatToString', () => {
  it('writes the shortest digits of the float, not of the double holding it', () => {
    const cases: Array<[number, string]> = [
      [0.1, '0.1'], [1 / 3, '0.33333334'], [1.5, '1.5'], [1e10, '1.0E10'], [16777216, '1.6777216E7'],
      [3.4028234663852886e38, '3.4028235E38'], [-0, '-0.0'], [NaN, 'NaN'], [-Infinity, '-Infinity'], [1e-5, '1.0E-5'],
    ]
    for (const [value, text] of cases) assert.equal(javaFloatToString(value), text, String(value))
  })

  it('prints Float.MIN_VALUE with two digits, as Java', () => {
    assert.equal(javaFloatToString(1.401298464324817e-45), '1.4E-45')
  })

  it('breaks a tie between two shortest candidates toward the even digit', () => {
    // 3146035.25 is a float, exactly halfway between 3146035.2 and 3146035.3.
    assert.equal(javaFloatToString(3146035.25), '3146035.2')
  })

  it('picks the candidate closest to the float', () => {
    const float = new DataView(Uint8Array.of(0x6a, 0x33, 0x18, 0xdd).buffer).getFloat32(0)
    assert.equal(javaFloatToString(float), '5.4128784E25')
  })
})
