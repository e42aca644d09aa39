// The distributed herder (Kafka's DistributedHerder): one worker of a Connect cluster. Workers
// with the same group.id form a group on the Kafka broker; the group's leader (chosen by the
// broker) assigns connectors and tasks to workers, and is the only worker that writes connector
// and task configs to the config topic. Every worker reads the config topic, runs what it was
// assigned, and writes statuses to the status topic.
//
// One loop does the herder's work, as Kafka's herder thread does: keep the membership active
// (rejoining runs the rebalance callbacks), start what an assignment gave this worker, run the
// queued requests (REST calls, task reconfigurations, retries) one at a time, apply config
// changes read from the config topic (a changed connector is restarted alone; new task configs
// take a rebalance), then wait for group activity, a request or a config change. Requests that
// need the leader, or the owner of a connector, fail here with NotLeaderException /
// NotAssignedException and the REST layer forwards them (src/rest/server.ts).

import { randomBytes } from 'node:crypto'
import { AlreadyExistsException, ConnectException, NotFoundException } from '../../api/errors.ts'
import type { ConfigInfos, ConfigKeyInfo } from '../../api/config/config-infos.ts'
import { getLogger, loggers } from '../../logging/index.ts'
import { producerConfigs } from '../../runtime/client-configs.ts'
import { ConnectorConfig } from '../../runtime/config/connector-config.ts'
import type { DistributedConfig } from '../../runtime/config/distributed-config.ts'
import { javaHashMapOrder, javaStringHashCode } from '../../runtime/java-hash-order.ts'
import { messageOf, traceOf } from '../../runtime/stack-trace.ts'
import { taskIdText, type ConnectorStatusListener, type TaskStatusListener } from '../../runtime/status-listener.ts'
import { fenceZombies } from '../../runtime/source/exactly-once-fencing.ts'
import { kconnectCommit, KCONNECT_VERSION } from '../../runtime/version.ts'
import type { Worker } from '../../runtime/worker.ts'
import {
  ClusterConfigState, taskKey, type ConfigBackingStore, type ConfigUpdateListener, type ConnectorRestartRequest, type SessionKey,
} from '../../storage/config-backing-store.ts'
import type { Status, StatusBackingStore, StatusState } from '../../storage/status-backing-store.ts'
import { BadRequestException, ConflictException, ConnectRestException, NotAssignedException, NotLeaderException, RebalanceNeededException } from '../errors.ts'
import type {
  ActiveTopics, ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, ConnectorTaskId, Herder,
  PluginInfo, PutConnectorOptions, PutConnectorResult, RequestSignature, RestartRequest, ServerInfo, TargetState, TaskInfo, TaskMetrics, TaskStatus,
} from '../herder.ts'
import { invalidConfigMessage, validateConnectorConfig, type ConnectorProps } from '../standalone/connector-validation.ts'
import { parseSinkConnectorOffsets, parseSourceConnectorOffsets, requireOffsetsToAlter } from '../standalone/standalone-herder.ts'
import { boundedTransition } from '../bounded-transition.ts'
import { ConnectorTypes, patchConfig, sameConfig } from '../connector-configs.ts'
import { activeTopicsOf, connectorStateInfo, connectorStatusOf, forgetActiveTopics, resetActiveTopics, taskStateInfo, taskStatusOf } from '../connector-status.ts'
import { pluginConfigKeys } from '../plugin-config.ts'
import { distributedValidationChecks } from './distributed-validation.ts'
import type { WorkerGroupMember, WorkerRebalanceListener } from './group-member.ts'
import { assignmentFailed, type ConnectAssignment } from './protocol/connect-protocol.ts'
import { RequestQueue } from './request-queue.ts'
import { workerRequest, workerUrl } from './worker-client.ts'

const log = getLogger('org.apache.kafka.connect.runtime.distributed.DistributedHerder')

const RECONFIGURE_CONNECTOR_TASKS_BACKOFF_INITIAL_MS = 250
const RECONFIGURE_CONNECTOR_TASKS_BACKOFF_MAX_MS = 60000
const CONFIG_TOPIC_WRITE_PRIVILEGES_BACKOFF_MS = 250
const BACKOFF_RETRIES = 5
/** How long the loop waits for group activity when nothing is scheduled (it wakes on any event anyway). */
const IDLE_POLL_MS = 30000
/** How long stop() lets the loop finish what it is doing before it leaves the group to interrupt it. */
const STOP_GRACE_MS = 5000
/** Config provider references, as Kafka's ConfigTransformer.DEFAULT_PATTERN finds them. */
const VARIABLE_PATTERN = /\$\{([^}]*?):(([^}]*?):)?([^}]*?)\}/

/** What a distributed herder is built from. */
export interface DistributedHerderOptions {
  readonly config: DistributedConfig
  readonly worker: Worker
  readonly configStore: ConfigBackingStore
  readonly statusStore: StatusBackingStore
  /** This worker's advertised REST URL, ending in '/' (what other workers forward to). */
  readonly restUrl: string
  /** Creates this worker's group membership, which reports rebalances to `listener`. */
  readonly createMember: (listener: WorkerRebalanceListener) => WorkerGroupMember
  /** How long a request waits for a connector's start() or stop() (60 s, below the REST API's 90 s). */
  readonly transitionTimeoutMs?: number
}

/** What this worker runs, as of its last completed rebalance (Kafka's runningAssignment). */
interface RunningWork {
  readonly connectors: Set<string>
  /** By taskKey(). */
  readonly tasks: Map<string, ConnectorTaskId>
}

/** Herds the connectors of a Connect cluster, as one of its workers. */
export class DistributedHerder implements Herder, ConnectorStatusListener, TaskStatusListener {
  readonly worker: Worker
  readonly config: DistributedConfig
  readonly #configStore: ConfigBackingStore
  readonly #statusStore: StatusBackingStore
  readonly #member: WorkerGroupMember
  readonly #restUrl: string
  readonly #workerId: string
  readonly #transitionTimeoutMs: number
  readonly #requests = new RequestQueue()
  readonly #connectorTypes: ConnectorTypes

  #configState: ClusterConfigState = ClusterConfigState.EMPTY
  #assignment: ConnectAssignment | null = null
  /** Whether the current assignment revoked work, so a follow-up rebalance must hand it on. */
  #assignmentRevokes = false
  #running: RunningWork = { connectors: new Set(), tasks: new Map() }
  #tasksToRestart = new Map<string, ConnectorTaskId>()
  #generation = -1
  #rebalanceResolved = true
  #needsReconfigRebalance = false
  #connectorConfigUpdates = new Set<string>()
  #taskConfigUpdates = new Map<string, ConnectorTaskId>()
  #targetStateChanges = new Set<string>()
  readonly #pendingRestarts = new Map<string, ConnectorRestartRequest>()
  #sessionKey: SessionKey | null = null
  #keyExpiration = Number.POSITIVE_INFINITY
  #scheduledRebalance = Number.POSITIVE_INFINITY
  #canReadConfigs = true
  #fencedFromConfigTopic = false
  #backoffRetries = BACKOFF_RETRIES
  #currentProtocolVersion: number
  /** Rounds of zombie fencing in progress, by connector (exactly-once source support). */
  readonly #activeFencings = new Map<string, { promise: Promise<void>, cancel: (error: unknown) => void }>()

  #state: 'created' | 'starting' | 'running' | 'stopping' | 'stopped' = 'created'
  #ready = false
  #loop: Promise<void> | null = null
  #started: { resolve: () => void, reject: (error: unknown) => void } | null = null

  constructor (options: DistributedHerderOptions) {
    this.worker = options.worker
    this.config = options.config
    this.#configStore = options.configStore
    this.#statusStore = options.statusStore
    this.#restUrl = options.restUrl
    this.#workerId = options.worker.workerId
    this.#transitionTimeoutMs = options.transitionTimeoutMs ?? 60000
    this.#connectorTypes = new ConnectorTypes(options.worker)
    this.#currentProtocolVersion = protocolVersionOf(options.config.connectProtocol())
    this.#member = options.createMember(this.#rebalanceListener())
    this.#configStore.setUpdateListener(this.#configUpdateListener())
    if (this.#currentProtocolVersion < 2) {
      log.warn('Internal request verification will be disabled for this cluster as this worker\'s {} configuration has been set to \'{}\'. ' +
        'If this is not intentional, either remove the \'{}\' configuration from the worker config file or change its value to \'{}\'. ' +
        'If this configuration is left as-is, the cluster will be insecure; for more information, see KIP-507: ' +
        'https://cwiki.apache.org/confluence/display/KAFKA/KIP-507%3A+Securing+Internal+Connect+REST+Endpoints',
      'connect.protocol', options.config.connectProtocol(), 'connect.protocol', 'SESSIONED')
    }
  }

  // --- life cycle -------------------------------------------------------------------------------

