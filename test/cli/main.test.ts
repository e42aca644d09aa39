// The kconnect command as a user runs it (bin/kconnect in a child process): help, version, usage
// and input errors with their exit codes, and `topics produce|tail|list` on the embedded log and
// on the real test broker.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { testBootstrap, uniqueName } from '../support/kafka.ts'
import { runKconnect as kconnect } from '../support/kconnect-command.ts'

describe('kconnect command line', () => {
  let dir: string
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'kconnect-cli-')) })
  after(() => rm(dir, { recursive: true, force: true }))

  it('prints its version and help, exit 0', async () => {
    const version = await kconnect(['--version'])
    assert.equal(version.code, 0)
    assert.match(version.stdout, /^kconnect \d+\.\d+\.\d+ \(compatible with Apache Kafka Connect 4\.3\.1\), Node\.js 24\./)
    const help = await kconnect(['--help'])
    assert.equal(help.code, 0)
    assert.match(help.stdout, /^Usage: kconnect <command>/)
    assert.match(help.stdout, /standalone <worker\.properties> \[connector1\.properties connector2\.json \.\.\.\]/)
    assert.equal((await kconnect(['standalone', '--help'])).code, 0)
  })

  it('answers wrong usage with the usage and exit 2', async () => {
    for (const args of [[], ['bogus'], ['standalone'], ['topics'], ['topics', 'list'], ['topics', 'tail', '--worker', 'w.properties'], ['standalone', '--nope']]) {
      const run = await kconnect(args)
      assert.equal(run.code, 2, `kconnect ${args.join(' ')}: ${run.stderr}`)
      assert.match(run.stderr, /^kconnect: .+\n\nUsage: kconnect/, args.join(' '))
    }
  })

  it('names a missing or malformed file, exit 1', async () => {
    const missing = await kconnect(['standalone', join(dir, 'nope.properties')])
    assert.equal(missing.code, 1)
    assert.equal(missing.stderr, `kconnect: Cannot read the worker configuration '${join(dir, 'nope.properties')}': no such file\n`)
    const worker = join(dir, 'worker.properties')
    await writeFile(worker, 'log.backend=embedded\n')
    const noConnector = await kconnect(['standalone', worker, join(dir, 'missing.json')])
    assert.equal(noConnector.code, 1)
    assert.match(noConnector.stderr, /^kconnect: Cannot read the connector configuration '.*missing\.json': no such file\n$/)
    const bad = join(dir, 'bad.json')
    await writeFile(bad, '{"name": "x", "config": {')
    const malformed = await kconnect(['standalone', worker, bad])
    assert.equal(malformed.code, 1)
    assert.match(malformed.stderr, /is not valid JSON: Unexpected end-of-input/)
    const noName = join(dir, 'noname.properties')
    await writeFile(noName, 'connector.class=FileStreamSource\n')
    assert.match((await kconnect(['standalone', worker, noName])).stderr, /is missing the mandatory 'name' configuration/)
    const tail = await kconnect(['topics', 'list', '--worker', join(dir, 'nope.properties')])
    assert.equal(tail.code, 1)
    assert.match(tail.stderr, /Cannot read the worker configuration .*: no such file/)
  })

  it('rejects a bad log level setting', async () => {
    const run = await kconnect(['topics', 'list', '--bootstrap-server', '127.0.0.1:1'], '', { KCONNECT_LOG_LEVEL: 'LOUD' })
    assert.equal(run.code, 1)
    assert.match(run.stderr, /Unknown log level 'LOUD'/)
  })

  it('produces lines to a topic of the embedded log and tails them back', async () => {
    const worker = join(dir, 'embedded.properties')
    await writeFile(worker, `log.backend=embedded\nlog.embedded.dir=${join(dir, 'data')}\n`)
    const produced = await kconnect(['topics', 'produce', '--worker', worker, 'lines'], 'one\ntwo words\n\nthree\n')
    assert.equal(produced.code, 0, produced.stderr)
    const keyed = await kconnect(['topics', 'produce', '--worker', worker, 'keyed', '--key-separator', ':'], 'k1:v1\nk2:v:2\n')
    assert.equal(keyed.code, 0, keyed.stderr)
    const list = await kconnect(['topics', 'list', '--worker', worker])
    assert.equal(list.code, 0, list.stderr)
    assert.deepEqual(list.stdout.split('\n').filter(l => l !== ''), ['keyed', 'lines'])
    const tail = await kconnect(['topics', 'tail', '--worker', worker, 'lines', '--from-beginning', '--max-messages', '4'])
    assert.equal(tail.code, 0, tail.stderr)
    assert.equal(tail.stdout, 'one\ntwo words\n\nthree\n')
    assert.match(tail.stderr, /Processed a total of 4 messages/)
    const tailKeys = await kconnect(['topics', 'tail', '--worker', worker, 'keyed', '--from-beginning', '--print-key', '--timeout-ms', '300'])
    assert.equal(tailKeys.stdout, 'k1\tv1\nk2\tv:2\n')
    const none = await kconnect(['topics', 'tail', '--worker', worker, 'nothing-here', '--from-beginning'])
    assert.equal(none.code, 1)
    assert.match(none.stderr, /Topic 'nothing-here' does not exist/)
  })

  it('produces and tails on Kafka with --bootstrap-server', async () => {
    const bootstrap = await testBootstrap()
    const topic = uniqueName('cli-lines')
    const produced = await kconnect(['topics', 'produce', '--bootstrap-server', bootstrap, topic], 'a\nb\nc\n')
    assert.equal(produced.code, 0, produced.stderr)
    const tail = await kconnect(['topics', 'tail', '--bootstrap-server', bootstrap, topic, '--from-beginning', '--max-messages', '3'])
    assert.equal(tail.code, 0, tail.stderr)
    assert.equal(tail.stdout, 'a\nb\nc\n')
    const list = await kconnect(['topics', 'list', '--bootstrap-server', bootstrap])
    assert.ok(list.stdout.split('\n').includes(topic))
  })
})
