// A distributed worker, assembled as Kafka's ConnectDistributed builds one: the Kafka log, the
// plugins (built in and from plugin.path), the three internal-topic stores (offsets, statuses,
// configs), the worker, the group membership and the distributed herder. The CLI's
// `kconnect distributed` runs one; tests start several the same way.

import type { Herder } from '../herder/herder.ts'
import { DistributedHerder } from '../herder/distributed/distributed-herder.ts'
import type { WorkerGroupMember, WorkerRebalanceListener } from '../herder/distributed/group-member.ts'
import { ConfigException, ConnectException } from '../api/errors.ts'
import type { Log } from '../log/log.ts'
import { getLogger } from '../logging/index.ts'
import { KafkaConfigBackingStore } from '../storage/kafka/kafka-config-backing-store.ts'
import { KafkaOffsetBackingStore } from '../storage/kafka/kafka-offset-backing-store.ts'
import { KafkaStatusBackingStore } from '../storage/kafka/kafka-status-backing-store.ts'
import { OFFSETS_TOPIC_CONFIG, sourceOffsetStore } from '../storage/kafka/source-offset-stores.ts'
import { DistributedConfig } from './config/distributed-config.ts'
import { LOG_BACKEND_CONFIG } from './config/worker-config.ts'
import type { PluginDescriptor, PluginRegistry } from './plugins/plugin-registry.ts'
import { openLogAndPlugins } from './runtime-start.ts'
import { runtimeStopper } from './runtime-stop.ts'
import { Worker } from './worker.ts'

const log = getLogger('org.apache.kafka.connect.cli.ConnectDistributed')

/** What builds a worker's group membership. */
export type GroupMemberFactory = (options: {
  readonly config: DistributedConfig
  readonly log: Log
  readonly restUrl: string
  readonly configStore: KafkaConfigBackingStore
  readonly listener: WorkerRebalanceListener
  readonly clientId: string
}) => WorkerGroupMember

/** How to start a distributed worker. */
export interface StartDistributedOptions {
  /** The worker.properties settings. */
  readonly workerConfig: Record<string, string>
  /** host:port, as statuses show it (the REST server's advertised host and port). */
  readonly workerId: string
  /** The advertised REST URL, ending in '/': where other workers forward requests. */
  readonly restUrl: string
  /** A log to use instead of opening the cluster the worker config names (left open on stop). */
  readonly log?: Log
  /** Plugins to add to the built-in ones (tests). */
  readonly plugins?: readonly PluginDescriptor[]
  /** Builds the group membership (the Connect group protocol on the Kafka broker). */
  readonly createMember: GroupMemberFactory
  /**
   * Called with the herder before it starts: the CLI attaches its REST API here, so requests
   * queue while the worker joins the cluster (and /health says 'starting'), as in Kafka.
   */
  readonly onHerderCreated?: (herder: Herder) => void
  /** Aborting gives up the start-up while the cluster cannot be reached (the herder itself stops through its own stop()). */
  readonly signal?: AbortSignal
}

/** A running distributed worker. */
export interface DistributedRuntime {
  readonly herder: DistributedHerder
  readonly worker: Worker
  readonly log: Log
  readonly registry: PluginRegistry
  /** Stops every connector and task (offsets flushed), leaves the group, closes the stores and the log. */
  stop (): Promise<void>
}

/** Checks a distributed worker's settings without starting anything; throws ConfigException. */
export function distributedConfig (workerConfig: Record<string, string>): DistributedConfig {
  const config = new DistributedConfig(workerConfig)
  if (config.logBackend() === 'embedded') {
    throw new ConfigException(LOG_BACKEND_CONFIG, 'embedded', 'Distributed mode shares work through a Kafka cluster, and the embedded log ' +
      'lives in one process. Remove log.backend (or set it to kafka) and set bootstrap.servers, or run kconnect standalone.')
  }
  return config
}

/**
 * The Kafka cluster's id, as Kafka's ConnectUtils.lookupKafkaClusterId asks for it when a worker
 * starts: a cluster that does not answer within default.api.timeout.ms fails the start with
 * Kafka's message (and the address tried), and an abort (SIGTERM) gives up at once.
 */
async function lookupClusterId (kafkaLog: Log, config: DistributedConfig, signal: AbortSignal | undefined): Promise<string> {
  const timeoutMs = Number(config.originalStrings()['default.api.timeout.ms'] ?? 60000)
  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  const failure = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ConnectException('Failed to connect to and describe Kafka cluster. Check worker\'s broker connection and ' +
      `security properties (bootstrap.servers=${config.getList('bootstrap.servers')?.join(',')}; no answer within ${timeoutMs} ms).`)), timeoutMs)
    onAbort = () => reject(new ConnectException('Stopped while looking up the Kafka cluster id'))
    if (signal?.aborted === true) onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([kafkaLog.clusterId(), failure])
  } finally {
    clearTimeout(timer)
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort)
  }
}

/** Starts a distributed worker; resolves once it has joined its cluster and started its assigned work. */
export async function startDistributed (options: StartDistributedOptions): Promise<DistributedRuntime> {
  const config = distributedConfig(options.workerConfig)
  const { log: kafkaLog, ownLog, registry } = await openLogAndPlugins(config, options.log, options.plugins)
  let herder: DistributedHerder
  let worker: Worker
  try {
    log.info('Kafka cluster ID: {}', await lookupClusterId(kafkaLog, config, options.signal))
    const offsetStore = new KafkaOffsetBackingStore({ log: kafkaLog, config })
    const statusStore = new KafkaStatusBackingStore({ log: kafkaLog, config })
    const configStore = new KafkaConfigBackingStore({ log: kafkaLog, config })
    worker = new Worker({
      workerId: options.workerId,
      config,
      registry,
      log: kafkaLog,
      offsetStore,
      statusStore,
      groupId: config.groupId(),
      // A connector's offsets.storage.topic, and exactly-once tasks writing offsets in their own transactions.
      sourceOffsetStores: request => sourceOffsetStore({
        log: kafkaLog,
        config,
        workerStore: offsetStore,
        connectorOffsetsTopic: request.connectorProps[OFFSETS_TOPIC_CONFIG] ?? null,
        exactlyOnce: request.exactlyOnce,
        producer: request.producer,
        clientId: request.clientId,
      }),
    })
    const clientIdSetting = config.getString('client.id') ?? ''
    const clientId = clientIdSetting === '' ? `connect-${options.workerId}` : clientIdSetting
    herder = new DistributedHerder({
      config,
      worker,
      configStore,
      statusStore,
      restUrl: options.restUrl,
      createMember: listener => options.createMember({ config, log: kafkaLog, restUrl: options.restUrl, configStore, listener, clientId }),
    })
    options.onHerderCreated?.(herder)
    await herder.start()
  } catch (error) {
    if (ownLog) await kafkaLog.close().catch(() => {})
    throw error
  }
  const stop = runtimeStopper(herder, kafkaLog, ownLog)
  return { herder, worker, log: kafkaLog, registry, stop }
}