  /** Starts the worker and the stores, reads the internal topics, and joins the group; resolves once the worker has joined. */
  async start (): Promise<void> {
    if (this.#state !== 'created') throw new ConnectException('The herder was started already')
    this.#state = 'starting'
    const started = new Promise<void>((resolve, reject) => { this.#started = { resolve, reject } })
    this.#loop = this.#run()
    await started
  }

  async stop (): Promise<void> {
    if (this.#state === 'stopped') return
    if (this.#state === 'created') {
      this.#state = 'stopped'
      return
    }
    log.info('Herder stopping')
    this.#state = 'stopping'
    this.#member.wakeup()
    const loop = this.#loop as Promise<void>
    if (await settlesWithin(loop, STOP_GRACE_MS) === 'timeout') {
      // The loop is stuck in the membership (a join that cannot complete while the broker is
      // unreachable): leaving the group ends that, and the loop goes on to stop the work.
      log.info('Leaving the group to stop: the herder is still busy with {}', 'its group membership')
      const leaving = this.#member.stop().catch(error => log.warn('Failed to leave the group: {}', messageOf(error)))
      if (await settlesWithin(Promise.all([leaving, loop]), STOP_GRACE_MS) === 'timeout') {
        // Still waiting on an unreachable cluster: stop the work without the loop (it stops when that wait ends).
        log.warn('The herder\'s loop is still waiting on the Kafka cluster; stopping connectors and tasks without it')
        await this.#halt()
        this.#state = 'stopped'
        log.info('Herder stopped')
        return
      }
    }
    await loop
    log.info('Herder stopped')
  }

  health (): { status: 'healthy' | 'starting' | 'unhealthy', message: string } {
    if (this.#state === 'running' && this.#ready) return { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' }
    if (this.#state === 'created' || this.#state === 'starting' || (this.#state === 'running' && !this.#ready)) {
      return { status: 'starting', message: 'Worker is still starting up.' }
    }
    return { status: 'unhealthy', message: 'Worker was unable to handle this request and may be unable to handle other requests. The worker is shutting down.' }
  }

  /** The group generation this worker last joined (statuses carry it). */
  generation (): number {
    return this.#generation
  }

  /** Whether this worker leads the group now. */
  isLeader (): boolean {
    return this.#assignment !== null && this.#member.memberId() !== '' && this.#member.memberId() === this.#assignment.leader
  }

  /** The leader's REST URL as the last assignment gave it, or null. */
  leaderUrl (): string | null {
    return this.#assignment?.leaderUrl ?? null
  }

  /** What this worker was assigned, for tests and tools. */
  assignedWork (): { connectors: string[], tasks: ConnectorTaskId[] } {
    return { connectors: [...this.#assignment?.connectors ?? []], tasks: [...this.#assignment?.tasks ?? []] }
  }

  async #run (): Promise<void> {
    log.info('Herder starting')
    try {
      await this.#startServices()
    } catch (error) {
      log.error('Uncaught exception in herder work thread, exiting: ', error)
      this.#state = 'stopped'
      await this.#stopServices().catch(() => {})
      this.#started?.reject(error)
      return
    }
    this.#state = this.#state === 'stopping' ? 'stopping' : 'running'
    while (this.#state === 'running') {
      try {
        await this.#tick()
      } catch (error) {
        if (this.#state !== 'running') break
        // Kafka's herder exits the JVM here; a worker that can go on (a broker back from a
        // restart, say) is better, so log, back off, and tick again.
        log.error('Unexpected exception in the herder\'s loop; retrying after a backoff', error)
        await this.#sleep(Math.max(100, this.config.getLong('retry.backoff.max.ms') ?? 1000))
      }
      if (!this.#ready && this.#assignment !== null && this.#rebalanceResolved) {
        this.#ready = true
        log.info('Herder started')
        this.#started?.resolve()
      }
    }
    if (!this.#ready) this.#started?.resolve()
    await this.#halt()
    this.#state = 'stopped'
  }

  async #startServices (): Promise<void> {
    await this.worker.start()
    await this.#statusStore.start()
    await this.#configStore.start()
    this.#configState = this.#configStore.snapshot()
  }

  async #stopServices (): Promise<void> {
    const quietly = async (what: string, action: () => Promise<void>): Promise<void> => {
      try {
        await action()
      } catch (error) {
        log.warn('Failed to close {}: {}', what, messageOf(error))
      }
    }
    await quietly('status backing store', () => this.#statusStore.stop())
    await quietly('config backing store', () => this.#configStore.stop())
    await quietly('worker', () => this.worker.stop())
    // Leaving a group whose coordinator is unreachable would wait for its request timeouts.
    await quietly('worker group member', async () => { await settlesWithin(this.#member.stop(), STOP_GRACE_MS * 2) })
  }

  /** Stops what still runs, fails the requests left, leaves the group and closes the stores (Kafka's halt()); once. */
  #halt (): Promise<void> {
    this.#halting ??= this.#doHalt()
    return this.#halting
  }

  #halting: Promise<void> | null = null

  async #doHalt (): Promise<void> {
    log.info('Stopping connectors and tasks that are still assigned to this worker.')
    await Promise.all([
      this.worker.stopAndAwaitConnectors(this.worker.connectorNames()),
      this.worker.stopAndAwaitTasks(this.worker.taskIds()),
    ])
    this.#requests.failAll(new ConnectException('Worker is shutting down'))
    for (const fencing of this.#activeFencings.values()) fencing.cancel(new ConnectException('Worker is shutting down'))
    await this.#stopServices()
  }

  // --- the loop ---------------------------------------------------------------------------------

  async #tick (): Promise<void> {
    if (!this.#canReadConfigs) {
      if (await this.#readConfigToEnd(this.config.workerSyncTimeoutMs())) this.#canReadConfigs = true
      else return
    }
    log.debug('Ensuring group membership is still active')
    await this.#member.ensureActive()
    if (this.#state !== 'running') return
    if (!await this.#handleRebalanceCompleted()) return

    if (this.#fencedFromConfigTopic) {
      if (this.isLeader()) {
        try {
          log.debug('Reclaiming write privileges for config topic after being fenced out')
          await this.#configStore.claimWritePrivileges()
          this.#fencedFromConfigTopic = false
        } catch (error) {
          log.warn('Unable to claim write privileges for config topic. Will backoff and possibly retry if still the leader', error)
          await this.#sleep(CONFIG_TOPIC_WRITE_PRIVILEGES_BACKOFF_MS)
          return
        }
      } else {
        this.#fencedFromConfigTopic = false
      }
    }

    let now = Date.now()
    if (this.#checkForKeyRotation(now)) {
      log.debug('Distributing new session key')
      this.#keyExpiration = Number.POSITIVE_INFINITY
      try {
        const key: SessionKey = {
          key: randomBytes(this.config.interWorkerKeyBytes()),
          algorithm: this.config.interWorkerKeyGenerationAlgorithm(),
          creationTimestamp: now,
        }
        await this.#writeToConfigTopicAsLeader(() => this.#configStore.putSessionKey(key))
      } catch (error) {
        log.info('Failed to write new session key to config topic; forcing a read to the end of the config topic before possibly retrying', error)
        this.#canReadConfigs = false
        return
      }
    }

    // External requests, in order, one at a time.
    for (let action = this.#requests.takeDue(now); action !== undefined; action = this.#requests.takeDue(Date.now())) {
      try {
        await action.run()
      } catch (error) {
        action.fail(error)
      }
      if (this.#state !== 'running') return
    }

    await this.#processRestartRequests()

    now = Date.now()
    let scheduledTick = this.#requests.nextDueAt() ?? Number.POSITIVE_INFINITY
    if (this.#scheduledRebalance < Number.POSITIVE_INFINITY) {
      scheduledTick = Math.min(scheduledTick, this.#scheduledRebalance)
      this.#rebalanceResolved = false
      log.debug('Scheduled rebalance at: {} (now: {} scheduledTick: {}) ', this.#scheduledRebalance, now, scheduledTick)
    }
    if (this.isLeader() && this.#internalRequestValidationEnabled() && this.#keyExpiration < Number.POSITIVE_INFINITY) {
      scheduledTick = Math.min(scheduledTick, this.#keyExpiration)
    }

    if (await this.#applyConfigUpdates()) return

    const timeoutMs = Number.isFinite(scheduledTick) ? Math.max(0, scheduledTick - Date.now()) : IDLE_POLL_MS
    await this.#member.poll(Math.min(timeoutMs, IDLE_POLL_MS))
    if (this.#state !== 'running') return
    await this.#handleRebalanceCompleted()
  }

  /**
   * Applies the config changes the store reported: a changed connector this worker runs is
   * restarted alone; a new or removed connector, or new task configs, take a rebalance (with the
   * incremental protocols, tasks whose configs changed are stopped now and started again by the
   * rebalance). Returns whether the loop should start over (eager protocol, rebalance requested).
   */
  async #applyConfigUpdates (): Promise<boolean> {
    if (!this.#needsReconfigRebalance && this.#connectorConfigUpdates.size === 0 && this.#targetStateChanges.size === 0 &&
      this.#taskConfigUpdates.size === 0) return false
    this.#configState = this.#configStore.snapshot()
    const eager = this.#member.currentProtocolVersion() === 0
    let startOver = false
    if (this.#needsReconfigRebalance) {
      log.debug('Requesting rebalance due to reconfiguration of tasks (needsReconfigRebalance: true)')
      this.#member.requestRejoin('reconfiguration of tasks')
      this.#needsReconfigRebalance = false
      startOver = true
      if (eager) {
        // Everything is revoked and restarted by the rebalance anyway.
        this.#connectorConfigUpdates.clear()
        this.#targetStateChanges.clear()
        this.#taskConfigUpdates.clear()
        return true
      }
    }
    const connectorUpdates = this.#connectorConfigUpdates
    const targetStateChanges = this.#targetStateChanges
    const taskUpdates = this.#taskConfigUpdates
    this.#connectorConfigUpdates = new Set()
    this.#targetStateChanges = new Set()
    this.#taskConfigUpdates = new Map()
    if (connectorUpdates.size > 0) await this.#processConnectorConfigUpdates(connectorUpdates)
    if (targetStateChanges.size > 0) await this.#processTargetStateChanges(targetStateChanges)
    if (!eager && taskUpdates.size > 0) await this.#stopReconfiguredTasks(new Set([...taskUpdates.values()].map(id => id.connector)))
    return startOver
  }

  async #processConnectorConfigUpdates (updates: ReadonlySet<string>): Promise<void> {
    const local = new Set(this.#assignment?.connectors ?? [])
    const toStart: string[] = []
    for (const name of updates) {
      if (!local.has(name)) {
        log.trace('Skipping config update for connector {} as it is not owned by this worker', name)
        continue
      }
      const remains = this.#configState.contains(name)
      log.info('Handling connector-only config update by {} connector {}', remains ? 'restarting' : 'stopping', name)
      await this.worker.stopAndAwaitConnector(name)
      if (remains) toStart.push(name)
    }
    await Promise.all(toStart.map(name => this.#startConnectorLogged(name)))
  }

  async #processTargetStateChanges (changes: ReadonlySet<string>): Promise<void> {
    for (const name of changes) {
      const targetState = this.#configState.targetState(name)
      if (!this.#configState.contains(name) || targetState === undefined) {
        log.debug('Received target state change for unknown connector: {}', name)
        continue
      }
      try {
        await this.#bounded(this.worker.setTargetState(name, targetState), name, `reach the ${targetState} state`)
      } catch (error) {
        log.error('Failed to transition connector to target state', error)
        continue
      }
      // A running connector may have been reconfigured while paused: ask it for task configs again.
      if (targetState === 'STARTED') this.requestTaskReconfiguration(name)
    }
  }

  async #stopReconfiguredTasks (connectors: ReadonlySet<string>): Promise<void> {
    const toStop = (this.#assignment?.tasks ?? []).filter(id => connectors.has(id.connector))
    if (toStop.length === 0) return
    log.info('Handling task config update by stopping tasks {}, which will be restarted after rebalance if still assigned to this worker',
      toStop.map(taskIdText).join(', '))
    await this.worker.stopAndAwaitTasks(toStop)
    for (const id of toStop) this.#tasksToRestart.set(taskKey(id), id)
    // Their UNASSIGNED statuses must be written before this worker rejoins: the leader removes the
    // statuses of tasks that no longer exist once the rebalance completes, and a status written
    // after that would bring a deleted task back.
    await this.#statusStore.flush()
  }

  /**
   * After a rebalance: catch up with the config topic if the assignment needs it, then start
   * what was assigned. Returns false when the worker must rejoin first (Kafka's handleRebalanceCompleted).
   */
  async #handleRebalanceCompleted (): Promise<boolean> {
    if (this.#rebalanceResolved) return true
    const assignment = this.#assignment
    if (assignment === null) return false
    let needsReadToEnd = false
    let needsRejoin = false
    if (assignmentFailed(assignment)) {
      needsRejoin = true
      if (this.isLeader()) {
        log.warn('Join group completed, but assignment failed and we are the leader. Reading to end of config and retrying.')
        needsReadToEnd = true
      } else if (this.#configState.offset < assignment.offset) {
        log.warn('Join group completed, but assignment failed and we are lagging. Reading to end of config and retrying.')
        needsReadToEnd = true
      } else {
        log.warn('Join group completed, but assignment failed. We were up to date, so just retrying.')
      }
    } else if (this.#configState.offset < assignment.offset) {
      log.warn('Catching up to assignment\'s config offset.')
      needsReadToEnd = true
    }
    if (this.#scheduledRebalance <= Date.now()) {
      log.debug('Requesting rebalance because scheduled rebalance timeout has been reached now: {} scheduledRebalance: {}', Date.now(), this.#scheduledRebalance)
      needsRejoin = true
      this.#scheduledRebalance = Number.POSITIVE_INFINITY
    }
    if (needsReadToEnd) {
      if (await this.#readConfigToEnd(this.config.workerSyncTimeoutMs())) {
        this.#canReadConfigs = true
      } else {
        this.#canReadConfigs = false
        needsRejoin = true
      }
    }
    if (needsRejoin) {
      this.#member.requestRejoin('the assignment could not be applied')
      return false
    }
    if (this.#configState.offset !== assignment.offset) {
      log.info('Current config state offset {} does not match group assignment {}. Forcing rebalance.', this.#configState.offset, assignment.offset)
      this.#member.requestRejoin('config offset mismatch')
      return false
    }
    await this.#startWork()
    this.#rebalanceResolved = true
    if (this.#assignmentRevokes) {
      // What was revoked must be handed to other workers by a follow-up rebalance.
      this.#assignmentRevokes = false
      this.#member.requestRejoin('work was revoked')
      return false
    }
    return true
  }

  /** Reads the config topic to its end; on failure leaves the group and backs off (Kafka's readConfigToEnd). */
  async #readConfigToEnd (timeoutMs: number): Promise<boolean> {
    const target = this.#assignment?.offset
    if (target !== undefined && this.#configState.offset < target) {
      log.info('Current config state offset {} is behind group assignment {}, reading to end of config log', this.#configState.offset, target)
    } else {
      log.info('Reading to end of config log; current config state offset: {}', this.#configState.offset)
    }
    if (await this.#refreshConfigSnapshot(timeoutMs)) {
      this.#backoffRetries = BACKOFF_RETRIES
      return true
    }
    await this.#member.maybeLeaveGroup('taking too long to read the log')
    await this.#backoff(this.config.workerUnsyncBackoffMs())
    return false
  }

  async #refreshConfigSnapshot (timeoutMs: number): Promise<boolean> {
    try {
      await this.#configStore.refresh(timeoutMs)
      this.#configState = this.#configStore.snapshot()
      log.info('Finished reading to end of log and updated config snapshot, new config log offset: {}', this.#configState.offset)
      return true
    } catch (error) {
      log.warn('Didn\'t reach end of config log quickly enough', error)
      this.#canReadConfigs = false
      return false
    }
  }

  async #backoff (ms: number): Promise<void> {
    if (this.#currentProtocolVersion === 0) {
      await this.#sleep(ms)
      return
    }
    if (this.#backoffRetries > 0) {
      await this.#sleep(Math.floor(this.config.scheduledRebalanceMaxDelayMs() / 10 / this.#backoffRetries))
      this.#backoffRetries--
      return
    }
    const assignment = this.#assignment
    log.info('Revoking current running assignment because after {} retries the worker has not caught up with the latest Connect cluster updates', BACKOFF_RETRIES)
    if (assignment !== null) await this.#member.revokeAssignment(assignment)
    this.#backoffRetries = BACKOFF_RETRIES
  }

  /** Starts what the assignment gives this worker and it does not run yet. */
  async #startWork (): Promise<void> {
    const assignment = this.#assignment as ConnectAssignment
    log.info('Starting connectors and tasks using config offset {}', assignment.offset)
    for (const key of this.#tasksToRestart.keys()) this.#running.tasks.delete(key)
    this.#tasksToRestart.clear()
    const connectors = assignment.connectors.filter(name => !this.#running.connectors.has(name))
    const tasks = assignment.tasks.filter(id => !this.#running.tasks.has(taskKey(id)))
    await Promise.all([
      ...connectors.map(name => this.#startConnectorLogged(name)),
      ...tasks.map(async id => { this.#startTaskLogged(id) }),
    ])
    this.#running = this.#member.currentProtocolVersion() === 0
      ? { connectors: new Set(), tasks: new Map() }
      : { connectors: new Set(assignment.connectors), tasks: new Map(assignment.tasks.map(id => [taskKey(id), id])) }
    log.info('Finished starting connectors and tasks')
  }

  // --- rebalance and config store callbacks -----------------------------------------------------

  #rebalanceListener (): WorkerRebalanceListener {
    return {
      onAssigned: async (assignment, generation) => {
        const priorVersion = this.#currentProtocolVersion
        this.#currentProtocolVersion = this.#member.currentProtocolVersion()
        log.info('Joined group at generation {} with protocol version {} and got assignment: {} with rebalance delay: {}',
          generation, this.#currentProtocolVersion, describeAssignment(assignment), assignment.delay)
        this.#assignment = assignment
        this.#assignmentRevokes = assignment.revokedConnectors.length > 0 || assignment.revokedTasks.length > 0
        this.#generation = generation
        this.#scheduledRebalance = assignment.delay > 0 ? Date.now() + assignment.delay : Number.POSITIVE_INFINITY
        const wasValidating = priorVersion >= 2
        const nowValidating = this.#currentProtocolVersion >= 2
        if (wasValidating !== nowValidating) {
          if (nowValidating) log.info('Internal request validation has been re-enabled')
          else log.warn('The protocol used by this Connect cluster has been downgraded and internal request validation is now disabled. ' +
            'This is most likely caused by a new worker joining the cluster with an older protocol specified for the connect.protocol configuration.')
        }
        this.#rebalanceResolved = false
        if (this.isLeader()) {
          // Statuses the workers wrote as they stopped work (flushed before they rejoined) must be
          // read first, or a deleted task's UNASSIGNED could land after its removal.
          try {
            await this.#statusStore.readToEnd?.(this.config.workerSyncTimeoutMs())
          } catch (error) {
            log.warn('Could not read the status topic to its end before cleaning the statuses of deleted connectors and tasks: {}', messageOf(error))
          }
          this.#updateDeletedStatuses()
          // As the leader, this worker may now write the config topic (with exactly-once support, a transactional producer that fences older leaders).
          try {
            await this.#configStore.claimWritePrivileges()
          } catch (error) {
            this.#fencedFromConfigTopic = true
            log.error('Unable to claim write privileges for config topic after being elected leader during rebalance', error)
          }
        }
        this.#member.wakeup()
      },
      onRevoked: async (_leader, connectors, tasks) => {
        if (!this.#rebalanceResolved && this.#currentProtocolVersion < 1) {
          log.info('Wasn\'t able to resume work after last rebalance, can skip stopping connectors and tasks')
          return
        }
        await Promise.all([this.worker.stopAndAwaitConnectors(connectors), this.worker.stopAndAwaitTasks(tasks)])
        log.info('Finished stopping tasks in preparation for rebalance')
        for (const name of connectors) this.#running.connectors.delete(name)
        for (const id of tasks) this.#running.tasks.delete(taskKey(id))
        if (this.worker.config.topicTrackingEnabled()) {
          // Deleted connectors' active topics are reset once their tasks stopped writing them.
          const gone = new Set([...connectors, ...tasks.map(id => id.connector)].filter(name => !this.#configState.contains(name)))
          for (const name of gone) forgetActiveTopics(this.#statusStore, name)
        }
        await this.#statusStore.flush()
        log.info('Finished flushing status backing store in preparation for rebalance')
      },
      onPollTimeoutExpiry: () => {
        log.warn('worker poll timeout has expired. One of the ways of addressing this can be increasing the rebalance.timeout.ms configuration value.')
      },
    }
  }

  #configUpdateListener (): ConfigUpdateListener {
    return {
      onConnectorConfigRemove: connector => {
        log.info('Connector {} config removed', connector)
        if (this.#configState.contains(connector)) this.#needsReconfigRebalance = true
        else this.#connectorConfigUpdates.add(connector)
        this.#member.wakeup()
      },
      onConnectorConfigUpdate: connector => {
        log.info('Connector {} config updated', connector)
        // A new connector needs a rebalance to be assigned; a changed one is restarted where it runs.
        if (!this.#configState.contains(connector)) this.#needsReconfigRebalance = true
        else this.#connectorConfigUpdates.add(connector)
        this.#member.wakeup()
      },
      onTaskConfigUpdate: tasks => {
        log.info('Tasks {} configs updated', `[${tasks.map(taskIdText).join(', ')}]`)
        this.#needsReconfigRebalance = true
        for (const id of tasks) this.#taskConfigUpdates.set(taskKey(id), id)
        for (const connector of new Set(tasks.map(id => id.connector))) {
          this.#activeFencings.get(connector)?.cancel(new ConflictException('Failed to complete zombie fencing because a new set of task configs was generated'))
        }
        this.#member.wakeup()
      },
      onConnectorTargetStateChange: connector => {
        log.info('Connector {} target state change', connector)
        this.#targetStateChanges.add(connector)
        this.#member.wakeup()
      },
      onSessionKeyUpdate: key => {
        log.info('Session key updated')
        this.#sessionKey = key
        const ttl = this.config.interWorkerKeyTtlMs()
        if (ttl > 0) this.#keyExpiration = key.creationTimestamp + ttl
      },
      onRestartRequest: request => {
        log.info('Received and enqueuing {}', restartRequestText(request))
        const existing = this.#pendingRestarts.get(request.connector)
        if (existing === undefined || restartImpact(request) > restartImpact(existing)) this.#pendingRestarts.set(request.connector, request)
        this.#member.wakeup()
      },
      onLoggingLevelUpdate: (namespace, level) => {
        try {
          loggers.setLevel(namespace, level)
        } catch (error) {
          log.warn('Ignoring the level {} the config topic sets for {}: {}', level, namespace, messageOf(error))
        }
      },
    }
  }

  /** Statuses of connectors and tasks deleted before this rebalance are removed (the leader does it). */
  #updateDeletedStatuses (): void {
    const snapshot = this.#configStore.snapshot()
    for (const connector of this.#statusStore.connectors()) {
      if (!snapshot.contains(connector)) {
        log.debug('Cleaning status information for connector {}', connector)
        this.#onDeletion(connector)
        continue
      }
      const remaining = new Set(snapshot.tasks(connector).map(taskKey))
      for (const [task] of this.#statusStore.tasks(connector)) {
        if (!remaining.has(taskKey({ connector, task }))) this.#putTaskStatus({ connector, task }, 'DESTROYED', null)
      }
    }
  }

  #checkForKeyRotation (now: number): boolean {
    if (this.#sessionKey === null && this.#configState.sessionKey !== null) {
      this.#sessionKey = this.#configState.sessionKey
      this.#keyExpiration = this.#sessionKey.creationTimestamp + this.config.interWorkerKeyTtlMs()
    }
    if (!this.#internalRequestValidationEnabled() || !this.isLeader()) return false
    const key = this.#sessionKey
    if (key === null) {
      log.debug('Internal request signing is enabled but no session key has been distributed yet. Distributing new key now.')
      return true
    }
    if (this.#keyExpiration <= now) {
      log.debug('Existing key has expired. Distributing new key now.')
      return true
    }
    if (key.algorithm !== this.config.interWorkerKeyGenerationAlgorithm() || key.key.length !== this.config.interWorkerKeyBytes()) {
      log.debug('Previously-distributed key uses different algorithm/key size than required by current worker configuration. Distributing new key now.')
      return true
    }
    return false
  }

  #internalRequestValidationEnabled (): boolean {
    return this.#member.currentProtocolVersion() >= 2
  }

  // --- starting and stopping work ---------------------------------------------------------------

  /** Starts a connector this worker was assigned and, once it runs, asks it for task configs. */
  async #startConnector (name: string): Promise<void> {
    log.info('Starting connector {}', name)
    const props = this.#configState.connectorConfig(name)
    if (props === undefined) throw new ConnectException(`Connector ${name} has no configuration`)
    const targetState = this.#configState.targetState(name) ?? 'STARTED'
    await this.#bounded(this.worker.startConnector(name, props, this, this, targetState), name, `reach the ${targetState} state`)
    if (targetState === 'STARTED') {
      // A new connector needs task configs; an existing one's are written only if they changed.
      this.#addRequest(() => this.#reconfigureConnectorTasksWithRetry(name, 0))
    }
  }

  async #startConnectorLogged (name: string): Promise<void> {
    try {
      await this.#startConnector(name)
    } catch (error) {
      log.error('Failed to start connector \'{}\'', name, error)
    }
  }

  /** Starts a task this worker was assigned; false (and a FAILED status) when it cannot. */
  #startTask (id: ConnectorTaskId): boolean {
    log.info('Starting task {}', taskIdText(id))
    const connectorProps = this.#configState.connectorConfig(id.connector)
    const taskConfig = this.#configState.taskConfig(id)
    if (connectorProps === undefined || taskConfig === undefined) throw new ConnectException(`Task ${taskIdText(id)} has no configuration`)
    const targetState = this.#configState.targetState(id.connector) ?? 'STARTED'
    const count = this.#configState.taskCount(id.connector)
    const latest = (): Record<string, string> => this.#configState.taskConfig(id) ?? taskConfig
    switch (this.#connectorTypes.of(connectorProps)) {
      case 'sink': return this.worker.startSinkTask(id, connectorProps, taskConfig, this, targetState, count, latest)
      case 'source': {
        if (!this.config.exactlyOnceSourceEnabled()) return this.worker.startSourceTask(id, connectorProps, taskConfig, this, targetState, count, latest)
        const taskGeneration = this.#configState.taskConfigGeneration(id.connector) ?? 0
        return this.worker.startSourceTask(id, connectorProps, taskConfig, this, targetState, count, latest, {
          beforeProducer: () => this.#fenceZombiesBeforeTask(id),
          afterProducer: () => this.#verifyTaskGenerationAndOwnership(id, taskGeneration),
        })
      }
      default: throw new ConnectException(`Failed to start task ${taskIdText(id)} since it is not a recognizable type (source or sink)`)
    }
  }

  /**
   * An exactly-once task's preflight: the leader fences out older task generations' producers
   * (this worker, or the leader through its internal endpoint) before the task's producer starts.
   */
  async #fenceZombiesBeforeTask (id: ConnectorTaskId): Promise<void> {
    log.trace('Performing preflight zombie check for task {}', taskIdText(id))
    try {
      const pending = await this.#submit(() => this.#doFenceZombieSourceTasks(id.connector))
      if (pending !== null) await pending.done
      return
    } catch (error) {
      if (!(error instanceof NotLeaderException)) {
        throw error instanceof ConnectException ? error : new ConnectException('Failed to perform zombie fencing', { cause: error })
      }
      if (error.forwardUrl === null) throw new ConnectException('Failed to perform zombie fencing: the leader of the cluster is not known yet', { cause: error })
      const key = this.#sessionKey
      log.trace('Forwarding zombie fencing request for connector {} to leader at {}', id.connector, error.forwardUrl)
      await workerRequest({
        url: workerUrl(error.forwardUrl, `connectors/${encodeURIComponent(id.connector)}/fence`),
        method: 'PUT',
        signWith: key === null ? undefined : { key: key.key, algorithm: this.config.interWorkerSignatureAlgorithm() },
      })
    }
  }

  /** After an exactly-once task's producer started: its task configs are still current and it is still assigned here. */
  async #verifyTaskGenerationAndOwnership (id: ConnectorTaskId, initialGeneration: number): Promise<void> {
    log.debug('Reading to end of config topic to ensure it is still safe to bring up source task {} with exactly-once support', taskIdText(id))
    await this.#submit(async () => {
      if (!await this.#refreshConfigSnapshot(this.config.workerSyncTimeoutMs())) throw new ConnectException('Failed to read to end of config topic')
      if ((this.#configState.taskConfigGeneration(id.connector) ?? 0) !== initialGeneration) {
        throw new ConnectException(`Cannot start source task ${taskIdText(id)} with exactly-once support as the connector has already generated a new set of task configs`)
      }
      if (!(this.#assignment?.tasks ?? []).some(task => task.connector === id.connector && task.task === id.task)) {
        throw new ConnectException(`Cannot start source task ${taskIdText(id)} as it has already been revoked from this worker`)
      }
    })
  }

  #startTaskLogged (id: ConnectorTaskId): void {
    try {
      this.#startTask(id)
    } catch (error) {
      log.error('Couldn\'t instantiate task {} because it has an invalid task configuration. This task will not execute until reconfigured.', taskIdText(id), error)
      this.onFailure(id, error)
    }
  }

  /** Called through a connector's context when it wants new task configs. */
  requestTaskReconfiguration (name: string): void {
    this.#addRequest(() => this.#reconfigureConnectorTasksWithRetry(name, 0))
  }

  /** Asks the connector for task configs and publishes them; on failure retries with exponential backoff (250 ms, doubling, up to 60 s). */
  async #reconfigureConnectorTasksWithRetry (name: string, attempts: number): Promise<void> {
    const retry = (error: unknown): void => {
      if (this.#state !== 'running') return
      if (isTooManyTasks(error)) {
        log.debug('Connector {} generated too many tasks; will not retry configuring connector', name)
        return
      }
      log.error('Failed to reconfigure connector\'s tasks ({}), retrying after backoff.', name, error)
      const delay = Math.min(RECONFIGURE_CONNECTOR_TASKS_BACKOFF_INITIAL_MS * 2 ** attempts, RECONFIGURE_CONNECTOR_TASKS_BACKOFF_MAX_MS)
      this.#addRequest(() => this.#reconfigureConnectorTasksWithRetry(name, attempts + 1), delay)
    }
    let forwarded: { readonly sent: Promise<void> } | null
    try {
      forwarded = await this.#reconfigureConnector(name)
    } catch (error) {
      retry(error)
      return
    }
    // Sending to the leader happens off the loop: waiting here could keep this worker from rejoining in time.
    forwarded?.sent.catch(retry)
  }

  /**
   * Asks a running connector for its task configs and writes them when they changed: directly
   * when this worker leads, else through the leader's internal endpoint (the request is returned,
   * to be awaited off the loop).
   */
  async #reconfigureConnector (name: string): Promise<{ readonly sent: Promise<void> } | null> {
    if (!this.worker.isRunning(name)) {
      log.info('Skipping reconfiguration of connector {} since it is not running', name)
      return null
    }
    const targetState = this.#configState.targetState(name)
    if (targetState !== 'STARTED') {
      log.info('Skipping reconfiguration of connector {} since its target state is {}', name, targetState)
      return null
    }
    const configs = this.#configState.connectorConfig(name) as Record<string, string>
    const kind = this.worker.isSinkConnector(name) ? 'sink' : 'source'
    const taskProps = await this.worker.connectorTaskConfigs(name, new ConnectorConfig(this.worker.registry, kind, configs, this.worker.config.topicCreationEnable()))
    const rawTaskProps = reverseTransform(this.#configState.rawConnectorConfig(name) ?? {}, taskProps)
    if (!taskConfigsChanged(this.#configState, name, rawTaskProps)) return null
    if (this.isLeader()) {
      await this.#writeTaskConfigs(name, rawTaskProps)
      return null
    }
    const leaderUrl = this.leaderUrl()
    if (leaderUrl === null || leaderUrl.trim() === '') {
      throw new ConnectException('Request to leader to reconfigure connector tasks failed because the URL of the leader\'s REST interface is empty!')
    }
    const key = this.#sessionKey
    const url = workerUrl(leaderUrl, `connectors/${encodeURIComponent(name)}/tasks`)
    log.trace('Forwarding task configurations for connector {} to leader', name)
    const sent = workerRequest({
      url,
      method: 'POST',
      body: JSON.stringify(rawTaskProps),
      signWith: key === null ? undefined : { key: key.key, algorithm: this.config.interWorkerSignatureAlgorithm() },
    }).then(() => {}, error => {
      log.error('Request to leader to reconfigure connector tasks failed', error)
      throw error
    })
    return { sent }
  }

  async #writeTaskConfigs (name: string, taskConfigs: ReadonlyArray<Record<string, string>>): Promise<void> {
    if (taskConfigs.length > 0 && this.#configState.targetState(name) === 'STOPPED') {
      throw new BadRequestException(`Cannot submit non-empty set of task configs for stopped connector ${name}`)
    }
    await this.#writeToConfigTopicAsLeader(() => this.#configStore.putTaskConfigs(name, taskConfigs))
  }

  /**
   * A write only the leader makes; if it fails because another leader fenced this one out (exactly
   * once support's transactional config writes), the loop tries to reclaim the right to write.
   */
  async #writeToConfigTopicAsLeader (write: () => unknown): Promise<void> {
    try {
      await write()
    } catch (error) {
      if ((error as Error)?.name === 'PrivilegedWriteException') {
        log.warn('Failed to write to config topic as leader; will rejoin group if necessary and, if still leader, attempt to reclaim write privileges for the config topic', error)
        this.#fencedFromConfigTopic = true
        throw new ConnectException('Failed to write to config topic; this may be due to a transient error and the request can be safely retried', { cause: error })
      }
      throw error
    }
  }

  // --- restarts ---------------------------------------------------------------------------------

  async #processRestartRequests (): Promise<void> {
    if (this.#pendingRestarts.size === 0) return
    const requests = [...this.#pendingRestarts.values()]
    this.#pendingRestarts.clear()
    for (const request of requests) {
      try {
        await this.#doRestartConnectorAndTasks(request)
      } catch (error) {
        log.warn('Unexpected error while trying to process {}, the restart request will be skipped.', restartRequestText(request), error)
      }
    }
  }

  /** Restarts what a restart request names and this worker runs (Kafka's doRestartConnectorAndTasks). */
  async #doRestartConnectorAndTasks (request: ConnectorRestartRequest): Promise<void> {
    const name = request.connector
    const plan = this.#buildRestartPlan(request)
    if (plan === null) {
      log.debug('Skipping restart of connector \'{}\' since no status is available: {}', name, restartRequestText(request))
      return
    }
    const assignment = this.#assignment
    const assignedTasks = new Set((assignment?.tasks ?? []).map(taskKey))
    const tasksToRestart = plan.tasks.filter(task => task.state === 'RESTARTING').map(task => ({ connector: name, task: task.id }))
      .filter(id => assignedTasks.has(taskKey(id)))
    const restartConnector = plan.connector.state === 'RESTARTING' && (assignment?.connectors ?? []).includes(name)
    log.info('Executing plan to restart connector{} and {} of {} tasks for {}', restartConnector ? '' : ' (not assigned here)',
      tasksToRestart.length, plan.tasks.length, restartRequestText(request))
    if (restartConnector) {
      await this.worker.stopAndAwaitConnector(name)
      this.#putConnectorStatus(name, 'RESTARTING', null)
    }
    if (tasksToRestart.length > 0) {
      await this.worker.stopAndAwaitTasks(tasksToRestart)
      for (const id of tasksToRestart) this.#putTaskStatus(id, 'RESTARTING', null)
    }
    if (restartConnector) {
      try {
        await this.#startConnector(name)
        log.info('Connector \'{}\' restart successful', name)
      } catch (error) {
        log.error('Connector \'{}\' restart failed', name, error)
      }
    }
    for (const id of tasksToRestart) {
      try {
        if (this.#startTask(id)) log.info('Task \'{}\' restart successful', taskIdText(id))
        else log.error('Task \'{}\' restart failed', taskIdText(id))
      } catch (error) {
        log.error('Task \'{}\' restart failed', taskIdText(id), error)
      }
    }
    log.info('Completed plan to restart connector {}', name)
  }

  /** The statuses as a restart would leave them: what is to restart is RESTARTING (Kafka's buildRestartPlan). */
  #buildRestartPlan (request: ConnectorRestartRequest): ConnectorStateInfo | null {
    const connectorStatus = this.#statusStore.connector(request.connector)
    if (connectorStatus === undefined) return null
    const restartConnector = !request.onlyFailed || connectorStatus.state === 'FAILED'
    return {
      name: request.connector,
      connector: connectorStatusOf(restartConnector ? { ...connectorStatus, state: 'RESTARTING' } : connectorStatus),
      tasks: this.#statusStore.tasks(request.connector).map(([task, status]) => {
        const restart = request.includeTasks && (!request.onlyFailed || status.state === 'FAILED')
        return taskStatusOf(task, restart ? { ...status, state: 'RESTARTING' } : status)
      }),
      type: this.#connectorTypes.of(this.#configState.rawConnectorConfig(request.connector)),
    }
  }

  // --- the REST API -----------------------------------------------------------------------------

  async serverInfo (): Promise<ServerInfo> {
    return { version: KCONNECT_VERSION, commit: kconnectCommit(), kafka_cluster_id: await this.worker.log.clusterId() }
  }

  async connectors (): Promise<string[]> {
    return await this.#submit(async () => {
      this.#checkRebalanceNeeded()
      // Kafka lists them from a HashMap's keys; its order is what tools saw.
      return javaHashMapOrder(this.#configState.connectors(), javaStringHashCode)
    })
  }

  async connectorInfo (name: string): Promise<ConnectorInfo> {
    return await this.#submit(async () => {
      this.#checkRebalanceNeeded()
      const info = this.#connectorInfo(name)
      if (info === null) throw new NotFoundException(`Connector ${name} not found`)
      return info
    })
  }

  async connectorConfig (name: string): Promise<Record<string, string>> {
    return (await this.connectorInfo(name)).config
  }

  async putConnectorConfig (name: string, config: Record<string, string>, options: PutConnectorOptions): Promise<PutConnectorResult> {
    const infos = await this.validateConnectorConfig(config)
    return await this.#submit(() => this.#doPutConnectorConfig(name, config, options.initialState ?? null, options.allowReplace, infos))
  }

  async patchConnectorConfig (name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    const patched = await this.#submit(async () => {
      if (!this.isLeader()) throw new NotLeaderException('Only the leader can set connector configs.', this.leaderUrl())
      const existing = this.#connectorInfo(name)
      if (existing === null) throw new NotFoundException(`Connector ${name} not found`)
      return patchConfig(existing.config, patch)
    })
    const infos = await this.validateConnectorConfig(patched)
    return (await this.#submit(() => this.#doPutConnectorConfig(name, patched, null, true, infos))).info
  }

  async #doPutConnectorConfig (name: string, config: Record<string, string>, targetState: TargetState | null,
    allowReplace: boolean, infos: ConfigInfos): Promise<PutConnectorResult> {
    if (infos.error_count > 0) throw new BadRequestException(invalidConfigMessage(infos))
    if (!this.isLeader()) throw new NotLeaderException('Only the leader can set connector configs.', this.leaderUrl())
    const exists = this.#configState.contains(name)
    if (!allowReplace && exists) throw new AlreadyExistsException(`Connector ${name} already exists`)
    await this.#writeToConfigTopicAsLeader(() => this.#configStore.putConnectorConfig(name, config, targetState))
    // The snapshot is not updated yet; the existing task info is still accurate.
    return { created: !exists, info: { name, config: { ...config }, tasks: this.#configState.tasks(name), type: this.#connectorTypes.of(config) } }
  }

  async deleteConnector (name: string): Promise<void> {
    await this.#submit(async () => {
      if (!this.isLeader()) throw new NotLeaderException('Only the leader can delete connector configs.', this.leaderUrl())
      if (!this.#configState.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
      await this.#writeToConfigTopicAsLeader(() => this.#configStore.removeConnectorConfig(name))
    })
  }

  async connectorStatus (name: string): Promise<ConnectorStateInfo> {
    return connectorStateInfo(this.#statusStore, name, () => this.#connectorTypes.of(this.#configStore.snapshot().rawConnectorConfig(name)))
  }

  async taskStatus (name: string, task: number): Promise<TaskStatus> {
    return taskStateInfo(this.#statusStore, name, task)
  }

  /** kconnect only: the metrics of a task running on this worker; a task running elsewhere says where. */
  async taskMetrics (name: string, task: number): Promise<TaskMetrics> {
    if (!this.#configStore.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
    const metrics = this.worker.taskMetrics({ connector: name, task })
    if (metrics !== null) return metrics
    const owner = this.#statusStore.task(name, task)?.workerId
    throw new NotFoundException(owner === undefined || owner === this.#workerId
      ? `Task ${name}-${task} is not running on this worker, so it has no metrics`
      : `Task ${name}-${task} runs on worker ${owner}; ask that worker's REST API for its metrics`)
  }

  async taskConfigs (name: string): Promise<TaskInfo[]> {
    return await this.#submit(async () => {
      this.#checkRebalanceNeeded()
      if (!this.#configState.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
      return this.#configState.tasks(name).map(id => ({ id, config: this.#configState.rawTaskConfig(id) ?? {} }))
    })
  }

  async restartConnector (name: string, request: RestartRequest): Promise<ConnectorStateInfo | null> {
    if (!request.includeTasks && !request.onlyFailed) {
      await this.#submit(async () => {
        this.#checkRebalanceNeeded()
        if (!this.#configState.contains(name)) throw new NotFoundException(`Unknown connector: ${name}`)
        if ((this.#assignment?.connectors ?? []).includes(name)) {
          await this.worker.stopAndAwaitConnector(name)
          await this.#startConnector(name)
          return
        }
        if (this.isLeader()) throw new NotAssignedException('Cannot restart connector since it is not assigned to this member', this.#member.ownerUrl(name))
        throw new NotLeaderException('Only the leader can process restart requests.', this.leaderUrl())
      })
      return null
    }
    return await this.#submit(async () => {
      this.#checkRebalanceNeeded()
      if (!this.#configState.contains(name)) throw new NotFoundException(`Unknown connector: ${name}`)
      if (!this.isLeader()) throw new NotLeaderException('Only the leader can process restart requests.', this.leaderUrl())
      const restart: ConnectorRestartRequest = { connector: name, onlyFailed: request.onlyFailed, includeTasks: request.includeTasks }
      await this.#configStore.putRestartRequest(restart)
      const plan = this.#buildRestartPlan(restart)
      if (plan === null) throw new NotFoundException(`Status for connector ${name} not found`)
      return plan
    })
  }

  async restartTask (name: string, task: number): Promise<void> {
    await this.#submit(async () => {
      this.#checkRebalanceNeeded()
      if (!this.#configState.contains(name)) throw new NotFoundException(`Unknown connector: ${name}`)
      const id = { connector: name, task }
      if (this.#configState.taskConfig(id) === undefined) throw new NotFoundException(`Unknown task: ${taskIdText(id)}`)
      if ((this.#assignment?.tasks ?? []).some(assigned => assigned.connector === name && assigned.task === task)) {
        await this.worker.stopAndAwaitTask(id)
        if (!this.#startTask(id)) throw new ConnectException(`Failed to start task: ${taskIdText(id)}`)
        return
      }
      if (this.isLeader()) throw new NotAssignedException('Cannot restart task since it is not assigned to this member', this.#member.ownerUrl(id))
      throw new NotLeaderException('Cannot restart task since it is not assigned to this member', this.leaderUrl())
    })
  }

  /** Any worker may write a target state (Kafka's AbstractHerder.pauseConnector). */
  async pauseConnector (name: string): Promise<void> {
    if (!this.#configStore.contains(name)) throw new NotFoundException(`Unknown connector ${name}`)
    await this.#configStore.putTargetState(name, 'PAUSED')
  }

  async resumeConnector (name: string): Promise<void> {
    if (!this.#configStore.contains(name)) throw new NotFoundException(`Unknown connector ${name}`)
    await this.#configStore.putTargetState(name, 'STARTED')
  }

  async stopConnector (name: string): Promise<void> {
    await this.#submit(async () => {
      if (!this.#configState.contains(name)) throw new NotFoundException(`Unknown connector ${name}`)
      if (!this.isLeader()) throw new NotLeaderException('Only the leader can transition connectors to the STOPPED state.', this.leaderUrl())
      // Zero task configs first: a RUNNING connector with no tasks is healthier than a STOPPED one with tasks, should the next write fail.
      await this.#writeTaskConfigs(name, [])
      await this.#configStore.putTargetState(name, 'STOPPED')
      if (!await this.#refreshConfigSnapshot(this.config.workerSyncTimeoutMs())) {
        log.warn('Failed to read to end of config topic after writing the STOPPED target state for connector {}', name)
      }
    })
  }

  async connectorActiveTopics (name: string): Promise<ActiveTopics> {
    return activeTopicsOf(this.worker.config, this.#statusStore, name)
  }

  async resetConnectorActiveTopics (name: string): Promise<void> {
    resetActiveTopics(this.worker.config, this.#statusStore, name)
  }

  async connectorOffsets (name: string): Promise<ConnectorOffsets> {
    return await this.#submit(async () => {
      const snapshot = this.#configStore.snapshot()
      const config = snapshot.connectorConfig(name)
      if (config === undefined) throw new NotFoundException(`Connector ${name} not found`)
      return await this.worker.connectorOffsets(name, config)
    })
  }

  async alterConnectorOffsets (name: string, offsets: ConnectorOffsets): Promise<string> {
    requireOffsetsToAlter(offsets)
    return await this.#modifyOffsets(name, offsets)
  }

  async resetConnectorOffsets (name: string): Promise<string> {
    return await this.#modifyOffsets(name, null)
  }

  async #modifyOffsets (name: string, offsets: ConnectorOffsets | null): Promise<string> {
    const modify = async (): Promise<string> => {
      const config = this.#configState.connectorConfig(name) as Record<string, string>
      if (this.#connectorTypes.of(config) === 'sink') {
        return await this.worker.modifySinkConnectorOffsets(name, config, offsets === null ? null : parseSinkConnectorOffsets(offsets))
      }
      return await this.worker.modifySourceConnectorOffsets(name, config, offsets === null ? null : parseSourceConnectorOffsets(offsets))
    }
    const first = await this.#submit(async () => {
      await this.#modifyOffsetsChecks(name)
      if (this.#connectorTypes.of(this.#configState.connectorConfig(name)) === 'source' && this.config.exactlyOnceSourceEnabled()) return null
      return { message: await modify() }
    })
    if (first !== null) return first.message
    {
      // Zombie tasks of an exactly-once source must not commit offsets over the ones written now.
      log.debug('Performing a round of zombie fencing before modifying offsets for source connector {} with exactly-once support enabled.', name)
      try {
        const pending = await this.#submit(() => this.#doFenceZombieSourceTasks(name))
        if (pending !== null) await pending.done
      } catch (error) {
        log.error('Failed to perform zombie fencing for source connector prior to modifying offsets', error)
        throw new ConnectException('Failed to perform zombie fencing for source connector prior to modifying offsets', { cause: error })
      }
    }
    return await this.#submit(async () => {
      await this.#modifyOffsetsChecks(name)
      return await modify()
    })
  }

  async #modifyOffsetsChecks (name: string): Promise<void> {
    this.#checkRebalanceNeeded()
    if (!this.isLeader()) throw new NotLeaderException('Only the leader can process external offsets modification requests', this.leaderUrl())
    if (!await this.#refreshConfigSnapshot(this.config.workerSyncTimeoutMs())) {
      throw new ConnectException('Failed to read to end of config topic before modifying connector offsets')
    }
    if (!this.#configState.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
    if (this.#configState.targetState(name) !== 'STOPPED' || this.#configState.taskCount(name) !== 0) {
      throw new BadRequestException('Connectors must be in the STOPPED state before their offsets can be modified. This can be done ' +
        `for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`)
    }
  }

  async validateConnectorConfig (config: Record<string, string>): Promise<ConfigInfos> {
    return await validateConnectorConfig({
      registry: this.worker.registry,
      workerConfig: this.worker.config,
      checks: distributedValidationChecks(this.config),
    }, config as ConnectorProps)
  }

  async plugins (connectorsOnly: boolean): Promise<PluginInfo[]> {
    return this.worker.registry.pluginInfos(connectorsOnly)
  }

  async pluginConfig (pluginName: string): Promise<ConfigKeyInfo[]> {
    return pluginConfigKeys(this.worker.registry, pluginName)
  }

  /** PUT /admin/loggers/{l}?scope=cluster: every worker of the cluster sets the level, through the config topic. */
  async setClusterLoggerLevel (namespace: string, level: string): Promise<void> {
    await this.#configStore.putLoggerLevel(namespace, level)
  }

  // --- internal endpoints -----------------------------------------------------------------------

  async putTaskConfigs (name: string, configs: Array<Record<string, string>>, signature: RequestSignature | null): Promise<void> {
    this.#checkSignature(signature)
    await this.#submit(async () => {
      if (!this.isLeader()) throw new NotLeaderException('Only the leader may write task configurations.', this.leaderUrl())
      if (!this.#configState.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
      await this.#writeTaskConfigs(name, configs)
    })
  }

  async fenceZombieSourceTasks (name: string, signature: RequestSignature | null): Promise<void> {
    this.#checkSignature(signature)
    const pending = await this.#submit(() => this.#doFenceZombieSourceTasks(name))
    if (pending !== null) await pending.done
  }

  /** Checks an internal request's signature when the group's protocol signs requests (Kafka's requestNotSignedProperly). */
  #checkSignature (signature: RequestSignature | null): void {
    if (!this.#internalRequestValidationEnabled()) return
    const verification = this.config.interWorkerVerificationAlgorithms()
    if (signature === null) throw new BadRequestException('Internal request missing required signature')
    if (!verification.includes(signature.keyAlgorithm())) {
      throw new BadRequestException(`This worker does not support the '${signature.keyAlgorithm()}' key signing algorithm used by other workers. ` +
        `This worker is currently configured to use: [${verification.join(', ')}]. Check that all workers' configuration files permit the same set ` +
        'of signature algorithms, and correct any misconfigured worker and restart it.')
    }
    if (this.#sessionKey === null) {
      throw new ConnectRestException(503, 'This worker is still starting up and has not been able to read a session key from the config topic yet')
    }
    if (!signature.isValid(this.#sessionKey.key)) throw new ConnectRestException(403, 'Internal request contained invalid signature.')
  }

  /**
   * The leader fences out the producers of an exactly-once source connector's older task
   * generations, then records the task count, so new tasks can start (KIP-618). Runs on the loop
   * and returns what to wait for off the loop (the fencing itself, whose follow-up is queued back
   * on the loop), or null when nothing needed fencing.
   */
  async #doFenceZombieSourceTasks (name: string): Promise<{ readonly done: Promise<void> } | null> {
    if (!this.isLeader()) throw new NotLeaderException('Only the leader may perform zombie fencing.', this.leaderUrl())
    if (!this.#configState.contains(name)) throw new NotFoundException(`Connector ${name} not found`)
    if (this.#connectorTypes.of(this.#configState.connectorConfig(name)) !== 'source') throw new BadRequestException(`Connector ${name} is not a source connector`)
    if (!await this.#refreshConfigSnapshot(this.config.workerSyncTimeoutMs())) {
      throw new ConnectException('Failed to read to end of config topic before performing zombie fencing')
    }
    const taskCount = this.#configState.taskCount(name)
    const taskCountRecord = this.#configState.taskCountRecord(name)
    const active = this.#activeFencings.get(name)
    if (active !== undefined) return { done: active.promise }
    if (!this.#configState.pendingFencing(name)) {
      log.debug('Skipping zombie fencing round for connector {} as all old task generations have already been fenced out', name)
      return null
    }
    if (taskCountRecord === undefined || (taskCountRecord === 1 && taskCount === 1)) {
      // No transactional producer of an older generation can be alive (none, or the one task fences its predecessor itself).
      log.debug('Skipping zombie fencing round but writing task count record for connector {}', name)
      await this.#writeToConfigTopicAsLeader(() => this.#configStore.putTaskCountRecord(name, taskCount))
      return null
    }
    const taskGeneration = this.#configState.taskConfigGeneration(name) ?? 0
    const connectorConfig = this.#configState.connectorConfig(name) as Record<string, string>
    let cancel: (error: unknown) => void = () => {}
    const cancelled = new Promise<never>((_resolve, reject) => { cancel = reject })
    cancelled.catch(() => {})
    const promise = (async () => {
      log.info('Fencing out the transactional producers of {} tasks of source connector {}', taskCountRecord, name)
      await Promise.race([fenceZombies(this.worker.log, this.config.groupId(), name, taskCountRecord, producerConfigs(name, this.config, connectorConfig)), cancelled])
      // Back on the loop: no newer task configs may have come meanwhile; then record the count.
      await Promise.race([this.#submit(async () => {
        if (!await this.#refreshConfigSnapshot(this.config.workerSyncTimeoutMs())) throw new ConnectException('Failed to read to end of config topic')
        if ((this.#configState.taskConfigGeneration(name) ?? 0) > taskGeneration) {
          throw new ConflictException('Fencing failed because new task configurations were generated for the connector')
        }
        await this.#writeToConfigTopicAsLeader(() => this.#configStore.putTaskCountRecord(name, taskCount))
      }), cancelled])
    })().finally(() => this.#activeFencings.delete(name))
    promise.catch(() => {})
    this.#activeFencings.set(name, { promise, cancel })
    return { done: promise }
  }

  // --- statuses (the worker reports through these) ----------------------------------------------

  onStartup (nameOrId: string | ConnectorTaskId): void {
    this.#report(nameOrId, 'RUNNING', null, false)
  }

  onPause (nameOrId: string | ConnectorTaskId): void {
    this.#report(nameOrId, 'PAUSED', null, false)
  }

  onResume (nameOrId: string | ConnectorTaskId): void {
    this.#report(nameOrId, 'RUNNING', null, false)
  }

  onStop (name: string): void {
    this.#putConnectorStatus(name, 'STOPPED', null)
  }

  onShutdown (nameOrId: string | ConnectorTaskId): void {
    this.#report(nameOrId, 'UNASSIGNED', null, true)
  }

  onFailure (nameOrId: string | ConnectorTaskId, error: unknown): void {
    this.#report(nameOrId, 'FAILED', traceOf(error), true)
  }

  /** Writes a status; `safe` ones (failures, shutdowns) never overwrite a newer generation's (Kafka's putSafe). */
  #report (nameOrId: string | ConnectorTaskId, state: StatusState, trace: string | null, safe: boolean): void {
    if (typeof nameOrId === 'string') {
      const status = this.#status(state, trace, this.worker.connectorVersion(nameOrId))
      if (safe) this.#statusStore.putConnectorSafe(nameOrId, status)
      else this.#statusStore.putConnector(nameOrId, status)
    } else {
      const status = this.#status(state, trace, this.worker.taskVersion(nameOrId))
      if (safe) this.#statusStore.putTaskSafe(nameOrId.connector, nameOrId.task, status)
      else this.#statusStore.putTask(nameOrId.connector, nameOrId.task, status)
    }
  }

  #status (state: StatusState, trace: string | null, version: string | null): Status {
    return { state, trace, workerId: this.#workerId, generation: this.#generation, version }
  }

  #putConnectorStatus (name: string, state: StatusState, trace: string | null): void {
    this.#statusStore.putConnector(name, this.#status(state, trace, this.worker.connectorVersion(name)))
  }

  #putTaskStatus (id: ConnectorTaskId, state: StatusState, trace: string | null): void {
    this.#statusStore.putTask(id.connector, id.task, this.#status(state, trace, this.worker.taskVersion(id)))
  }

  #onDeletion (name: string): void {
    for (const [task] of this.#statusStore.tasks(name)) this.#putTaskStatus({ connector: name, task }, 'DESTROYED', null)
    this.#putConnectorStatus(name, 'DESTROYED', null)
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** A rebalance is expected: what this worker knows may be stale (Kafka's checkRebalanceNeeded). */
  #checkRebalanceNeeded (): void {
    if (this.#needsReconfigRebalance) throw new RebalanceNeededException('Request cannot be completed because a rebalance is expected')
  }

  #connectorInfo (name: string): ConnectorInfo | null {
    const snapshot = this.#configStore.snapshot()
    const config = snapshot.rawConnectorConfig(name)
    if (config === undefined) return null
    return { name, config, tasks: snapshot.tasks(name), type: this.#connectorTypes.of(config) }
  }

  /** Queues an action for the loop; failures are logged (Kafka's requests with a logging callback). */
  #addRequest (action: () => Promise<void>, delayMs = 0): void {
    const first = this.#requests.add(action, error => {
      if (this.#state === 'running') log.error('Unexpected error during connector task reconfiguration: ', error)
    }, delayMs)
    if (first) this.#member.wakeup()
  }

  /** Runs `action` on the loop and resolves with its result (Kafka's addRequest with a FutureCallback). */
  #submit<T> (action: () => Promise<T>): Promise<T> {
    if (this.#state === 'stopping' || this.#state === 'stopped') return Promise.reject(new ConnectException('Worker is shutting down'))
    return new Promise<T>((resolve, reject) => {
      const first = this.#requests.add(async () => { resolve(await action()) }, reject)
      if (first) this.#member.wakeup()
    })
  }

  /** Waits for a connector's transition, but not forever (see bounded-transition.ts). */
  async #bounded (transition: Promise<void>, name: string, what: string): Promise<void> {
    await boundedTransition(transition, name, what, this.#transitionTimeoutMs, log)
  }

  async #sleep (ms: number): Promise<void> {
    await new Promise(resolve => setTimeout(resolve, ms))
  }

  /** This worker's advertised REST URL. */
  restUrl (): string {
    return this.#restUrl
  }
}

/** Whether `promise` settled within `ms`. */
async function settlesWithin (promise: Promise<unknown>, ms: number): Promise<'settled' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>(resolve => { timer = setTimeout(() => resolve('timeout'), ms) })
  try {
    return await Promise.race([promise.then(() => 'settled' as const, () => 'settled' as const), timeout])
  } finally {
    clearTimeout(timer)
  }
}

function protocolVersionOf (mode: string): number {
  return mode === 'eager' ? 0 : mode === 'compatible' ? 1 : 2
}

function describeAssignment (assignment: ConnectAssignment): string {
  return `Assignment{error=${assignment.error}, leader='${assignment.leader}', leaderUrl='${assignment.leaderUrl}', offset=${assignment.offset}, ` +
    `connectorIds=[${assignment.connectors.join(', ')}], taskIds=[${assignment.tasks.map(taskIdText).join(', ')}], ` +
    `revokedConnectorIds=[${assignment.revokedConnectors.join(', ')}], revokedTaskIds=[${assignment.revokedTasks.map(taskIdText).join(', ')}], delay=${assignment.delay}}`
}

function restartRequestText (request: ConnectorRestartRequest): string {
  return `restart request for {connectorName='${request.connector}', onlyFailed=${request.onlyFailed}, includeTasks=${request.includeTasks}}`
}

/** How much a restart request restarts (Kafka's RestartRequest.impactRank): the pending one with more impact wins. */
function restartImpact (request: ConnectorRestartRequest): number {
  if (request.onlyFailed && !request.includeTasks) return 0
  if (request.onlyFailed && request.includeTasks) return 1
  if (!request.onlyFailed && !request.includeTasks) return 2
  return 3
}

function isTooManyTasks (error: unknown): boolean {
  return error instanceof ConnectException && /has generated \d+ tasks, which is greater than/.test(error.message)
}

/**
 * Task configs with the values that came from config provider references put back as the
 * references, so secrets resolved for the tasks are not written to the config topic (Kafka's
 * AbstractHerder.reverseTransform).
 */
export function reverseTransform (rawConnectorConfig: Readonly<Record<string, string>>,
  taskConfigs: ReadonlyArray<Record<string, string>>): Array<Record<string, string>> {
  const keys = Object.keys(rawConnectorConfig).filter(key => VARIABLE_PATTERN.test(rawConnectorConfig[key]))
  return taskConfigs.map(config => {
    const result = { ...config }
    for (const key of keys) if (Object.hasOwn(result, key)) result[key] = rawConnectorConfig[key]
    return result
  })
}

/** Whether new task configs differ from the ones stored, or the connector config changed since they were made (AbstractHerder.taskConfigsChanged). */
export function taskConfigsChanged (state: ClusterConfigState, name: string, rawTaskProps: ReadonlyArray<Record<string, string>>): boolean {
  const current = state.taskCount(name)
  if (rawTaskProps.length !== current) {
    log.debug('Connector {} task count changed from {} to {}', name, current, rawTaskProps.length)
    return true
  }
  for (let index = 0; index < current; index++) {
    if (!sameConfig(rawTaskProps[index], state.rawTaskConfig({ connector: name, task: index }))) {
      log.debug('Connector {} has change in configuration for task {}-{}', name, name, index)
      return true
    }
  }
  const applied = state.appliedConnectorConfig(name)
  const currentConfig = state.connectorConfig(name)
  if (!sameConfig(applied ?? undefined, currentConfig)) {
    log.debug('Forcing task restart for connector {} as its configuration appears to be updated', name)
    return true
  }
  log.debug('Skipping reconfiguration of connector {} as generated configs appear unchanged', name)
  return false
}
