// The README's quickstart (`npm start` = `kconnect quickstart`), run as CI runs it (no terminal):
// lines appended to the source file reach the sink file through the embedded log, the command
// stops by itself with exit 0, and a second run resumes from the flushed offsets, so the sink file
// holds every line of both runs exactly once.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { after, test } from 'node:test'

const run = promisify(execFile)
const REPO = resolve(import.meta.dirname, '..', '..')

const workDir = await mkdtemp(join(tmpdir(), 'kconnect-quickstart-'))
after(() => rm(workDir, { recursive: true, force: true }))

async function quickstart (): Promise<string> {
  const { stdout } = await run(process.execPath, [join(REPO, 'src', 'cli', 'main.ts'), 'quickstart'],
    { cwd: workDir, env: { ...process.env, CI: 'true' }, timeout: 120_000 })
  return stdout
}

test('the quickstart moves lines from file to file, stops by itself, and resumes without duplicates', async () => {
  await cp(join(REPO, 'config'), join(workDir, 'config'), { recursive: true })

  const first = await quickstart()
  assert.match(first, /All 5 lines went data\/quickstart\/input\.txt -> topic connect-test -> data\/quickstart\/output\.txt/)
  assert.match(first, /REST API {6}http:\/\/127\.0\.0\.1:\d+/)

  const second = await quickstart()
  assert.match(second, /All 5 lines went/)

  const input = (await readFile(join(workDir, 'data/quickstart/input.txt'), 'utf8')).trimEnd().split('\n')
  const output = (await readFile(join(workDir, 'data/quickstart/output.txt'), 'utf8')).trimEnd().split('\n')
  assert.equal(input.length, 10)
  assert.deepEqual(output, input, 'every line of both runs, once each, in order')
})
