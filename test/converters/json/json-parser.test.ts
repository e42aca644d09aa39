import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { JsonParseError, parseDocument, parseJson } from '../../../src/converters/json/json-parser.ts'
import { JsonNumber } from '../../../src/converters/json/json-tree.ts'

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

function parseError (input: string | Uint8Array): string {
  try {
    parseJson(input)
  } catch (error) {
    assert.ok(error instanceof JsonParseError, `expected a JsonParseError, got ${String(error)}`)
    return error.message
  }
  assert.fail(`parsed without error: ${String(input)}`)
}

describe('parseJson', () => {
  it('reads 32-bit integers as numbers and every other number exactly', () => {
    assert.equal(parseJson('2147483647'), 2147483647)
    assert.equal(parseJson('-2147483648'), -2147483648)
    assert.deepEqual(parseJson('2147483648'), new JsonNumber('2147483648', true))
    assert.deepEqual(parseJson('9223372036854775808'), new JsonNumber('9223372036854775808', true))
    assert.deepEqual(parseJson('1.0'), new JsonNumber('1.0', false))
    assert.deepEqual(parseJson('1.50e-3'), new JsonNumber('1.50e-3', false))
  })

  it('allows leading zeros, as Kafka configures Jackson, and drops them', () => {
    assert.equal(parseJson('007'), 7)
    assert.equal(parseJson('-007'), -7)
    assert.deepEqual(parseJson('00.5'), new JsonNumber('0.5', false))
  })

  it('reads -0 as the integer 0', () => {
    assert.ok(Object.is(parseJson('-0'), 0))
  })

  it('keeps object keys in document order, integer-like keys included, and the last of repeated keys', () => {
    const object = parseJson('{"b":1,"2":2,"a":3,"b":4}')
    assert.ok(object instanceof Map)
    assert.deepEqual([...object.entries()], [['b', 4], ['2', 2], ['a', 3]])
  })

  it('decodes every escape', () => {
    assert.equal(parseJson('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00"'), '"\\/\b\f\n\r\té😀')
    assert.equal(parseJson('"\\ud800"'), '\ud800')
  })

  it('returns undefined (no value) for an empty or blank document', () => {
    assert.equal(parseJson(''), undefined)
    assert.equal(parseJson(' \t\r\n'), undefined)
  })

  it('reads only the first root value, as Jackson does', () => {
    assert.equal(parseJson('1 2'), 1)
    assert.deepEqual(parseJson('{} x'), new Map())
    assert.deepEqual(parseJson('[1] ]'), [1])
  })

  it('requires white space after a root number', () => {
    assert.match(parseError('1x'), /Unexpected character \('x' \(code 120\)\): Expected space separating root-level values at line 1, column 2/)
  })

  it('rejects what Jackson rejects, saying what and where', () => {
    assert.match(parseError('{"a":1,}'), /was expecting double-quote to start field name/)
    assert.match(parseError('[1,]'), /Unexpected character \(']' \(code 93\)\): expected a value/)
    assert.match(parseError('truex'), /Unrecognized token 'truex'/)
    assert.match(parseError('NaN'), /Unrecognized token 'NaN'/)
    assert.match(parseError('+1'), /Unrecognized token '\+'/)
    assert.match(parseError('1.'), /Decimal point not followed by a digit/)
    assert.match(parseError('1e+'), /Exponent indicator not followed by a digit/)
    assert.match(parseError('-'), /expected digit \(0-9\) to follow minus sign/)
    assert.match(parseError('"abc'), /Unexpected end-of-input: was expecting closing quote for a string value/)
    assert.match(parseError('"\\x"'), /Unrecognized character escape 'x' \(code 120\)/)
    assert.match(parseError('"\\u12g4"'), /expected a hex-digit for character escape sequence/)
    assert.match(parseError('"a\u0001"'), /Illegal unquoted character \(CTRL-CHAR, code 1\)/)
    assert.match(parseError('\f1'), /Illegal character \(CTRL-CHAR, code 12\)/)
    assert.match(parseError('/* c */ 1'), /comment/)
    assert.match(parseError('{"a" 1}'), /was expecting a colon/)
    assert.match(parseError('[1 2]'), /was expecting comma to separate Array entries/)
    assert.match(parseError('{"a":1\n"b":2}'), /was expecting comma to separate Object entries at line 2, column 1/)
  })

  it('enforces Jackson\'s limits: 1000 levels of nesting, 1000 characters in a number', () => {
    assert.equal((parseJson('['.repeat(1000) + ']'.repeat(1000)) as unknown[]).length, 1)
    assert.match(parseError('['.repeat(1001) + ']'.repeat(1001)), /nesting depth \(1001\) exceeds the maximum allowed \(1000\)/)
    assert.ok(parseJson('1'.repeat(1000)) instanceof JsonNumber)
    assert.match(parseError('1'.repeat(1001)), /Number value length \(1001\) exceeds the maximum allowed \(1000\)/)
  })

  it('reads UTF-8 with or without a byte order mark, and UTF-16 either way round', () => {
    assert.equal(parseJson(Uint8Array.of(0xef, 0xbb, 0xbf, 0x31, 0x20)), 1)
    const be = Buffer.from('\ufeff["é"]', 'utf16le').swap16()
    assert.deepEqual(parseJson(new Uint8Array(be)), ['é'])
    assert.deepEqual(parseJson(new Uint8Array(Buffer.from('["é"]', 'utf16le'))), ['é'])
  })

  it('fails on bad UTF-8 inside the value, but not after it (Jackson never reads that far)', () => {
    assert.match(parseError(Uint8Array.of(0x22, 0x61, 0xff, 0x22)), /Invalid UTF-8 start byte 0xff/)
    assert.deepEqual(parseJson(Uint8Array.of(0x7b, 0x7d, 0x20, 0xff)), new Map())
    assert.match(parseError(Uint8Array.of(0x31, 0xff)), /Invalid UTF-8 start byte 0xff/)
  })

  it('parses multi-byte UTF-8 text', () => {
    assert.equal(parseJson(utf8('"中文 😀"')), '中文 😀')
  })
})

describe('parseDocument', () => {
  it('keeps the exact source text of each member of a root object', () => {
    const { value, rootMemberSources } = parseDocument('{"schema": {"type" : "int32"} ,"payload":1.50}')
    assert.ok(value instanceof Map)
    assert.deepEqual([...rootMemberSources], [['schema', '{"type" : "int32"}'], ['payload', '1.50']])
  })

  it('has no member sources for a root that is not an object', () => {
    assert.equal(parseDocument('[{"a":1}]').rootMemberSources.size, 0)
  })

  it('leaves a root member unparsed when asked, and reads it as null', () => {
    const text = '{"schema":{"type":"int32"},"payload":1}'
    const document = parseDocument(text, (key, source, start) => key === 'schema' ? source.indexOf('}', start) + 1 : -1)
    assert.deepEqual([...(document.value as Map<string, unknown>)], [['schema', null], ['payload', 1]])
    assert.deepEqual([...document.skippedRootMembers], ['schema'])
    assert.equal(document.rootMemberSources.get('schema'), '{"type":"int32"}')
  })
})
