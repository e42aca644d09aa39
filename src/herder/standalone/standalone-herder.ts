// The standalone herder (Kafka's StandaloneHerder and AbstractHerder): one worker, connector
// configurations in memory, statuses in memory, offsets in the worker's offset store. It turns
// REST API and command-line requests into worker actions, one change at a time, and records what
// connectors and tasks report. Messages and status codes are Kafka Connect's.

import { ConnectException, NotFoundException, AlreadyExistsException } from '../../api/errors.ts'
import type { ConfigKeyInfo, ConfigInfos } from '../../api/config/config-infos.ts'
import { TopicPartitionMap } from '../../api/sink/topic-partition.ts'
import { getLogger } from '../../logging/index.ts'
import { ConnectorConfig } from '../../runtime/config/connector-config.ts'
import type { OffsetMap } from '../../storage/offset-utils.ts'
import { javaHashMapOrder, javaStringHashCode } from '../../runtime/java-hash-order.ts'
import { traceOf } from '../../runtime/stack-trace.ts'
import type { ConnectorStatusListener, TaskStatusListener } from '../../runtime/status-listener.ts'
import { taskIdText } from '../../runtime/status-listener.ts'
import { kconnectCommit, KCONNECT_VERSION } from '../../runtime/version.ts'
import type { Worker } from '../../runtime/worker.ts'
import { MemoryConfigBackingStore } from '../../storage/memory-config-store.ts'
import { MemoryStatusBackingStore, type StatusState } from '../../storage/memory-status-store.ts'
import { BadRequestException } from '../errors.ts'
import type {
  ActiveTopics, ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, ConnectorTaskId, Herder,
  PluginInfo, PutConnectorOptions, PutConnectorResult, RestartRequest, ServerInfo, TargetState, TaskInfo, TaskMetrics, TaskStatus,
} from '../herder.ts'
import { pluginConfigKeys } from '../plugin-config.ts'
import { boundedTransition } from '../bounded-transition.ts'
import { ConnectorTypes, patchConfig, sameConfig } from '../connector-configs.ts'
import { activeTopicsOf, connectorStateInfo, connectorStatusOf, resetActiveTopics, taskStateInfo, taskStatusOf } from '../connector-status.ts'
import { invalidConfigMessage, validateConnectorConfig, type ConnectorProps } from './connector-validation.ts'

const log = getLogger('org.apache.kafka.connect.runtime.standalone.StandaloneHerder')

/** What a standalone herder is built from. */
export interface StandaloneHerderOptions {
  readonly worker: Worker
  /** Shared with the worker, which records active topics in it. */
  readonly statusStore: MemoryStatusBackingStore
  readonly configStore?: MemoryConfigBackingStore
  /** How long a request waits for a connector's start() or stop() (60 s, below the REST API's 90 s). */
  readonly transitionTimeoutMs?: number
}

/** Herds the connectors of one standalone worker. */
export class StandaloneHerder implements Herder, ConnectorStatusListener, TaskStatusListener {
  readonly worker: Worker
  readonly #configs: MemoryConfigBackingStore
  readonly #statuses: MemoryStatusBackingStore
  readonly #connectorTypes: ConnectorTypes
  readonly #transitionTimeoutMs: number
  #queue: Promise<unknown> = Promise.resolve()
  #state: 'starting' | 'healthy' | 'stopping' | 'stopped' = 'starting'
  /** Set by ready(): start-up, the command line's connectors included, is complete. */
  #ready = false

  constructor (options: StandaloneHerderOptions) {
    this.worker = options.worker
    this.#statuses = options.statusStore
    this.#configs = options.configStore ?? new MemoryConfigBackingStore()
    this.#transitionTimeoutMs = options.transitionTimeoutMs ?? 60000
    this.#connectorTypes = new ConnectorTypes(options.worker)
  }

  // --- life cycle -------------------------------------------------------------------------------

  async start (): Promise<void> {
    log.info('Herder starting')
    await this.worker.start()
    this.#state = 'healthy'
    log.info('Herder started')
  }

