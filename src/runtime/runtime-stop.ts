// How an assembled runtime (standalone or distributed) stops: its herder first (tasks stop,
// offsets are flushed), then the log if the runtime opened it. Shared by startStandalone and
// startDistributed.

import type { Herder } from '../herder/herder.ts'
import type { Log } from '../log/log.ts'

/** A stop() for a runtime; every call after the first waits for that first stop. */
export function runtimeStopper (herder: Herder, log: Log, ownLog: boolean): () => Promise<void> {
  let stopped: Promise<void> | null = null
  return () => {
    stopped ??= (async () => {
      try {
        await herder.stop()
      } finally {
        if (ownLog) await log.close()
      }
    })()
    return stopped
  }
}
