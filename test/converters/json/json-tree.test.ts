import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseJson } from '../../../src/converters/json/json-parser.ts'
import {
  decimalValue, doubleValue, floatValue, intValue, isIntegral, JsonNumber, longValue, nodeTypeName,
} from '../../../src/converters/json/json-tree.ts'

const parse = (text: string) => parseJson(text) ?? null

describe('the JSON tree, read as Jackson reads its nodes', () => {
  it('names node types as Jackson does', () => {
    assert.deepEqual(['1', '1.5', '"s"', 'true', 'null', '[]', '{}'].map(text => nodeTypeName(parse(text))),
      ['NUMBER', 'NUMBER', 'STRING', 'BOOLEAN', 'NULL', 'ARRAY', 'OBJECT'])
    assert.equal(nodeTypeName(undefined), 'MISSING')
  })

  it('truncates toward zero and keeps the low bits for intValue and longValue', () => {
    assert.equal(intValue(parse('3000000000')), -1294967296)
    assert.equal(intValue(parse('-1.9')), -1)
    assert.equal(intValue(parse('1e3')), 1000)
    assert.equal(intValue(parse('1e100')), 0)
    assert.equal(longValue(parse('9223372036854775808')), -9223372036854775808n)
    assert.equal(longValue(parse('1.5e3')), 1500n)
    assert.equal(longValue(parse('123456789.987')), 123456789n)
  })

  it('gives 0 for a non-number, as Jackson\'s JsonNode does', () => {
    assert.equal(intValue('12'), 0)
    assert.equal(longValue(true), 0n)
    assert.equal(doubleValue(null), 0)
    assert.equal(floatValue('x'), 0)
  })

  it('reads doubles exactly once rounded, a decimal zero as +0.0 and a tiny negative as -0.0', () => {
    assert.equal(doubleValue(parse('0.1')), 0.1)
    assert.ok(Object.is(doubleValue(parse('-0.0')), 0))
    assert.ok(Object.is(doubleValue(parse('-1e-400')), -0))
    assert.equal(doubleValue(parse('1e400')), Infinity)
    assert.equal(doubleValue(parse('9007199254740993')), 9007199254740992)
  })

  it('rounds to float32 once from the exact value, not through a double', () => {
    // Just above the midpoint between 1 and the next float: a double rounds it to the midpoint,
    // a second rounding would then go to even (1); the exact value goes up.
    assert.equal(floatValue(parse('1.00000005960464477539062500001')), 1.0000001192092896)
    assert.equal(floatValue(parse('1.000000059604644775390625')), 1)
    // Integers round once too: 16777217 (2^24 + 1) is a tie and goes to even, 16777219 goes up.
    assert.equal(floatValue(parse('9007199254740993')), 9007199254740992)
    assert.equal(floatValue(parse('16777217')), 16777216)
    assert.equal(floatValue(parse('16777219')), 16777220)
  })

  it('keeps a decimal\'s scale, and sees integers of any size as integral', () => {
    const number = parse('12.3400')
    assert.ok(number instanceof JsonNumber)
    assert.equal(decimalValue(number).toString(), '12.3400')
    assert.equal(decimalValue(7).scale, 0)
    assert.ok(isIntegral(parse('123456789012345678901234567890')))
    assert.ok(!isIntegral(parse('1.0')))
  })
})
