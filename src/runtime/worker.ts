// The worker (Kafka's Worker): creates connector and task instances from the plugin registry,
// gives each task its converters, its Kafka clients and its offsets, and runs it. It owns no
// configuration of its own: the herder tells it what to run, and learns what happens through the
// status listeners. A connector or task that fails, throws or leaves errors behind never takes
// the worker or the others down (src/runtime/containment.ts).

import type { ConfigDef } from '../api/config/config-def.ts'
import type { Connector } from '../api/connector/connector.ts'
import { ConnectException } from '../api/errors.ts'
import { SinkConnector } from '../api/sink/sink-connector.ts'
import { SinkTask } from '../api/sink/sink-task.ts'
import { TopicPartitionMap } from '../api/sink/topic-partition.ts'
import { SourceConnector, type SourcePartitionOffset } from '../api/source/source-connector.ts'
import { parseTransactionBoundary } from '../api/source/transaction-boundary.ts'
import { SourceTask } from '../api/source/source-task.ts'
import type { ConnectorOffsets, ConnectorTaskId, TargetState } from '../herder/herder.ts'
import type { Log, LogProducer } from '../log/log.ts'
import { getLogger } from '../logging/index.ts'
import type { OffsetBackingStore } from '../storage/offset-backing-store.ts'
import { OffsetStorageReaderImpl } from '../storage/offset-storage-reader.ts'
import { OffsetStorageWriter } from '../storage/offset-storage-writer.ts'
import { offsetValueBytes, parseOffsetValue, type OffsetMap } from '../storage/offset-utils.ts'
import type { StatusBackingStore } from '../storage/status-backing-store.ts'
import { buildTransformationChain, type TransformationChain } from '../transforms/chain.ts'
import { consumerConfigs, producerConfigs } from './client-configs.ts'
import {
  CONNECTOR_CLASS_CONFIG, ConnectorConfig, OFFSETS_TOPIC_CONFIG, TASKS_MAX_ENFORCE_CONFIG, TRANSACTION_BOUNDARY_CONFIG, TRANSACTION_BOUNDARY_INTERVAL_CONFIG,
  TOPICS_CONFIG, TOPICS_REGEX_CONFIG, type ConnectorKind,
} from './config/connector-config.ts'
import { TopicCreation } from './config/topic-creation-config.ts'
import type { WorkerConfig } from './config/worker-config.ts'
import { installContainment, runAs } from './containment.ts'
import { TASK_ERROR_METRICS_GROUP } from './errors/error-handling-metrics.ts'
import { SinkErrorHandling, SourceErrorHandling } from './errors/task-error-handling.ts'
import { deadLetterQueueOpener, taskClassNames, taskSecretScrubber } from './errors/task-error-setup.ts'
import { inJavaHashMapOrder, javaHashCode, javaHashMapOrder, javaStringHashCode } from './java-hash-order.ts'
import type { PluginRegistry } from './plugins/plugin-registry.ts'
import { WorkerSinkTask } from './sink/worker-sink-task.ts'
import { taskTransactionalId } from './source/exactly-once-fencing.ts'
import type { ExactlyOnceSourceSettings } from './source/source-transactions.ts'
import { WorkerSourceTask } from './source/worker-source-task.ts'
import { messageOf } from './stack-trace.ts'
import { taskIdText, type ConnectorStatusListener, type TaskStatusListener } from './status-listener.ts'
import { closeConverters, taskConverters, type TaskConverters } from './task-converters.ts'
import { WorkerConnector, type ConnectorContextHandler } from './worker-connector.ts'
import type { WorkerTask } from './worker-task.ts'

const log = getLogger('org.apache.kafka.connect.runtime.Worker')

/** How long the worker waits for connectors to stop (Kafka's CONNECTOR_GRACEFUL_SHUTDOWN_TIMEOUT_MS). */
export const CONNECTOR_GRACEFUL_SHUTDOWN_TIMEOUT_MS = 5000

/** The setting the worker adds to each task configuration: the class of the task. */
export const TASK_CLASS_CONFIG = 'task.class'

/**
 * Which offset store a source connector or task uses, when it is not simply the worker's: a
 * distributed worker gives a connector with offsets.storage.topic its own topic, and an
 * exactly-once task a store written through its transactional producer. The store returned is
 * started before use and stopped after (starting and stopping only what is the connector's own).
 */
