// Keeps a failing connector or task from taking the worker down. Connector and task code runs
// inside an owner's async context (AsyncLocalStorage); a promise it rejects without handling, or
// an exception thrown from one of its callbacks, is traced back to that owner, which then fails
// (status FAILED with the trace) while everything else keeps running. A rejection nobody owns is
// left to the process's other handlers, or, when there are none, ends the process as Node would.

import { AsyncLocalStorage } from 'node:async_hooks'
import { getLogger } from '../logging/index.ts'

const log = getLogger('org.apache.kafka.connect.runtime.Worker')

/** Who runs a piece of code: a connector or a task, and how to fail it. */
export interface Owner {
  /** For logs: "connector file-source" or "task file-source-0". */
  readonly description: string
  /** Marks the owner FAILED with this error (called at most once per escaped error). */
  fail (error: unknown): void
}

const owners = new AsyncLocalStorage<Owner>()
let installed = 0

/** Runs `fn` (and everything it starts asynchronously) as `owner`. */
export function runAs<T> (owner: Owner, fn: () => T): T {
  return owners.run(owner, fn)
}

/** The owner of the code running now, if any. */
export function currentOwner (): Owner | undefined {
  return owners.getStore()
}

function onUnhandledRejection (reason: unknown): void {
  const owner = owners.getStore()
  if (owner !== undefined) {
    log.error('{} left a promise rejection unhandled; it is marked as failed', owner.description, reason instanceof Error ? reason : new Error(String(reason)))
    owner.fail(reason)
    return
  }
  if (process.listenerCount('unhandledRejection') > 1) return
  process.stderr.write(`Unhandled promise rejection outside any connector or task:\n${reason instanceof Error ? reason.stack : String(reason)}\n`)
  process.exit(1)
}

function onUncaughtException (error: Error): void {
  const owner = owners.getStore()
  if (owner !== undefined) {
    log.error('{} threw an uncaught exception; it is marked as failed', owner.description, error)
    owner.fail(error)
    return
  }
  if (process.listenerCount('uncaughtException') > 1) return
  process.stderr.write(`Uncaught exception outside any connector or task:\n${error.stack ?? String(error)}\n`)
  process.exit(1)
}

/** Starts tracing escaped errors to their owners; returns the function that stops it. Calls nest. */
export function installContainment (): () => void {
  if (installed++ === 0) {
    process.on('unhandledRejection', onUnhandledRejection)
    process.on('uncaughtException', onUncaughtException)
  }
  let removed = false
  return () => {
    if (removed) return
    removed = true
    if (--installed === 0) {
      process.off('unhandledRejection', onUnhandledRejection)
      process.off('uncaughtException', onUncaughtException)
    }
  }
}
