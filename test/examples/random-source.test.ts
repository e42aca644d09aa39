// The example connector's own tests (examples/random-source/test), run two ways:
// - inside kconnect's suite: the module hooks a worker installs (src/runtime/plugins/
//   module-hooks.js) resolve the example's 'kconnect/api' imports to this repository's API;
// - as its author runs them (docs/writing-a-connector.md): the example copied into a folder of
//   its own with kconnect installed under node_modules, and `node --import kconnect/register
//   --test`, so the documented workflow keeps working.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, it } from 'node:test'
import { promisify } from 'node:util'
import { installModuleHooks } from '../../src/runtime/plugins/module-hooks.js'

const REPO = resolve(import.meta.dirname, '..', '..')
const EXAMPLE = join(REPO, 'examples', 'random-source')

installModuleHooks()
await import('../../examples/random-source/test/random-source.test.ts')

describe('examples/random-source as its author tests it', () => {
  it('passes `node --import kconnect/register --test` with kconnect installed under node_modules', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kconnect-author-'))
    try {
      await cp(EXAMPLE, dir, { recursive: true })
      // A copy, not a link: kconnect's own .ts files then sit under node_modules, as after npm install.
      const kconnect = join(dir, 'node_modules', 'kconnect')
      await mkdir(kconnect, { recursive: true })
      await cp(join(REPO, 'src'), join(kconnect, 'src'), { recursive: true })
      await cp(join(REPO, 'package.json'), join(kconnect, 'package.json'))
      // Without NODE_TEST_CONTEXT, which would make the inner test runner report to ours.
      const env = { ...process.env }
      delete env.NODE_TEST_CONTEXT
      const { stdout } = await promisify(execFile)(process.execPath,
        ['--import', 'kconnect/register', '--test', '--test-reporter=tap', 'test/random-source.test.ts'], { cwd: dir, env })
      assert.match(stdout, /^# pass 7$/m)
      assert.match(stdout, /^# fail 0$/m)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
