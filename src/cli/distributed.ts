// `kconnect distributed worker.properties`: Kafka's connect-distributed.sh. Workers started with
// the same group.id (and the same config, offsets and status topics) form one cluster and share
// its connectors; there is no other coordination service. The order is Kafka's: bind the REST API
// first (the worker id is its advertised host:port, and other workers reach this one through its
// advertised URL), create the herder and attach it so requests queue while the worker joins the
// cluster, then start it. SIGINT or SIGTERM stops it gracefully (tasks stop, offsets are flushed,
// the worker leaves the group so the others take its work at once) and the process exits 0; a
// second signal (a second later or more) exits at once.

import type { DistributedHerder } from '../herder/distributed/distributed-herder.ts'
import { ServiceUnavailableException } from '../herder/errors.ts'
import { loadKafkaClient } from '../log/kafka-client.ts'
import { getLogger } from '../logging/index.ts'
import { restServerConfig } from '../rest/rest-config.ts'
import { parseListener } from '../rest/listeners.ts'
import { RestServer } from '../rest/server.ts'
import { distributedConfig, startDistributed, type DistributedRuntime, type GroupMemberFactory } from '../runtime/distributed.ts'
import { onStopSignals, readWorkerConfig } from './worker-process.ts'

const log = getLogger('org.apache.kafka.connect.cli.ConnectDistributed')

/** A running distributed worker. */
export interface DistributedHandle {
  readonly restServer: RestServer
  readonly runtime: DistributedRuntime
  /** Stops the REST API, then the worker. */
  stop (): Promise<void>
}

/** What else a distributed worker may be started with (tests). */
export interface DistributedWorkerOptions {
  /** Settings that replace those of the worker file. */
  readonly overrides?: Record<string, string>
  /** The group membership to use; the WorkerCoordinator on the Kafka broker by default. */
  readonly createMember?: GroupMemberFactory
  /** Aborting stops the worker even while it is still joining its cluster (start-up then resolves, stopped). */
  readonly signal?: AbortSignal
}

/**
 * Starts a distributed worker from the file of `kconnect distributed`; resolves once it joined
 * its cluster. Throws CliError or ConnectException.
 */
export async function startDistributedWorker (workerFile: string, options: DistributedWorkerOptions = {}): Promise<DistributedHandle> {
  const workerConfig = { ...await readWorkerConfig(workerFile), ...options.overrides }
  // Check the whole worker config first, so a bad setting fails before anything listens.
  distributedConfig(workerConfig)
  const restConfig = restServerConfig(workerConfig)
  for (const listener of [...restConfig.listeners, ...restConfig.adminListeners ?? []]) parseListener(listener)

  log.info('Kafka Connect worker initializing ...')
  const started = Date.now()
  let herder: DistributedHerder | undefined
  const restServer = new RestServer({
    config: restConfig,
    setClusterLoggerLevel: async (namespace, level) => {
      if (herder === undefined) throw new ServiceUnavailableException('The worker is still starting up; the REST API answers once its herder has started.')
      await herder.setClusterLoggerLevel(namespace, level)
    },
  })
  await restServer.start()
  let runtime: DistributedRuntime
  try {
    runtime = await startDistributed({
      workerConfig,
      workerId: restServer.workerId(),
      restUrl: restServer.advertisedUrl(),
      createMember: options.createMember ?? await defaultMemberFactory(),
      signal: options.signal,
      onHerderCreated: created => {
        herder = created as DistributedHerder
        restServer.attachHerder(created)
        // A worker that cannot join (no broker) must still stop when asked.
        options.signal?.addEventListener('abort', () => { void created.stop() }, { once: true })
      },
    })
  } catch (error) {
    await restServer.stop()
    throw error
  }
  if (options.signal?.aborted === true) {
    // Stopped while joining: start-up ended with the herder stopped; close the rest.
    await runtime.stop()
    await restServer.stop()
    throw new StartAbortedError()
  }
  log.info('Kafka Connect worker initialization took {}ms', Date.now() - started)
  const stop = async (): Promise<void> => {
    await restServer.stop()
    await runtime.stop()
  }
  log.info('Kafka Connect started; REST API at {}', restServer.advertisedUrl())
  return { restServer, runtime, stop }
}

/** Start-up was given up because the process was asked to stop. */
export class StartAbortedError extends Error {
  constructor () {
    super('Stopped before start-up was complete')
  }
}

/** The coordinator that speaks Connect's group protocol on the Kafka broker. */
async function defaultMemberFactory (): Promise<GroupMemberFactory> {
  // The coordinator imports the Kafka client: loadKafkaClient() loads it first, the cheap way.
  await loadKafkaClient()
  const { workerGroupMember } = await import('../herder/distributed/worker-group-member.ts')
  return workerGroupMember
}

/** Runs `kconnect distributed` until a signal stops it; resolves with the exit code. */
export async function runDistributed (workerFile: string): Promise<number> {
  let stopping = false
  let resolveExit: (code: number) => void = () => {}
  const exit = new Promise<number>(resolve => { resolveExit = resolve })
  let handle: DistributedHandle | null = null
  const starting = new AbortController()
  onStopSignals(log.name, () => {
    stopping = true
    if (handle === null) {
      // Still starting (joining the cluster, or waiting for it): give up the start-up.
      starting.abort()
      return
    }
    handle.stop().then(() => {
      log.info('Kafka Connect stopped')
      resolveExit(0)
    }, error => {
      log.error('Kafka Connect did not stop cleanly', error)
      resolveExit(1)
    })
  }, () => resolveExit(1))
  const started = startDistributedWorker(workerFile, { signal: starting.signal }).catch(error => {
    // Stopped by a signal during start-up: that is a clean stop, not a failure.
    if (stopping) return 0
    throw error
  })
  // A second signal while still starting exits at once.
  const first = await Promise.race([started, exit])
  if (typeof first === 'number') {
    if (first === 0) log.info('Kafka Connect stopped')
    return first
  }
  handle = first
  if (stopping) {
    // The signal came as start-up ended: stop now.
    await handle.stop()
    log.info('Kafka Connect stopped')
    return 0
  }
  return await exit
}
