import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BigDecimal } from '../../../src/api/data/big-decimal.ts'
import { DataException } from '../../../src/api/errors.ts'

// [unscaled, scale, Java's toString(), Java's toPlainString()], printed by Java 17's BigDecimal.
// The first eight rows are the examples in the BigDecimal.toString Javadoc.
const JAVA_STRINGS: ReadonlyArray<readonly [bigint, number, string, string]> = [
  [123n, 0, '123', '123'],
  [-123n, 0, '-123', '-123'],
  [123n, -1, '1.23E+3', '1230'],
  [123n, -3, '1.23E+5', '123000'],
  [123n, 1, '12.3', '12.3'],
  [123n, 5, '0.00123', '0.00123'],
  [123n, 10, '1.23E-8', '0.0000000123'],
  [-123n, 12, '-1.23E-10', '-0.000000000123'],
  [123n, -5, '1.23E+7', '12300000'],
  [1n, 10, '1E-10', '0.0000000001'],
  [0n, 2, '0.00', '0.00'],
  [0n, -5, '0E+5', '0'],
  [0n, 10, '0E-10', '0.0000000000'],
  [0n, 6, '0.000000', '0.000000'],
  [0n, 7, '0E-7', '0.0000000'],
  [1n, 6, '0.000001', '0.000001'],
  [1n, 7, '1E-7', '0.0000001'],
  [-1n, 7, '-1E-7', '-0.0000001'],
  [1234567n, 13, '1.234567E-7', '0.0000001234567'],
  [10n, -6, '1.0E+7', '10000000'],
  [5n, 0, '5', '5'],
  [-5n, 3, '-0.005', '-0.005'],
  [100n, -2, '1.00E+4', '10000'],
]

// [text, unscaled, scale] as Java's new BigDecimal(text) parses it.
const JAVA_PARSES: ReadonlyArray<readonly [string, bigint, number]> = [
  ['1.5', 15n, 1],
  ['-0.001', -1n, 3],
  ['1E+3', 1n, -3],
  ['1.23e-4', 123n, 6],
  ['.5', 5n, 1],
  ['5.', 5n, 0],
  ['+7', 7n, 0],
  ['-0', 0n, 0],
  ['0.000', 0n, 3],
  ['1e0', 1n, 0],
  ['12345678901234567890.123', 12345678901234567890123n, 3],
  ['1E-10', 1n, 10],
  ['-1.23E+7', -123n, -5],
]

// [double, unscaled, scale] as Java's BigDecimal.valueOf(double) gives them.
const JAVA_VALUE_OF: ReadonlyArray<readonly [number, bigint, number]> = [
  [0.1, 1n, 1],
  [1.0, 10n, 1],
  [100.0, 1000n, 1],
  [1e7, 10n, -6],
  [0.0015, 15n, 4],
  [0.001, 1n, 3],
  [9.99e-4, 999n, 6],
  [123.456, 123456n, 3],
  [-2.5, -25n, 1],
  [1234567.0, 12345670n, 1],
  [12345678.0, 12345678n, 0],
  [0.0, 0n, 1],
  [-0.0, 0n, 1],
  [1e21, 10n, -20],
  [3.14159, 314159n, 5],
  [1.7976931348623157e308, 17976931348623157n, -292],
  [0.30000000000000004, 30000000000000004n, 17],
]

