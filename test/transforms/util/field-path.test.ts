// Field paths (KIP-821): V1 takes the name as it is, V2 splits on dots with backtick quoting.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SingleFieldPath } from '../../../src/transforms/util/field-path.ts'

describe('SingleFieldPath', () => {
  it('splits V2 paths as Kafka does', () => {
    const steps = (path: string): readonly string[] => new SingleFieldPath(path, 'V2').steps
    assert.deepEqual(steps('a.b.c'), ['a', 'b', 'c'])
    assert.deepEqual(steps('`a.b`.c'), ['a.b', 'c'])
    assert.deepEqual(steps('`a\\`.b`'), ['a`.b'])
    assert.deepEqual(steps('a.'), ['a', ''])
    assert.deepEqual(steps('`a`b`.c'), ['a`b', 'c'])
    assert.deepEqual(new SingleFieldPath('a.b', 'V1').steps, ['a.b'])
  })

  it('refuses an unclosed backtick, saying where', () => {
    assert.throws(() => new SingleFieldPath('x.`a.b', 'V2'),
      /Incomplete backtick pair in path: \[x.`a.b\], consider adding a backslash before backtick at position 2 to escape it/)
  })

  it('reads nested map values, null where a step is missing', () => {
    const path = new SingleFieldPath('a.b', 'V2')
    assert.equal(path.valueFromMap(new Map([['a', new Map([['b', 1]])]])), 1)
    assert.equal(path.valueFromMap(new Map([['x', 1]])), null)
    assert.throws(() => path.valueFromMap(new Map([['a', 'text']])), /Only Map objects supported in absence of schema for \[nested field access\], found: java.lang.String/)
  })
})
