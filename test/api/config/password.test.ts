import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { test } from 'node:test'
import { Password } from '../../../src/api/config/password.ts'

test('a Password hides its secret from every usual way of printing it', () => {
  const password = new Password('hunter2')
  assert.equal(password.value(), 'hunter2')
  assert.equal(String(password), '[hidden]')
  assert.equal(`${password}`, '[hidden]')
  assert.equal(JSON.stringify({ password }), '{"password":"[hidden]"}')
  assert.equal(inspect({ password }), '{ password: [hidden] }')
  assert.equal(Password.HIDDEN, '[hidden]')
  assert.deepEqual(Object.keys(password), [])
})

test('passwords are equal when their secrets are', () => {
  assert.ok(new Password('a').equals(new Password('a')))
  assert.ok(!new Password('a').equals(new Password('b')))
  assert.ok(!new Password('a').equals('a'))
})
