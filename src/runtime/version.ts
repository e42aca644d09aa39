// kconnect's own version and commit, which GET / shows. (The Kafka release kconnect reproduces,
// which the built-in plugins report, is KAFKA_COMPAT_VERSION in src/api/version.ts.)

import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const repositoryRoot = join(import.meta.dirname, '..', '..')

/** kconnect's version, from package.json. */
export const KCONNECT_VERSION: string = (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string }).version

let commit: string | undefined

/** The commit kconnect runs from (16 hex digits, as Kafka shows its own), or 'unknown' outside a git checkout. */
export function kconnectCommit (): string {
  if (commit === undefined) {
    try {
      commit = execFileSync('git', ['rev-parse', '--short=16', 'HEAD'], { cwd: repositoryRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim()
    } catch {
      commit = 'unknown'
    }
    if (commit === '') commit = 'unknown'
  }
  return commit
}
