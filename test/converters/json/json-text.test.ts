import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { jsonText, quoteJsonString } from '../../../src/converters/json/json-text.ts'
import { parseJson } from '../../../src/converters/json/json-parser.ts'

describe('quoteJsonString', () => {
  it('escapes as Jackson does: short escapes, upper-case \\u00XX, surrogates escaped, the rest raw', () => {
    assert.equal(quoteJsonString('plain'), '"plain"')
    assert.equal(quoteJsonString('"\\'), '"\\"\\\\"')
    assert.equal(quoteJsonString('\b\t\n\f\r'), '"\\b\\t\\n\\f\\r"')
    assert.equal(quoteJsonString('\u0000\u0001\u001f'), '"\\u0000\\u0001\\u001F"')
    assert.equal(quoteJsonString('/\u007f é中\u2028'), '"/\u007f é中\u2028"')
    assert.equal(quoteJsonString('😀'), '"\\uD83D\\uDE00"')
    assert.equal(quoteJsonString('a\udc00b'), '"a\\uDC00b"')
  })
})

describe('jsonText', () => {
  it('writes a parsed tree back compactly, numbers as written', () => {
    const text = '{"a":[1,2.50,-3e10,true,false,null],"b":{"c":"d\\n"},"9223372036854775808":9223372036854775808}'
    assert.equal(jsonText(parseJson(text) ?? null), text)
  })
})
