// A herder waits for a connector's start, stop or state change, but not forever: connector code
// that never returns must not hold up every other request (in Kafka it runs on the connector's own
// thread). The transition goes on; its status tells when it is done.

import { ConnectException } from '../api/errors.ts'
import type { Logger } from '../logging/index.ts'

/** Resolves when `transition` does; throws a ConnectException saying so if it takes longer than `timeoutMs`. */
export async function boundedTransition (transition: Promise<void>, connector: string, what: string, timeoutMs: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timeout'>(resolve => { timer = setTimeout(() => resolve('timeout'), timeoutMs) })
  try {
    const result = await Promise.race([transition, timedOut])
    if (result === 'timeout') {
      transition.catch(error => log.error('Connector {} failed to {}', connector, what, error))
      throw new ConnectException(`Connector ${connector} did not ${what} within ${timeoutMs} ms: its start() or stop() has not returned. ` +
        'Its status shows when it is done; restart it if it stays stuck.')
    }
  } finally {
    clearTimeout(timer)
  }
}
