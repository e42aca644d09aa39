import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigDef } from '../../src/api/config/config-def.ts'
import { Password } from '../../src/api/config/password.ts'
import { configText, redactConfig } from '../../src/logging/redact.ts'
import { formatMessage } from '../../src/logging/format.ts'

describe('redactConfig', () => {
  it('hides PASSWORD settings, Password values, secret-looking names and provider references', () => {
    const def = new ConfigDef().define({ name: 'conn.pw', type: 'PASSWORD', importance: 'HIGH', defaultValue: null })
    const config = {
      'connector.class': 'FileStreamSource',
      'conn.pw': 'hunter2',
      'other': new Password('s3cret'),
      'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required password="x";',
      'db.url': '${file:/etc/secrets.properties:url}',
      'tasks.max': 1,
      'file': null,
    }
    assert.deepEqual(redactConfig(config, def), {
      'connector.class': 'FileStreamSource',
      'conn.pw': '[hidden]',
      'other': '[hidden]',
      'sasl.jaas.config': '[hidden]',
      'db.url': '[hidden]',
      'tasks.max': '1',
      'file': null,
    })
    assert.equal(configText(new Map([['a', '1'], ['ssl.key.password', 'k']])), '{a=1, ssl.key.password=[hidden]}')
  })

  it('keeps a Password hidden inside a formatted message', () => {
    assert.equal(formatMessage('value {}', [new Password('pw')]).text, 'value [hidden]')
    assert.equal(formatMessage('config {}', [{ p: new Password('pw') }]).text, "config { p: [hidden] }")
  })
})
