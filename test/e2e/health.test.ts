// /health follows start-up as Kafka's does (KIP-1017; ConnectStandalone marks the herder ready only
// after the connectors of its command line exist): while a connector file's connector is still
// starting, /health answers 503 "starting" though the REST API already serves; once it has
// started, 200 "healthy". The slow connector comes from a plugin package on plugin.path
// (test/e2e/fixtures/slow-connector) whose start() waits for a file to appear.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { eventually, WorkerProcess, workerSettings, writeProperties } from './support.ts'

/** Holds test/e2e/fixtures/slow-connector, whose start() waits for a file. */
const PLUGIN_PATH = join(import.meta.dirname, 'fixtures')

const dir = await mkdtemp(join(tmpdir(), 'kconnect-e2e-health-'))
after(() => rm(dir, { recursive: true, force: true }))

test('/health says starting until the connector files\' connectors have started, then healthy', async () => {
  const gate = join(dir, 'open')
  const workerFile = await writeProperties(join(dir, 'worker.properties'), await workerSettings('embedded', dir, { 'plugin.path': PLUGIN_PATH }))
  const connectorFile = await writeProperties(join(dir, 'gate.properties'), { name: 'gate', 'connector.class': 'e2e.SlowSourceConnector', 'start.gate.file': gate })

  const worker = new WorkerProcess([workerFile, connectorFile])
  try {
    let health = { status: 0, body: null as unknown }
    await eventually('the REST API answering', async () => {
      if (worker.child.exitCode !== null) throw new Error(worker.output())
      try {
        health = await worker.request('GET', '/health')
        return true
      } catch {
        return false
      }
    })
    assert.deepEqual(health, { status: 503, body: { status: 'starting', message: 'Worker is still starting up.' }, text: JSON.stringify(health.body) })
    // The API serves meanwhile, as Kafka's does once its herder has started.
    assert.equal((await worker.request('GET', '/')).status, 200)

    await writeFile(gate, '')
    await worker.waitFor('/health healthy', async () => (await worker.request('GET', '/health')).status === 200)
    assert.deepEqual((await worker.request('GET', '/health')).body,
      { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' })
    assert.deepEqual(await worker.states('gate'), ['RUNNING', 'RUNNING'])
  } finally {
    assert.equal(await worker.stop('SIGTERM'), 0, worker.output())
  }
})
