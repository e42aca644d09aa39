import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeProperties, parseProperties, PropertiesSyntaxError } from '../../src/cli/properties.ts'

describe('parseProperties (java.util.Properties.load)', () => {
  it('reads =, : and white space separators, with white space around them', () => {
    assert.deepEqual(parseProperties('a=1\nb : 2\nc 3\n  d\t=\t4\ne=\nf\n'), { a: '1', b: '2', c: '3', d: '4', e: '', f: '' })
  })

  it('keeps trailing white space and later separators in the value', () => {
    assert.deepEqual(parseProperties('k = v = w : x  \n'), { k: 'v = w : x  ' })
  })

  it('skips # and ! comments and blank lines, but not a # inside a value', () => {
    assert.deepEqual(parseProperties('# comment\n  ! also\n\n   \nurl=http://h#frag\n'), { url: 'http://h#frag' })
  })

  it('joins continuation lines, dropping the next line\'s leading white space', () => {
    assert.deepEqual(parseProperties('list=a,\\\n    b,\\\n\tc\nnext=1'), { list: 'a,b,c', next: '1' })
    // An even number of backslashes is an escaped backslash, not a continuation.
    assert.deepEqual(parseProperties('p=C:\\\\\nq=2'), { p: 'C:\\', q: '2' })
    // A continued line starting with # is value, not comment; a comment never continues.
    assert.deepEqual(parseProperties('a=x\\\n#y\n#c\\\nb=2'), { a: 'x#y', b: '2' })
    // A continuation at the end of input ends the value.
    assert.deepEqual(parseProperties('a=x\\'), { a: 'x' })
  })

  it('reads \\r, \\r\\n and \\n line ends', () => {
    assert.deepEqual(parseProperties('a=1\rb=2\r\nc=3'), { a: '1', b: '2', c: '3' })
  })

  it('resolves escapes in keys and values, \\uXXXX included', () => {
    assert.deepEqual(parseProperties('key\\ with\\=sep\\:=v\\tx\\ny\\u00e9\\\\z\\q'), { 'key with=sep:': 'v\tx\nyé\\zq' })
    assert.throws(() => parseProperties('a=\\u12g4'), PropertiesSyntaxError)
  })

  it('keeps the last of repeated keys', () => {
    assert.deepEqual(parseProperties('a=1\na=2'), { a: '2' })
  })

  it('decodes UTF-8, and ISO-8859-1 when the bytes are not UTF-8', () => {
    assert.equal(decodeProperties(Buffer.from('name=café', 'utf8')), 'name=café')
    assert.equal(decodeProperties(Buffer.from([0x6e, 0x3d, 0xe9])), 'n=é')
  })
})
