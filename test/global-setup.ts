// Global setup of `npm test`: one real Kafka broker for the whole run, shared by every test file
// (tests use unique topic and group names), stopped at the end. Its address reaches the test
// processes through KCONNECT_TEST_BOOTSTRAP. Set that variable yourself to run the suite against a
// broker you started (`npx node scripts/servers/kafka.ts start`), and none is started here.

import { startKafka, type KafkaBroker } from '../scripts/servers/kafka.ts'

let broker: KafkaBroker | undefined

export async function globalSetup (): Promise<void> {
  if (process.env.KCONNECT_TEST_BOOTSTRAP !== undefined) return
  const started = Date.now()
  broker = await startKafka()
  process.env.KCONNECT_TEST_BOOTSTRAP = broker.bootstrap
  console.log(`# Kafka broker for the tests: ${broker.bootstrap}, started in ${Date.now() - started} ms (log: ${broker.logFile})`)
}

export async function globalTeardown (): Promise<void> {
  await broker?.stop()
}
