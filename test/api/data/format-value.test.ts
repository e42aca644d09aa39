import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BigDecimal } from '../../../src/api/data/big-decimal.ts'
import { describeType, formatValue, isPlainObject } from '../../../src/api/data/format-value.ts'

describe('formatValue', () => {
  it('renders values as Java toString would, readably for bytes and dates', () => {
    assert.equal(formatValue(null), 'null')
    assert.equal(formatValue(undefined), 'null')
    assert.equal(formatValue('s'), 's')
    assert.equal(formatValue(2n ** 64n), '18446744073709551616')
    assert.equal(formatValue([1, 'a', [true]]), '[1, a, [true]]')
    assert.equal(formatValue(new Map<unknown, unknown>([['k', 1], [2, null]])), '{k=1, 2=null}')
    assert.equal(formatValue({ a: 1 }), '{a=1}')
    assert.equal(formatValue(new Date(0)), '1970-01-01T00:00:00.000Z')
    assert.equal(formatValue(new Date(NaN)), 'Invalid Date')
    assert.equal(formatValue(new Uint8Array([1, 2])), 'bytes[2]{1, 2}')
    assert.match(formatValue(new Uint8Array(40)), /^bytes\[40\]\{0, .*, …\}$/)
    assert.equal(formatValue(new BigDecimal(1n, 10)), '1E-10')
  })
})

describe('describeType', () => {
  it('names primitive and class types', () => {
    assert.equal(describeType(null), 'null')
    assert.equal(describeType(1), 'number')
    assert.equal(describeType(1n), 'bigint')
    assert.equal(describeType([]), 'Array')
    assert.equal(describeType({}), 'Object')
    assert.equal(describeType(Object.create(null)), 'Object')
    assert.equal(describeType(Buffer.alloc(1)), 'Buffer')
    assert.equal(describeType(new Map()), 'Map')
  })
})

describe('isPlainObject', () => {
  it('is true only for object literals and null-prototype objects', () => {
    assert.ok(isPlainObject({}))
    assert.ok(isPlainObject(Object.create(null)))
    assert.equal(isPlainObject([]), false)
    assert.equal(isPlainObject(new Map()), false)
    assert.equal(isPlainObject(new Date()), false)
    assert.equal(isPlainObject(null), false)
  })
})
