// The Log contract (test/log/contract.ts) on a real Kafka broker: the same cases the embedded log
// passes, so both backends keep Kafka's semantics. Consumers get shortened group timings (a
// consumer's settings are its own, not the log's), so the contract's rebalances take well under a second.

import { describeLogContract } from '../contract.ts'
import { createKafkaLog } from '../../../src/log/kafka/index.ts'
import type { Log, LogConsumer, LogConsumerOptions } from '../../../src/log/log.ts'
import { testBootstrap, uniqueName } from '../../support/kafka.ts'

const FAST_GROUP = { 'heartbeat.interval.ms': '200', 'session.timeout.ms': '6000', 'fetch.max.wait.ms': '100' }

/** `log`, whose consumers default to FAST_GROUP. */
function withFastConsumers (log: Log): Log {
  const createConsumer = (options: LogConsumerOptions): LogConsumer => log.createConsumer({ ...options, config: { ...FAST_GROUP, ...options.config } })
  return new Proxy(log, {
    get (target, property) {
      if (property === 'createConsumer') return createConsumer
      const value = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

describeLogContract('kafka', async () => withFastConsumers(createKafkaLog({
  bootstrapServers: await testBootstrap(),
  clientId: uniqueName('contract-admin'),
})))