  async stop (): Promise<void> {
    if (this.#state === 'stopping' || this.#state === 'stopped') return
    log.info('Herder stopping')
    this.#state = 'stopping'
    await this.#exclusive(async () => {
      for (const name of this.#configs.connectors()) {
        await this.#removeConnectorTasks(name)
        await this.worker.stopAndAwaitConnector(name)
      }
    })
    await this.worker.stop()
    this.#state = 'stopped'
    log.info('Herder stopped')
  }

  /**
   * Start-up is complete (Kafka's AbstractHerder.ready(), which ConnectStandalone calls once the
   * connectors of its command line exist). Until then health() says 'starting', though requests
   * are served, so a probe does not send traffic to a worker still creating its connectors.
   */
  ready (): void {
    this.#ready = true
  }

  health (): { status: 'healthy' | 'starting' | 'unhealthy', message: string } {
    switch (this.#state) {
      case 'starting': return { status: 'starting', message: 'Worker is still starting up.' }
      case 'healthy': return this.#ready
        ? { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' }
        : { status: 'starting', message: 'Worker is still starting up.' }
      default: return { status: 'unhealthy', message: 'Worker was unable to handle this request and may be unable to handle other requests. The worker is shutting down.' }
    }
  }

  async serverInfo (): Promise<ServerInfo> {
    return { version: KCONNECT_VERSION, commit: kconnectCommit(), kafka_cluster_id: await this.worker.log.clusterId() }
  }

  // --- connectors and their configurations ------------------------------------------------------

  async connectors (): Promise<string[]> {
    // Kafka lists them from a HashMap; its order is what tools saw.
    return javaHashMapOrder(this.#configs.connectors(), javaStringHashCode)
  }

  async connectorInfo (name: string): Promise<ConnectorInfo> {
    const info = this.#connectorInfo(name)
    if (info === null) throw new NotFoundException(`Connector ${name} not found`)
    return info
  }

  async connectorConfig (name: string): Promise<Record<string, string>> {
    return (await this.connectorInfo(name)).config
  }

  async putConnectorConfig (name: string, config: Record<string, string>, options: PutConnectorOptions): Promise<PutConnectorResult> {
    const infos = await this.validateConnectorConfig(config)
    return await this.#exclusive(() => this.#putConnectorConfig(name, config, options.initialState ?? null, options.allowReplace, infos))
  }

  async patchConnectorConfig (name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    const existing = this.#configs.connectorConfig(name)
    if (existing === undefined) throw new NotFoundException(`Connector ${name} not found`)
    const ordered = patchConfig(existing, patch)
    const infos = await this.validateConnectorConfig(ordered)
    const result = await this.#exclusive(() => this.#putConnectorConfig(name, ordered, null, true, infos))
    return result.info
  }

  async deleteConnector (name: string): Promise<void> {
    await this.#exclusive(async () => {
      if (!this.#configs.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
      await this.#removeConnectorTasks(name)
      await this.worker.stopAndAwaitConnector(name)
      this.#configs.removeConnectorConfig(name)
      this.#onDeletion(name)
    })
  }

  async #putConnectorConfig (name: string, config: Record<string, string>, initialState: TargetState | null,
    allowReplace: boolean, infos: ConfigInfos): Promise<PutConnectorResult> {
    if (infos.error_count > 0) throw new BadRequestException(invalidConfigMessage(infos))
    let created: boolean
    if (this.#configs.contains(name)) {
      if (!allowReplace) throw new AlreadyExistsException(`Connector ${name} already exists`)
      await this.worker.stopAndAwaitConnector(name)
      created = false
    } else {
      created = true
    }
    this.#configs.putConnectorConfig(name, config, initialState)
    await this.#startConnector(name)
    await this.#updateConnectorTasks(name)
    return { created, info: this.#connectorInfo(name) as ConnectorInfo }
  }

  // --- statuses -----------------------------------------------------------------------------------

  async connectorStatus (name: string): Promise<ConnectorStateInfo> {
    return connectorStateInfo(this.#statuses, name, () => this.#connectorTypes.of(this.#configs.connectorConfig(name)))
  }

  async taskStatus (name: string, task: number): Promise<TaskStatus> {
    return taskStateInfo(this.#statuses, name, task)
  }

  async taskMetrics (name: string, task: number): Promise<TaskMetrics> {
    if (!this.#configs.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
    const metrics = this.worker.taskMetrics({ connector: name, task })
    if (metrics === null) throw new NotFoundException(`Task ${name}-${task} is not running on this worker, so it has no metrics`)
    return metrics
  }

  async taskConfigs (name: string): Promise<TaskInfo[]> {
    if (!this.#configs.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
    return this.#configs.tasks(name).map(id => ({ id, config: this.#configs.taskConfig(id) ?? {} }))
  }

  // --- restarts and target states -----------------------------------------------------------------

  async restartConnector (name: string, request: RestartRequest): Promise<ConnectorStateInfo | null> {
    if (!request.includeTasks && !request.onlyFailed) {
      await this.#exclusive(async () => {
        if (!this.#configs.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
        await this.worker.stopAndAwaitConnector(name)
        await this.#startConnector(name)
        if (this.#configs.targetState(name) === 'STARTED') await this.#updateConnectorTasks(name)
      })
      return null
    }
    return await this.#exclusive(async () => {
      if (!this.#configs.contains(name)) throw new NotFoundException(`Unknown connector: ${name}`)
      const connectorStatus = this.#statuses.connector(name)
      if (connectorStatus === undefined) throw new NotFoundException(`Status for connector ${name} not found`)
      const restartConnector = !request.onlyFailed || connectorStatus.state === 'FAILED'
      const tasksToRestart = this.#statuses.tasks(name)
        .filter(([, status]) => request.includeTasks && (!request.onlyFailed || status.state === 'FAILED'))
        .map(([task]) => task)
      // The answer shows the plan: what is about to restart is RESTARTING.
      const plan: ConnectorStateInfo = {
        name,
        connector: connectorStatusOf(restartConnector ? { ...connectorStatus, state: 'RESTARTING' } : connectorStatus),
        tasks: this.#statuses.tasks(name).map(([task, status]) =>
          taskStatusOf(task, tasksToRestart.includes(task) ? { ...status, state: 'RESTARTING' } : status)),
        type: this.#connectorTypes.of(this.#configs.connectorConfig(name)),
      }
      log.info('Received restart request for {connectorName=\'{}\', onlyFailed={}, includeTasks={}}', name, request.onlyFailed, request.includeTasks)
      if (restartConnector) {
        await this.worker.stopAndAwaitConnector(name)
        this.#putConnectorStatus(name, 'RESTARTING', null)
      }
      if (tasksToRestart.length > 0) {
        const ids = tasksToRestart.map(task => ({ connector: name, task }))
        await this.worker.stopAndAwaitTasks(ids)
        for (const id of ids) this.#putTaskStatus(id, 'RESTARTING', null)
      }
      if (restartConnector) {
        try {
          await this.#startConnector(name)
          log.info('Connector \'{}\' restart successful', name)
        } catch (error) {
          log.error('Connector \'{}\' restart failed', name, error)
        }
      }
      const connectorProps = this.#configs.connectorConfig(name) as Record<string, string>
      for (const task of tasksToRestart) this.#startTask({ connector: name, task }, connectorProps)
      return plan
    })
  }

  async restartTask (name: string, task: number): Promise<void> {
    await this.#exclusive(async () => {
      if (!this.#configs.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
      const id = { connector: name, task }
      if (this.#configs.taskConfig(id) === undefined) throw new NotFoundException(`Task ${taskIdText(id)} not found`)
      await this.worker.stopAndAwaitTask(id)
      if (!this.#startTask(id, this.#configs.connectorConfig(name) as Record<string, string>)) {
        throw new ConnectException(`Failed to start task: ${taskIdText(id)}`)
      }
    })
  }

  async pauseConnector (name: string): Promise<void> {
    await this.#setTargetState(name, 'PAUSED')
  }

  async resumeConnector (name: string): Promise<void> {
    await this.#setTargetState(name, 'STARTED')
  }

  async stopConnector (name: string): Promise<void> {
    await this.#exclusive(async () => {
      // As in Kafka's standalone mode, an unknown connector fails here with an internal error.
      if (!this.#configs.contains(name)) throw new ConnectException(`No connector \`${name}\` configured`)
      await this.#removeConnectorTasks(name)
      if (this.#configs.targetState(name) !== 'STOPPED') {
        this.#configs.putTargetState(name, 'STOPPED')
        await this.#applyTargetState(name, 'STOPPED')
      }
    })
  }

  async #setTargetState (name: string, state: TargetState): Promise<void> {
    await this.#exclusive(async () => {
      if (!this.#configs.contains(name)) throw new NotFoundException(`Unknown connector ${name}`)
      if (this.#configs.targetState(name) !== state) {
        this.#configs.putTargetState(name, state)
        await this.#applyTargetState(name, state)
      }
    })
  }

  async #applyTargetState (name: string, state: TargetState): Promise<void> {
    try {
      await this.#bounded(this.worker.setTargetState(name, state), name, `reach the ${state} state`)
    } catch (error) {
      log.error('Failed to transition connector {} to target state {}', name, state, error)
      return
    }
    if (state === 'STARTED') await this.#updateConnectorTasks(name)
  }

  /** Called (through the connector's context) when a connector asks for new task configurations. */
  requestTaskReconfiguration (name: string): void {
    void this.#exclusive(async () => {
      if (!this.worker.connectorNames().includes(name)) {
        log.error('Task that requested reconfiguration does not exist: {}', name)
        return
      }
      await this.#updateConnectorTasks(name)
    }).catch(error => log.error('Failed to reconfigure the tasks of connector {}', name, error))
  }

  // --- active topics ------------------------------------------------------------------------------

  async connectorActiveTopics (name: string): Promise<ActiveTopics> {
    return activeTopicsOf(this.worker.config, this.#statuses, name)
  }

  async resetConnectorActiveTopics (name: string): Promise<void> {
    resetActiveTopics(this.worker.config, this.#statuses, name)
  }

  // --- offsets (KIP-875) ------------------------------------------------------------------------

  async connectorOffsets (name: string): Promise<ConnectorOffsets> {
    const config = this.#configs.connectorConfig(name)
    if (config === undefined) throw new NotFoundException(`Connector ${name} not found`)
    return await this.worker.connectorOffsets(name, config)
  }

  async alterConnectorOffsets (name: string, offsets: ConnectorOffsets): Promise<string> {
    requireOffsetsToAlter(offsets)
    return await this.#modifyOffsets(name, offsets)
  }

  async resetConnectorOffsets (name: string): Promise<string> {
    return await this.#modifyOffsets(name, null)
  }

  async #modifyOffsets (name: string, offsets: ConnectorOffsets | null): Promise<string> {
    return await this.#exclusive(async () => {
      const config = this.#configs.connectorConfig(name)
      if (config === undefined) throw new NotFoundException(`Connector ${name} not found`)
      if (this.#configs.targetState(name) !== 'STOPPED' || this.#configs.taskCount(name) !== 0) {
        throw new BadRequestException('Connectors must be in the STOPPED state before their offsets can be modified. This can be done ' +
          `for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`)
      }
      if (this.#connectorTypes.of(config) === 'sink') {
        return await this.worker.modifySinkConnectorOffsets(name, config, offsets === null ? null : parseSinkConnectorOffsets(offsets))
      }
      return await this.worker.modifySourceConnectorOffsets(name, config, offsets === null ? null : parseSourceConnectorOffsets(offsets))
    })
  }

  // --- validation and plugins ---------------------------------------------------------------------

  async validateConnectorConfig (config: Record<string, string>): Promise<ConfigInfos> {
    return await validateConnectorConfig({ registry: this.worker.registry, workerConfig: this.worker.config }, config as ConnectorProps)
  }

  async plugins (connectorsOnly: boolean): Promise<PluginInfo[]> {
    return this.worker.registry.pluginInfos(connectorsOnly)
  }

  async pluginConfig (pluginName: string): Promise<ConfigKeyInfo[]> {
    return pluginConfigKeys(this.worker.registry, pluginName)
  }

  // --- status listener ------------------------------------------------------------------------------

  onStartup (nameOrId: string | ConnectorTaskId): void {
    this.#report(nameOrId, 'RUNNING', null)
  }

  onPause (nameOrId: string | ConnectorTaskId): void {
    this.#report(nameOrId, 'PAUSED', null)
  }

  onResume (nameOrId: string | ConnectorTaskId): void {
    this.#report(nameOrId, 'RUNNING', null)
  }

  onStop (name: string): void {
    this.#putConnectorStatus(name, 'STOPPED', null)
  }

  onShutdown (nameOrId: string | ConnectorTaskId): void {
    this.#report(nameOrId, 'UNASSIGNED', null)
  }

  onFailure (nameOrId: string | ConnectorTaskId, error: unknown): void {
    this.#report(nameOrId, 'FAILED', traceOf(error))
  }

  #report (nameOrId: string | ConnectorTaskId, state: StatusState, trace: string | null): void {
    if (typeof nameOrId === 'string') this.#putConnectorStatus(nameOrId, state, trace)
    else this.#putTaskStatus(nameOrId, state, trace)
  }

  #putConnectorStatus (name: string, state: StatusState, trace: string | null): void {
    this.#statuses.putConnector(name, { state, trace, workerId: this.worker.workerId, generation: 0, version: this.worker.connectorVersion(name) })
  }

  #putTaskStatus (id: ConnectorTaskId, state: StatusState, trace: string | null): void {
    this.#statuses.putTask(id.connector, id.task, { state, trace, workerId: this.worker.workerId, generation: 0, version: this.worker.taskVersion(id) })
  }

  #onDeletion (name: string): void {
    for (const [task] of this.#statuses.tasks(name)) this.#putTaskStatus({ connector: name, task }, 'DESTROYED', null)
    this.#putConnectorStatus(name, 'DESTROYED', null)
  }

  // --- the worker side ------------------------------------------------------------------------------

  async #startConnector (name: string): Promise<void> {
    const config = this.#configs.connectorConfig(name) as Record<string, string>
    const targetState = this.#configs.targetState(name)
    await this.#bounded(this.worker.startConnector(name, config, this, this, targetState), name, `reach the ${targetState} state`)
  }

  /** Asks the connector for task configs and, when they changed, replaces its tasks. */
  async #updateConnectorTasks (name: string): Promise<void> {
    if (!this.worker.isRunning(name)) {
      log.info('Skipping update of tasks for connector {} since it is not running', name)
      return
    }
    if (this.#configs.targetState(name) !== 'STARTED') {
      log.info('Skipping update of tasks for connector {} since its target state is {}', name, this.#configs.targetState(name))
      return
    }
    const config = this.#configs.connectorConfig(name) as Record<string, string>
    let taskConfigs: Array<Record<string, string>>
    try {
      const kind = this.worker.isSinkConnector(name) ? 'sink' : 'source'
      taskConfigs = await this.worker.connectorTaskConfigs(name, new ConnectorConfig(this.worker.registry, kind, config, this.worker.config.topicCreationEnable()))
    } catch (error) {
      log.error('Failed to generate the task configurations of connector {}', name, error)
      this.onFailure(name, error)
      return
    }
    if (this.#taskConfigsChanged(name, taskConfigs)) {
      await this.#removeConnectorTasks(name)
      this.#configs.putTaskConfigs(name, taskConfigs)
      for (const id of this.#configs.tasks(name)) this.#startTask(id, config)
    }
  }

  #taskConfigsChanged (name: string, taskConfigs: ReadonlyArray<Record<string, string>>): boolean {
    const current = this.#configs.tasks(name)
    if (current.length !== taskConfigs.length) return true
    for (let i = 0; i < current.length; i++) {
      if (!sameConfig(this.#configs.taskConfig(current[i]) ?? {}, taskConfigs[i])) return true
    }
    const applied = this.#configs.appliedConnectorConfig(name)
    return applied === null || !sameConfig(applied, this.#configs.connectorConfig(name) ?? {})
  }

  async #removeConnectorTasks (name: string): Promise<void> {
    const tasks = this.#configs.tasks(name)
    if (tasks.length === 0) return
    await this.worker.stopAndAwaitTasks(tasks)
    this.#configs.removeTaskConfigs(name)
    for (const id of tasks) this.#putTaskStatus(id, 'DESTROYED', null)
  }

  #startTask (id: ConnectorTaskId, connectorProps: Record<string, string>): boolean {
    const taskConfig = this.#configs.taskConfig(id)
    if (taskConfig === undefined) return false
    const latest = (): Record<string, string> => this.#configs.taskConfig(id) ?? taskConfig
    const targetState = this.#configs.targetState(id.connector)
    const count = this.#configs.taskCount(id.connector)
    switch (this.#connectorTypes.of(connectorProps)) {
      case 'sink': return this.worker.startSinkTask(id, connectorProps, taskConfig, this, targetState, count, latest)
      case 'source': return this.worker.startSourceTask(id, connectorProps, taskConfig, this, targetState, count, latest)
      default:
        this.onFailure(id, new ConnectException(`Failed to start task ${taskIdText(id)} since it is not a recognizable type (source or sink)`))
        return false
    }
  }

  #connectorInfo (name: string): ConnectorInfo | null {
    const config = this.#configs.connectorConfig(name)
    if (config === undefined) return null
    return { name, config, tasks: this.#configs.tasks(name), type: this.#connectorTypes.of(config) }
  }

  /** Waits for a connector's transition, but not forever (see bounded-transition.ts). */
  async #bounded (transition: Promise<void>, name: string, what: string): Promise<void> {
    await boundedTransition(transition, name, what, this.#transitionTimeoutMs, log)
  }

  /** Runs `fn` after every change before it, so changes never interleave (Kafka's herder is synchronized). */
  #exclusive<T> (fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.catch(() => {}).then(fn)
    this.#queue = run
    return run
  }
}

