// openLog chooses the backend from the worker config: log.backend (kafka by default, embedded),
// log.embedded.dir for the embedded log's folder; an unknown backend names the valid ones.

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { ConfigException } from '../../src/api/errors.ts'
import { DATABASE_FILE } from '../../src/log/embedded/index.ts'
import { LOG_EMBEDDED_DIR_DEFAULT, openLog } from '../../src/log/index.ts'
import { testBootstrap } from '../support/kafka.ts'

const dir = mkdtempSync(join(tmpdir(), 'kconnect-open-log-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('openLog', () => {
  test('log.backend=embedded opens the embedded log in log.embedded.dir', async () => {
    const folder = join(dir, 'data')
    const log = await openLog({ 'log.backend': 'embedded', 'log.embedded.dir': folder })
    try {
      assert.equal(log.kind, 'embedded')
      assert.ok(existsSync(join(folder, DATABASE_FILE)))
    } finally {
      await log.close()
    }
  })

  test('log.embedded.dir defaults to kconnect-data in the working directory', async () => {
    const cwd = process.cwd()
    process.chdir(dir)
    try {
      const log = await openLog({ 'log.backend': ' embedded ' })
      await log.close()
      assert.ok(existsSync(join(dir, LOG_EMBEDDED_DIR_DEFAULT, DATABASE_FILE)))
    } finally {
      process.chdir(cwd)
    }
  })

  test('an unknown backend is a ConfigException naming the valid values', async () => {
    await assert.rejects(openLog({ 'log.backend': 'zookeeper' }), (error: unknown) => {
      assert.ok(error instanceof ConfigException)
      assert.equal(error.message, 'Invalid value zookeeper for configuration log.backend: String must be one of: kafka, embedded')
      return true
    })
  })

  test('the default backend is kafka, so a Java worker.properties means what it meant', async () => {
    const log = await openLog({ 'bootstrap.servers': await testBootstrap() })
    try {
      assert.equal(log.kind, 'kafka')
      assert.equal(typeof await log.clusterId(), 'string')
    } finally {
      await log.close()
    }
  })
})
