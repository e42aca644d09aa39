// Chooses and opens the Log a worker runs on, from its worker config:
//
//   log.backend       kafka (the default, so a Java worker.properties means what it meant) | embedded
//   log.embedded.dir  the embedded log's folder; default kconnect-data, relative to the working directory
//   bootstrap.servers Kafka's meaning (default localhost:9092); used by the kafka backend
//
// Both backends load lazily: a worker on Kafka never opens SQLite, and one on the embedded log
// never loads the Kafka client (which kafka-client.ts loads, the cheap way).

import { resolve } from 'node:path'
import { ConfigException } from '../api/errors.ts'
import { loadKafkaClient } from './kafka-client.ts'
import type { Log } from './log.ts'

export type { Log } from './log.ts'

/** The worker config key that chooses the backend. */
export const LOG_BACKEND_CONFIG = 'log.backend'
/** The worker config key of the embedded log's folder. */
export const LOG_EMBEDDED_DIR_CONFIG = 'log.embedded.dir'
/** The embedded log's folder when the worker config does not name one. */
export const LOG_EMBEDDED_DIR_DEFAULT = 'kconnect-data'

const BACKENDS = ['kafka', 'embedded'] as const

/** Kafka Connect's default bootstrap.servers (WorkerConfig). */
const BOOTSTRAP_SERVERS_DEFAULT = 'localhost:9092'

/** Opens the Log the worker config asks for (log.backend, default kafka). */
export async function openLog (workerConfig: Record<string, string>): Promise<Log> {
  const backend = (workerConfig[LOG_BACKEND_CONFIG] ?? 'kafka').trim()
  switch (backend) {
    case 'kafka': {
      const { createKafkaLog } = await loadKafkaClient()
      const bootstrapServers = (workerConfig['bootstrap.servers'] ?? '').trim() || BOOTSTRAP_SERVERS_DEFAULT
      // The whole worker config goes along: its security, SASL, SSL and timeout settings apply
      // to the log's clients, as a Java worker's do to its internal clients.
      return createKafkaLog({ bootstrapServers, config: workerConfig })
    }
    case 'embedded': {
      const { openEmbeddedLog } = await import('./embedded/index.ts')
      const dir = (workerConfig[LOG_EMBEDDED_DIR_CONFIG] ?? '').trim() || LOG_EMBEDDED_DIR_DEFAULT
      return await openEmbeddedLog({ dir: resolve(dir) })
    }
    default:
      throw new ConfigException(LOG_BACKEND_CONFIG, backend, `String must be one of: ${BACKENDS.join(', ')}`)
  }
}
