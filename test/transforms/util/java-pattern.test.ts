// Java regexes on JavaScript's engine: the translation, and Matcher's replacement syntax.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileJavaPattern, JavaPatternSyntaxError, matchesWhole, replaceFirstJava } from '../../../src/transforms/util/java-pattern.ts'

function route (regex: string, topic: string, replacement: string): string {
  const pattern = compileJavaPattern(regex)
  return matchesWhole(pattern, topic) ? replaceFirstJava(pattern, topic, replacement) : topic
}

describe('Java patterns', () => {
  it('match whole inputs and replace the first match found from the start', () => {
    assert.equal(route('(.*)-(\\d+)', 'orders-2024', '$2_$1'), '2024_orders')
    assert.equal(route('a|ab', 'ab', 'X'), 'Xb')
    assert.equal(route('ord', 'orders', 'X'), 'orders')
  })

  it('translate Java-only syntax', () => {
    assert.equal(route('\\Qa.b\\E(.*)', 'a.bcd', '[$1]'), '[cd]')
    assert.equal(route('\\p{Alpha}+\\p{Digit}', 'abc1', 'ok'), 'ok')
    assert.equal(route('a(?i)b|c', 'C', 'ok'), 'ok')
    assert.equal(route('(?x) a b # comment', 'ab', 'ok'), 'ok')
    assert.equal(route('\\Aab\\z', 'ab', 'ok'), 'ok')
  })

  it('never backtrack into atomic groups and possessive quantifiers', () => {
    assert.equal(route('(?>a|ab)c', 'abc', 'X'), 'abc')
    assert.equal(route('a++a', 'aaa', 'X'), 'aaa')
    assert.equal(route('(x)(?>(y))(z)\\2', 'xyzy', '$1$2$3'), 'xyz')
  })

  it('expand $n greedily up to the group count, ${name}, and escaped characters', () => {
    assert.equal(route('(o)rders', 'orders', '$12'), 'o2')
    assert.equal(route('(?<db>\\w+)\\.(?<t>\\w+)', 'shop.orders', '${t}@${db}'), 'orders@shop')
    assert.equal(route('(.*)', 'x', '\\$1=$1'), '$1=x')
    assert.throws(() => route('(.*)', 'x', 'a$'), /Illegal group reference: group index is missing/)
    assert.throws(() => route('(.*)', 'x', '$2'), /No group 2/)
  })

  it('refuse invalid and untranslatable patterns with a message', () => {
    assert.throws(() => compileJavaPattern('('), (e: unknown) => e instanceof JavaPatternSyntaxError && /Unclosed group/.test(e.message))
    assert.throws(() => compileJavaPattern('[a-z&&[^b]]'), /kconnect cannot translate character class intersections/)
    assert.throws(() => compileJavaPattern('[b-a]'), /Range out of order in character class\n\[b-a\]/)
  })
})
