import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { javaDigitValue, javaIsBlank, javaIsDigit, javaTrim } from '../../../src/api/data/java-text.ts'

describe('Java character rules', () => {
  it('trims chars up to U+0020 only, as String.trim', () => {
    assert.equal(javaTrim('\u0001 a b\t\n'), 'a b')
    assert.equal(javaTrim('\u00a0a\u2003'), '\u00a0a\u2003')
    assert.equal(javaIsBlank(' \t\u0000'), true)
    assert.equal(javaIsBlank('\u00a0'), false)
  })

  it('reads decimal digits of every script in the BMP, as Character.digit', () => {
    assert.equal(javaDigitValue('7'.charCodeAt(0)), 7)
    assert.equal(javaDigitValue('\u0663'.charCodeAt(0)), 3)
    assert.equal(javaDigitValue('\u06f9'.charCodeAt(0)), 9)
    assert.equal(javaDigitValue('\uff10'.charCodeAt(0)), 0)
    assert.equal(javaDigitValue('a'.charCodeAt(0)), -1)
    assert.equal(javaDigitValue('\u00b2'.charCodeAt(0)), -1)
    assert.equal(javaIsDigit('\ud835'.charCodeAt(0)), false)
  })
})
