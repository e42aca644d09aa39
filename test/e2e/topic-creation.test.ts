// Topic creation for source connectors (KIP-158) through `kconnect standalone` on the test broker:
// two FileStreamSources configured from .properties files with a default group and a `hot` group
// create their topics with the partitions and topic configs of the group the topic falls in.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { uniqueName } from '../support/kafka.ts'
import { openLog } from '../../src/log/index.ts'
import { startWorker, workerSettings, writeProperties } from './support.ts'

const dir = await mkdtemp(join(tmpdir(), 'kconnect-e2e-topic-creation-'))
after(() => rm(dir, { recursive: true, force: true }))

test('source connectors create their topics with the settings of the topic.creation group they match', async () => {
  const prefix = uniqueName('e2e-created')
  const hot = `${prefix}-hot`
  const plain = `${prefix}-plain`
  const settings = await workerSettings('kafka', dir)
  const workerFile = await writeProperties(join(dir, 'worker.properties'), settings)
  const creation = {
    'topic.creation.groups': 'hot',
    'topic.creation.default.replication.factor': '-1',
    'topic.creation.default.partitions': '2',
    'topic.creation.default.retention.ms': '3600000',
    'topic.creation.hot.include': `${prefix}-hot.*`,
    'topic.creation.hot.partitions': '3',
    'topic.creation.hot.retention.ms': '60000',
    'topic.creation.hot.max.message.bytes': '200000',
  }
  const files = []
  for (const topic of [hot, plain]) {
    const input = join(dir, `${topic}.txt`)
    await writeFile(input, `a line for ${topic}\n`)
    files.push(await writeProperties(join(dir, `${topic}.properties`),
      { name: topic, 'connector.class': 'FileStreamSource', file: input, topic, ...creation }))
  }

  const worker = await startWorker(workerFile, files)
  const log = await openLog(settings)
  try {
    await worker.waitFor('both topics created', async () => (await log.describeTopics([hot, plain])).size === 2)
    await worker.waitFor('both connectors tracking their topic', async () => {
      const answers = await Promise.all([hot, plain].map(name => worker.request('GET', `/connectors/${name}/topics`)))
      return answers.every((answer, i) => answer.body?.[[hot, plain][i]]?.topics?.length === 1)
    })
    const topics = await log.describeTopics([hot, plain])
    const [hotTopic, plainTopic] = [topics.get(hot), topics.get(plain)]
    assert.equal(hotTopic?.partitions, 3)
    assert.equal(hotTopic?.configs['retention.ms'], '60000')
    assert.equal(hotTopic?.configs['max.message.bytes'], '200000')
    assert.equal(plainTopic?.partitions, 2)
    assert.equal(plainTopic?.configs['retention.ms'], '3600000')
    assert.match(worker.output(), new RegExp(`Created topic '${hot}' using creation group TopicCreationGroup\\{name='hot'`))
  } finally {
    await log.close()
    assert.equal(await worker.stop('SIGTERM'), 0, worker.tail())
  }
})
