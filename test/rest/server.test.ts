// The REST routes against an in-memory herder: statuses, bodies, headers and field order as Kafka
// Connect 4.3 answers them (the values come from running Java Connect; see test/parity/rest.test.ts).

import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { configureLogging, loggers } from '../../src/logging/index.ts'
import { restServerConfig } from '../../src/rest/rest-config.ts'
import { RestServer } from '../../src/rest/server.ts'
import { FakeHerder } from './fake-herder.ts'

const logLines: string[] = []
configureLogging({ destination: line => { logLines.push(line) } })

interface Answer {
  status: number
  headers: Headers
  text: string
  json: any
}

async function call (base: string, method: string, path: string, body?: string | object, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers } }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    if (!('content-type' in headers)) (init.headers as Record<string, string>)['content-type'] = 'application/json'
  }
  const response = await fetch(base + path, init)
  const text = await response.text()
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}

async function startServer (props: Record<string, string> = {}, options: { requestTimeoutMs?: number, maxBodyBytes?: number } = {}): Promise<RestServer> {
  const server = new RestServer({ config: restServerConfig({ listeners: 'http://127.0.0.1:0', ...props }), ...options })
  await server.start()
  return server
}

const SOURCE = { 'connector.class': 'FileStreamSource', topic: 't1', file: '/tmp/in.txt' }

