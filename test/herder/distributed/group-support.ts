// A stand-in for the distributed herder around a WorkerCoordinator, for tests of the group
// protocol on a real broker: it runs the member's loop as Kafka's DistributedHerder.tick() does
// (ensureActive, act on the assignment, poll), and keeps what the worker "runs" from the
// rebalance callbacks, without starting any connector. What it does with an assignment is what
// the herder does with it: a failed one (CONFIG_MISMATCH) or one that revoked work asks for a
// rejoin, and a delay schedules one.

import type { ConnectorTaskId } from '../../../src/herder/herder.ts'
import type { AssignableConfig } from '../../../src/herder/distributed/assignor.ts'
import type { WorkerRebalanceListener } from '../../../src/herder/distributed/group-member.ts'
import type { ConnectProtocolCompatibility } from '../../../src/herder/distributed/protocol/compatibility.ts'
import { assignmentFailed, type ConnectAssignment } from '../../../src/herder/distributed/protocol/connect-protocol.ts'
import { WorkerCoordinator, type CoordinatorConfigSource } from '../../../src/herder/distributed/worker-coordinator.ts'

/** A config topic in memory: connectors with task counts, and the offset read so far. */
export class TestConfig implements CoordinatorConfigSource {
  offset: bigint
  readonly connectors: Map<string, number>
  /** Where refresh() would get to; null makes refresh() fail as a read that times out. */
  catchUpTo: { offset: bigint, connectors: Map<string, number> } | null = null

  constructor (connectors: Record<string, number> = {}, offset = 0n) {
    this.connectors = new Map(Object.entries(connectors))
    this.offset = offset
  }

  snapshot (): AssignableConfig {
    const connectors = new Map(this.connectors)
    return {
      offset: this.offset,
      connectors: () => connectors.keys(),
      tasks: connector => Array.from({ length: connectors.get(connector) ?? 0 }, (_, task) => ({ connector, task })),
    }
  }

  async refresh (): Promise<void> {
    if (this.catchUpTo === null) return
    this.offset = this.catchUpTo.offset
    this.connectors.clear()
    for (const [name, count] of this.catchUpTo.connectors) this.connectors.set(name, count)
  }

  /** A config change every worker sees at once (one more record on the topic). */
  change (edit: (connectors: Map<string, number>) => void): void {
    edit(this.connectors)
    this.offset++
  }
}

/** What a test worker saw, in order. */
export type WorkerEvent =
  | { readonly kind: 'assigned', readonly generation: number, readonly assignment: ConnectAssignment }
  | { readonly kind: 'revoked', readonly connectors: readonly string[], readonly tasks: readonly ConnectorTaskId[] }
  | { readonly kind: 'poll-timeout' }

/** Settings of a test worker's membership. */
export interface TestWorkerOptions {
  readonly bootstrap: string
  readonly groupId: string
  readonly name: string
  readonly config: CoordinatorConfigSource
  readonly protocol?: ConnectProtocolCompatibility
  readonly maxDelayMs?: number
  readonly sessionTimeoutMs?: number
  readonly heartbeatIntervalMs?: number
  readonly rebalanceTimeoutMs?: number
  /** Runs inside onAssigned, after the assignment was recorded (a herder busy starting work). */
  readonly onAssigned?: (assignment: ConnectAssignment) => void | Promise<void>
}

/** A worker that only takes part in the group. */
export class TestWorker {
  readonly name: string
  readonly url: string
  readonly coordinator: WorkerCoordinator
  readonly events: WorkerEvent[] = []
  /** What the worker runs now, as the callbacks left it. */
  readonly connectors = new Set<string>()
  readonly tasks = new Set<string>()
  #pending: ConnectAssignment | null = null
  #scheduledRebalance = Number.POSITIVE_INFINITY
  #stopped = false
  #loop: Promise<void> | null = null
  #failure: unknown = null

