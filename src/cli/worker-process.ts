// What the two worker commands (`kconnect standalone`, `kconnect distributed`) share: reading the
// worker .properties file with a message that names it, and Kafka's way of stopping on SIGINT or
// SIGTERM (gracefully; a second signal exits at once).

import { getLogger } from '../logging/index.ts'
import { CliError } from './cli-error.ts'
import { describeFileError } from './connector-file.ts'
import { readPropertiesFile } from './properties.ts'

/** Within this long, a repeated stop signal is the same request (see onStopSignals). */
export const REPEATED_SIGNAL_MS = 1000

/** Reads the worker config, or fails with a message naming the file. */
export async function readWorkerConfig (path: string): Promise<Record<string, string>> {
  try {
    return await readPropertiesFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== undefined) {
      throw new CliError(`Cannot read the worker configuration '${path}': ${describeFileError(error)}`)
    }
    throw new CliError(`Cannot read the worker configuration '${path}': ${(error as Error).message}`)
  }
}

/**
 * Calls `stop` at the first SIGINT or SIGTERM, and `force` at a later one. One stop request may
 * arrive twice at once: a signal to a whole process group or cgroup (GNU timeout, systemd)
 * reaches bin/kconnect's launcher, which forwards it, and its child; only a signal sent
 * REPEATED_SIGNAL_MS later or more is a second request.
 */
export function onStopSignals (loggerName: string, stop: (signal: NodeJS.Signals) => void, force: (signal: NodeJS.Signals) => void): void {
  const log = getLogger(loggerName)
  let stoppingSince: number | null = null
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== null) {
      if (Date.now() - stoppingSince < REPEATED_SIGNAL_MS) return
      log.warn('Received {} again while stopping; exiting without waiting', signal)
      force(signal)
      return
    }
    stoppingSince = Date.now()
    log.info('Kafka Connect stopping (received {})', signal)
    stop(signal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}