describe('REST API routes', () => {
  let server: RestServer
  let herder: FakeHerder
  let base: string
  const req = (method: string, path: string, body?: string | object, headers?: Record<string, string>): Promise<Answer> =>
    call(base, method, path, body, headers)

  before(async () => {
    server = await startServer({}, { requestTimeoutMs: 300, maxBodyBytes: 4096 })
    base = server.addresses()[0].url
  })
  after(() => server.stop())
  beforeEach(() => {
    herder = new FakeHerder()
    server.attachHerder(herder)
  })

  it('answers GET / with ServerInfo in Kafka\'s field order', async () => {
    const answer = await req('GET', '/')
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('content-type'), 'application/json')
    assert.equal(answer.text, '{"version":"0.1.0","commit":"abc","kafka_cluster_id":"fake-cluster"}')
  })

  it('creates a connector: 201, an absolute Location, the name put into the config', async () => {
    const answer = await req('POST', '/connectors', { name: 'src', config: SOURCE })
    assert.equal(answer.status, 201)
    assert.equal(answer.headers.get('location'), `${base}/connectors/src`)
    assert.equal(answer.text, '{"name":"src","config":{"connector.class":"FileStreamSource","topic":"t1","file":"/tmp/in.txt","name":"src"},' +
      '"tasks":[{"connector":"src","task":0}],"type":"source"}')
    const duplicate = await req('POST', '/connectors', { name: 'src', config: SOURCE })
    assert.equal(duplicate.status, 409)
    assert.equal(duplicate.text, '{"error_code":409,"message":"Connector src already exists"}')
  })

  it('trims the name, takes scalars as text, and passes initial_state in any case', async () => {
    const answer = await req('POST', '/connectors', { name: ' s ', config: { ...SOURCE, 'tasks.max': 2, 'x.flag': true, 'batch.size': 1.50 }, initial_state: 'paused' })
    assert.equal(answer.status, 201)
    assert.equal(answer.json.name, 's')
    assert.equal(answer.json.config['tasks.max'], '2')
    assert.equal(answer.json.config['x.flag'], 'true')
    assert.equal(herder.connectorsByName.get('s')?.target, 'PAUSED')
    // A number keeps the digits it was written with, as Jackson's text of it.
    const exact = await req('PUT', '/connectors/e/config', '{"connector.class":"FileStreamSource","batch.size":1.50,"big":12345678901234567890}')
    assert.equal(exact.json.config['batch.size'], '1.50')
    assert.equal(exact.json.config.big, '12345678901234567890')
  })

  it('rejects a name in the config that differs from the request\'s', async () => {
    const answer = await req('POST', '/connectors', { name: 'a', config: { ...SOURCE, name: 'b' } })
    assert.equal(answer.status, 400)
    assert.deepEqual(answer.json, { error_code: 400, message: "Connector name configuration (b) doesn't match connector name in the URL (a)" })
    const put = await req('PUT', '/connectors/c/config', { ...SOURCE, name: 'other' })
    assert.equal(put.json.message, "Connector name configuration (other) doesn't match connector name in the URL (c)")
  })

  it('answers unreadable bodies with 500 and Jackson\'s exact message, as Kafka Connect 4.3 does', async () => {
    // Each message is what Java Kafka Connect 4.3.1 answered to the same body.
    const src = '[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); '
    const at = (line: number, column: number): string => `\n at ${src}line: ${line}, column: ${column}]`
    const ccr = 'org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest'
    const offsets = 'org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets'
    const cases: Array<[string, string, string, string]> = [
      ['POST', '/connectors', '{bad', "Unexpected character ('b' (code 98)): was expecting double-quote to start field name" + at(1, 2)],
      ['POST', '/connectors', '{"name":"x",}', "Unexpected character ('}' (code 125)): was expecting double-quote to start field name" + at(1, 13)],
      ['POST', '/connectors', '{"name": x}', "Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(1, 10)],
      ['POST', '/connectors', '{"name":"x","config":{"a":1,}}', "Unexpected character ('}' (code 125)): was expecting double-quote to start field name" + at(1, 29) + ` (through reference chain: ${ccr}["config"])`],
      ['POST', '/connectors', '{"name":"x","config":{"a":tru}}', "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(1, 27) + ` (through reference chain: ${ccr}["config"])`],
      ['POST', '/connectors', '{"name":"x","config":{"a":"b"}', `Unexpected end-of-input: expected close marker for Object (start marker at ${src}line: 1, column: 1])` + at(1, 31)],
      ['POST', '/connectors', '{"name":"x","config":{"a":"b"}} trailing', "Unrecognized token 'trailing': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(1, 33)],
      ['POST', '/connectors', '{"name":"x","config":{"a":[1]}}', 'Cannot deserialize value of type `java.lang.String` from Array value (token `JsonToken.START_ARRAY`)' + at(1, 27) + ` (through reference chain: ${ccr}["config"]->java.util.LinkedHashMap["a"])`],
      ['POST', '/connectors', '{"name":["x"],"config":{}}', 'Cannot deserialize value of type `java.lang.String` from Array value (token `JsonToken.START_ARRAY`)' + at(1, 9) + ` (through reference chain: ${ccr}["name"])`],
      ['POST', '/connectors', '{"name":"x","config":"str"}', "Cannot construct instance of `java.util.LinkedHashMap` (although at least one Creator exists): no String-argument constructor/factory method to deserialize from String value ('str')" + at(1, 22) + ` (through reference chain: ${ccr}["config"])`],
      ['POST', '/connectors', '[]', `Cannot deserialize value of type \`${ccr}\` from Array value (token \`JsonToken.START_ARRAY\`)` + at(1, 1)],
      ['POST', '/connectors', '{"name":"a","extra":1,"config":{"connector.class":"FileStreamSource","topic":"t"}}', `Unrecognized field "extra" (class ${ccr}), not marked as ignorable (3 known properties: "config", "name", "initial_state")` + at(1, 83) + ` (through reference chain: ${ccr}["extra"])`],
      ['POST', '/connectors', '{"name":"x","config":{"connector.class":"FileStreamSource","topic":"t"},"initial_state":1}', `Cannot construct instance of \`${ccr}$InitialState\`, problem: No enum constant ${ccr}.InitialState.1` + at(1, 89) + ` (through reference chain: ${ccr}["initial_state"])`],
      ['PUT', '/connectors/x/config', '{"a":"1"} 1', 'Trailing token (of type VALUE_NUMBER_INT) found after value (bound as `java.util.Map`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`' + at(1, 11)],
      ['PUT', '/connectors/x/config', '{"a":"1"} }', "Unexpected close marker '}': no open Object to close" + at(1, 11)],
      ['PUT', '/connectors/x/config', '{"a":"1"}x', "Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(1, 10)],
      ['PUT', '/connectors/x/config', '{"a":"b",\n "c": [1]}', 'Cannot deserialize value of type `java.lang.String` from Array value (token `JsonToken.START_ARRAY`)' + at(2, 7) + ' (through reference chain: java.util.LinkedHashMap["c"])'],
      ['PUT', '/connectors/x/config', '{"é":"b", "c": [1]}', 'Cannot deserialize value of type `java.lang.String` from Array value (token `JsonToken.START_ARRAY`)' + at(1, 17) + ' (through reference chain: java.util.LinkedHashMap["c"])'],
      ['PUT', '/connectors/x/config', '{"a":"b\n', 'Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value' + at(1, 8)],
      ['PUT', '/connectors/x/config', '{"a":1.5e3, "b": 007, "c": -0}', 'Invalid numeric value: Leading zeroes not allowed' + at(1, 19)],
      ['PUT', '/connectors/x/config', '[1]', 'Cannot deserialize value of type `java.util.LinkedHashMap<java.lang.String,java.lang.String>` from Array value (token `JsonToken.START_ARRAY`)' + at(1, 1)],
      ['PUT', '/connectors/x/config', '{"a"', 'Unexpected end-of-input within/between Object entries' + at(1, 5)],
      ['PATCH', '/connectors/x/config', '{"a":[1]}', 'Cannot deserialize value of type `java.lang.String` from Array value (token `JsonToken.START_ARRAY`)' + at(1, 6) + ' (through reference chain: java.util.LinkedHashMap["a"])'],
      ['PATCH', '/connectors/x/offsets', '{"offsets":[{"partition":{"a":1,}}]}', "Unexpected character ('}' (code 125)): was expecting double-quote to start field name" + at(1, 33) + ` (through reference chain: ${offsets}["offsets"]->java.util.ArrayList[0]->org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset["partition"])`],
      ['PATCH', '/connectors/x/offsets', '{"offsets":{}}', 'Cannot deserialize value of type `java.util.ArrayList<org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset>` from Object value (token `JsonToken.START_OBJECT`)' + at(1, 12) + ` (through reference chain: ${offsets}["offsets"])`],
      ['PATCH', '/connectors/x/offsets', '{"offsets":[{"partition":1}]}', 'Cannot deserialize value of type `java.util.LinkedHashMap<java.lang.String,java.lang.Object>` from Integer value (token `JsonToken.VALUE_NUMBER_INT`)' + at(1, 26) + ` (through reference chain: ${offsets}["offsets"]->java.util.ArrayList[0]->org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset["partition"])`],
      ['PATCH', '/connectors/x/offsets', '{"offsets":[{"partition":{},"x":1}]}', 'Unrecognized field "x" (class org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset), not marked as ignorable (2 known properties: "partition", "offset")' + at(1, 35) + ` (through reference chain: ${offsets}["offsets"]->java.util.ArrayList[0]->org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset["x"])`],
      ['PATCH', '/connectors/x/offsets', '{"offsets":[1]}', 'Cannot construct instance of `org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset` (although at least one Creator exists): no int/Int-argument constructor/factory method to deserialize from Number value (1)' + at(1, 13) + ` (through reference chain: ${offsets}["offsets"]->java.util.ArrayList[0])`],
      ['PATCH', '/connectors/x/offsets', '{"extra":1}', `Unrecognized field "extra" (class ${offsets}), not marked as ignorable (one known property: "offsets")` + at(1, 12) + ` (through reference chain: ${offsets}["extra"])`],
      ['PUT', '/admin/loggers/a', '{"level":', 'Unexpected end-of-input within/between Object entries' + at(1, 10)],
      ['PUT', '/admin/loggers/a', '{"level":{}}', 'Cannot deserialize value of type `java.lang.String` from Object value (token `JsonToken.START_OBJECT`)' + at(1, 10) + ' (through reference chain: java.util.LinkedHashMap["level"])'],
      ['PUT', '/connector-plugins/FileStreamSource/config/validate', '{"a":1,}', "Unexpected character ('}' (code 125)): was expecting double-quote to start field name" + at(1, 8)],
    ]
    for (const [method, path, body, message] of cases) {
      const answer = await req(method, path, body)
      assert.deepEqual(answer.json, { error_code: 500, message }, `${method} ${path} ${body}`)
    }
    assert.equal(herder.connectorsByName.size, 0)
    assert.deepEqual(herder.calls, [])
  })

  it('answers an empty body with 500 and a message that says what to send', async () => {
    const empty = await req('PUT', '/connectors/x/config', '')
    assert.equal(empty.status, 500)
    assert.match(empty.json.message, /request body is empty/)
    const noConfig = await req('POST', '/connectors', { name: 'a' })
    assert.equal(noConfig.status, 500)
    assert.match(noConfig.json.message, /no "config"/)
    assert.equal((await req('POST', '/connectors', 'null')).status, 500)
  })

  it('answers Jersey\'s 404, 405, 406 and 415, and OPTIONS with the allowed methods', async () => {
    assert.deepEqual((await req('GET', '/nope')).json, { error_code: 404, message: 'HTTP 404 Not Found' })
    assert.deepEqual((await req('DELETE', '/')).json, { error_code: 405, message: 'HTTP 405 Method Not Allowed' })
    assert.deepEqual((await req('PUT', '/connectors', {})).json, { error_code: 405, message: 'HTTP 405 Method Not Allowed' })
    const form = await req('POST', '/connectors', '{}', { 'content-type': 'application/x-www-form-urlencoded' })
    assert.deepEqual(form.json, { error_code: 415, message: 'HTTP 415 Unsupported Media Type' })
    const accept = await req('GET', '/connectors', undefined, { accept: 'text/plain' })
    assert.deepEqual(accept.json, { error_code: 406, message: 'HTTP 406 Not Acceptable' })
    assert.equal((await req('GET', '/connectors', undefined, { accept: 'text/html, */*;q=0.1' })).status, 200)
    const options = await req('OPTIONS', '/connectors')
    assert.equal(options.status, 200)
    assert.deepEqual(options.headers.get('allow')?.split(',').sort(), ['GET', 'HEAD', 'OPTIONS', 'POST'])
    const head = await req('HEAD', '/connectors')
    assert.equal(head.status, 200)
    assert.equal(head.text, '')
    assert.equal(head.headers.get('content-length'), '2')
    // A non-integer task id is no route at all.
    assert.equal((await req('GET', '/connectors/a/tasks/x/status')).status, 404)
    // Kafka 4 removed tasks-config.
    assert.equal((await req('GET', '/connectors/a/tasks-config')).status, 404)
  })

  it('ignores one trailing slash and decodes names, slashes included', async () => {
    await req('POST', '/connectors', { name: 'a b/c', config: SOURCE })
    assert.deepEqual((await req('GET', '/connectors/')).json, ['a b/c'])
    assert.equal((await req('GET', '/connectors/a%20b%2Fc/config/')).json.name, 'a b/c')
    const created = await req('POST', '/connectors', { name: 'x y', config: SOURCE })
    assert.equal(created.headers.get('location'), `${base}/connectors/x%20y`)
  })

  it('refuses a body over the limit with 413', async () => {
    const answer = await req('PUT', '/connectors/big/config', { 'connector.class': 'X', filler: 'x'.repeat(5000) })
    assert.equal(answer.status, 413)
    assert.match(answer.json.message, /larger than 4096 bytes/)
    assert.equal(herder.connectorsByName.size, 0)
  })

  it('expands connectors with status and info, status first, ignoring unknown expansions', async () => {
    await req('POST', '/connectors', { name: 'src', config: SOURCE })
    const both = await req('GET', '/connectors?expand=info&expand=status')
    assert.deepEqual(Object.keys(both.json.src), ['status', 'info'])
    assert.equal(both.json.src.info.name, 'src')
    assert.equal(both.json.src.status.connector.state, 'RUNNING')
    assert.deepEqual((await req('GET', '/connectors?expand=foo')).json, { src: {} })
    assert.deepEqual((await req('GET', '/connectors?expand')).json, { src: {} })
  })

  it('writes statuses in Kafka\'s order: tasks sorted, trace only when set, version even when null', async () => {
    await req('POST', '/connectors', { name: 'src', config: SOURCE })
    const running = await req('GET', '/connectors/src/status')
    assert.equal(running.text, '{"name":"src","connector":{"state":"RUNNING","worker_id":"127.0.0.1:8083"},"tasks":[' +
      '{"id":0,"state":"RUNNING","worker_id":"127.0.0.1:8083","version":null},{"id":1,"state":"RUNNING","worker_id":"127.0.0.1:8083"}],"type":"source"}')
    herder.failTask('src', 'Error: boom\n    at x')
    const task = await req('GET', '/connectors/src/tasks/0/status')
    assert.equal(task.text, '{"id":0,"state":"FAILED","worker_id":"127.0.0.1:8083","version":null,"trace":"Error: boom\\n    at x"}')
    assert.deepEqual((await req('GET', '/connectors/src/tasks/7/status')).json, { error_code: 404, message: 'No status found for task src-7' })
    assert.deepEqual((await req('GET', '/connectors/nope/status')).json, { error_code: 404, message: 'No status found for connector nope' })
  })

  it('creates with PUT (201 + Location) and updates (200), patches, deletes', async () => {
    const createdAnswer = await req('PUT', '/connectors/p/config', SOURCE)
    assert.equal(createdAnswer.status, 201)
    assert.equal(createdAnswer.headers.get('location'), `${base}/connectors/p`)
    const updated = await req('PUT', '/connectors/p/config', { ...SOURCE, 'batch.size': '10' })
    assert.equal(updated.status, 200)
    assert.equal(updated.headers.get('location'), null)
    const patched = await req('PATCH', '/connectors/p/config', { 'batch.size': null, 'tasks.max': '1' })
    assert.equal(patched.status, 200)
    assert.equal(patched.json.config['batch.size'], undefined)
    assert.equal(patched.json.config['tasks.max'], '1')
    assert.deepEqual((await req('GET', '/connectors/p/config')).json, { ...SOURCE, name: 'p', 'tasks.max': '1' })
    assert.equal((await req('PATCH', '/connectors/nope/config', { a: null })).status, 404)
    const deleted = await req('DELETE', '/connectors/p')
    assert.equal(deleted.status, 204)
    assert.equal(deleted.text, '')
    assert.deepEqual((await req('DELETE', '/connectors/p')).json, { error_code: 404, message: 'Connector p not found' })
  })

  it('pauses and resumes with 202, stops with 204, restarts with 204 or 202 and the state', async () => {
    await req('POST', '/connectors', { name: 'src', config: SOURCE })
    assert.equal((await req('PUT', '/connectors/src/pause')).status, 202)
    assert.equal(herder.connectorsByName.get('src')?.target, 'PAUSED')
    assert.equal((await req('PUT', '/connectors/src/resume')).status, 202)
    assert.deepEqual((await req('PUT', '/connectors/nope/pause')).json, { error_code: 404, message: 'Unknown connector nope' })
    const plain = await req('POST', '/connectors/src/restart')
    assert.equal(plain.status, 204)
    // Jersey reads any value but "true" as false.
    assert.equal((await req('POST', '/connectors/src/restart?includeTasks=maybe')).status, 204)
    const withTasks = await req('POST', '/connectors/src/restart?includeTasks=TRUE&onlyFailed=false')
    assert.equal(withTasks.status, 202)
    assert.equal(withTasks.json.connector.state, 'RESTARTING')
    assert.deepEqual(herder.calls.filter(c => c.startsWith('restartConnector')), ['restartConnector false false', 'restartConnector false false', 'restartConnector true false'])
    assert.deepEqual((await req('POST', '/connectors/nope/restart?onlyFailed=true')).json, { error_code: 404, message: 'Unknown connector: nope' })
    assert.equal((await req('POST', '/connectors/src/tasks/0/restart')).status, 204)
    assert.deepEqual((await req('POST', '/connectors/src/tasks/3/restart')).json, { error_code: 404, message: 'Task src-3 not found' })
    assert.equal((await req('PUT', '/connectors/src/stop')).status, 204)
    assert.deepEqual((await req('GET', '/connectors/src/tasks')).json, [])
  })

  it('hides PASSWORD settings in every config it shows, and keeps them when written back hidden', async () => {
    const config = {
      'connector.class': 'com.example.SecretSource',
      'db.user': 'app',
      'db.password': 's3cret',
      'value.converter': 'com.example.AvroConverter',
      'value.converter.basic.auth.user.info': 'u:p',
      transforms: 'mask',
      'transforms.mask.type': 'com.example.MaskTransform',
      'transforms.mask.api.key': 'k-123',
      'producer.override.sasl.jaas.config': 'PlainLoginModule required password="x";',
      'producer.override.acks': 'all',
    }
    const createdAnswer = await req('POST', '/connectors', { name: 'secret', config })
    const hidden = { ...config, 'db.password': '[hidden]', 'value.converter.basic.auth.user.info': '[hidden]', 'transforms.mask.api.key': '[hidden]', 'producer.override.sasl.jaas.config': '[hidden]', name: 'secret' }
    assert.deepEqual(createdAnswer.json.config, hidden)
    for (const answer of [await req('GET', '/connectors/secret/config'), await req('GET', '/connectors/secret')]) {
      assert.ok(!answer.text.includes('s3cret') && !answer.text.includes('k-123') && !answer.text.includes('u:p') && !answer.text.includes('password=\\"x'), answer.text)
    }
    assert.deepEqual((await req('GET', '/connectors?expand=info')).json.secret.info.config, hidden)
    // Read, change one setting, write back: the hidden secrets keep their values.
    const readBack = (await req('GET', '/connectors/secret/config')).json
    const updated = await req('PUT', '/connectors/secret/config', { ...readBack, 'db.user': 'admin' })
    assert.equal(updated.status, 200)
    assert.equal(herder.connectorsByName.get('secret')?.config['db.password'], 's3cret')
    assert.equal(herder.connectorsByName.get('secret')?.config['transforms.mask.api.key'], 'k-123')
    assert.equal(herder.connectorsByName.get('secret')?.config['db.user'], 'admin')
    await req('PATCH', '/connectors/secret/config', { 'db.password': '[hidden]', 'db.user': 'x' })
    assert.equal(herder.connectorsByName.get('secret')?.config['db.password'], 's3cret')
    // A new value replaces the secret.
    await req('PATCH', '/connectors/secret/config', { 'db.password': 'n3w' })
    assert.equal(herder.connectorsByName.get('secret')?.config['db.password'], 'n3w')
  })

  it('lists task configs', async () => {
    await req('POST', '/connectors', { name: 'src', config: SOURCE })
    assert.equal((await req('GET', '/connectors/src/tasks')).text, '[{"id":{"connector":"src","task":0},"config":{"task.class":"FakeTask"}}]')
  })

  it('alters offsets only with some given, keeping 64-bit integers exact', async () => {
    await req('POST', '/connectors', { name: 'src', config: SOURCE })
    const notStopped = await req('PATCH', '/connectors/src/offsets', { offsets: [{ partition: { filename: 'f' }, offset: { position: 1 } }] })
    assert.equal(notStopped.status, 400)
    assert.match(notStopped.json.message, /^Connectors must be in the STOPPED state/)
    await req('PUT', '/connectors/src/stop')
    for (const body of ['{"offsets":[]}', '{}', '{"offsets":null}']) {
      assert.deepEqual((await req('PATCH', '/connectors/src/offsets', body)).json,
        { error_code: 400, message: 'Partitions / offsets need to be provided for an alter offsets request' })
    }
    const big = '{"offsets":[{"partition":{"kafka_topic":"t","kafka_partition":0},"offset":{"kafka_offset":9223372036854775807}},{"partition":{"f":"x"},"offset":null}]}'
    const altered = await req('PATCH', '/connectors/src/offsets', big)
    assert.deepEqual(altered.json, { message: 'The offsets for this connector have been altered successfully' })
    assert.deepEqual(herder.connectorsByName.get('src')?.offsets.offsets[0], { partition: { kafka_topic: 't', kafka_partition: 0n }, offset: { kafka_offset: 9223372036854775807n } })
    assert.equal((await req('GET', '/connectors/src/offsets')).text, big)
    assert.deepEqual((await req('DELETE', '/connectors/src/offsets')).json, { message: 'The offsets for this connector have been reset successfully' })
    assert.equal((await req('GET', '/connectors/src/offsets')).text, '{"offsets":[]}')
    assert.equal((await req('PATCH', '/connectors/src/offsets', '{"offsets":[],"x":1}')).status, 500)
  })

  it('shows active topics and resets them', async () => {
    await req('POST', '/connectors', { name: 'src', config: SOURCE })
    assert.deepEqual((await req('GET', '/connectors/src/topics')).json, { src: { topics: ['t1'] } })
    assert.equal((await req('PUT', '/connectors/src/topics/reset')).status, 202)
  })

  it('lists plugins, their config, and validates with errors still 200', async () => {
    const plugins = await req('GET', '/connector-plugins')
    assert.equal(plugins.text, '[{"class":"org.apache.kafka.connect.file.FileStreamSinkConnector","type":"sink","version":"0.1.0"},' +
      '{"class":"org.apache.kafka.connect.file.FileStreamSourceConnector","type":"source","version":"0.1.0"}]')
    const all = await req('GET', '/connector-plugins?connectorsOnly=false')
    assert.deepEqual(all.json[2], { class: 'org.apache.kafka.connect.transforms.Filter', type: 'transformation' })
    const config = await req('GET', '/connector-plugins/FileStreamSource/config')
    assert.equal(config.text, '[{"name":"file","type":"STRING","required":false,"default_value":null,"importance":"HIGH",' +
      '"documentation":"Source filename.","group":null,"order_in_group":-1,"width":"NONE","display_name":"file","dependents":[]}]')
    assert.deepEqual((await req('GET', '/connector-plugins/Nope/config')).json, { error_code: 404, message: 'Unknown plugin Nope.' })
    const mismatch = await req('PUT', '/connector-plugins/FileStreamSource/config/validate', { 'connector.class': 'FileStreamSink' })
    assert.deepEqual(mismatch.json, { error_code: 400, message: 'Included connector type FileStreamSink does not match request type FileStreamSource' })
    const valid = await req('PUT', '/connector-plugins/FileStreamSource/config/validate', { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector' })
    assert.equal(valid.status, 200)
    assert.equal(valid.text, '{"name":"org.apache.kafka.connect.file.FileStreamSourceConnector","error_count":1,"groups":["Common"],' +
      '"configs":[{"definition":null,"value":{"name":"topic","value":null,"recommended_values":[],' +
      '"errors":["Missing required configuration \\"topic\\" which has no default value."],"visible":true}}]}')
  })

  it('maps a herder\'s unexpected failure to 500 with its message, and a hung call to "Request timed out"', async () => {
    herder.behaviour = 'throw'
    const failed = await req('GET', '/connectors')
    assert.deepEqual(failed.json, { error_code: 500, message: "Cannot read properties of undefined (reading 'x')" })
    assert.ok(logLines.some(line => line.includes('ERROR Uncaught exception in REST call to /connectors')))
    herder.behaviour = 'hang'
    assert.deepEqual((await req('GET', '/connectors')).json, { error_code: 500, message: 'Request timed out' })
  })

  it('reads and sets logger levels, with Kafka\'s answers for bad requests', async () => {
    loggers.getLogger('org.apache.kafka.connect.test.Thing')
    assert.deepEqual((await req('GET', '/admin/loggers/org.apache.kafka.connect.test.Thing')).json, { level: 'INFO', last_modified: null })
    assert.deepEqual((await req('GET', '/admin/loggers/root')).json, { level: 'INFO', last_modified: null })
    assert.deepEqual((await req('GET', '/admin/loggers/no.such')).json, { error_code: 404, message: 'Logger no.such not found.' })
    const set = await req('PUT', '/admin/loggers/org.apache.kafka.connect.test', { level: 'debug' })
    assert.deepEqual(set.json, ['org.apache.kafka.connect.test', 'org.apache.kafka.connect.test.Thing'])
    const after = (await req('GET', '/admin/loggers/org.apache.kafka.connect.test.Thing')).json
    assert.equal(after.level, 'DEBUG')
    assert.equal(typeof after.last_modified, 'number')
    assert.equal((await req('GET', '/admin/loggers')).json['org.apache.kafka.connect.test'].level, 'DEBUG')
    assert.deepEqual((await req('PUT', '/admin/loggers/a', { level: 'bogus' })).json, { error_code: 404, message: "invalid log level 'bogus'." })
    assert.deepEqual((await req('PUT', '/admin/loggers/a', {})).json, { error_code: 400, message: "Desired 'level' parameter was not specified in request." })
    assert.deepEqual((await req('PUT', '/admin/loggers/a', { level: '' })).json, { error_code: 500, message: 'Illegal null or empty Level name.' })
    const cluster = await req('PUT', '/admin/loggers/a.b?scope=cluster', { level: 'WARN' })
    assert.equal(cluster.status, 204)
    assert.equal((await req('GET', '/admin/loggers/a.b')).json.level, 'WARN')
    assert.deepEqual((await req('PUT', '/admin/loggers/a.b?scope=weird', { level: 'ERROR' })).json, ['a.b'])
  })

  it('logs each request as Jetty\'s request log does', async () => {
    await req('GET', '/connectors', undefined, { 'user-agent': 'test-agent' })
    assert.ok(logLines.some(line => /INFO 127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/connectors HTTP\/1\.1" 200 2 "-" "test-agent" \d+ \(org\.apache\.kafka\.connect\.runtime\.rest\.RestServer\)/.test(line)))
  })
})

describe('REST server lifecycle and settings', () => {
  it('answers 503 until the herder is attached; loggers work from the start', async () => {
    const server = await startServer()
    try {
      const base = server.addresses()[0].url
      assert.deepEqual((await call(base, 'GET', '/health')).json, { status: 'starting', message: 'Worker is still starting up.' })
      assert.equal((await call(base, 'GET', '/health')).status, 503)
      const early = await call(base, 'GET', '/connectors')
      assert.equal(early.status, 503)
      assert.match(early.json.message, /still starting/)
      assert.equal((await call(base, 'GET', '/admin/loggers/root')).status, 200)
      server.attachHerder(new FakeHerder())
      assert.deepEqual((await call(base, 'GET', '/health')).json, { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' })
    } finally {
      await server.stop()
    }
  })

  it('serves /admin only on admin.listeners when set, and nowhere when empty', async () => {
    const split = await startServer({ 'admin.listeners': 'http://127.0.0.1:0' })
    try {
      split.attachHerder(new FakeHerder())
      const [main, admin] = split.addresses()
      assert.equal(admin.admin, true)
      assert.equal((await call(main.url, 'GET', '/admin/loggers/root')).status, 404)
      assert.equal((await call(admin.url, 'GET', '/admin/loggers/root')).status, 200)
      assert.equal((await call(admin.url, 'GET', '/connectors')).status, 404)
      assert.equal((await call(main.url, 'GET', '/connectors')).status, 200)
    } finally {
      await split.stop()
    }
    const off = await startServer({ 'admin.listeners': '' })
    try {
      off.attachHerder(new FakeHerder())
      assert.equal((await call(off.addresses()[0].url, 'GET', '/admin/loggers/root')).status, 404)
      assert.equal(off.adminUrl(), null)
    } finally {
      await off.stop()
    }
  })

  it('answers 403 for topics when topic tracking is off', async () => {
    const server = await startServer({ 'topic.tracking.allow.reset': 'false' })
    const herder = new FakeHerder()
    server.attachHerder(herder)
    const base = server.addresses()[0].url
    try {
      assert.deepEqual((await call(base, 'PUT', '/connectors/x/topics/reset')).json, { error_code: 403, message: 'Topic tracking reset is disabled.' })
      assert.equal((await call(base, 'GET', '/connectors/x/topics')).status, 200)
    } finally {
      await server.stop()
    }
    const off = await startServer({ 'topic.tracking.enable': 'false' })
    off.attachHerder(herder)
    try {
      assert.deepEqual((await call(off.addresses()[0].url, 'GET', '/connectors/x/topics')).json, { error_code: 403, message: 'Topic tracking is disabled.' })
    } finally {
      await off.stop()
    }
  })

  it('adds CORS headers for allowed origins only', async () => {
    const server = await startServer({ 'access.control.allow.origin': 'http://ui.example.com,https://*.corp.example', 'access.control.allow.methods': 'GET,PUT' })
    server.attachHerder(new FakeHerder())
    const base = server.addresses()[0].url
    try {
      const allowed = await call(base, 'GET', '/connectors', undefined, { origin: 'http://ui.example.com' })
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://ui.example.com')
      const wildcard = await call(base, 'GET', '/connectors', undefined, { origin: 'https://a.corp.example' })
      assert.equal(wildcard.headers.get('access-control-allow-origin'), 'https://a.corp.example')
      const denied = await call(base, 'GET', '/connectors', undefined, { origin: 'http://evil.example.com' })
      assert.equal(denied.status, 200)
      assert.equal(denied.headers.get('access-control-allow-origin'), null)
      const preflight = await call(base, 'OPTIONS', '/connectors', undefined, {
        origin: 'http://ui.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type',
      })
      assert.equal(preflight.status, 200)
      assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET,PUT')
      assert.equal(preflight.headers.get('access-control-allow-headers'), 'Content-Type')
      assert.equal(preflight.headers.get('access-control-max-age'), '60')
      assert.equal(denied.headers.get('vary'), 'Origin')
      // Jetty 12 reads an entry as a regular expression; that works too.
      const regex = await startServer({ 'access.control.allow.origin': 'https://[a-z]+\\.example\\.org' })
      regex.attachHerder(new FakeHerder())
      try {
        const byRegex = await call(regex.addresses()[0].url, 'GET', '/connectors', undefined, { origin: 'https://ui.example.org' })
        assert.equal(byRegex.headers.get('access-control-allow-origin'), 'https://ui.example.org')
      } finally {
        await regex.stop()
      }
    } finally {
      await server.stop()
    }
  })

  it('advertises the configured host and port, and derives the worker id from them', async () => {
    const server = await startServer({ 'rest.advertised.host.name': 'connect-1.example', 'rest.advertised.port': '18083' })
    try {
      assert.equal(server.advertisedUrl(), 'http://connect-1.example:18083/')
      assert.equal(server.workerId(), 'connect-1.example:18083')
    } finally {
      await server.stop()
    }
    const plain = await startServer()
    try {
      const port = new URL(plain.addresses()[0].url).port
      assert.equal(plain.advertisedUrl(), `http://127.0.0.1:${port}/`)
      assert.equal(plain.workerId(), `127.0.0.1:${port}`)
    } finally {
      await plain.stop()
    }
  })

  it('rejects bad listeners with Kafka\'s messages, and HTTPS as not supported yet', async () => {
    assert.throws(() => restServerConfig({ listeners: '' }), /at least one URL is expected/)
    await assert.rejects(new RestServer({ config: restServerConfig({ listeners: 'localhost:8083' }) }).start(), /Listener doesn't have the right format \(protocol:\/\/hostname:port\)\./)
    await assert.rejects(new RestServer({ config: restServerConfig({ listeners: 'ftp://127.0.0.1:1' }) }).start(), /Listener protocol must be either "http" or "https"\./)
    await assert.rejects(new RestServer({ config: restServerConfig({ listeners: 'https://127.0.0.1:0' }) }).start(), /does not support yet/)
  })

  it('says which address is in use when it cannot listen', async () => {
    const first = await startServer()
    try {
      const taken = first.addresses()[0].url
      await assert.rejects(new RestServer({ config: restServerConfig({ listeners: taken }) }).start(), /cannot listen on http:\/\/127\.0\.0\.1:\d+ \(EADDRINUSE\): the address is in use/)
    } finally {
      await first.stop()
    }
  })
})
