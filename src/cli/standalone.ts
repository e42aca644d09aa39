// `kconnect standalone worker.properties [connector1.properties connector2.json …]`: Kafka's
// connect-standalone.sh. The order is Kafka's: bind the REST API first (the worker id is its
// advertised host:port), start the worker and its herder, let the API serve, then create the
// connectors the files describe; only then does /health say 'healthy'. SIGINT or SIGTERM stops it
// all gracefully (tasks stop, offsets are flushed) and the process exits 0; a second signal (a
// second later or more) exits at once.

import { getLogger } from '../logging/index.ts'
import { restServerConfig } from '../rest/rest-config.ts'
import { parseListener } from '../rest/listeners.ts'
import { RestServer } from '../rest/server.ts'
import { StandaloneConfig } from '../runtime/config/worker-config.ts'
import { startStandalone, type StandaloneRuntime } from '../runtime/standalone.ts'
import { readConnectorFile, type ConnectorFile } from './connector-file.ts'
import { onStopSignals, readWorkerConfig } from './worker-process.ts'

const log = getLogger('org.apache.kafka.connect.cli.ConnectStandalone')

/** A running standalone worker. */
export interface StandaloneHandle {
  readonly restServer: RestServer
  readonly runtime: StandaloneRuntime
  /** Stops the REST API, then the worker. */
  stop (): Promise<void>
}

/**
 * Starts a standalone worker from the files of `kconnect standalone`. Every connector file is read
 * before anything starts, so a bad one fails fast. `overrides` replace settings of the worker file.
 * Throws CliError or ConnectException.
 */
export async function startStandaloneWorker (workerFile: string, connectorFiles: readonly string[],
  overrides: Record<string, string> = {}): Promise<StandaloneHandle> {
  const workerConfig = { ...await readWorkerConfig(workerFile), ...overrides }
  const connectors: ConnectorFile[] = []
  for (const file of connectorFiles) connectors.push(await readConnectorFile(file))
  // Check the whole worker config first, so a bad setting fails before anything listens.
  new StandaloneConfig(workerConfig)
  const restConfig = restServerConfig(workerConfig)
  for (const listener of [...restConfig.listeners, ...restConfig.adminListeners ?? []]) parseListener(listener)

  log.info('Kafka Connect worker initializing ...')
  const started = Date.now()
  const restServer = new RestServer({ config: restConfig })
  await restServer.start()
  let runtime: StandaloneRuntime
  try {
    runtime = await startStandalone({
      workerConfig,
      workerId: restServer.workerId(),
      restUrl: restServer.advertisedUrl(),
      connectorConfigs: connectors,
      onHerderStarted: herder => {
        restServer.attachHerder(herder)
        log.info('Kafka Connect worker initialization took {}ms', Date.now() - started)
      },
    })
  } catch (error) {
    // startStandalone stopped the worker (a connector file it could not create, say).
    await restServer.stop()
    throw error
  }
  const stop = async (): Promise<void> => {
    await restServer.stop()
    await runtime.stop()
  }
  log.info('Kafka Connect started; REST API at {}', restServer.advertisedUrl())
  return { restServer, runtime, stop }
}

/** Runs `kconnect standalone` until a signal stops it; resolves with the exit code. */
export async function runStandalone (workerFile: string, connectorFiles: readonly string[]): Promise<number> {
  const handle = await startStandaloneWorker(workerFile, connectorFiles)
  return await new Promise<number>(resolve => {
    onStopSignals(log.name, () => {
      handle.stop().then(() => {
        log.info('Kafka Connect stopped')
        resolve(0)
      }, error => {
        log.error('Kafka Connect did not stop cleanly', error)
        resolve(1)
      })
    }, () => resolve(1))
  })
}