export type SourceOffsetStoreProvider = (request: {
  readonly connector: string
  readonly connectorProps: Readonly<Record<string, string>>
  /** The task's producer when the store must write through it (exactly-once); 'own' for a store that writes with its own; null for read-only. */
  readonly producer: LogProducer | 'own' | null
  readonly exactlyOnce: boolean
  /** The client id of the store's clients. */
  readonly clientId: string
}) => OffsetBackingStore & { readonly primaryOffsetsTopic?: string | null }

/** What a source task running with exactly-once support needs from its herder (Kafka's pre- and post-producer checks). */
export interface ExactlyOnceTaskChecks {
  /** The leader fences out the producers of older task generations. */
  readonly beforeProducer: () => Promise<void>
  /** After the producer started, the task must still be this worker's, in the generation it was started for. */
  readonly afterProducer: () => Promise<void>
}

/** What a worker is built from. */
export interface WorkerOptions {
  /** host:port, as the REST API shows it in statuses. */
  readonly workerId: string
  readonly config: WorkerConfig
  readonly registry: PluginRegistry
  /** Kafka or the embedded log: where tasks produce and consume. */
  readonly log: Log
  /** Where source offsets are kept (the offsets file, in standalone mode). */
  readonly offsetStore: OffsetBackingStore
  /** Where tasks record the topics they use (topic.tracking.enable). */
  readonly statusStore: StatusBackingStore
  /** Distributed mode: the offset stores of source connectors and tasks (else offsetStore for all). */
  readonly sourceOffsetStores?: SourceOffsetStoreProvider
  /** Distributed mode: the group.id, for exactly-once tasks' transactional ids. */
  readonly groupId?: string
}

/** Runs connectors and tasks. */
export class Worker {
  readonly workerId: string
  readonly config: WorkerConfig
  readonly registry: PluginRegistry
  readonly log: Log
  readonly offsetStore: OffsetBackingStore
  readonly #statusStore: StatusBackingStore
  readonly #sourceOffsetStores: SourceOffsetStoreProvider | null
  readonly #groupId: string | null
  readonly #connectors = new Map<string, WorkerConnector>()
  readonly #tasks = new Map<string, WorkerTask>()
  #uninstallContainment: (() => void) | null = null

  constructor (options: WorkerOptions) {
    this.workerId = options.workerId
    this.config = options.config
    this.registry = options.registry
    this.log = options.log
    this.offsetStore = options.offsetStore
    this.#statusStore = options.statusStore
    this.#sourceOffsetStores = options.sourceOffsetStores ?? null
    this.#groupId = options.groupId ?? null
  }

