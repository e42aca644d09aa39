// Chooses and opens the Log a worker runs on, from its worker config:
//
//   log.backend       kafka (the default, so a Java worker.properties means what it meant) | embedded
//   log.embedded.dir  the embedded log's folder; default kconnect-data, relative to the working directory
//   bootstrap.servers Kafka's meaning; used by the kafka backend
//
// Both backends load lazily: a worker on Kafka never opens SQLite, and one on the embedded log
// never loads the Kafka client.

import { resolve } from 'node:path'
import { ConfigException, ConnectException } from '../api/errors.ts'
import type { Log } from './log.ts'

export type { Log } from './log.ts'

/** The worker config key that chooses the backend. */
export const LOG_BACKEND_CONFIG = 'log.backend'
/** The worker config key of the embedded log's folder. */
export const LOG_EMBEDDED_DIR_CONFIG = 'log.embedded.dir'
/** The embedded log's folder when the worker config does not name one. */
export const LOG_EMBEDDED_DIR_DEFAULT = 'kconnect-data'

const BACKENDS = ['kafka', 'embedded'] as const

/** What the kafka backend's module exports (src/log/kafka/index.ts). */
interface KafkaBackendModule {
  createKafkaLog (workerConfig: Record<string, string>): Log | Promise<Log>
}

// A specifier in a variable: the type checker does not resolve it, so this file builds while the
// kafka backend's entry point is being written, and says so clearly at run time if it is absent.
const KAFKA_BACKEND_MODULE = './kafka/index.ts'

/** Opens the Log the worker config asks for (log.backend, default kafka). */
export async function openLog (workerConfig: Record<string, string>): Promise<Log> {
  const backend = (workerConfig[LOG_BACKEND_CONFIG] ?? 'kafka').trim()
  switch (backend) {
    case 'kafka':
      return await (await loadKafkaBackend()).createKafkaLog(workerConfig)
    case 'embedded': {
      const { openEmbeddedLog } = await import('./embedded/index.ts')
      const dir = (workerConfig[LOG_EMBEDDED_DIR_CONFIG] ?? '').trim() || LOG_EMBEDDED_DIR_DEFAULT
      return await openEmbeddedLog({ dir: resolve(dir) })
    }
    default:
      throw new ConfigException(LOG_BACKEND_CONFIG, backend, `String must be one of: ${BACKENDS.join(', ')}`)
  }
}

async function loadKafkaBackend (): Promise<KafkaBackendModule> {
  let module: Partial<KafkaBackendModule>
  try {
    module = await import(KAFKA_BACKEND_MODULE) as Partial<KafkaBackendModule>
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes('kafka/index.ts')) {
      throw new ConnectException('The kafka log backend is not part of this build yet (src/log/kafka/index.ts is missing). Set log.backend=embedded to run without a Kafka cluster.', { cause: error })
    }
    throw error
  }
  if (typeof module.createKafkaLog !== 'function') {
    throw new ConnectException('The kafka log backend (src/log/kafka/index.ts) does not export createKafkaLog(workerConfig)')
  }
  return module as KafkaBackendModule
}
