// kconnect's own version and commit (GET / shows them), and the Kafka release its built-in plugins
// reproduce (GET /connector-plugins shows that one, as Kafka shows its own release for its
// built-in converters, so the listing reads the same on both).

import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const repositoryRoot = join(import.meta.dirname, '..', '..')

/** The Apache Kafka release whose built-in converters and connectors ours reproduce. */
export const KAFKA_COMPAT_VERSION = '4.3.1'

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
