// A cluster on Connect's first protocol (connect.protocol=eager, the `default` subprotocol, as
// Kafka 2.2 and earlier spoke it): every rebalance revokes everything and assigns it again. A worker
// added and another stopped with SIGTERM while lines flow lose and repeat nothing.

import assert from 'node:assert/strict'
import { appendFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { uniqueName } from '../support/kafka.ts'
import { awaitRunning, Cluster, createConnector, lineCounts, numberedLines } from './distributed-support.ts'

describe('a cluster on the eager protocol', { timeout: 300_000 }, () => {
  let dir: string
  let cluster: Cluster | undefined

  before(async () => { dir = await mkdtemp(join(tmpdir(), 'kconnect-eager-')) })
  after(async () => {
    await cluster?.kill()
    await rm(dir, { recursive: true, force: true })
  })

  it('hands all work around at each rebalance, losing and repeating nothing', async () => {
    cluster = await Cluster.start(dir, 2, { 'connect.protocol': 'eager' })
    const [w0, w1] = cluster.workers
    const topic = uniqueName('eager')
    const input = join(dir, 'in.txt')
    const output = join(dir, 'out.txt')
    await createConnector(w0, 'src', { 'connector.class': 'FileStreamSource', file: input, topic })
    await createConnector(w1, 'sink', { 'connector.class': 'FileStreamSink', file: output, topics: topic, 'tasks.max': '2' })
    await awaitRunning(w0, 'src', 1)
    await awaitRunning(w0, 'sink', 2)
    const first = numberedLines('e', 200)
    await appendFile(input, first.map(l => l + '\n').join(''))
    await w0.waitFor('the first lines', async () => (await lineCounts(output)).size === first.length)
    const added = await cluster.add()
    await awaitRunning(added, 'src', 1)
    await w0.stop('SIGTERM')
    await awaitRunning(added, 'sink', 2)
    const more = numberedLines('f', 100)
    await appendFile(input, more.map(l => l + '\n').join(''))
    await added.waitFor('the later lines', async () => (await lineCounts(output)).size === first.length + more.length)
    const counts = await lineCounts(output)
    assert.deepEqual([...first, ...more].filter(line => counts.get(line) !== 1), [], 'every line exactly once')
    assert.match(added.output(), /Joined group at generation \d+ with protocol version 0/, 'the eager protocol was used')
  })
})
