// What a result depends on besides the code: the machine, the versions, the commit.

import { execFile } from 'node:child_process'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { promisify } from 'node:util'
import { KAFKA_VERSION } from '../../scripts/servers/versions.ts'

const run = promisify(execFile)

/** Where and with what a benchmark ran. */
export interface Environment {
  readonly commit: string
  /** Files changed but not committed when the run started (the figures include them). */
  readonly uncommittedChanges: boolean
  readonly kafkaVersion: string
  readonly node: string
  readonly java: string
  readonly cpu: string
  readonly cores: number
  readonly memoryBytes: number
  readonly kernel: string
  /** 1-minute load average when the run started: a busy neighbour shows here. */
  readonly loadAverageAtStart: number
}

/** Reads the environment of this run. */
export async function readEnvironment (repo: string): Promise<Environment> {
  const git = async (...args: string[]): Promise<string> => (await run('git', ['-C', repo, ...args]).catch(() => ({ stdout: '' }))).stdout.trim()
  const javaVersion = await run('java', ['-version']).then(r => r.stderr, () => '')
  return {
    commit: await git('rev-parse', '--short', 'HEAD'),
    uncommittedChanges: (await git('status', '--porcelain', '--untracked-files=no')).length > 0,
    kafkaVersion: KAFKA_VERSION,
    node: process.versions.node,
    java: javaVersion.split('\n').find(l => l.includes('Runtime Environment'))?.trim() ?? javaVersion.split('\n')[0] ?? 'unknown',
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    kernel: release(),
    loadAverageAtStart: loadavg()[0],
  }
}