describe('BigDecimal', () => {
  it('prints exactly as Java toString and toPlainString do', () => {
    for (const [unscaled, scale, javaString, javaPlain] of JAVA_STRINGS) {
      const decimal = new BigDecimal(unscaled, scale)
      assert.equal(decimal.toString(), javaString, `toString of ${unscaled} scale ${scale}`)
      assert.equal(decimal.toPlainString(), javaPlain, `toPlainString of ${unscaled} scale ${scale}`)
    }
  })

  it('parses the string forms Java accepts', () => {
    for (const [text, unscaled, scale] of JAVA_PARSES) {
      const decimal = BigDecimal.fromString(text)
      assert.equal(decimal.unscaled, unscaled, text)
      assert.equal(decimal.scale, scale, text)
    }
  })

  it('round-trips its own toString', () => {
    for (const [unscaled, scale] of JAVA_STRINGS) {
      const decimal = new BigDecimal(unscaled, scale)
      assert.ok(BigDecimal.fromString(decimal.toString()).equals(decimal), decimal.toString())
    }
  })

  it('rejects what is not a decimal number with a DataException', () => {
    for (const text of ['', '.', '-', '1.2.3', 'abc', '1e', 'e5', ' 1', '1_000', 'NaN', 'Infinity', '0x10']) {
      assert.throws(() => BigDecimal.fromString(text), DataException, JSON.stringify(text))
    }
    assert.throws(() => BigDecimal.fromString(undefined as unknown as string), DataException)
    assert.throws(() => BigDecimal.fromString('1e99999999999'), /exponent is out of range/)
  })

  it('converts a double as Java BigDecimal.valueOf(double) does', () => {
    for (const [value, unscaled, scale] of JAVA_VALUE_OF) {
      const decimal = BigDecimal.fromNumber(value)
      assert.equal(decimal.unscaled, unscaled, `unscaled of ${value}`)
      assert.equal(decimal.scale, scale, `scale of ${value}`)
    }
    assert.throws(() => BigDecimal.fromNumber(NaN), DataException)
    assert.throws(() => BigDecimal.fromNumber(Infinity), DataException)
  })

  it('equals by value and scale, compares by value alone, as Java', () => {
    const twoPointZero = BigDecimal.fromString('2.0')
    const twoPointZeroZero = BigDecimal.fromString('2.00')
    assert.equal(twoPointZero.equals(twoPointZeroZero), false)
    assert.equal(twoPointZero.compareTo(twoPointZeroZero), 0)
    assert.equal(twoPointZero.equals(BigDecimal.fromString('2.0')), true)
    assert.equal(BigDecimal.fromString('-1.5').compareTo(BigDecimal.fromString('1E-9')), -1)
    assert.equal(BigDecimal.fromString('1E+3').compareTo(BigDecimal.fromString('999.999')), 1)
    assert.equal(twoPointZero.equals(2), false)
  })

  it('changes scale, rounding only when told how', () => {
    const value = BigDecimal.fromString('2.345')
    assert.equal(value.setScale(5).toString(), '2.34500')
    assert.throws(() => value.setScale(2), /Rounding necessary/)
    assert.equal(value.setScale(2, 'HALF_UP').toString(), '2.35')
    assert.equal(value.setScale(2, 'HALF_DOWN').toString(), '2.34')
    assert.equal(value.setScale(2, 'HALF_EVEN').toString(), '2.34')
    assert.equal(BigDecimal.fromString('2.355').setScale(2, 'HALF_EVEN').toString(), '2.36')
    assert.equal(BigDecimal.fromString('-2.341').setScale(2, 'UP').toString(), '-2.35')
    assert.equal(BigDecimal.fromString('-2.349').setScale(2, 'DOWN').toString(), '-2.34')
    assert.equal(BigDecimal.fromString('-2.341').setScale(2, 'FLOOR').toString(), '-2.35')
    assert.equal(BigDecimal.fromString('-2.349').setScale(2, 'CEILING').toString(), '-2.34')
    assert.equal(BigDecimal.fromString('2.300').setScale(1).toString(), '2.3')
  })

  it('has signum, precision, negate, stripTrailingZeros and toNumber', () => {
    assert.equal(BigDecimal.fromString('-0.5').signum(), -1)
    assert.equal(BigDecimal.fromString('0.00').signum(), 0)
    assert.equal(BigDecimal.fromString('123.45').precision(), 5)
    assert.equal(BigDecimal.fromString('0').precision(), 1)
    assert.equal(BigDecimal.fromString('1.5').negate().toString(), '-1.5')
    assert.equal(BigDecimal.fromString('1.2300').stripTrailingZeros().toString(), '1.23')
    assert.equal(BigDecimal.fromString('1200').stripTrailingZeros().toString(), '1.2E+3')
    assert.equal(BigDecimal.fromString('0.000').stripTrailingZeros().toString(), '0')
    assert.equal(BigDecimal.fromString('-12.5').toNumber(), -12.5)
  })

  it('refuses a non-bigint unscaled value or a non-integer scale', () => {
    assert.throws(() => new BigDecimal(5 as unknown as bigint), DataException)
    assert.throws(() => new BigDecimal(5n, 1.5), DataException)
    assert.throws(() => new BigDecimal(5n, 2 ** 31), DataException)
  })

  it('is recognised by instanceof even when made by another copy of the module', async () => {
    const url = new URL('../../../src/api/data/big-decimal.ts?copy=2', import.meta.url)
    const other = await import(url.href) as { BigDecimal: typeof BigDecimal }
    assert.notEqual(other.BigDecimal, BigDecimal)
    assert.ok(new other.BigDecimal(1n, 0) instanceof BigDecimal)
    assert.ok(new BigDecimal(1n, 0).equals(new other.BigDecimal(1n, 0)))
    assert.equal({} instanceof BigDecimal, false)
  })
})
