// A distributed cluster's connector configurations in its config topic (Kafka's
// KafkaConfigBackingStore), in Java's record formats, so a Java Connect cluster and a kconnect
// cluster can take over each other's topic. The topic has one partition and is compacted; every
// worker reads it whole and follows it.
//
// Task configs are written one record per task and applied only when the commit-<connector>
// record that follows them is read, so a reader never mixes old and new task configs. After
// compaction a commit may find some of its task records gone (a later write replaced them and then
// failed half way): the connector is then "inconsistent" (listed, without tasks) until the leader
// writes its task configs again, as in Kafka. A record that cannot be read is logged and skipped;
// nothing else is lost.

import { ConfigException, ConnectException } from '../../api/errors.ts'
import type { ConnectorTaskId, TargetState } from '../../herder/herder.ts'
import type { IncomingRecord, Log, LogProducer } from '../../log/log.ts'
import { getLogger } from '../../logging/index.ts'
import type { DistributedConfig } from '../../runtime/config/distributed-config.ts'
import {
  ClusterConfigState, NO_CONFIG_OFFSET, PrivilegedWriteException, taskKey, type ConfigBackingStore, type ConfigTransformer,
  type ConfigUpdateListener, type ConnectorRestartRequest, type SessionKey,
} from '../config-backing-store.ts'
import { TimeoutError } from '../offset-storage-writer.ts'
import {
  COMMIT_TASKS_PREFIX, CONNECTOR_PREFIX, INCLUDE_TASKS_FIELD_NAME, LOGGER_CLUSTER_PREFIX, ONLY_FAILED_FIELD_NAME, RESTART_PREFIX,
  SESSION_KEY_KEY, TARGET_STATE_PREFIX, TASK_COUNT_RECORD_PREFIX, TASK_PREFIX, commitTasksKey, commitTasksValue, configurationValue,
  connectorKey, loggerClusterKey, loggerLevelValue, parseTaskConfigKey, restartKey, restartRequestValue,
  sessionKeyValue, targetStateKey, targetStateValue, taskConfigKey, taskCountRecordKey, taskCountRecordValue,
} from './config-records.ts'
import { ensureInternalTopic } from './internal-topics.ts'
import { asMap, intValue, javaClassName, parseValue } from './json-values.ts'
import { KafkaBasedLog } from './kafka-based-log.ts'
import { clientIdBase, DURABLE_PRODUCER_CONFIG, storeClientConfig, topicCreationRetry } from './store-clients.ts'

const log = getLogger('org.apache.kafka.connect.storage.KafkaConfigBackingStore')

/** How long one write (sends plus reading them back) may take in all (Kafka's READ_WRITE_TOTAL_TIMEOUT_MS). */
export const READ_WRITE_TOTAL_TIMEOUT_MS = 30_000

const TARGET_STATES: ReadonlySet<string> = new Set(['STARTED', 'PAUSED', 'STOPPED'])

/** What a KafkaConfigBackingStore is built from. */
export interface KafkaConfigBackingStoreOptions {
  /** The cluster (or embedded log) the config topic lives in; shared, not closed by the store. */
  readonly log: Log
  readonly config: DistributedConfig
  /** Resolves config provider references in the configs snapshots hand out. */
  readonly transformer?: ConfigTransformer | null
  /** The per-write budget; default READ_WRITE_TOTAL_TIMEOUT_MS. */
  readonly readWriteTimeoutMs?: number
}

interface KeyValue {
  readonly key: string
  readonly value: Uint8Array | null
}

/** Connector and task configurations, target states, session keys and restart requests, in the config topic. */
export class KafkaConfigBackingStore implements ConfigBackingStore {
  readonly topic: string
  readonly #log: Log
  readonly #config: DistributedConfig
  readonly #clientId: string
  readonly #configLog: KafkaBasedLog
  readonly #transformer: ConfigTransformer | null
  readonly #timeoutMs: number
  readonly #usesFencableWriter: boolean
  #fencableProducer: LogProducer | null = null
  /** Whether the fencable producer has a transaction begun (claimWritePrivileges begins the first). */
  #transactionOpen = false
  #listener: ConfigUpdateListener | null = null
  #started = false

