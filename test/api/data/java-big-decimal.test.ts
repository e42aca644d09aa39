import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BigDecimal } from '../../../src/api/data/big-decimal.ts'
import {
  compareMagnitudeWithPowerOfTen, isWholeNumber, javaDoubleValue, javaFloatValue, javaLongValue, parseJavaBigDecimal,
} from '../../../src/api/data/java-big-decimal.ts'

describe('parseJavaBigDecimal', () => {
  it('reads Java\'s BigDecimal text forms', () => {
    assert.deepEqual(parseJavaBigDecimal('-12.50'), new BigDecimal(-1250n, 2))
    assert.deepEqual(parseJavaBigDecimal('+5'), new BigDecimal(5n, 0))
    assert.deepEqual(parseJavaBigDecimal('.5'), new BigDecimal(5n, 1))
    assert.deepEqual(parseJavaBigDecimal('5.'), new BigDecimal(5n, 0))
    assert.deepEqual(parseJavaBigDecimal('1.5E+3'), new BigDecimal(15n, -2))
    assert.deepEqual(parseJavaBigDecimal('1e-0000000000005'), new BigDecimal(1n, 5))
    assert.deepEqual(parseJavaBigDecimal('\u0661\u0662.\u0663'), new BigDecimal(123n, 1))
    assert.deepEqual(parseJavaBigDecimal('1e2147483647'), new BigDecimal(1n, -2147483647))
  })

  it('returns null where Java throws NumberFormatException', () => {
    for (const text of ['', '.', '-', '1e', 'e5', ' 1', '1 ', '1_000', '0x10', 'NaN', 'Infinity', '1e12345678901', '1e-2147483648', '--1']) {
      assert.equal(parseJavaBigDecimal(text), null, text)
    }
  })
})

describe('BigDecimal conversions as Java', () => {
  it('takes the low 64 bits of the integer part for longValue', () => {
    assert.equal(javaLongValue(new BigDecimal(-399n, 2)), -3n)
    assert.equal(javaLongValue(new BigDecimal(1n, -20)), 7766279631452241920n)
    assert.equal(javaLongValue(new BigDecimal(1n, -64)), 0n)
    assert.equal(javaLongValue(new BigDecimal(1n, 999999999)), 0n)
    assert.equal(javaLongValue(new BigDecimal(2n ** 64n + 5n, 0)), 5n)
  })

  it('rounds once to the nearest double or float', () => {
    assert.equal(javaDoubleValue(new BigDecimal(1n, -400)), Infinity)
    assert.equal(javaDoubleValue(new BigDecimal(12345n, 2)), 123.45)
    assert.equal(javaFloatValue(new BigDecimal(1000000059604644775390625n, 24)), 1)
    assert.equal(javaFloatValue(new BigDecimal(10000000596046447753906250001n, 28)), 1 + 2 ** -23)
    assert.equal(javaFloatValue(new BigDecimal(-1n, 50)), -0)
    assert.equal(javaFloatValue(new BigDecimal(1n, -39)), Infinity)
  })

  it('compares magnitudes with powers of ten without building them', () => {
    assert.equal(compareMagnitudeWithPowerOfTen(new BigDecimal(10n, -18), 19), 0)
    assert.equal(compareMagnitudeWithPowerOfTen(new BigDecimal(-11n, -18), 19), 1)
    assert.equal(compareMagnitudeWithPowerOfTen(new BigDecimal(99n, 1), 1), -1)
    assert.equal(compareMagnitudeWithPowerOfTen(new BigDecimal(1n, -999999999), 0), 1)
    assert.equal(compareMagnitudeWithPowerOfTen(new BigDecimal(0n, 0), 0), -1)
  })

  it('tells whole numbers', () => {
    assert.equal(isWholeNumber(new BigDecimal(300n, 2)), true)
    assert.equal(isWholeNumber(new BigDecimal(301n, 2)), false)
    assert.equal(isWholeNumber(new BigDecimal(1n, -5)), true)
    assert.equal(isWholeNumber(new BigDecimal(0n, 7)), true)
    assert.equal(isWholeNumber(new BigDecimal(5n, 999999999)), false)
  })
})