  /**
   * The offset store of a source connector (read-only, producer null), of a task (its producer),
   * or for the REST API ('own'); started. The worker's own store when there is no provider.
   */
  /** A task's offset store (started by its runner when it is the task's own). */
  #taskOffsetStore (id: ConnectorTaskId, connectorProps: Readonly<Record<string, string>>, producer: LogProducer | 'own',
    exactlyOnce: boolean): { store: OffsetBackingStore, own: boolean, primaryTopic: string | null } {
    if (this.#sourceOffsetStores === null) return { store: this.offsetStore, own: false, primaryTopic: null }
    const store = this.#sourceOffsetStores({ connector: id.connector, connectorProps, producer, exactlyOnce, clientId: `connector-producer-${taskIdText(id)}` })
    return { store, own: true, primaryTopic: store.primaryOffsetsTopic ?? null }
  }

  async #sourceOffsetStore (connector: string, connectorProps: Readonly<Record<string, string>>, producer: LogProducer | 'own' | null,
    exactlyOnce: boolean, clientId: string): Promise<{ store: OffsetBackingStore, own: boolean, primaryTopic: string | null }> {
    if (this.#sourceOffsetStores === null) return { store: this.offsetStore, own: false, primaryTopic: null }
    const store = this.#sourceOffsetStores({ connector, connectorProps, producer, exactlyOnce, clientId })
    return { store, own: true, primaryTopic: store.primaryOffsetsTopic ?? null }
  }

  /** Loads the offsets and starts containing connector and task errors. */
  async start (): Promise<void> {
    log.info('Worker starting')
    this.#uninstallContainment = installContainment()
    await this.offsetStore.start()
    log.info('Worker started')
  }

  /** Stops whatever still runs, then the offset store. */
  async stop (): Promise<void> {
    log.info('Worker stopping')
    if (this.#connectors.size > 0) log.warn('Shutting down connectors {} uncleanly; herder should have shut down connectors before the Worker is stopped', [...this.#connectors.keys()].join(', '))
    await this.stopAndAwaitConnectors([...this.#connectors.keys()])
    if (this.#tasks.size > 0) log.warn('Shutting down tasks {} uncleanly; herder should have shut down tasks before the Worker is stopped', [...this.#tasks.keys()].join(', '))
    await this.stopAndAwaitTasks([...this.#tasks.values()].map(t => t.id))
    await this.offsetStore.stop()
    this.#uninstallContainment?.()
    this.#uninstallContainment = null
    log.info('Worker stopped')
  }

  /** A new instance of the connector class a configuration names (full name or alias). */
  newConnector (connectorClass: string | undefined): Connector {
    if (connectorClass === undefined) throw new ConnectException('The connector configuration has no connector.class')
    const plugin = this.registry.resolve(connectorClass, 'source', 'sink')
    const connector = plugin.create()
    if (!(connector instanceof SourceConnector) && !(connector instanceof SinkConnector)) {
      throw new ConnectException('Connector implementations must be a subclass of either SourceConnector or SinkConnector')
    }
    return connector
  }

  /** Whether the configuration is a sink connector's (by its class); throws when the class is unknown. */
  connectorKind (connectorProps: Readonly<Record<string, string>>): ConnectorKind {
    return this.newConnector(connectorProps[CONNECTOR_CLASS_CONFIG]) instanceof SinkConnector ? 'sink' : 'source'
  }

  /**
   * Creates a connector instance and takes it to `initialState`. Rejects when the connector cannot
   * be created or its first transition fails (it is then FAILED, and stays in this worker until stopped).
   */
  async startConnector (name: string, connectorProps: Record<string, string>, handler: ConnectorContextHandler,
    listener: ConnectorStatusListener, initialState: TargetState): Promise<void> {
    if (this.#connectors.has(name)) throw new ConnectException(`Connector with name ${name} already exists`)
    log.info('Creating connector {} of type {}', name, connectorProps[CONNECTOR_CLASS_CONFIG])
    let workerConnector: WorkerConnector
    try {
      const connector = this.newConnector(connectorProps[CONNECTOR_CLASS_CONFIG])
      const kind: ConnectorKind = connector instanceof SinkConnector ? 'sink' : 'source'
      const config = new ConnectorConfig(this.registry, kind, connectorProps, this.config.topicCreationEnable())
      let offsetReader: (OffsetStorageReaderImpl & { close (): void }) | null = null
      if (kind === 'source') {
        const { store, own } = await this.#sourceOffsetStore(name, config.originalStrings(), null, false, `connector-adminclient-${name}`)
        if (own) await store.start()
        offsetReader = own ? readerStoppingStore(store, name) : new OffsetStorageReaderImpl(store, name)
      }
      workerConnector = new WorkerConnector({
        name,
        connector,
        config: config.originalStrings(),
        listener,
        handler,
        offsetReader,
      })
      log.info('Instantiated connector {} with version {} of type {}', name, workerConnector.version, connector.constructor.name)
    } catch (error) {
      log.error('Failed to start connector {}', name, error)
      listener.onFailure(name, error)
      throw error
    }
    this.#connectors.set(name, workerConnector)
    workerConnector.initialize()
    await workerConnector.transitionTo(initialState)
    log.info('Finished creating connector {}', name)
  }

  isSinkConnector (name: string): boolean {
    return this.#requireConnector(name).isSink()
  }

  isRunning (name: string): boolean {
    return this.#connectors.get(name)?.isRunning() ?? false
  }

  connectorNames (): string[] {
    return [...this.#connectors.keys()]
  }

  connectorVersion (name: string): string | null {
    return this.#connectors.get(name)?.version ?? null
  }

  /**
   * The metrics of a task running in this worker, by metric group (for now task-error-metrics),
   * or null when it does not run here.
   */
  taskMetrics (id: ConnectorTaskId): Record<string, Record<string, number>> | null {
    const runner = this.#tasks.get(taskIdText(id))
    if (!(runner instanceof WorkerSourceTask) && !(runner instanceof WorkerSinkTask)) return null
    return { [TASK_ERROR_METRICS_GROUP]: runner.errorMetrics() }
  }

  taskVersion (id: ConnectorTaskId): string | null {
    return this.#tasks.get(taskIdText(id))?.version ?? null
  }

  /** The ids of the tasks running in this worker. */
  taskIds (): ConnectorTaskId[] {
    return [...this.#tasks.values()].map(t => t.id)
  }

  /**
   * The connector's task configurations (Connector.taskConfigs), each with task.class and the
   * connector's topics / topics.regex added, as Kafka does. A connector that returns more than
   * tasks.max fails (unless tasks.max.enforce=false).
   */
  async connectorTaskConfigs (name: string, config: ConnectorConfig): Promise<Array<Record<string, string>>> {
    const workerConnector = this.#requireConnector(name)
    const maxTasks = config.tasksMax()
    const originals = config.originalStrings()
    const connector = workerConnector.connector
    const taskConfigs = await runAs({ description: `connector ${name}`, fail: error => workerConnector.fail(error) }, async () => await connector.taskConfigs(maxTasks))
    if (!Array.isArray(taskConfigs)) throw new ConnectException(`${connector.constructor.name}.taskConfigs() must return an array of configurations`)
    try {
      checkTasksMax(name, taskConfigs.length, maxTasks, config.enforceTasksMax())
    } catch (error) {
      workerConnector.fail(error)
      throw error
    }
    const taskClassName = taskClassNameOf(connector, originals[CONNECTOR_CLASS_CONFIG], this.registry)
    return taskConfigs.map(taskProps => {
      const taskConfig: Record<string, string> = {}
      for (const [key, value] of Object.entries(taskProps ?? {})) {
        if (value !== null && value !== undefined) taskConfig[key] = String(value)
      }
      const size = Object.keys(taskConfig).length
      taskConfig[TASK_CLASS_CONFIG] = taskClassName
      if (TOPICS_CONFIG in originals) taskConfig[TOPICS_CONFIG] = originals[TOPICS_CONFIG]
      if (TOPICS_REGEX_CONFIG in originals) taskConfig[TOPICS_REGEX_CONFIG] = originals[TOPICS_REGEX_CONFIG]
      // Kafka copies the connector's map into a HashMap, adds task.class (and topics), and the herder
      // copies that again (AbstractHerder.reverseTransform); the REST API lists keys in that order.
      const copied = inJavaHashMapOrder(taskConfig, { kind: 'copy', size })
      return inJavaHashMapOrder(copied, { kind: 'copy', size: Object.keys(copied).length })
    })
  }

  /** Stops a connector instance and waits for it (up to 5 s, then it is abandoned). */
  async stopAndAwaitConnector (name: string): Promise<void> {
    await this.stopAndAwaitConnectors([name])
  }

  async stopAndAwaitConnectors (names: readonly string[]): Promise<void> {
    const deadline = Date.now() + CONNECTOR_GRACEFUL_SHUTDOWN_TIMEOUT_MS
    await Promise.all(names.map(async name => {
      const workerConnector = this.#connectors.get(name)
      if (workerConnector === undefined) {
        log.warn('Ignoring stop request for unowned connector {}', name)
        return
      }
      log.info('Stopping connector {}', name)
      const stopped = await workerConnector.shutdown(deadline - Date.now())
      this.#connectors.delete(name)
      if (stopped) log.debug('Graceful stop of connector {} succeeded.', name)
    }))
  }

  /** Takes a connector and its tasks to a target state; resolves once the connector got there. */
  async setTargetState (name: string, state: TargetState): Promise<void> {
    log.info('Setting connector {} state to {}', name, state)
    for (const task of this.#tasks.values()) {
      if (task.id.connector === name) task.transitionTo(state)
    }
    const workerConnector = this.#connectors.get(name)
    if (workerConnector !== undefined) await workerConnector.transitionTo(state)
  }

  /**
   * Creates and runs a source task; false (and a FAILED status) when it cannot be created. With
   * `exactlyOnce`, the task writes records and offsets in transactions (KIP-618).
   */
  startSourceTask (id: ConnectorTaskId, connectorProps: Record<string, string>, taskProps: Record<string, string>,
    listener: TaskStatusListener, initialState: TargetState, taskCount: number, latestTaskConfig: () => Record<string, string>,
    exactlyOnce?: ExactlyOnceTaskChecks): boolean {
    return this.#startTask(id, 'source', connectorProps, taskProps, listener, initialState, taskCount, latestTaskConfig, exactlyOnce)
  }

  /** Creates and runs a sink task; false (and a FAILED status) when it cannot be created. */
  startSinkTask (id: ConnectorTaskId, connectorProps: Record<string, string>, taskProps: Record<string, string>,
    listener: TaskStatusListener, initialState: TargetState, taskCount: number, latestTaskConfig: () => Record<string, string>): boolean {
    return this.#startTask(id, 'sink', connectorProps, taskProps, listener, initialState, taskCount, latestTaskConfig)
  }

  #startTask (id: ConnectorTaskId, kind: ConnectorKind, connectorProps: Record<string, string>, taskProps: Record<string, string>,
    listener: TaskStatusListener, initialState: TargetState, taskCount: number, latestTaskConfig: () => Record<string, string>,
    exactlyOnce?: ExactlyOnceTaskChecks): boolean {
    const key = taskIdText(id)
    log.info('Creating task {}', key)
    if (this.#tasks.has(key)) throw new ConnectException(`Task already exists in this worker: ${key}`)
    let runner: WorkerTask
    let converters: TaskConverters | null = null
    let transformationChain: TransformationChain<any> | null = null
    try {
      const connectorConfig = new ConnectorConfig(this.registry, kind, connectorProps, this.config.topicCreationEnable())
      checkTasksMax(id.connector, taskCount, connectorConfig.tasksMax(), connectorConfig.enforceTasksMax())
      const connector = this.newConnector(connectorProps[CONNECTOR_CLASS_CONFIG])
      const TaskClass = connector.taskClass()
      const task = new TaskClass()
      converters = taskConverters(this.registry, connectorConfig, this.config)
      // transforms and predicates, configured (Kafka's ConnectorConfig.transformationStages); closed when the task ends.
      transformationChain = buildTransformationChain(connectorConfig, this.registry)
      const tracking = this.config.topicTrackingEnabled()
      const recordActiveTopic = tracking
        ? (topic: string) => {
            if (!this.#statusStore.hasTopic(id.connector, topic)) {
              this.#statusStore.putTopic({ topic, connector: id.connector, task: id.task, discoverTimestamp: Date.now() })
            }
          }
        : null
      const connectorStrings = connectorConfig.originalStrings()
      const classNames = taskClassNames(this.registry, connectorConfig, this.config, taskProps[TASK_CLASS_CONFIG] ?? TaskClass.name)
      const errorHandlingOptions = {
        id,
        connectorConfig,
        scrubber: taskSecretScrubber(this.config, connectorConfig, taskProps, connectorDefinition(connector)),
        openDeadLetterQueue: deadLetterQueueOpener(this.log, id, producerConfigs(id.connector, this.config, connectorStrings)),
      }
      if (kind === 'source') {
        if (!(task instanceof SourceTask)) throw new ConnectException(`${TaskClass.name} is not a SourceTask, but its connector is a SourceConnector`)
        const producerSettings = producerConfigs(id.connector, this.config, connectorStrings)
        let transactionalId: string | undefined
        if (exactlyOnce !== undefined) {
          if (this.#groupId === null) throw new ConnectException('Exactly-once source support needs a distributed worker (group.id)')
          transactionalId = taskTransactionalId(this.#groupId, id.connector, id.task)
        }
        const producer = this.log.createProducer({
          clientId: producerSettings['client.id'] ?? `connector-producer-${key}`,
          config: producerSettings,
          ...(transactionalId === undefined ? {} : { transactionalId }),
        })
        const offsets = this.#taskOffsetStore(id, connectorStrings, exactlyOnce === undefined ? 'own' : producer, exactlyOnce !== undefined)
        runner = new WorkerSourceTask({
          id,
          task,
          taskConfig: taskProps,
          latestTaskConfig,
          listener,
          initialState,
          workerConfig: this.config,
          connectorConfig,
          converters,
          producer,
          log: this.log,
          topicCreation: TopicCreation.create(this.config.topicCreationEnable(), connectorConfig.topicCreationConfig),
          offsetReader: new OffsetStorageReaderImpl(offsets.store, id.connector),
          offsetWriter: new OffsetStorageWriter(offsets.store, id.connector),
          ...(offsets.own ? { ownOffsetStore: offsets.store } : {}),
          ...(exactlyOnce === undefined ? {} : { exactlyOnce: exactlyOnceSettings(connectorConfig, this.config, exactlyOnce, offsets.primaryTopic) }),
          recordActiveTopic,
          errorHandling: new SourceErrorHandling(errorHandlingOptions, converters),
          transformations: transformationChain.stages,
          classNames,
        })
      } else {
        if (!(task instanceof SinkTask)) throw new ConnectException(`${TaskClass.name} is not a SinkTask, but its connector is a SinkConnector`)
        const consumerSettings = consumerConfigs(id.connector, this.config, connectorStrings)
        const maxPollRecords = Number(consumerSettings['max.poll.records'] ?? 500)
        const consumer = this.log.createConsumer({
          clientId: consumerSettings['client.id'] ?? `connector-consumer-${key}`,
          groupId: consumerSettings['group.id'],
          autoOffsetReset: consumerSettings['auto.offset.reset'] === 'latest' ? 'latest' : 'earliest',
          isolationLevel: consumerSettings['isolation.level'] === 'read_committed' ? 'read_committed' : 'read_uncommitted',
          maxPollRecords: Number.isSafeInteger(maxPollRecords) && maxPollRecords > 0 ? maxPollRecords : 500,
          config: consumerSettings,
        })
        runner = new WorkerSinkTask({
          id,
          task,
          taskConfig: taskProps,
          latestTaskConfig,
          listener,
          initialState,
          workerConfig: this.config,
          connectorConfig,
          converters,
          consumer,
          recordActiveTopic,
          errorHandling: new SinkErrorHandling(errorHandlingOptions),
          transformations: transformationChain.stages,
          classNames,
        })
      }
      try {
        const version = runAs({ description: `task ${key}`, fail: () => {} }, () => task.version())
        runner.version = typeof version === 'string' ? version : null
      } catch (error) {
        log.warn('Task {} threw while asked for its version: {}', key, messageOf(error))
      }
      log.info('Instantiated task {} with version {} of type {}', key, runner.version, TaskClass.name)
    } catch (error) {
      log.error('Failed to start task {}', key, error)
      closeConverters(converters)
      transformationChain?.close()
      listener.onFailure(id, error)
      return false
    }
    this.#tasks.set(key, runner)
    const chain = transformationChain
    void runner.run().finally(() => chain.close())
    return true
  }

  /** Stops tasks and waits for them, together up to task.shutdown.graceful.timeout.ms; the slow ones are abandoned. */
  async stopAndAwaitTasks (ids: readonly ConnectorTaskId[]): Promise<void> {
    const runners: WorkerTask[] = []
    for (const id of ids) {
      const runner = this.#tasks.get(taskIdText(id))
      if (runner === undefined) {
        log.warn('Ignoring stop request for unowned task {}', taskIdText(id))
        continue
      }
      log.info('Stopping task {}', taskIdText(id))
      runner.stop()
      runners.push(runner)
    }
    const deadline = Date.now() + this.config.taskShutdownGracefulTimeoutMs()
    await Promise.all(runners.map(async runner => {
      const stopped = await runner.awaitStop(deadline - Date.now())
      if (!stopped) {
        log.error('Graceful stop of task {} failed.', taskIdText(runner.id))
        runner.cancel()
      }
      this.#tasks.delete(taskIdText(runner.id))
    }))
  }

  async stopAndAwaitTask (id: ConnectorTaskId): Promise<void> {
    await this.stopAndAwaitTasks([id])
  }

  /** The committed offsets of a connector: its source offsets, or its sink consumer group's. */
  async connectorOffsets (name: string, connectorProps: Record<string, string>): Promise<ConnectorOffsets> {
    const connector = this.newConnector(connectorProps[CONNECTOR_CLASS_CONFIG])
    if (connector instanceof SinkConnector) {
      const groupId = consumerConfigs(name, this.config, connectorProps)['group.id']
      let committed: TopicPartitionMap<bigint>
      try {
        committed = await this.log.committedOffsets(groupId)
      } catch (error) {
        log.error('Failed to retrieve consumer group offsets for sink connector {}', name, error)
        throw new ConnectException(`Failed to retrieve consumer group offsets for sink connector ${name}`, { cause: error })
      }
      // In the order (and with the keys in the order) of the HashMaps Kafka builds them in.
      const entries = javaHashMapOrder([...committed], ([tp]) => (Math.imul(31, 31 + tp.partition) + javaStringHashCode(tp.topic)) | 0)
      return {
        offsets: entries.map(([tp, offset]) => ({
          partition: inJavaHashMapOrder<unknown>({ kafka_topic: tp.topic, kafka_partition: tp.partition }),
          offset: { kafka_offset: offset },
        })),
      }
    }
    const { store, own } = await this.#sourceOffsetStore(name, connectorProps, null, false, `connector-offsets-${name}`)
    try {
      if (own) await store.start()
      const partitions = store.connectorPartitions(name)
      const reader = new OffsetStorageReaderImpl(store, name)
      const offsets = await reader.allOffsets(partitions)
      // In the order (and with the keys in the order) of the HashMaps Kafka reads them into.
      return {
        offsets: javaHashMapOrder(offsets, entry => javaHashCode(entry.partition), { kind: 'capacity', initialCapacity: partitions.length })
          .map(({ partition, offset }) => ({ partition: inJavaHashMapOrder(partition), offset: offset === null ? null : inJavaHashMapOrder(offset) })),
      }
    } catch (error) {
      log.error('Failed to retrieve offsets for source connector {}', name, error)
      throw error instanceof ConnectException ? error : new ConnectException(`Failed to retrieve offsets for source connector ${name}`, { cause: error })
    } finally {
      if (own) await store.stop().catch(error => log.warn('Could not stop the offset store of {}: {}', name, messageOf(error)))
    }
  }

  /**
   * Alters (offsets given) or resets (null) a stopped source connector's offsets: the connector's
   * alterOffsets() may refuse them or apply them elsewhere, then they are written to the offset
   * store. Resolves with the REST API's message.
   */
  async modifySourceConnectorOffsets (name: string, connectorProps: Record<string, string>,
    offsets: ReadonlyArray<{ partition: OffsetMap, offset: OffsetMap | null }> | null): Promise<string> {
    const connector = this.newConnector(connectorProps[CONNECTOR_CLASS_CONFIG])
    if (!(connector instanceof SourceConnector)) throw new ConnectException(`Connector ${name} is not a source connector`)
    const isReset = offsets === null
    const { store, own } = await this.#sourceOffsetStore(name, connectorProps, 'own', false, `connector-offsets-${name}`)
    try {
      if (own) await store.start()
      const toWrite = offsets ?? store.connectorPartitions(name).map(partition => ({ partition, offset: null }))
      // As Kafka does, offsets go through the JSON converter first, so the connector sees what its tasks will read.
      const normalized: SourcePartitionOffset[] = toWrite.map(({ partition, offset }) => ({
        partition: parseOffsetValue(name, offsetValueBytes(name, partition)) ?? {},
        offset: parseOffsetValue(name, offsetValueBytes(name, offset)),
      }))
      const altered = await runAs({ description: `connector ${name}`, fail: () => {} }, async () => await connector.alterOffsets({ ...connectorProps }, normalized))
      if (normalized.length === 0) {
        log.info('No offsets found for source connector {} - this can occur due to a prior attempt to reset offsets or if the source connector hasn\'t committed any offsets yet', name)
        return modifiedOffsetsMessage(altered === true, isReset)
      }
      const writer = new OffsetStorageWriter(store, name)
      for (const { partition, offset } of normalized) writer.offset(partition, offset)
      await writer.flush(90000)
      return modifiedOffsetsMessage(altered === true, isReset)
    } catch (error) {
      log.error('Failed to modify offsets for source connector {}', name, error)
      throw error instanceof ConnectException ? error : new ConnectException(`Failed to modify offsets for source connector ${name}`, { cause: error })
    } finally {
      if (own) await store.stop().catch(error => log.warn('Could not stop the offset store of {}: {}', name, messageOf(error)))
    }
  }

  /**
   * Alters (offsets given; a null offset deletes that partition's) or resets (null: every
   * committed partition) a stopped sink connector's consumer group offsets. Resolves with the
   * REST API's message.
   */
  async modifySinkConnectorOffsets (name: string, connectorProps: Record<string, string>, offsets: TopicPartitionMap<bigint | null> | null): Promise<string> {
    const connector = this.newConnector(connectorProps[CONNECTOR_CLASS_CONFIG])
    if (!(connector instanceof SinkConnector)) throw new ConnectException(`Connector ${name} is not a sink connector`)
    const isReset = offsets === null
    const groupId = consumerConfigs(name, this.config, connectorProps)['group.id']
    let toWrite: TopicPartitionMap<bigint | null>
    if (offsets === null) {
      try {
        const committed = await this.log.committedOffsets(groupId)
        toWrite = new TopicPartitionMap([...committed.keys()].map(tp => [tp, null] as const))
      } catch (error) {
        log.error('Failed to list offsets prior to resetting offsets for sink connector {}', name, error)
        throw new ConnectException(`Failed to list offsets prior to resetting offsets for sink connector ${name}`, { cause: error })
      }
    } else {
      toWrite = offsets
    }
    let altered: boolean
    try {
      altered = (await runAs({ description: `connector ${name}`, fail: () => {} }, async () => await connector.alterOffsets({ ...connectorProps }, toWrite))) === true
    } catch (error) {
      log.error('Failed to modify offsets for sink connector {}', name, error)
      throw error instanceof ConnectException ? error : new ConnectException(`Failed to modify offsets for sink connector ${name}`, { cause: error })
    }
    const toAlter = new TopicPartitionMap<bigint>()
    const toDelete = []
    for (const [tp, offset] of toWrite) {
      if (offset === null) toDelete.push(tp)
      else toAlter.set(tp, offset)
    }
    try {
      if (toAlter.size > 0) await this.log.alterCommittedOffsets(groupId, toAlter)
      if (toDelete.length > 0) await this.log.deleteCommittedOffsets(groupId, toDelete)
    } catch (error) {
      const what = isReset ? 'reset' : 'alter'
      log.error('Failed to {} consumer group offsets for sink connector {}', what, name, error)
      throw new ConnectException(`Failed to ${what} consumer group offsets for connector ${name} either because its tasks haven't stopped ` +
        'completely yet or the connector was resumed before the request to ' + what + ' its offsets could be successfully completed. If the ' +
        'connector is in a stopped state, this operation can be safely retried. If it doesn\'t eventually succeed, the Connect cluster may ' +
        'need to be restarted to get rid of the zombie sink tasks.', { cause: error })
    }
    return modifiedOffsetsMessage(altered, isReset)
  }

  #requireConnector (name: string): WorkerConnector {
    const workerConnector = this.#connectors.get(name)
    if (workerConnector === undefined) throw new ConnectException(`Connector ${name} not found in this worker.`)
    return workerConnector
  }
}

/** An offset reader that also stops its store (a connector's own) when it is closed. */
function readerStoppingStore (store: OffsetBackingStore, connector: string): OffsetStorageReaderImpl {
  return new class extends OffsetStorageReaderImpl {
    override close (): void {
      super.close()
      store.stop().catch(error => log.warn('Could not stop the offset store of {}: {}', connector, messageOf(error)))
    }
  }(store, connector)
}

/** What the source runner needs to run a task with exactly-once support (its transaction boundaries). */
function exactlyOnceSettings (connectorConfig: ConnectorConfig, workerConfig: WorkerConfig, checks: ExactlyOnceTaskChecks,
  primaryTopic: string | null): ExactlyOnceSourceSettings & { offsetsTopic: string } {
  const boundary = parseTransactionBoundary(connectorConfig.getString(TRANSACTION_BOUNDARY_CONFIG) ?? 'poll')
  const interval = connectorConfig.getLong(TRANSACTION_BOUNDARY_INTERVAL_CONFIG)
  return {
    boundary,
    intervalMs: interval ?? workerConfig.offsetCommitIntervalMs(),
    beforeProducer: checks.beforeProducer,
    afterProducer: checks.afterProducer,
    offsetsTopic: primaryTopic ?? connectorConfig.getString(OFFSETS_TOPIC_CONFIG) ?? workerConfig.getString('offset.storage.topic') ?? '',
  }
}

/** The message of a successful offsets alter or reset, as Kafka words it. */
export function modifiedOffsetsMessage (alteredByConnector: boolean, isReset: boolean): string {
  const what = isReset ? 'reset' : 'altered'
  if (alteredByConnector) return `The offsets for this connector have been ${what} successfully`
  return `The Connect framework-managed offsets for this connector have been ${what} successfully. However, if this connector manages ` +
    `offsets externally, they will need to be manually ${what} in the system that the connector uses.`
}

/** The connector's own settings (to know which are PASSWORD); null when config() fails. */
function connectorDefinition (connector: Connector): ConfigDef | null {
  try {
    return runAs({ description: 'connector config()', fail: () => {} }, () => connector.config()) ?? null
  } catch {
    return null
  }
}

function checkTasksMax (connector: string, numTasks: number, maxTasks: number, enforce: boolean): void {
  if (numTasks <= maxTasks) return
  if (enforce) {
    throw new ConnectException(`The connector ${connector} has generated ${numTasks} tasks, which is greater than ${maxTasks}, ` +
      'the maximum number of tasks it is configured to create. This behaviour should be considered a bug and is disallowed. ' +
      `If necessary, it can be permitted by reconfiguring the connector with '${TASKS_MAX_ENFORCE_CONFIG}' set to false; however, ` +
      'this option will be removed in a future release of Kafka Connect.')
  }
  log.warn('The connector {} has generated {} tasks, which is greater than {}, the maximum number of tasks it is configured to create. ' +
    'This behavior should be considered a bug and will be disallowed in future releases of Kafka Connect. Please report this to the ' +
    'maintainers of the connector and request that they adjust their connector\'s taskConfigs() method to respect the maxTasks parameter.',
  connector, numTasks, maxTasks)
}

/**
 * The task class name task configs carry (task.class): the connector's package and the task
 * class's name, so org.apache.kafka.connect.file.FileStreamSourceConnector's task is
 * org.apache.kafka.connect.file.FileStreamSourceTask, as in Kafka.
 */
function taskClassNameOf (connector: Connector, configuredClass: string | undefined, registry: PluginRegistry): string {
  const taskName = connector.taskClass().name
  const connectorClass = configuredClass === undefined ? undefined : registry.find(configuredClass, 'source', 'sink')?.className
  if (connectorClass === undefined || !connectorClass.includes('.')) return taskName
  return connectorClass.slice(0, connectorClass.lastIndexOf('.') + 1) + taskName
}
