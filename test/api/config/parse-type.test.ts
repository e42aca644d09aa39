import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ConfigException } from '../../../src/api/errors.ts'
import { convertToString, parseType } from '../../../src/api/config/parse-type.ts'
import { Password } from '../../../src/api/config/password.ts'
import type { ConfigType } from '../../../src/api/config/config-types.ts'

/** The message parseType throws for `value`, failing the test if it does not throw. */
function parseError (value: unknown, type: ConfigType): string {
  try {
    parseType('x', value, type)
  } catch (e) {
    assert.ok(e instanceof ConfigException, `expected a ConfigException, got ${String(e)}`)
    return e.message
  }
  assert.fail(`${String(value)} parsed as ${type}`)
}

describe('parseType', () => {
  test('null and undefined parse to null for every type', () => {
    for (const type of ['BOOLEAN', 'STRING', 'INT', 'LIST', 'PASSWORD'] as const) {
      assert.equal(parseType('x', null, type), null)
      assert.equal(parseType('x', undefined, type), null)
    }
  })

  test('BOOLEAN accepts true/false in any case, trimmed, and booleans', () => {
    assert.equal(parseType('x', 'TRUE', 'BOOLEAN'), true)
    assert.equal(parseType('x', ' False ', 'BOOLEAN'), false)
    assert.equal(parseType('x', false, 'BOOLEAN'), false)
    assert.equal(parseError('yes', 'BOOLEAN'), 'Invalid value yes for configuration x: Expected value to be either true or false')
    assert.equal(parseError('1', 'BOOLEAN'), 'Invalid value 1 for configuration x: Expected value to be either true or false')
    assert.equal(parseError(1, 'BOOLEAN'), 'Invalid value 1 for configuration x: Expected value to be either true or false')
  })

  test('STRING trims, and rejects other kinds of values', () => {
    assert.equal(parseType('x', '  a b  ', 'STRING'), 'a b')
    assert.equal(parseError(5, 'STRING'), 'Invalid value 5 for configuration x: Expected value to be a string, but it was a number')
  })

  test('INT parses signed decimal text within 32 bits', () => {
    assert.equal(parseType('x', ' 42 ', 'INT'), 42)
    assert.equal(parseType('x', '+7', 'INT'), 7)
    assert.equal(parseType('x', '-2147483648', 'INT'), -2147483648)
    assert.equal(parseType('x', '2147483647', 'INT'), 2147483647)
    assert.equal(parseType('x', 12, 'INT'), 12)
    assert.equal(parseType('x', 12n, 'INT'), 12)
    for (const bad of ['2147483648', '1.5', '1e3', '0x10', '', 'ten', '1 2']) {
      assert.equal(parseError(bad, 'INT'), `Invalid value ${bad} for configuration x: Not a number of type INT`)
    }
    assert.equal(parseError(1.5, 'INT'), 'Invalid value 1.5 for configuration x: Expected value to be a 32-bit integer, but it was a fractional number')
    assert.equal(parseError(2 ** 31, 'INT'),
      'Invalid value 2147483648 for configuration x: Expected value to be a 32-bit integer, but it was a number outside [-2147483648, 2147483647]')
    assert.equal(parseError(true, 'INT'), 'Invalid value true for configuration x: Expected value to be a 32-bit integer, but it was a boolean')
  })

  test('SHORT parses within 16 bits', () => {
    assert.equal(parseType('x', '-32768', 'SHORT'), -32768)
    assert.equal(parseType('x', 300, 'SHORT'), 300)
    assert.equal(parseError('32768', 'SHORT'), 'Invalid value 32768 for configuration x: Not a number of type SHORT')
    assert.equal(parseError(40000, 'SHORT'),
      'Invalid value 40000 for configuration x: Expected value to be a 16-bit integer (short), but it was a number outside [-32768, 32767]')
  })

  test('LONG parses integers exactly representable as numbers, and says so beyond them', () => {
    assert.equal(parseType('x', '9007199254740991', 'LONG'), Number.MAX_SAFE_INTEGER)
    assert.equal(parseType('x', '-9007199254740991', 'LONG'), Number.MIN_SAFE_INTEGER)
    assert.equal(parseType('x', 60000, 'LONG'), 60000)
    assert.equal(parseType('x', 5n, 'LONG'), 5)
    const unsafe = parseError('9007199254740993', 'LONG')
    assert.match(unsafe, /^Invalid value 9007199254740993 for configuration x: Expected a 64-bit integer between -9007199254740991 and 9007199254740991/)
    assert.match(parseError(2n ** 60n, 'LONG'), /between -9007199254740991 and 9007199254740991/)
    assert.match(parseError(2 ** 60, 'LONG'), /between -9007199254740991 and 9007199254740991/)
    // Beyond Java's own long range, the text is not a LONG at all, as Kafka says.
    assert.equal(parseError('9223372036854775808', 'LONG'), 'Invalid value 9223372036854775808 for configuration x: Not a number of type LONG')
    assert.equal(parseError('5L', 'LONG'), 'Invalid value 5L for configuration x: Not a number of type LONG')
    assert.equal(parseError(0.5, 'LONG'),
      'Invalid value 0.5 for configuration x: Expected value to be a 64-bit integer (long), but it was a fractional number')
  })

  test('DOUBLE parses Java double text, including exponents, suffixes and the specials', () => {
    assert.equal(parseType('x', '1.5', 'DOUBLE'), 1.5)
    assert.equal(parseType('x', '-1e3', 'DOUBLE'), -1000)
    assert.equal(parseType('x', '.5', 'DOUBLE'), 0.5)
    assert.equal(parseType('x', '2.', 'DOUBLE'), 2)
    assert.equal(parseType('x', '3d', 'DOUBLE'), 3)
    assert.equal(parseType('x', '-Infinity', 'DOUBLE'), -Infinity)
    assert.ok(Number.isNaN(parseType('x', 'NaN', 'DOUBLE')))
    assert.equal(parseType('x', 7, 'DOUBLE'), 7)
    for (const bad of ['', 'abc', '0x10', '1,5', 'Inf']) {
      assert.equal(parseError(bad, 'DOUBLE'), `Invalid value ${bad} for configuration x: Not a number of type DOUBLE`)
    }
    assert.equal(parseError([], 'DOUBLE'), 'Invalid value [] for configuration x: Expected value to be a double, but it was an array')
  })

  test('LIST splits on commas with the spaces around them, keeping empty elements', () => {
    assert.deepEqual(parseType('x', ' a , b,c ', 'LIST'), ['a', 'b', 'c'])
    assert.deepEqual(parseType('x', '', 'LIST'), [])
    assert.deepEqual(parseType('x', '   ', 'LIST'), [])
    assert.deepEqual(parseType('x', 'a,,b,', 'LIST'), ['a', '', 'b', ''])
    assert.deepEqual(parseType('x', ['p', 'q'], 'LIST'), ['p', 'q'])
    assert.equal(parseError(3, 'LIST'), 'Invalid value 3 for configuration x: Expected a comma separated list.')
  })

  test('CLASS keeps the trimmed class name, or a constructor', () => {
    assert.equal(parseType('x', ' org.example.Foo ', 'CLASS'), 'org.example.Foo')
    class Foo {}
    assert.equal(parseType('x', Foo, 'CLASS'), Foo)
    assert.equal(parseError(1, 'CLASS'), 'Invalid value 1 for configuration x: Expected a Class instance or class name.')
  })

  test('PASSWORD wraps the trimmed text, and never shows a value in a message', () => {
    const parsed = parseType('x', ' s3cret ', 'PASSWORD')
    assert.ok(parsed instanceof Password)
    assert.equal(parsed.value(), 's3cret')
    const kept = new Password('p')
    assert.equal(parseType('x', kept, 'PASSWORD'), kept)
    const message = parseError(12345, 'PASSWORD')
    assert.equal(message, 'Invalid value [hidden] for configuration x: Expected value to be a string, but it was a number')
    assert.doesNotMatch(message, /12345/)
  })

  test('an unknown type is a ConfigException, not a TypeError', () => {
    assert.match(parseError('a', 'NOPE' as ConfigType), /Unknown type NOPE for configuration x/)
  })
})