/** Refuses an alter offsets request that names no partition, with Kafka's message. */
export function requireOffsetsToAlter (offsets: ConnectorOffsets | null | undefined): void {
  if (offsets === null || offsets === undefined || !Array.isArray(offsets.offsets) || offsets.offsets.length === 0) {
    throw new BadRequestException('Partitions / offsets need to be provided for an alter offsets request')
  }
}

/**
 * The offsets of an alter request for a sink connector, checked as Kafka's
 * SinkUtils.parseSinkConnectorOffsets does: {kafka_topic, kafka_partition} -> {kafka_offset} or null.
 */
export function parseSinkConnectorOffsets (offsets: ConnectorOffsets): TopicPartitionMap<bigint | null> {
  const result = new TopicPartitionMap<bigint | null>()
  for (const entry of offsets.offsets) {
    const partition = entry?.partition as Record<string, unknown> | null | undefined
    if (partition === null || partition === undefined) throw new BadRequestException('The partition for a sink connector offset cannot be null or missing')
    if (!('kafka_topic' in partition) || !('kafka_partition' in partition)) {
      throw new BadRequestException('The partition for a sink connector offset must contain the keys \'kafka_topic\' and \'kafka_partition\'')
    }
    if (partition.kafka_topic === null) throw new BadRequestException('Kafka topic names must be valid strings and may not be null')
    if (partition.kafka_partition === null) throw new BadRequestException('Kafka partitions must be valid numbers and may not be null')
    const topic = String(partition.kafka_topic)
    const partitionText = String(partition.kafka_partition)
    const partitionNumber = /^[+-]?\d+$/.test(partitionText) ? Number(partitionText) : NaN
    if (!Number.isInteger(partitionNumber) || partitionNumber < -2147483648 || partitionNumber > 2147483647) {
      throw new BadRequestException(`Failed to parse the following Kafka partition value in the provided offsets: '${partitionText}'. ` +
        'Partition values for sink connectors need to be integers.')
    }
    const offset = entry.offset as Record<string, unknown> | null | undefined
    if (offset === null || offset === undefined) {
      result.set({ topic, partition: partitionNumber }, null)
      continue
    }
    if (!('kafka_offset' in offset)) {
      throw new BadRequestException('The offset for a sink connector should either be null or contain the key \'kafka_offset\'')
    }
    const offsetText = String(offset.kafka_offset)
    if (!/^[+-]?\d+$/.test(offsetText) || BigInt(offsetText) > 9223372036854775807n || BigInt(offsetText) < -9223372036854775808n) {
      throw new BadRequestException(`Failed to parse the following Kafka offset value in the provided offsets: '${offsetText}'. ` +
        'Offset values for sink connectors need to be integers.')
    }
    result.set({ topic, partition: partitionNumber }, BigInt(offsetText))
  }
  return result
}

/** The offsets of an alter request for a source connector: partition and offset maps (offset null resets). */
export function parseSourceConnectorOffsets (offsets: ConnectorOffsets): Array<{ partition: OffsetMap, offset: OffsetMap | null }> {
  return offsets.offsets.map(entry => ({
    partition: (entry?.partition ?? {}) as OffsetMap,
    offset: (entry?.offset ?? null) as OffsetMap | null,
  }))
}
