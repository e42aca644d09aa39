// The Kafka implementation of the Log: createKafkaLog({ bootstrapServers, clientId, config }).
// Loading this module loads @platformatic/kafka; a worker on the embedded log never imports it.

import type { Log } from '../log.ts'
import { KafkaLog, type KafkaLogOptions } from './kafka-log.ts'

export type { KafkaLogOptions }

/** A Log on the Kafka cluster at `options.bootstrapServers`, with the worker's Kafka client configs. */
export function createKafkaLog (options: KafkaLogOptions): Log {
  return new KafkaLog(options)
}