  // The state read so far; snapshots copy the maps (the config objects in them are never mutated).
  #offset = NO_CONFIG_OFFSET
  #sessionKey: SessionKey | null = null
  readonly #connectorTaskCounts = new Map<string, number>()
  readonly #connectorConfigs = new Map<string, Readonly<Record<string, string>>>()
  readonly #taskConfigs = new Map<string, Readonly<Record<string, string>>>()
  readonly #inconsistent = new Set<string>()
  /** Task configs read but not committed yet, by connector then task number. */
  readonly #deferredTaskUpdates = new Map<string, Map<number, Readonly<Record<string, string>>>>()
  readonly #connectorTargetStates = new Map<string, TargetState>()
  readonly #connectorTaskCountRecords = new Map<string, number>()
  readonly #connectorTaskConfigGenerations = new Map<string, number>()
  readonly #appliedConnectorConfigs = new Map<string, Readonly<Record<string, string>>>()
  readonly #connectorsPendingFencing = new Set<string>()

  constructor (options: KafkaConfigBackingStoreOptions) {
    const config = options.config
    const settings = config.configStorageTopicSettings()
    if (settings.topic === null || settings.topic === undefined || settings.topic.trim() === '') {
      throw new ConfigException('Must specify topic for connector configuration.')
    }
    this.topic = settings.topic
    this.#log = options.log
    this.#config = config
    this.#clientId = clientIdBase(config) + 'configs'
    this.#transformer = options.transformer ?? null
    this.#timeoutMs = options.readWriteTimeoutMs ?? READ_WRITE_TOTAL_TIMEOUT_MS
    this.#usesFencableWriter = config.transactionalLeaderEnabled()
    const retry = topicCreationRetry(config)
    this.#configLog = new KafkaBasedLog({
      log: options.log,
      topic: this.topic,
      clientId: this.#clientId,
      onRecord: record => this.#onRecord(record),
      isolationLevel: config.exactlyOnceSourceEnabled() ? 'read_committed' : 'read_uncommitted',
      producerConfig: storeClientConfig(config, DURABLE_PRODUCER_CONFIG),
      consumerConfig: storeClientConfig(config, {}),
      initialize: async () => {
        await ensureInternalTopic(options.log, { ...settings, setting: 'config.storage.topic', purpose: 'connector configurations' }, retry)
      },
    })
  }

  setUpdateListener (listener: ConfigUpdateListener): void {
    this.#listener = listener
  }

  /** Creates the topic if needed and reads it to the end; changes are told to the listener from then on. */
  async start (): Promise<void> {
    log.info('Starting KafkaConfigBackingStore')
    await this.#configLog.start()
    const partitionCount = this.#configLog.partitionCount
    if (partitionCount > 1) {
      await this.#configLog.stop()
      throw new ConfigException(`Topic '${this.topic}' supplied via the 'config.storage.topic' property is required to have a single partition ` +
        `in order to guarantee consistency of connector configurations, but found ${partitionCount} partitions.`)
    }
    this.#started = true
    log.info('Started KafkaConfigBackingStore')
  }

  async stop (): Promise<void> {
    log.info('Closing KafkaConfigBackingStore')
    await this.#relinquishWritePrivileges()
    await this.#configLog.stop().catch(error => log.warn('Failed to stop the KafkaBasedLog for the config topic', error))
    log.info('Closed KafkaConfigBackingStore')
  }

  /** A copy of the state read so far. */
  snapshot (): ClusterConfigState {
    return new ClusterConfigState({
      offset: this.#offset,
      sessionKey: this.#sessionKey,
      connectorTaskCounts: new Map(this.#connectorTaskCounts),
      connectorConfigs: new Map(this.#connectorConfigs),
      connectorTargetStates: new Map(this.#connectorTargetStates),
      taskConfigs: new Map(this.#taskConfigs),
      connectorTaskCountRecords: new Map(this.#connectorTaskCountRecords),
      connectorTaskConfigGenerations: new Map(this.#connectorTaskConfigGenerations),
      appliedConnectorConfigs: new Map(this.#appliedConnectorConfigs),
      connectorsPendingFencing: new Set(this.#connectorsPendingFencing),
      inconsistentConnectors: new Set(this.#inconsistent),
      transformer: this.#transformer,
    })
  }

  contains (connector: string): boolean {
    return this.#connectorConfigs.has(connector)
  }

  /**
   * Takes the leader's right to write when the cluster uses exactly-once source support: a
   * transactional producer (transactional.id connect-cluster-<group.id>) whose initialization
   * fences any older leader's. A no-op otherwise, or when held already.
   */
  async claimWritePrivileges (): Promise<void> {
    if (!this.#usesFencableWriter || this.#fencableProducer !== null) return
    try {
      const producer = this.#log.createProducer({
        clientId: this.#clientId + '-leader',
        transactionalId: this.#config.transactionalProducerId(),
        config: storeClientConfig(this.#config, { acks: 'all', 'enable.idempotence': 'true', 'max.in.flight.requests.per.connection': '5' }),
      })
      this.#fencableProducer = producer
      // Beginning a transaction initializes the producer id, which fences older holders of the id
      // now, as Java's initTransactions() does. Nothing is sent, so the broker has no transaction
      // to end: the next privileged write goes in this one.
      await producer.beginTransaction()
      this.#transactionOpen = true
    } catch (error) {
      await this.#relinquishWritePrivileges()
      throw new ConnectException('Failed to create and initialize fencable producer for config topic', { cause: error })
    }
  }

  async putConnectorConfig (connector: string, config: Readonly<Record<string, string>>, targetState: TargetState | null): Promise<void> {
    log.debug('Writing connector configuration for connector \'{}\'', connector)
    this.#checkWritePrivileges()
    const deadline = Date.now() + this.#timeoutMs
    try {
      const records: KeyValue[] = []
      if (targetState !== null) {
        log.debug('Writing target state {} for connector {}', targetState, connector)
        records.push({ key: targetStateKey(connector), value: targetStateValue(targetState) })
      }
      records.push({ key: connectorKey(connector), value: configurationValue(config) })
      await this.#sendPrivileged(records, deadline)
      await this.#configLog.readToEnd(remaining(deadline))
    } catch (error) {
      throw this.#writeError(error, 'Failed to write connector configuration to Kafka: ', 'Error writing connector configuration to Kafka')
    }
  }

  async removeConnectorConfig (connector: string): Promise<void> {
    log.debug('Removing connector configuration for connector \'{}\'', connector)
    this.#checkWritePrivileges()
    const deadline = Date.now() + this.#timeoutMs
    try {
      await this.#sendPrivileged([{ key: connectorKey(connector), value: null }, { key: targetStateKey(connector), value: null }], deadline)
      await this.#configLog.readToEnd(remaining(deadline))
    } catch (error) {
      throw this.#writeError(error, 'Failed to remove connector configuration from Kafka: ', 'Error removing connector configuration from Kafka')
    }
  }

  removeTaskConfigs (_connector: string): never {
    throw new ConnectException('Removal of tasks is not currently supported')
  }

  /**
   * Writes the connector's task configs, then (once they are read back) the commit record that
   * applies them all at once, then reads that back too.
   */
  async putTaskConfigs (connector: string, configs: ReadonlyArray<Readonly<Record<string, string>>>): Promise<void> {
    this.#checkWritePrivileges()
    const deadline = Date.now() + this.#timeoutMs
    // We should be the only writer, but any lagging data must be read before writing over it.
    try {
      await this.#configLog.readToEnd(remaining(deadline))
    } catch (error) {
      throw this.#writeError(error, 'Failed to write root configuration to Kafka: ', 'Error writing root configuration to Kafka')
    }
    const records = configs.map((config, task) => {
      log.debug('Writing configuration for connector \'{}\' task {}', connector, task)
      return { key: taskConfigKey(connector, task), value: configurationValue(config) }
    })
    try {
      await this.#sendPrivileged(records, deadline)
    } catch (error) {
      throw this.#writeError(error, 'Failed to write task configurations to Kafka', 'Error writing task configurations to Kafka')
    }
    try {
      if (configs.length > 0) await this.#configLog.readToEnd(remaining(deadline))
      log.debug('Writing commit for connector \'{}\' with {} tasks.', connector, configs.length)
      await this.#sendPrivileged([{ key: commitTasksKey(connector), value: commitTasksValue(configs.length) }], deadline)
      await this.#configLog.readToEnd(remaining(deadline))
    } catch (error) {
      throw this.#writeError(error, 'Failed to write root configuration to Kafka: ', 'Error writing root configuration to Kafka')
    }
  }

  async refresh (timeoutMs: number): Promise<void> {
    try {
      await this.#configLog.readToEnd(timeoutMs)
    } catch (error) {
      if (error instanceof TimeoutError) throw error
      throw new ConnectException('Error trying to read to end of config log', { cause: error })
    }
  }

  /** Any worker may write a target state (no write privileges needed); it is not read back before resolving. */
  async putTargetState (connector: string, state: TargetState): Promise<void> {
    log.debug('Writing target state {} for connector {}', state, connector)
    try {
      await this.#sendWithin(targetStateKey(connector), targetStateValue(state), Date.now() + this.#timeoutMs)
    } catch (error) {
      throw this.#writeError(error, 'Failed to write target state to Kafka', 'Error writing target state to Kafka')
    }
  }

  async putTaskCountRecord (connector: string, taskCount: number): Promise<void> {
    log.debug('Writing task count record {} for connector {}', taskCount, connector)
    this.#checkWritePrivileges()
    const deadline = Date.now() + this.#timeoutMs
    try {
      await this.#sendPrivileged([{ key: taskCountRecordKey(connector), value: taskCountRecordValue(taskCount) }], deadline)
      await this.#configLog.readToEnd(remaining(deadline))
    } catch (error) {
      throw this.#writeError(error, `Failed to write task count record with ${taskCount} tasks for connector ${connector} to Kafka: `,
        'Error writing task count record to Kafka')
    }
  }

  async putSessionKey (key: SessionKey): Promise<void> {
    log.debug('Distributing new session key')
    this.#checkWritePrivileges()
    const deadline = Date.now() + this.#timeoutMs
    try {
      await this.#sendPrivileged([{ key: SESSION_KEY_KEY, value: sessionKeyValue(key) }], deadline)
      await this.#configLog.readToEnd(remaining(deadline))
    } catch (error) {
      throw this.#writeError(error, 'Failed to write session key to Kafka: ', 'Error writing session key to Kafka')
    }
  }

  async putRestartRequest (request: ConnectorRestartRequest): Promise<void> {
    const text = restartRequestText(request)
    log.debug('Writing {} to Kafka', text)
    this.#checkWritePrivileges()
    const deadline = Date.now() + this.#timeoutMs
    try {
      await this.#sendPrivileged([{ key: restartKey(request.connector), value: restartRequestValue(request) }], deadline)
      await this.#configLog.readToEnd(remaining(deadline))
    } catch (error) {
      throw this.#writeError(error, `Failed to write ${text} to Kafka: `, `Error writing ${text} to Kafka`)
    }
  }

  /** Any worker may write a cluster-wide logger level. */
  async putLoggerLevel (namespace: string, level: string): Promise<void> {
    log.debug('Writing level {} for logging namespace {} to Kafka', level, namespace)
    try {
      await this.#sendWithin(loggerClusterKey(namespace), loggerLevelValue(level), Date.now() + this.#timeoutMs)
    } catch (error) {
      throw this.#writeError(error, 'Failed to write logger level to Kafka', 'Error writing logger level to Kafka')
    }
  }

  // --- writing ----------------------------------------------------------------------------------------

  /**
   * Sends records that only the leader may write: plainly, or, when the cluster uses exactly-once
   * source support, in one transaction of the fencable producer (claimWritePrivileges() first).
   */
  /** Kafka throws this before writing anything, unwrapped: the herder called in the wrong order. */
  #checkWritePrivileges (): void {
    if (this.#usesFencableWriter && this.#fencableProducer === null) {
      throw new ConnectException('Cannot produce to config topic without claiming write privileges first')
    }
  }

  async #sendPrivileged (records: readonly KeyValue[], deadline: number): Promise<void> {
    if (!this.#usesFencableWriter) {
      const sends = records.map(record => this.#configLog.send(Buffer.from(record.key, 'utf8'), record.value))
      await withDeadline(Promise.all(sends), deadline, `Timed out writing to the config topic ${this.topic}`)
      return
    }
    this.#checkWritePrivileges()
    const producer = this.#fencableProducer as LogProducer
    try {
      if (!this.#transactionOpen) await producer.beginTransaction()
      this.#transactionOpen = true
      await producer.send(records.map(record => ({ topic: this.topic, partition: 0, key: Buffer.from(record.key, 'utf8'), value: record.value })))
      await producer.commitTransaction()
      this.#transactionOpen = false
    } catch (error) {
      log.warn('Failed to perform fencable send to config topic', error)
      await this.#relinquishWritePrivileges()
      throw new PrivilegedWriteException('Failed to perform fencable send to config topic', { cause: error })
    }
  }

  async #sendWithin (key: string, value: Uint8Array, deadline: number): Promise<void> {
    await withDeadline(this.#configLog.send(Buffer.from(key, 'utf8'), value), deadline, `Timed out writing to the config topic ${this.topic}`)
  }

  async #relinquishWritePrivileges (): Promise<void> {
    const producer = this.#fencableProducer
    this.#fencableProducer = null
    this.#transactionOpen = false
    await producer?.close().catch(error => log.debug('Closing the fencable producer for config topic failed: {}', (error as Error).message))
  }

  /** Logs a failed write as Kafka does and returns the exception to throw (a PrivilegedWriteException as it is). */
  #writeError (error: unknown, logMessage: string, message: string): ConnectException {
    if (error instanceof PrivilegedWriteException) return error
    log.error(logMessage, error)
    return new ConnectException(message, { cause: error })
  }

  // --- reading ----------------------------------------------------------------------------------------

  #onRecord (record: IncomingRecord): void {
    if (record.key === null) {
      log.error('Discarding config update record with a null key at offset {}', record.offset)
      return
    }
    const key = Buffer.from(record.key).toString('utf8')
    let value: unknown
    try {
      value = parseValue(record.value)
    } catch (error) {
      log.error('Failed to convert config data to Kafka Connect format: ', error)
      return
    }
    // The offset of the next record, as consumer positions count.
    this.#offset = record.offset + 1n
    try {
      if (key.startsWith(TARGET_STATE_PREFIX)) this.#processTargetState(key.slice(TARGET_STATE_PREFIX.length), value)
      else if (key.startsWith(CONNECTOR_PREFIX)) this.#processConnectorConfig(key.slice(CONNECTOR_PREFIX.length), value)
      else if (key.startsWith(TASK_PREFIX)) {
        const id = parseTaskConfigKey(key)
        if (id === null) log.error('Ignoring task configuration because {} couldn\'t be parsed as a task config key', key)
        else this.#processTaskConfig(id, value)
      } else if (key.startsWith(COMMIT_TASKS_PREFIX)) this.#processTasksCommit(key.slice(COMMIT_TASKS_PREFIX.length), value)
      else if (key.startsWith(RESTART_PREFIX)) {
        const request = restartRequestOf(key.slice(RESTART_PREFIX.length), value)
        // Only requests made once this worker caught up: older ones were handled by the workers of their time.
        if (request !== null && this.#started) this.#listener?.onRestartRequest(request)
      } else if (key.startsWith(TASK_COUNT_RECORD_PREFIX)) this.#processTaskCountRecord(key.slice(TASK_COUNT_RECORD_PREFIX.length), value)
      else if (key === SESSION_KEY_KEY) this.#processSessionKey(value)
      else if (key.startsWith(LOGGER_CLUSTER_PREFIX)) this.#processLoggerLevel(key.slice(LOGGER_CLUSTER_PREFIX.length), value)
      else log.error('Discarding config update record with invalid key: {}', key)
    } catch (error) {
      log.error('Unexpected exception reading config record {} at offset {}; skipping it: ', key, record.offset, error)
    }
  }

  #processTargetState (connector: string, value: unknown): void {
    let removed = false
    let changed = true
    if (value === null) {
      // Deleting a connector also writes a tombstone for its target state.
      log.debug('Removed target state for connector {} due to null value in topic.', connector)
      this.#connectorTargetStates.delete(connector)
      removed = true
      // A connector that still has a config always has a target state.
      if (this.#connectorConfigs.has(connector)) this.#connectorTargetStates.set(connector, 'STARTED')
    } else {
      const map = asMap(value)
      if (map === undefined) {
        log.error('Ignoring target state for connector \'{}\' because it is in the wrong format: {}', connector, javaClassName(value))
        return
      }
      let state = map.get('state.v2')
      if (state !== undefined && state !== null && typeof state !== 'string') {
        log.error('Invalid data for target state for connector \'{}\': \'state.v2\' field should be a String but is {}', connector, javaClassName(state))
        // The older "state" field may still hold a usable value.
        state = null
      }
      if (state === undefined || state === null) {
        // Written by a worker older than KIP-875.
        state = map.get('state')
        if (typeof state !== 'string') {
          log.error('Invalid data for target state for connector \'{}\': \'state\' field should be a String but is {}', connector, javaClassName(state))
          return
        }
      }
      if (!TARGET_STATES.has(state as string)) {
        log.error('Invalid target state for connector \'{}\': {}', connector, state)
        return
      }
      log.debug('Setting target state for connector \'{}\' to {}', connector, state)
      changed = this.#connectorTargetStates.get(connector) !== state
      this.#connectorTargetStates.set(connector, state as TargetState)
    }
    // A removed state is told through the connector's own removal; a state written before its
    // connector (POST with initial_state) is told through the connector's creation.
    if (this.#started && !removed && changed && this.#connectorConfigs.has(connector)) this.#listener?.onConnectorTargetStateChange(connector)
  }

  #processConnectorConfig (connector: string, value: unknown): void {
    let removed = false
    if (value === null) {
      this.#processConnectorRemoval(connector)
      log.info('Successfully processed removal of connector \'{}\'', connector)
      removed = true
    } else {
      const map = asMap(value)
      if (map === undefined) {
        log.error('Ignoring configuration for connector \'{}\' because it is in the wrong format: {}', connector, javaClassName(value))
        return
      }
      const properties = map.get('properties')
      if (!(properties instanceof Map)) {
        log.error('Invalid data for config for connector \'{}\': \'properties\' field should be a Map but is {}', connector, javaClassName(properties))
        return
      }
      log.debug('Updating configuration for connector \'{}\'', connector)
      this.#connectorConfigs.set(connector, stringProperties(properties))
      // Connectors created by Connect 0.9 have no target state record.
      if (!this.#connectorTargetStates.has(connector)) this.#connectorTargetStates.set(connector, 'STARTED')
    }
    if (!this.#started) return
    if (removed) this.#listener?.onConnectorConfigRemove(connector)
    else this.#listener?.onConnectorConfigUpdate(connector)
  }

  #processTaskConfig (id: ConnectorTaskId, value: unknown): void {
    const text = `${id.connector}-${id.task}`
    if (value === null) {
      log.error('Ignoring task configuration for task {} because it is unexpectedly null', text)
      return
    }
    const map = asMap(value)
    if (map === undefined) {
      log.error('Ignoring task configuration for task {} because the value is not a Map but is {}', text, javaClassName(value))
      return
    }
    const properties = map.get('properties')
    if (!(properties instanceof Map)) {
      log.error('Invalid data for config of task {} \'properties\' field should be a Map but is {}', text, javaClassName(properties))
      return
    }
    let deferred = this.#deferredTaskUpdates.get(id.connector)
    if (deferred === undefined) {
      deferred = new Map()
      this.#deferredTaskUpdates.set(id.connector, deferred)
    }
    log.debug('Storing new config for task {}; this will wait for a commit message before the new config will take effect.', text)
    deferred.set(id.task, stringProperties(properties))
  }

  #processTasksCommit (connector: string, value: unknown): void {
    const updatedTasks: ConnectorTaskId[] = []
    const connectorConfig = this.#connectorConfigs.get(connector)
    if (connectorConfig === undefined) {
      // The connector was deleted before these task configs were published, and compaction has
      // since removed both its config and the tombstone: the task configs belong to nobody.
      this.#processConnectorRemoval(connector)
      log.debug('Ignoring task configs for connector {}; it appears that the connector was deleted previously and that log compaction ' +
        'has since removed any trace of its previous configurations from the config topic', connector)
      return
    }
    const map = asMap(value)
    if (map === undefined) {
      log.error('Ignoring connector tasks configuration commit for connector \'{}\' because it is in the wrong format: {}', connector, javaClassName(value))
      return
    }
    const deferred = this.#deferredTaskUpdates.get(connector)
    let taskCount: number
    try {
      taskCount = intValue(map.get('tasks'))
    } catch {
      log.error('Ignoring connector tasks configuration commit for connector \'{}\': \'tasks\' should be an integer but is {}', connector, javaClassName(map.get('tasks')))
      return
    }
    // Only the tasks the commit names must be there: after compaction, configs of tasks beyond the
    // count (from an earlier, larger commit) may remain, and are harmless.
    if (!completeTaskIdSet(deferred, taskCount)) {
      log.debug('We have an incomplete set of task configs for connector \'{}\' probably due to compaction. So we are not doing anything ' +
        'with the new configuration.', connector)
      this.#inconsistent.add(connector)
    } else {
      if (deferred !== undefined) {
        for (const [task, config] of deferred) {
          this.#taskConfigs.set(taskKey({ connector, task }), config)
          updatedTasks.push({ connector, task })
        }
        const generation = this.#connectorTaskConfigGenerations.get(connector)
        this.#connectorTaskConfigGenerations.set(connector, generation === undefined ? 0 : generation + 1)
      }
      this.#inconsistent.delete(connector)
      this.#appliedConnectorConfigs.set(connector, connectorConfig)
    }
    // Cleared even when not applied: an inconsistent update must be followed by a complete fresh set.
    deferred?.clear()
    this.#connectorTaskCounts.set(connector, taskCount)
    // Task configs after the latest task-count record need a round of zombie fencing first (KIP-618).
    this.#connectorsPendingFencing.add(connector)
    if (this.#started) this.#listener?.onTaskConfigUpdate(updatedTasks)
  }

  #processTaskCountRecord (connector: string, value: unknown): void {
    const map = asMap(value)
    if (map === undefined) {
      log.error('Ignoring task count record for connector \'{}\' because it is in the wrong format: {}', connector, javaClassName(value))
      return
    }
    let taskCount: number
    try {
      taskCount = intValue(map.get('task-count'))
    } catch {
      log.error('Ignoring task count record for connector \'{}\': \'task-count\' should be an integer but is {}', connector, javaClassName(map.get('task-count')))
      return
    }
    log.debug('Setting task count record for connector \'{}\' to {}', connector, taskCount)
    this.#connectorTaskCountRecords.set(connector, taskCount)
    // A task-count record after the latest task configs: no fencing needed before starting them.
    this.#connectorsPendingFencing.delete(connector)
  }

  #processSessionKey (value: unknown): void {
    if (value === null) {
      log.error('Ignoring session key because it is unexpectedly null')
      return
    }
    const map = asMap(value)
    if (map === undefined) {
      log.error('Ignoring session key because the value is not a Map but is {}', javaClassName(value))
      return
    }
    const key = map.get('key')
    if (typeof key !== 'string') {
      log.error('Invalid data for session key \'key\' field should be a String but is {}', javaClassName(key))
      return
    }
    const algorithm = map.get('algorithm')
    if (typeof algorithm !== 'string') {
      log.error('Invalid data for session key \'algorithm\' field should be a String but it is {}', javaClassName(algorithm))
      return
    }
    const creationTimestamp = map.get('creation-timestamp')
    if (typeof creationTimestamp !== 'bigint') {
      log.error('Invalid data for session key \'creation-timestamp\' field should be a long but it is {}', javaClassName(creationTimestamp))
      return
    }
    this.#sessionKey = { key: new Uint8Array(Buffer.from(key, 'base64')), algorithm, creationTimestamp: Number(creationTimestamp) }
    if (this.#started) this.#listener?.onSessionKeyUpdate(this.#sessionKey)
  }

  #processLoggerLevel (namespace: string, value: unknown): void {
    if (value === null) {
      log.error('Ignoring logging level for namespace {} because it is unexpectedly null', namespace)
      return
    }
    const map = asMap(value)
    if (map === undefined) {
      log.error('Ignoring logging level for namespace {} because the value is not a Map but is {}', namespace, javaClassName(value))
      return
    }
    const level = map.get('level')
    if (typeof level !== 'string') {
      log.error('Invalid data for logging level key \'level\' field with namespace {}; should be a String but it is {}', namespace, javaClassName(level))
      return
    }
    // Levels written before this worker started were meant for the workers of that time.
    if (this.#started) this.#listener?.onLoggingLevelUpdate(namespace, level)
    else log.trace('Ignoring old logging level {} for namespace {} that was written to the config topic before this worker completed startup', level, namespace)
  }

  #processConnectorRemoval (connector: string): void {
    this.#connectorConfigs.delete(connector)
    this.#connectorTaskCounts.delete(connector)
    for (const key of [...this.#taskConfigs.keys()]) if (key.startsWith(connector + '\u0000')) this.#taskConfigs.delete(key)
    this.#deferredTaskUpdates.delete(connector)
    this.#appliedConnectorConfigs.delete(connector)
  }
}

/** Whether tasks 0..count-1 all have a deferred config. */
function completeTaskIdSet (deferred: ReadonlyMap<number, unknown> | undefined, count: number): boolean {
  const size = deferred?.size ?? 0
  if (size < count) return false
  for (let task = 0; task < count; task++) if (deferred?.has(task) !== true) return false
  return true
}

/** A properties map read from JSON as a string record (a null value is left out; other values as text). */
function stringProperties (properties: Map<unknown, unknown>): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [key, value] of properties) {
    if (value === null || value === undefined) continue
    // defineProperty, so a key named "__proto__" is a key.
    Object.defineProperty(result, String(key), { value: String(value), enumerable: true, writable: true, configurable: true })
  }
  return result
}

/** A restart request read from its record, with Kafka's defaults for malformed fields; null when not an object. */
function restartRequestOf (connector: string, value: unknown): ConnectorRestartRequest | null {
  const map = asMap(value)
  if (map === undefined) {
    log.error('Ignoring restart request because the value is not a Map but is {}', javaClassName(value))
    return null
  }
  const failed = map.get(ONLY_FAILED_FIELD_NAME)
  let onlyFailed = false
  if (typeof failed !== 'boolean') {
    log.warn('Invalid data for restart request \'{}\' field should be a Boolean but is {}, defaulting to {}', ONLY_FAILED_FIELD_NAME, javaClassName(failed), false)
  } else {
    onlyFailed = failed
  }
  const withTasks = map.get(INCLUDE_TASKS_FIELD_NAME)
  let includeTasks = false
  if (typeof withTasks !== 'boolean') {
    log.warn('Invalid data for restart request \'{}\' field should be a Boolean but is {}, defaulting to {}', INCLUDE_TASKS_FIELD_NAME, javaClassName(withTasks), false)
  } else {
    includeTasks = withTasks
  }
  return { connector, onlyFailed, includeTasks }
}

/** Kafka's RestartRequest.toString(). */
function restartRequestText (request: ConnectorRestartRequest): string {
  return `restart request for {connectorName='${request.connector}', onlyFailed=${request.onlyFailed}, includeTasks=${request.includeTasks}}`
}

function remaining (deadline: number): number {
  return Math.max(0, deadline - Date.now())
}

async function withDeadline<T> (promise: Promise<T>, deadline: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(message)), remaining(deadline))
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
