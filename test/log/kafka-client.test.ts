import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'
// Nothing else may load the Kafka client first: this file is about how it is loaded.
import { loadKafkaClient } from '../../src/log/kafka-client.ts'

/** Options some of the client's validators refuse, and one they accept. */
const CASES: Array<[validator: string, options: unknown]> = [
  ['createTopicsOptionsValidator', { topics: ['t'], partitions: 'three' }],
  ['createTopicsOptionsValidator', { topics: ['t'], partitions: 3, replicas: 1 }],
  ['listTopicsOptionsValidator', { includeInternals: 'yes' }],
  ['produceOptionsValidator', { acks: 7, compression: 'zip' }],
]

describe('loadKafkaClient', () => {
  it('gives the Kafka log module, once', async () => {
    const first = loadKafkaClient()
    assert.equal(loadKafkaClient(), first)
    assert.equal(typeof (await first).createKafkaLog, 'function')
  })

  it("defers the client's option schemas to their first use, with the answers and errors of a client imported as it is", async () => {
    await loadKafkaClient()
    const client = await import('@platformatic/kafka') as unknown as Record<string, ((options: unknown) => boolean) & { errors?: unknown, schema?: unknown }>
    // A validator ajv compiled carries its schema; a deferred one has not been compiled yet.
    assert.equal(client.createPartitionsOptionsValidator?.schema, undefined)
    const deferred = CASES.map(([name, options]) => {
      const validate = client[name]
      assert.ok(validate !== undefined, name)
      const valid = validate(options)
      return [valid, validate.errors]
    })
    // The same calls in a process that imports the client with nothing deferred.
    const eager = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', `
      const client = await import('@platformatic/kafka')
      const answers = ${JSON.stringify(CASES)}.map(([name, options]) => [client[name](options), client[name].errors])
      console.log(JSON.stringify(answers))`,
    ], { cwd: import.meta.dirname, encoding: 'utf8' })) as unknown
    assert.deepEqual(JSON.parse(JSON.stringify(deferred)), eager)
    assert.deepEqual(deferred.map(([valid]) => valid), [false, true, false, false])
  })

  it("leaves ajv's compile() as it was once the client is loaded", async () => {
    await loadKafkaClient()
    const require = createRequire(import.meta.resolve('@platformatic/kafka'))
    const { default: Ajv } = require('ajv/dist/core.js') as { default: { prototype: { compile: { name: string } } } }
    assert.equal(Ajv.prototype.compile.name, 'compile')
  })
})