describe('convertToString', () => {
  test('writes values as Kafka does', () => {
    assert.equal(convertToString(null, 'STRING'), null)
    assert.equal(convertToString(true, 'BOOLEAN'), 'true')
    assert.equal(convertToString(42, 'INT'), '42')
    assert.equal(convertToString(1, 'DOUBLE'), '1.0')
    assert.equal(convertToString(1e7, 'DOUBLE'), '1.0E7')
    assert.equal(convertToString(0.0001, 'DOUBLE'), '1.0E-4')
    assert.equal(convertToString(['a', 'b'], 'LIST'), 'a,b')
    assert.equal(convertToString([], 'LIST'), '')
    assert.equal(convertToString('org.Foo', 'CLASS'), 'org.Foo')
    assert.equal(convertToString(new Password('s'), 'PASSWORD'), '[hidden]')
    assert.equal(convertToString(['a', 'b'], null), '[a, b]')
  })

  test('round-trips through parseType for every type', () => {
    const cases: Array<[ConfigType, string]> = [
      ['BOOLEAN', 'true'], ['STRING', 'x'], ['INT', '-5'], ['SHORT', '7'], ['LONG', '123456789012'],
      ['DOUBLE', '2.5'], ['LIST', 'a,b'], ['CLASS', 'org.Foo'],
    ]
    for (const [type, text] of cases) assert.equal(convertToString(parseType('x', text, type), type), text, type)
  })
})
