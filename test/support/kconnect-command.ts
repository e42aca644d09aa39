// Runs the kconnect command as a user does (bin/kconnect in a child process on this Node 24), to
// its end, for the command line tests.

import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

/** bin/kconnect of this checkout. */
export const KCONNECT_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'kconnect')

/** What a finished run printed, and its exit code (null when a signal ended it). */
export interface KconnectRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs bin/kconnect with `args`, `input` on its stdin and `env` over this process's environment; resolves when it exits. */
export function runKconnect (args: readonly string[], input = '', env: Record<string, string> = {}): Promise<KconnectRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [KCONNECT_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8') })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8') })
    child.on('error', reject)
    child.on('close', code => resolvePromise({ code, stdout, stderr }))
    // A command that does not read its input must not fail the run when it exits first.
    child.stdin.on('error', () => {})
    child.stdin.end(input)
  })
}
