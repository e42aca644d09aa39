import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseConnectorFile } from '../../src/cli/connector-file.ts'

const parse = (text: string): ReturnType<typeof parseConnectorFile> => parseConnectorFile('c.conf', Buffer.from(text))

describe('parseConnectorFile (ConnectStandalone\'s three formats)', () => {
  it('reads a flat JSON map, scalars as text', () => {
    assert.deepEqual(parse('{"name":"src","connector.class":"FileStreamSource","tasks.max":1,"x":true}'),
      { name: 'src', config: { name: 'src', 'connector.class': 'FileStreamSource', 'tasks.max': '1', x: 'true' } })
  })

  it('reads a creation request, putting the name into the config', () => {
    assert.deepEqual(parse('{"name":"src","config":{"connector.class":"FileStreamSource"},"initial_state":"paused"}'),
      { name: 'src', config: { 'connector.class': 'FileStreamSource', name: 'src' }, initialState: 'PAUSED' })
    assert.throws(() => parse('{"name":"a","config":{"name":"b"}}'), /Connector name configuration in 'config' doesn't match the one specified in 'name' at 'c.conf'/)
    assert.throws(() => parse('{"name":"a","config":{},"initial_state":"x"}'), /initial_state "x"; use RUNNING, PAUSED or STOPPED/)
  })

  it('reads a .properties file', () => {
    assert.deepEqual(parse('name=sink\nconnector.class=FileStreamSink\ntopics=t\n'),
      { name: 'sink', config: { name: 'sink', 'connector.class': 'FileStreamSink', topics: 't' } })
  })

  it('needs a name, as Kafka does', () => {
    assert.throws(() => parse('connector.class=X\n'), /Connector configuration at 'c.conf' is missing the mandatory 'name' configuration/)
    assert.throws(() => parse('{"connector.class":"X"}'), /missing the mandatory 'name' configuration/)
  })

  it('says when JSON is malformed instead of reading it as properties', () => {
    assert.throws(() => parse('{"name": "a",}'), /Connector configuration at 'c.conf' is not valid JSON: .*line 1, column 14/)
    assert.throws(() => parse('[1]'), /must be a JSON object/)
  })
})
