// kconnect's own version and commit, which GET / shows. (The Kafka release kconnect reproduces,
// which the built-in plugins report, is KAFKA_COMPAT_VERSION in src/api/version.ts.)

import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const repositoryRoot = join(import.meta.dirname, '..', '..')

/** kconnect's version, from package.json. */
export const KCONNECT_VERSION: string = (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string }).version

let commit: string | undefined

/** The commit kconnect runs from (16 hex digits, as Kafka shows its own), or 'unknown' outside a git checkout. */
export function kconnectCommit (): string {
  if (commit === undefined) {
    try {
      // Read from .git's files where they say it plainly: the first GET / asks, and a git process
      // costs the worker 5-50 ms of blocked event loop while it starts.
      commit = commitFromGitFiles(repositoryRoot)?.slice(0, 16) ??
        execFileSync('git', ['rev-parse', '--short=16', 'HEAD'], { cwd: repositoryRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim()
    } catch {
      commit = 'unknown'
    }
    if (commit === '') commit = 'unknown'
  }
  return commit
}

/**
 * HEAD's commit in the checkout at `root`, read from its files (a detached HEAD, a loose ref or a
 * packed one, in a checkout or a worktree), or null when they do not say it that way.
 */
export function commitFromGitFiles (root: string): string | null {
  let gitDir = join(root, '.git')
  if (statSync(gitDir).isFile()) {
    // A worktree or submodule: .git names the real folder.
    const named = /^gitdir: (.+)$/m.exec(readFileSync(gitDir, 'utf8'))?.[1]
    if (named === undefined) return null
    gitDir = resolve(root, named.trim())
  }
  const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim()
  if (/^[0-9a-f]{40,64}$/.test(head)) return head
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1]
  if (ref === undefined) return null
  let commonDir = gitDir
  try {
    commonDir = resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
  } catch {
    // not a worktree: refs are in gitDir
  }
  for (const dir of new Set([gitDir, commonDir])) {
    try {
      const value = readFileSync(join(dir, ref), 'utf8').trim()
      if (/^[0-9a-f]{40,64}$/.test(value)) return value
    } catch {
      // not a loose ref here
    }
  }
  try {
    const packed = readFileSync(join(commonDir, 'packed-refs'), 'utf8')
    for (const line of packed.split('\n')) {
      const [hash, name] = line.trim().split(' ')
      if (name === ref && hash !== undefined && /^[0-9a-f]{40,64}$/.test(hash)) return hash
    }
  } catch {
    // no packed refs
  }
  return null
}
