import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ConfigException } from '../../../src/api/errors.ts'
import type { Validator } from '../../../src/api/config/config-types.ts'
import {
  CaseInsensitiveValidString, CompositeValidator, LambdaValidator, ListSize, NonEmptyString,
  NonEmptyStringWithoutControlChars, NonNullValidator, Range, ValidList, ValidString,
} from '../../../src/api/config/validators.ts'
import { Password } from '../../../src/api/config/password.ts'

function failure (validator: Validator, value: unknown): string {
  try {
    validator.ensureValid('x', value)
  } catch (e) {
    assert.ok(e instanceof ConfigException, `expected a ConfigException, got ${String(e)}`)
    return e.message
  }
  assert.fail(`${String(value)} passed ${validator.toString()}`)
}

describe('Range', () => {
  test('checks bounds inclusively, with Kafka messages', () => {
    const range = Range.between(1, 10)
    range.ensureValid('x', 1)
    range.ensureValid('x', 10)
    range.ensureValid('x', 5n)
    assert.equal(failure(range, 0), 'Invalid value 0 for configuration x: Value must be at least 1')
    assert.equal(failure(range, 11), 'Invalid value 11 for configuration x: Value must be no more than 10')
    assert.equal(failure(range, null), 'Invalid value null for configuration x: Value must be non-null')
    assert.equal(failure(range, 'five'), 'Invalid value five for configuration x: Value must be a number')
    assert.equal(failure(Range.atLeast(0), -1), 'Invalid value -1 for configuration x: Value must be at least 0')
  })

  test('describes itself as Kafka documents it', () => {
    assert.equal(Range.between(1, 10).toString(), '[1,...,10]')
    assert.equal(Range.atLeast(0).toString(), '[0,...]')
    assert.equal(Range.atLeast(0.5).toString(), '[0.5,...]')
  })
})

describe('ValidString', () => {
  test('accepts only the listed strings, case-sensitively', () => {
    const valid = ValidString.in('none', 'all')
    valid.ensureValid('x', 'all')
    assert.equal(failure(valid, 'ALL'), 'Invalid value ALL for configuration x: String must be one of: none, all')
    assert.equal(failure(valid, null), 'Invalid value null for configuration x: String must be one of: none, all')
    assert.equal(valid.toString(), '[none, all]')
  })
})

describe('ValidList', () => {
  test('checks each element and allows an empty list by default', () => {
    const valid = ValidList.in('a', 'b')
    valid.ensureValid('x', [])
    valid.ensureValid('x', ['b', 'a'])
    assert.equal(failure(valid, ['a', 'c']), 'Invalid value c for configuration x: String must be one of: a, b')
    assert.equal(failure(valid, ['a', 'a']), "Configuration 'x' values must not be duplicated.")
    assert.equal(failure(valid, ['a', '']), "Configuration 'x' values must not be empty.")
    assert.equal(failure(valid, null), "Configuration 'x' values must not be null.")
    assert.equal(valid.toString(), '[a, b]')
  })

  test('may refuse an empty list', () => {
    assert.equal(failure(ValidList.in(false, 'a', 'b'), []), "Configuration 'x' must not be empty. Valid values include: [a, b]")
    assert.throws(() => ValidList.in(false), ConfigException)
  })

  test('anyNonDuplicateValues checks only emptiness, nulls and repeats', () => {
    const valid = ValidList.anyNonDuplicateValues(false, true)
    valid.ensureValid('x', null)
    valid.ensureValid('x', ['anything', 'else'])
    assert.equal(failure(valid, []), "Configuration 'x' must not be empty. Valid values include: any non-empty value")
    assert.equal(failure(ValidList.anyNonDuplicateValues(true, false), null), "Configuration 'x' values must not be null.")
    assert.equal(valid.toString(), '')
  })
})

describe('CaseInsensitiveValidString', () => {
  test('ignores case and lists the upper-cased values', () => {
    const valid = CaseInsensitiveValidString.in('base64', 'numeric')
    valid.ensureValid('x', 'NUMERIC')
    valid.ensureValid('x', 'Base64')
    assert.equal(failure(valid, 'hex'), 'Invalid value hex for configuration x: String must be one of (case insensitive): BASE64, NUMERIC')
    assert.equal(failure(valid, null), 'Invalid value null for configuration x: String must be one of (case insensitive): BASE64, NUMERIC')
    assert.equal(valid.toString(), '(case insensitive) [BASE64, NUMERIC]')
  })
})

describe('string and null validators', () => {
  test('NonNullValidator refuses null only', () => {
    new NonNullValidator().ensureValid('x', '')
    assert.equal(failure(new NonNullValidator(), null), 'Invalid value null for configuration x: entry must be non null')
    assert.equal(new NonNullValidator().toString(), 'non-null string')
  })

  test('NonEmptyString refuses the empty string but lets null through', () => {
    new NonEmptyString().ensureValid('x', null)
    new NonEmptyString().ensureValid('x', 'a')
    assert.equal(failure(new NonEmptyString(), ''), 'Invalid value  for configuration x: String must be non-empty')
    assert.equal(new NonEmptyString().toString(), 'non-empty string')
  })

  test('NonEmptyStringWithoutControlChars lists the control characters it found', () => {
    const valid = NonEmptyStringWithoutControlChars.nonEmptyStringWithoutControlChars()
    valid.ensureValid('x', null)
    valid.ensureValid('x', 'my-connector ☃')
    assert.equal(failure(valid, ''), 'Invalid value  for configuration x: String may not be empty')
    assert.equal(failure(valid, 'a\nb\u0085'),
      'Invalid value a\nb\u0085 for configuration x: String may not contain control sequences but had the following ASCII chars: 10, 133')
    assert.equal(valid.toString(), 'non-empty string without ISO control characters')
  })
})

describe('ListSize, LambdaValidator and CompositeValidator', () => {
  test('ListSize caps the number of elements', () => {
    ListSize.atMostOfSize(2).ensureValid('x', ['a', 'b'])
    assert.equal(failure(ListSize.atMostOfSize(2), ['a', 'b', 'c']), 'Invalid value [a, b, c] for configuration x: exceeds maximum list size of [2].')
    assert.equal(ListSize.atMostOfSize(2).toString(), 'List containing maximum of 2 elements')
  })

  test('LambdaValidator delegates both checking and describing', () => {
    const even = LambdaValidator.with((name, value) => {
      if (typeof value === 'number' && value % 2 !== 0) throw new ConfigException(name, value, 'must be even')
    }, () => 'even numbers')
    even.ensureValid('x', 4)
    assert.equal(failure(even, 3), 'Invalid value 3 for configuration x: must be even')
    assert.equal(even.toString(), 'even numbers')
  })

  test('CompositeValidator applies each validator in order and joins their descriptions', () => {
    const composite = CompositeValidator.of(new NonNullValidator(), ValidString.in('a'))
    composite.ensureValid('x', 'a')
    assert.equal(failure(composite, null), 'Invalid value null for configuration x: entry must be non null')
    assert.equal(failure(composite, 'b'), 'Invalid value b for configuration x: String must be one of: a')
    assert.equal(composite.toString(), 'non-null string, [a]')
  })

  test('a password checked by a validator is shown as [hidden]', () => {
    const message = failure(ValidString.in('a'), new Password('topsecret'))
    assert.equal(message, 'Invalid value [hidden] for configuration x: String must be one of: a')
  })
})