  constructor (options: TestWorkerOptions) {
    this.name = options.name
    this.url = `http://${options.name}.test:8083/`
    const listener: WorkerRebalanceListener = {
      onRevoked: (_leader, connectors, tasks) => {
        this.events.push({ kind: 'revoked', connectors: [...connectors], tasks: [...tasks] })
        for (const connector of connectors) this.connectors.delete(connector)
        for (const task of tasks) this.tasks.delete(`${task.connector}-${task.task}`)
      },
      onAssigned: async (assignment, generation) => {
        this.events.push({ kind: 'assigned', generation, assignment })
        this.#pending = assignment
        this.#scheduledRebalance = assignment.delay > 0 ? Date.now() + assignment.delay : Number.POSITIVE_INFINITY
        await options.onAssigned?.(assignment)
      },
      onPollTimeoutExpiry: () => {
        this.events.push({ kind: 'poll-timeout' })
      },
    }
    this.coordinator = new WorkerCoordinator({
      bootstrapServers: options.bootstrap,
      clientId: `${options.name}-client`,
      groupId: options.groupId,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 6000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 500,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs ?? 20_000,
      restUrl: this.url,
      protocol: options.protocol ?? 'sessioned',
      scheduledRebalanceMaxDelayMs: options.maxDelayMs ?? 2000,
      workerSyncTimeoutMs: 1000,
      configSource: options.config,
      listener,
    })
  }

  /** Starts the member's loop. */
  start (): this {
    this.#loop = this.#run()
    return this
  }

  async #run (): Promise<void> {
    try {
      while (!this.#stopped) {
        await this.coordinator.ensureActive()
        if (this.#stopped) break
        this.#apply()
        const wait = Math.min(100, Math.max(0, this.#scheduledRebalance - Date.now()))
        await this.coordinator.poll(wait)
        if (this.#scheduledRebalance <= Date.now()) {
          this.#scheduledRebalance = Number.POSITIVE_INFINITY
          this.coordinator.requestRejoin('the scheduled rebalance delay ended')
        }
        this.#apply()
      }
    } catch (error) {
      if (!this.#stopped) this.#failure = error
    }
  }

  /** What the herder does once a rebalance completed. */
  #apply (): void {
    const assignment = this.#pending
    if (assignment === null) return
    this.#pending = null
    if (assignmentFailed(assignment)) {
      this.coordinator.requestRejoin('the assignment failed')
      return
    }
    this.connectors.clear()
    this.tasks.clear()
    for (const connector of assignment.connectors) this.connectors.add(connector)
    for (const task of assignment.tasks) this.tasks.add(`${task.connector}-${task.task}`)
    if (assignment.revokedConnectors.length > 0 || assignment.revokedTasks.length > 0) this.coordinator.requestRejoin('work was revoked')
  }

  /** The loop's failure, if it failed. */
  get failure (): unknown {
    return this.#failure
  }

  /** The last assignment the worker got. */
  lastAssignment (): ConnectAssignment | null {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const event = this.events[i]
      if (event.kind === 'assigned') return event.assignment
    }
    return null
  }

  /** Whether the worker is settled: in the group, nothing pending. */
  settled (): boolean {
    return !this.coordinator.rejoinNeededOrPending() && this.#pending === null && !Number.isFinite(this.#scheduledRebalance)
  }

  /** Leaves the group (LeaveGroup) and stops the loop. */
  async stop (): Promise<void> {
    this.#stopped = true
    this.coordinator.wakeup()
    await this.coordinator.stop()
    await this.#loop
  }
}

/** Waits until `condition` holds, checking every 50 ms; fails after `timeoutMs` with `describe()`. */
export async function waitFor (what: string, condition: () => boolean, describe: () => string = () => '', timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}. ${describe()}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/** Every configured connector and task runs on exactly one of `workers`. */
export function coversExactlyOnce (workers: readonly TestWorker[], config: TestConfig): boolean {
  const connectors = workers.flatMap(worker => [...worker.connectors])
  const tasks = workers.flatMap(worker => [...worker.tasks])
  const expectedTasks = [...config.connectors].flatMap(([name, count]) => Array.from({ length: count }, (_, task) => `${name}-${task}`))
  return connectors.length === config.connectors.size && new Set(connectors).size === connectors.length &&
    [...config.connectors.keys()].every(name => connectors.includes(name)) &&
    tasks.length === expectedTasks.length && new Set(tasks).size === tasks.length && expectedTasks.every(task => tasks.includes(task))
}

/** Who runs what, for failure messages. */
export function describeWorkers (workers: readonly TestWorker[]): string {
  return workers.map(worker => `${worker.name}: connectors [${[...worker.connectors].join(', ')}] tasks [${[...worker.tasks].join(', ')}]` +
    ` settled=${worker.settled()} generation=${worker.coordinator.lastCompletedGenerationId}`).join('; ')
}
