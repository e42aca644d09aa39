import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Base64Error, decodeBase64, encodeBase64 } from '../../../src/converters/json/base64.ts'

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values)

describe('base64', () => {
  it('encodes with the standard alphabet and padding', () => {
    assert.equal(encodeBase64(bytes()), '')
    assert.equal(encodeBase64(bytes(0)), 'AA==')
    assert.equal(encodeBase64(bytes(0xfb, 0xff)), '+/8=')
    assert.equal(encodeBase64(new Uint8Array([9, 1, 2, 3]).subarray(1)), 'AQID')
  })

  it('decodes padded text, white space before a group of four and around the whole', () => {
    assert.deepEqual(decodeBase64('AQID'), bytes(1, 2, 3))
    assert.deepEqual(decodeBase64('AA=='), bytes(0))
    assert.deepEqual(decodeBase64('AAE='), bytes(0, 1))
    assert.deepEqual(decodeBase64('  AQID \n'), bytes(1, 2, 3))
    assert.deepEqual(decodeBase64('AQID AQID'), bytes(1, 2, 3, 1, 2, 3))
    assert.deepEqual(decodeBase64('AA==AQID'), bytes(0, 1, 2, 3))
    assert.deepEqual(decodeBase64(''), bytes())
  })

  it('rejects what Jackson rejects: missing padding, foreign characters, white space inside a group', () => {
    assert.throws(() => decodeBase64('AAE'), (error: unknown) => error instanceof Base64Error && /expects padding/.test(error.message))
    assert.throws(() => decodeBase64('AA'), Base64Error)
    assert.throws(() => decodeBase64('-_8='), /Illegal character '-' \(code 0x2d\) in base64 content/)
    assert.throws(() => decodeBase64('AA EC'), /Illegal character \(code 0x20\)/)
    assert.throws(() => decodeBase64('A==='), /Illegal character '=' \(code 0x3d\)/)
    assert.throws(() => decodeBase64('AA=x'), /expected padding character '='/)
    assert.throws(() => decodeBase64('AAé='), Base64Error)
  })
})
