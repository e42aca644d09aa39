// What a test needs to talk to the shared broker: its address, unique names, and a broker of its
// own when a test file runs alone (`npx node --test test/log/kafka/client.test.ts`).

import { randomUUID } from 'node:crypto'
import { after } from 'node:test'
import { startKafka, type KafkaBroker } from '../../scripts/servers/kafka.ts'

let bootstrap: Promise<string> | undefined
let ownBroker: KafkaBroker | undefined

// Registered when this module is imported, so it belongs to the file's root and runs after all of
// its tests (an `after` registered inside a hook would run as soon as that hook's suite ends).
after(() => ownBroker?.stop())

/**
 * host:port of the test broker: the one `npm test` started, or, when this file runs without the
 * global setup, one started now for this process and stopped when its tests end.
 */
export function testBootstrap (): Promise<string> {
  bootstrap ??= (async () => {
    const shared = process.env.KCONNECT_TEST_BOOTSTRAP
    if (shared !== undefined && shared !== '') return shared
    ownBroker = await startKafka()
    return ownBroker.bootstrap
  })()
  return bootstrap
}

/** A topic, group or transactional id no other test (or earlier run) uses. */
export function uniqueName (prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`
}
