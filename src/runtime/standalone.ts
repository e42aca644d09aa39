// A standalone worker, assembled: the log (Kafka or embedded), the plugins (built in and from
// plugin.path), the offsets file, the worker and the standalone herder, as Kafka's
// ConnectStandalone builds them. The kconnect CLI runs one; tests start one the same way.

import { hostname } from 'node:os'
import type { Herder, TargetState } from '../herder/herder.ts'
import { StandaloneHerder } from '../herder/standalone/standalone-herder.ts'
import type { Log } from '../log/log.ts'
import { getLogger } from '../logging/index.ts'
import { FileOffsetBackingStore } from '../storage/file-offset-backing-store.ts'
import { MemoryStatusBackingStore } from '../storage/memory-status-store.ts'
import {
  LISTENERS_CONFIG, REST_ADVERTISED_HOST_NAME_CONFIG, REST_ADVERTISED_PORT_CONFIG, StandaloneConfig,
} from './config/worker-config.ts'
import type { PluginDescriptor, PluginRegistry } from './plugins/plugin-registry.ts'
import { openLogAndPlugins } from './runtime-start.ts'
import { runtimeStopper } from './runtime-stop.ts'
import { Worker } from './worker.ts'

const log = getLogger('org.apache.kafka.connect.cli.ConnectStandalone')

/** A connector to create once the worker runs (what a connector file holds). */
export interface StandaloneConnector {
  /** Defaults to the config's name. */
  readonly name?: string
  readonly config: Record<string, string>
  /** KIP-980 initial state; STARTED by default. */
  readonly initialState?: TargetState
}

/** How to start a standalone worker. */
export interface StartStandaloneOptions {
  /** The worker.properties settings. */
  readonly workerConfig: Record<string, string>
  /** Connectors to create, in order; a failure stops the worker and rejects (Kafka's ConnectStandalone exits). */
  readonly connectorConfigs?: readonly StandaloneConnector[]
  /** host:port, as the REST API shows in statuses; by default from rest.advertised.* and listeners. */
  readonly workerId?: string
  /** The advertised REST URL (informational). */
  readonly restUrl?: string
  /** A log to use instead of opening the one the worker config names (left open on stop). */
  readonly log?: Log
  /** Plugins to add to the built-in ones (tests). */
  readonly plugins?: readonly PluginDescriptor[]
  /**
   * Called once the herder has started, before the connectors are created: the CLI attaches its
   * REST API here, so requests are served (and /health says 'starting') while they are created.
   */
  readonly onHerderStarted?: (herder: Herder) => void
}

/** A running standalone worker. */
export interface StandaloneRuntime {
  readonly herder: Herder
  readonly worker: Worker
  readonly log: Log
  readonly registry: PluginRegistry
  /** Stops every connector and task (offsets flushed), then the herder, the stores and the log. */
  stop (): Promise<void>
}

/**
 * Starts a standalone worker, then creates `connectorConfigs`, then marks start-up complete
 * (/health answers 'healthy' from then on, as Kafka's ConnectStandalone does).
 */
export async function startStandalone (options: StartStandaloneOptions): Promise<StandaloneRuntime> {
  const config = new StandaloneConfig(options.workerConfig)
  const { log: kafkaLog, ownLog, registry } = await openLogAndPlugins(config, options.log, options.plugins)
  // GET / shows the cluster id: looked up now, while the worker starts, the first GET / does not
  // wait for it (Java looks it up before its REST resources exist). A failure shows there.
  kafkaLog.clusterId().catch(() => {})
  const statusStore = new MemoryStatusBackingStore()
  const worker = new Worker({
    workerId: options.workerId ?? defaultWorkerId(config),
    config,
    registry,
    log: kafkaLog,
    offsetStore: new FileOffsetBackingStore(config.offsetsFile()),
    statusStore,
  })
  const herder = new StandaloneHerder({ worker, statusStore })
  try {
    await herder.start()
  } catch (error) {
    if (ownLog) await kafkaLog.close().catch(() => {})
    throw error
  }
  const stop = runtimeStopper(herder, kafkaLog, ownLog)
  try {
    options.onHerderStarted?.(herder)
    for (const connector of options.connectorConfigs ?? []) {
      const name = connector.name ?? connector.config.name
      const result = await herder.putConnectorConfig(name, { ...connector.config, name }, { allowReplace: false, initialState: connector.initialState })
      log.info('Created connector {}', result.info.name)
    }
  } catch (error) {
    log.error('Stopping after connector error', error)
    await stop()
    throw error
  }
  herder.ready()
  return { herder, worker, log: kafkaLog, registry, stop }
}

/**
 * The worker id Kafka derives from the REST configuration when the server's port is not known:
 * rest.advertised.host.name (else the first listener's host, else this machine's name) and
 * rest.advertised.port (else the first listener's port, else 8083).
 */
export function defaultWorkerId (config: StandaloneConfig): string {
  const listener = (config.getList(LISTENERS_CONFIG) ?? [])[0] ?? 'http://:8083'
  const match = /^[a-zA-Z]+:\/\/(\[[^\]]*\]|[^:/]*)(?::(\d+))?/.exec(listener)
  const host = config.getString(REST_ADVERTISED_HOST_NAME_CONFIG) ?? (match?.[1] !== undefined && match[1] !== '' ? match[1] : hostname())
  const port = config.getInt(REST_ADVERTISED_PORT_CONFIG) ?? (match?.[2] !== undefined ? Number(match[2]) : 8083)
  return `${host}:${port}`
}
