import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { commitFromGitFiles, kconnectCommit } from '../../src/runtime/version.ts'

function git (cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

describe('commitFromGitFiles: HEAD as git rev-parse says it, without running git', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-version-'))
    git(dir, 'init', '-q', '-b', 'main')
    await writeFile(join(dir, 'a.txt'), 'a\n')
    git(dir, 'add', 'a.txt')
    git(dir, 'commit', '-q', '-m', 'first')
  })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  it('reads a branch that is a loose ref', () => {
    assert.equal(commitFromGitFiles(dir), git(dir, 'rev-parse', 'HEAD'))
  })

  it('reads a packed ref', () => {
    git(dir, 'pack-refs', '--all')
    assert.equal(commitFromGitFiles(dir), git(dir, 'rev-parse', 'HEAD'))
  })

  it('reads a detached HEAD', () => {
    const first = git(dir, 'rev-parse', 'HEAD')
    git(dir, 'checkout', '-q', '--detach')
    assert.equal(commitFromGitFiles(dir), first)
    git(dir, 'checkout', '-q', 'main')
  })

  it('reads a worktree, whose .git is a file and whose refs are in the main repository', async () => {
    const worktree = join(dir, 'wt')
    git(dir, 'worktree', 'add', '-q', '-b', 'side', worktree)
    await writeFile(join(worktree, 'b.txt'), 'b\n')
    git(worktree, 'add', 'b.txt')
    git(worktree, 'commit', '-q', '-m', 'second')
    assert.equal(commitFromGitFiles(worktree), git(worktree, 'rev-parse', 'HEAD'))
    assert.notEqual(commitFromGitFiles(worktree), commitFromGitFiles(dir))
  })

  it('kconnectCommit shows the first 16 digits of this checkout\'s HEAD', () => {
    const root = join(import.meta.dirname, '..', '..')
    let expected: string
    try {
      expected = git(root, 'rev-parse', '--short=16', 'HEAD')
    } catch {
      expected = 'unknown'
    }
    assert.equal(kconnectCommit(), expected)
  })
})
