// The incremental cooperative assignor (KIP-415; Kafka's IncrementalCooperativeAssignor), for the
// v1 `compatible` and v2 `sessioned` protocols. Workers keep running what they have across a
// rebalance; the leader sends each one only what to start and what to stop:
//
// - deleted (previously assigned, no longer configured) and duplicated (run by several workers)
//   connectors and tasks are revoked;
// - lost ones (previously assigned, now run by nobody: their worker left) wait up to
//   scheduled.rebalance.max.delay.ms for the worker to come back, the delay being sent to every
//   member so all rejoin when it ends; then they go to workers that joined empty meanwhile, or
//   are dealt out as new;
// - created ones (configured, never assigned) go to the least-loaded workers, connectors first;
// - with no delay pending, workers above their fair share give some back, and the revoked work
//   moves in the follow-up rebalance the revocation triggers. Revoking rounds in a row back off
//   (1 ms × 40^n, up to the max delay) so a cluster cannot spin.
//
// The leader's decisions follow Java's step for step, down to the iteration orders of the HashMaps
// and HashSets it walks (member ids, tasks), so the same group state gives the same assignments,
// byte for byte, on a kconnect or a Java leader; test/parity/connect-protocol.test.ts runs Kafka's
// class on the same rounds.

import { javaStringHashCode } from '../../runtime/java-hash-order.ts'
import { getLogger } from '../../logging/index.ts'
import type { ConnectorTaskId } from '../herder.ts'
import {
  ensureLeaderConfig, LeaderState, type AssignableConfig, type AssignmentContext, type AssignmentOutcome, type ConnectAssignor,
  type GroupMemberMetadata,
} from './assignor.ts'
import {
  compareJavaStrings, compareTaskIds, connectorTaskIdHashCode, hashSetCopyOrder, stringHashSetOrder, taskHashSetOrder, taskKey,
} from './java-collections.ts'
import { CONNECT_PROTOCOL_V2, protocolVersion, type ConnectProtocolCompatibility } from './protocol/compatibility.ts'
import {
  assignmentText, CONFIG_MISMATCH, connectAssignment, decodeMetadata, encodeAssignment, NO_ERROR, taskIdText, type WorkerState,
} from './protocol/connect-protocol.ts'

const log = getLogger('org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeAssignor')

/** A LinkedHashSet of task ids: insertion-ordered, compared by value. */
export class TaskSet implements Iterable<ConnectorTaskId> {
  readonly #items = new Map<string, ConnectorTaskId>()

  constructor (items: Iterable<ConnectorTaskId> = []) {
    for (const item of items) this.add(item)
  }

  add (id: ConnectorTaskId): void {
    const key = taskKey(id)
    if (!this.#items.has(key)) this.#items.set(key, id)
  }

  has (id: ConnectorTaskId): boolean {
    return this.#items.has(taskKey(id))
  }

  delete (id: ConnectorTaskId): void {
    this.#items.delete(taskKey(id))
  }

  get size (): number {
    return this.#items.size
  }

  [Symbol.iterator] (): Iterator<ConnectorTaskId> {
    return this.#items.values()
  }
}

/** Connectors and tasks (Kafka's ConnectorsAndTasks), as insertion-ordered sets. */
interface ConnectorsAndTasks {
  readonly connectors: Set<string>
  readonly tasks: TaskSet
}

function connectorsAndTasks (connectors: Iterable<string> = [], tasks: Iterable<ConnectorTaskId> = []): ConnectorsAndTasks {
  return { connectors: new Set(connectors), tasks: new TaskSet(tasks) }
}

function isEmpty (value: ConnectorsAndTasks): boolean {
  return value.connectors.size === 0 && value.tasks.size === 0
}

function addAllTo (target: ConnectorsAndTasks, source: ConnectorsAndTasks): void {
  for (const connector of source.connectors) target.connectors.add(connector)
  for (const task of source.tasks) target.tasks.add(task)
}

function removeAllFrom (target: ConnectorsAndTasks, source: ConnectorsAndTasks): void {
  for (const connector of source.connectors) target.connectors.delete(connector)
  for (const task of source.tasks) target.tasks.delete(task)
}

/** base − each of `subtract`, sorted (Java builds these differences in TreeSets). */
function sortedDiff (base: ConnectorsAndTasks, ...subtract: ConnectorsAndTasks[]): ConnectorsAndTasks {
  const connectors = [...base.connectors].filter(c => !subtract.some(s => s.connectors.has(c))).sort(compareJavaStrings)
  const tasks = [...base.tasks].filter(t => !subtract.some(s => s.tasks.has(t))).sort(compareTaskIds)
  return connectorsAndTasks(connectors, tasks)
}

/** One worker's load while assigning (Kafka's WorkerLoad); its sets may be shared with the member's assignment, as in Java. */
interface WorkerLoad {
  readonly worker: string
  readonly connectors: ConnectorsAndTasks['connectors']
  readonly tasks: TaskSet
}

function loadIsEmpty (load: WorkerLoad): boolean {
  return load.connectors.size === 0 && load.tasks.size === 0
}

/** What one round assigns (Kafka's ClusterAssignment): per worker, what to start, what to stop, and everything it runs after. */
export interface ClusterAssignment {
  readonly newlyAssignedConnectors: ReadonlyMap<string, readonly string[]>
  readonly newlyAssignedTasks: ReadonlyMap<string, readonly ConnectorTaskId[]>
  readonly newlyRevokedConnectors: ReadonlyMap<string, readonly string[]>
  readonly newlyRevokedTasks: ReadonlyMap<string, readonly ConnectorTaskId[]>
  readonly allAssignedConnectors: ReadonlyMap<string, readonly string[]>
  readonly allAssignedTasks: ReadonlyMap<string, readonly ConnectorTaskId[]>
}

const EMPTY_CLUSTER_ASSIGNMENT: ClusterAssignment = {
  newlyAssignedConnectors: new Map(),
  newlyAssignedTasks: new Map(),
  newlyRevokedConnectors: new Map(),
  newlyRevokedTasks: new Map(),
  allAssignedConnectors: new Map(),
  allAssignedTasks: new Map(),
}

/**
 * Kafka's ExponentialBackoff(initial, 40, max, jitter 0) for revoking rounds in a row: 40^n ms
 * from 1 ms, capped at the max delay (0 when delays are off).
 */
function revokingRoundsBackoff (maxDelay: number): (attempts: number) => number {
  const initial = Math.min(maxDelay, maxDelay === 0 ? 0 : 1)
  const expMax = maxDelay > initial ? Math.log(maxDelay / Math.max(initial, 1)) / Math.log(40) : 0
  return attempts => {
    if (expMax === 0) return initial
    const term = initial * Math.pow(40, Math.min(attempts, expMax))
    return Math.min(Math.trunc(term), maxDelay)
  }
}

/** Options of the incremental cooperative assignor. */
export interface IncrementalCooperativeAssignorOptions {
  /** scheduled.rebalance.max.delay.ms: how long lost work waits for its worker to come back. */
  readonly maxDelayMs: number
  /** The clock (epoch ms); tests pass their own. */
  readonly now?: () => number
}

/** KIP-415's assignor, with the state a leader keeps between rounds. */
export class IncrementalCooperativeAssignor implements ConnectAssignor {
  readonly #maxDelay: number
  readonly #now: () => number
  readonly #backoff: (attempts: number) => number
  #previousAssignment: ConnectorsAndTasks = connectorsAndTasks()
  readonly #previousRevocation: ConnectorsAndTasks = connectorsAndTasks()
  #revokedInPrevious = false
  readonly #candidateWorkersForReassignment = new Set<string>()
  #scheduledRebalance = 0
  #delay = 0
  #previousGenerationId = -1
  #previousMembers: ReadonlySet<string> = new Set()
  #numSuccessiveRevokingRebalances = 0

  constructor (options: IncrementalCooperativeAssignorOptions) {
    this.#maxDelay = options.maxDelayMs
    this.#now = options.now ?? Date.now
    this.#backoff = revokingRoundsBackoff(options.maxDelayMs)
  }

  async performAssignment (leaderId: string, protocol: ConnectProtocolCompatibility, members: readonly GroupMemberMetadata[],
    context: AssignmentContext): Promise<AssignmentOutcome> {
    log.debug('Performing task assignment')
    // Java keeps the members in a HashMap: every walk over them below goes in its order.
    const decoded = new Map(members.map(member => [member.memberId, decodeMetadata(member.metadata)]))
    const memberConfigs = new Map<string, WorkerState>()
    for (const id of stringHashSetOrder(members.map(member => member.memberId))) memberConfigs.set(id, decoded.get(id)!)
    log.debug('Member configs: {}', memberConfigs)

    let maxOffset = -1n
    let first = true
    for (const state of memberConfigs.values()) {
      if (first || state.offset > maxOffset) maxOffset = state.offset
      first = false
    }
    log.debug('Max config offset root: {}, local snapshot config offsets root: {}', maxOffset, context.configSnapshot().offset)
    const version = protocolVersion(protocol)
    const leaderUrl = memberConfigs.get(leaderId)!.url

    const leaderOffset = await ensureLeaderConfig(maxOffset, context)
    if (leaderOffset === null) {
      log.info('Was selected to perform assignments, but do not have latest config found in sync request. ' +
        'Returning an empty configuration to trigger re-sync.')
      const assignments = this.#serialize(memberConfigs.keys(), CONFIG_MISMATCH, leaderId, leaderUrl, maxOffset,
        EMPTY_CLUSTER_ASSIGNMENT, 0, version)
      return { assignments, leaderState: null }
    }

    log.debug('Performing task assignment during generation: {}', context.generationId)
    const memberAssignments = new Map<string, ConnectorsAndTasks>()
    for (const [member, state] of memberConfigs) {
      memberAssignments.set(member, connectorsAndTasks(state.assignment?.connectors ?? [], state.assignment?.tasks ?? []))
    }
    const cluster = this.performTaskAssignment(context.configSnapshot(), context.lastCompletedGenerationId, context.generationId, memberAssignments)
    const leaderState = new LeaderState(memberConfigs, cluster.allAssignedConnectors, cluster.allAssignedTasks)
    const assignments = this.#serialize(memberConfigs.keys(), NO_ERROR, leaderId, leaderUrl, leaderOffset, cluster, this.#delay, version)
    return { assignments, leaderState }
  }

  /**
   * One round: the members' current assignments (in Java's HashMap order of member ids; the sets
   * are consumed) against the configuration. Exposed for tests, as Java's is.
   */
  performTaskAssignment (configSnapshot: AssignableConfig, lastCompletedGenerationId: number, currentGenerationId: number,
    memberAssignments: Map<string, ConnectorsAndTasks>): ClusterAssignment {
    log.debug('Previous assignments: {}', this.#previousAssignment)
    if (this.#previousGenerationId !== lastCompletedGenerationId) {
      log.debug('Clearing the view of previous assignments due to generation mismatch between previous generation ID {} ' +
        'and last completed generation ID {}. This can happen if the leader fails to sync the assignment within a ' +
        'rebalancing round. The following view of previous assignments might be outdated and will be ignored by the ' +
        'leader in the current computation of new assignments. Possibly outdated previous assignments: {}',
      this.#previousGenerationId, lastCompletedGenerationId, this.#previousAssignment)
      this.#previousAssignment = connectorsAndTasks()
    }

    const configuredConnectors = [...configSnapshot.connectors()].sort(compareJavaStrings)
    const configured = connectorsAndTasks(configuredConnectors, configuredConnectors.flatMap(c => [...configSnapshot.tasks(c)]))
    log.debug('Configured assignments: {}', configured)

    const active = connectorsAndTasks(
      [...memberAssignments.values()].flatMap(a => [...a.connectors]),
      [...memberAssignments.values()].flatMap(a => [...a.tasks]))
    log.debug('Active assignments: {}', active)

    // A revocation of the last round that did not happen: start again from what runs.
    if (!isEmpty(this.#previousRevocation)) {
      if ([...this.#previousRevocation.connectors].some(c => active.connectors.has(c)) ||
        [...this.#previousRevocation.tasks].some(t => active.tasks.has(t))) {
        this.#previousAssignment = active
      }
      this.#previousRevocation.connectors.clear()
      for (const task of [...this.#previousRevocation.tasks]) this.#previousRevocation.tasks.delete(task)
    }

    const deleted = sortedDiff(this.#previousAssignment, configured)
    log.debug('Deleted assignments: {}', deleted)
    const duplicated = duplicatedAssignments(memberAssignments)
    log.trace('Duplicated assignments: {}', duplicated)
    const lostAssignments = sortedDiff(this.#previousAssignment, active, deleted)
    log.debug('Lost assignments: {}', lostAssignments)
    const created = sortedDiff(configured, this.#previousAssignment, active)
    log.debug('Created: {}', created)

    const currentWorkerAssignment = workerAssignment(memberAssignments, deleted)
    const toRevoke = new Map<string, ConnectorsAndTasks>()
    const deletedToRevoke = intersection(deleted, memberAssignments)
    log.debug('Deleted connectors and tasks to revoke from each worker: {}', deletedToRevoke)
    addAllPerWorker(toRevoke, deletedToRevoke)
    const duplicatedToRevoke = intersection(duplicated, memberAssignments)
    log.debug('Duplicated connectors and tasks to revoke from each worker: {}', duplicatedToRevoke)
    addAllPerWorker(toRevoke, duplicatedToRevoke)

    // What each worker will run after this round, shrinking by revocations and growing by new work.
    const nextWorkerAssignment: WorkerLoad[] = [...memberAssignments].map(([worker, a]) => ({ worker, connectors: a.connectors, tasks: a.tasks }))
    removeAllPerWorker(nextWorkerAssignment, deletedToRevoke)
    removeAllPerWorker(nextWorkerAssignment, duplicatedToRevoke)

    const lostToReassign = connectorsAndTasks()
    this.#handleLostAssignments(lostAssignments, lostToReassign, nextWorkerAssignment)

    if (this.#delay === 0) {
      const loadBalancingRevocations = performLoadBalancingRevocations(configured, nextWorkerAssignment)
      if (this.#revokedInPrevious && loadBalancingRevocations.size > 0) {
        this.#numSuccessiveRevokingRebalances++
        log.debug('Consecutive revoking rebalances observed. Computing delay and next scheduled rebalance.')
        this.#delay = this.#backoff(this.#numSuccessiveRevokingRebalances)
        if (this.#delay !== 0) {
          this.#scheduledRebalance = this.#now() + this.#delay
          log.debug('Skipping revocations in the current round with a delay of {}ms. Next scheduled rebalance:{}', this.#delay, this.#scheduledRebalance)
        } else {
          log.debug('Revoking assignments immediately since scheduled.rebalance.max.delay.ms is set to 0')
          addAllPerWorker(toRevoke, loadBalancingRevocations)
          removeAllPerWorker(nextWorkerAssignment, loadBalancingRevocations)
        }
      } else if (loadBalancingRevocations.size > 0) {
        log.debug('Performing allocation-balancing revocation immediately as no revocations took place during the previous rebalance')
        addAllPerWorker(toRevoke, loadBalancingRevocations)
        removeAllPerWorker(nextWorkerAssignment, loadBalancingRevocations)
        this.#revokedInPrevious = true
      } else if (this.#revokedInPrevious) {
        log.debug('Previous round had revocations but this round didn\'t. Probably, the cluster has reached a balanced load. ' +
          'Resetting the exponential backoff clock')
        this.#revokedInPrevious = false
        this.#numSuccessiveRevokingRebalances = 0
      } else {
        log.debug('No revocations in previous and current round.')
      }
    } else {
      log.debug('Delayed rebalance is active. Delaying {}ms before revoking connectors and tasks: {}', this.#delay, toRevoke)
      this.#revokedInPrevious = false
    }

    const toAssign = connectorsAndTasks()
    addAllTo(toAssign, created)
    addAllTo(toAssign, lostToReassign)
    assignConnectors(nextWorkerAssignment, [...toAssign.connectors])
    assignTasks(nextWorkerAssignment, [...toAssign.tasks])

    const nextConnectors = new Map(nextWorkerAssignment.map(load => [load.worker, [...load.connectors]]))
    const nextTasks = new Map(nextWorkerAssignment.map(load => [load.worker, [...load.tasks]]))
    const currentConnectors = new Map(currentWorkerAssignment.map(load => [load.worker, new Set(load.connectors)]))
    const currentTasks = new Map(currentWorkerAssignment.map(load => [load.worker, new TaskSet(load.tasks)]))
    const incrementalConnectors = mapDiff(nextConnectors, worker => c => currentConnectors.get(worker)?.has(c) ?? false)
    const incrementalTasks = mapDiff(nextTasks, worker => t => currentTasks.get(worker)?.has(t) ?? false)

    this.#previousAssignment = this.#computePreviousAssignment(toRevoke, nextConnectors, nextTasks, lostAssignments)
    this.#previousGenerationId = currentGenerationId
    this.#previousMembers = new Set(memberAssignments.keys())
    log.debug('Incremental connector assignments: {}', incrementalConnectors)
    log.debug('Incremental task assignments: {}', incrementalTasks)

    const revokedConnectors = new Map([...toRevoke].map(([worker, revoked]) => [worker, [...revoked.connectors]]))
    const revokedTasks = new Map([...toRevoke].map(([worker, revoked]) => [worker, [...revoked.tasks]]))
    return {
      newlyAssignedConnectors: incrementalConnectors,
      newlyAssignedTasks: incrementalTasks,
      newlyRevokedConnectors: revokedConnectors,
      newlyRevokedTasks: revokedTasks,
      allAssignedConnectors: mapDiff(nextConnectors, worker => c => revokedConnectors.get(worker)?.includes(c) ?? false),
      allAssignedTasks: mapDiff(nextTasks, worker => t => revokedTasks.get(worker)?.some(r => taskKey(r) === taskKey(t)) ?? false),
    }
  }

  #computePreviousAssignment (toRevoke: ReadonlyMap<string, ConnectorsAndTasks>, connectors: ReadonlyMap<string, string[]>,
    tasks: ReadonlyMap<string, ConnectorTaskId[]>, lost: ConnectorsAndTasks): ConnectorsAndTasks {
    const previous = connectorsAndTasks([...connectors.values()].flat(), [...tasks.values()].flat())
    for (const revoked of toRevoke.values()) {
      removeAllFrom(previous, revoked)
      addAllTo(this.#previousRevocation, revoked)
    }
    addAllTo(previous, lost)
    return previous
  }

  #handleLostAssignments (lost: ConnectorsAndTasks, lostToReassign: ConnectorsAndTasks, completeWorkerAssignment: WorkerLoad[]): void {
    if (isEmpty(lost) && !this.#revokedInPrevious) {
      this.#resetDelay()
      return
    }
    const now = this.#now()
    log.debug('Found the following connectors and tasks missing from previous assignments: {}', lost)
    const activeMembers = new Set(completeWorkerAssignment.map(load => load.worker))
    if (this.#scheduledRebalance <= 0 && [...this.#previousMembers].every(member => activeMembers.has(member))) {
      log.debug('No worker seems to have departed the group during the rebalance. The missing assignments that the leader is ' +
        'detecting are probably due to some workers failing to receive the new assignments in the previous rebalance. ' +
        'Will reassign missing tasks as new tasks')
      addAllTo(lostToReassign, lost)
      return
    } else if (this.#maxDelay === 0) {
      log.debug('Scheduled rebalance delays are disabled (scheduled.rebalance.max.delay.ms = 0); reassigning all lost connectors and tasks immediately')
      addAllTo(lostToReassign, lost)
      return
    }

    if (this.#scheduledRebalance > 0 && now >= this.#scheduledRebalance) {
      log.debug('Delayed rebalance expired. Reassigning lost tasks')
      let candidates: WorkerLoad[] = []
      if (this.#candidateWorkersForReassignment.size > 0) {
        const byWorker = new Map(completeWorkerAssignment.map(load => [load.worker, load]))
        candidates = [...this.#candidateWorkersForReassignment].map(worker => byWorker.get(worker)).filter(load => load !== undefined)
      }
      if (candidates.length > 0) {
        log.debug('Assigning lost tasks to {} candidate workers: {}', candidates.length, candidates.map(load => load.worker).join(','))
        let i = 0
        for (const connector of lost.connectors) {
          const load = candidates[i++ % candidates.length]
          log.debug('Assigning connector id {} to member {}', connector, load.worker)
          load.connectors.add(connector)
        }
        i = 0
        for (const task of lost.tasks) {
          const load = candidates[i++ % candidates.length]
          log.debug('Assigning task id {} to member {}', taskIdText(task), load.worker)
          load.tasks.add(task)
        }
      } else {
        log.debug('No single candidate worker was found to assign lost tasks. Treating lost tasks as new tasks')
        addAllTo(lostToReassign, lost)
      }
      this.#resetDelay()
      this.#revokedInPrevious = false
    } else {
      // Workers that are empty now are where lost work goes when the delay ends (Java collects them in a HashSet first).
      for (const worker of stringHashSetOrder(completeWorkerAssignment.filter(loadIsEmpty).map(load => load.worker))) {
        this.#candidateWorkersForReassignment.add(worker)
      }
      if (now < this.#scheduledRebalance) {
        const remaining = this.#scheduledRebalance - now
        this.#delay = remaining > 0 ? Math.min(remaining, this.#maxDelay) : 0
        log.debug('Delayed rebalance in progress. Task reassignment is postponed. New computed rebalance delay: {}', this.#delay)
      } else {
        this.#delay = this.#maxDelay
        log.debug('Resetting rebalance delay to the max: {}. scheduledRebalance: {} now: {} diff scheduledRebalance - now: {}',
          this.#delay, this.#scheduledRebalance, now, this.#scheduledRebalance - now)
      }
      this.#scheduledRebalance = now + this.#delay
    }
  }

  #resetDelay (): void {
    this.#candidateWorkersForReassignment.clear()
    this.#scheduledRebalance = 0
    if (this.#delay !== 0) log.debug('Resetting delay from previous value: {} to 0', this.#delay)
    this.#delay = 0
  }

  #serialize (members: Iterable<string>, error: number, leader: string, leaderUrl: string, offset: bigint, cluster: ClusterAssignment,
    delay: number, version: number): Map<string, Uint8Array> {
    const assignments = new Map<string, Uint8Array>()
    for (const member of members) {
      const assignment = connectAssignment({
        version,
        error,
        leader,
        leaderUrl,
        offset,
        connectors: cluster.newlyAssignedConnectors.get(member) ?? [],
        tasks: cluster.newlyAssignedTasks.get(member) ?? [],
        revokedConnectors: cluster.newlyRevokedConnectors.get(member) ?? [],
        revokedTasks: cluster.newlyRevokedTasks.get(member) ?? [],
        delay,
      })
      log.debug('Filling assignment: {} -> {}', member, assignmentText(assignment))
      assignments.set(member, encodeAssignment(assignment, version >= CONNECT_PROTOCOL_V2))
    }
    log.debug('Finished assignment')
    return assignments
  }
}

/** Connectors and tasks that more than one worker runs (Java counts them in HashMaps, then collects the repeats in HashSets). */
function duplicatedAssignments (memberAssignments: ReadonlyMap<string, ConnectorsAndTasks>): ConnectorsAndTasks {
  const connectorCounts = new Map<string, number>()
  const taskCounts = new Map<string, { id: ConnectorTaskId, count: number }>()
  for (const assignment of memberAssignments.values()) {
    for (const connector of assignment.connectors) connectorCounts.set(connector, (connectorCounts.get(connector) ?? 0) + 1)
    for (const task of assignment.tasks) {
      const entry = taskCounts.get(taskKey(task))
      if (entry === undefined) taskCounts.set(taskKey(task), { id: task, count: 1 })
      else entry.count++
    }
  }
  const repeatedConnectors = stringHashSetOrder([...connectorCounts.keys()]).filter(c => connectorCounts.get(c)! > 1)
  const repeatedTasks = taskHashSetOrder([...taskCounts.values()].map(entry => entry.id)).filter(t => taskCounts.get(taskKey(t))!.count > 1)
  return connectorsAndTasks(stringHashSetOrder(repeatedConnectors), taskHashSetOrder(repeatedTasks))
}

/** Each worker's current assignment without `exclude`, as plain lists (Kafka's workerAssignment()). */
function workerAssignment (memberAssignments: ReadonlyMap<string, ConnectorsAndTasks>, exclude: ConnectorsAndTasks): Array<{ worker: string, connectors: string[], tasks: ConnectorTaskId[] }> {
  return [...memberAssignments].map(([worker, a]) => ({
    worker,
    connectors: [...a.connectors].filter(c => !exclude.connectors.has(c)),
    tasks: [...a.tasks].filter(t => !exclude.tasks.has(t)),
  }))
}

/** Per worker, what of its assignment is in `subset`, in the order of a HashSet copied from the worker's sets. */
function intersection (subset: ConnectorsAndTasks, memberAssignments: ReadonlyMap<string, ConnectorsAndTasks>): Map<string, ConnectorsAndTasks> {
  const result = new Map<string, ConnectorsAndTasks>()
  for (const [worker, a] of memberAssignments) {
    const connectors = hashSetCopyOrder([...a.connectors], javaStringHashCode, c => c).filter(c => subset.connectors.has(c))
    const tasks = hashSetCopyOrder([...a.tasks], connectorTaskIdHashCode, taskKey).filter(t => subset.tasks.has(t))
    result.set(worker, connectorsAndTasks(connectors, tasks))
  }
  return result
}

function addAllPerWorker (target: Map<string, ConnectorsAndTasks>, source: ReadonlyMap<string, ConnectorsAndTasks>): void {
  for (const [worker, assignment] of source) {
    let entry = target.get(worker)
    if (entry === undefined) target.set(worker, entry = connectorsAndTasks())
    addAllTo(entry, assignment)
  }
}

function removeAllPerWorker (loads: readonly WorkerLoad[], toRemove: ReadonlyMap<string, ConnectorsAndTasks>): void {
  for (const load of loads) {
    const remove = toRemove.get(load.worker)
    if (remove !== undefined) removeAllFrom(load, remove)
  }
}

/** Per worker, the list without what `removed(worker)` says (Kafka's diff of two maps of lists). */
function mapDiff<T> (base: ReadonlyMap<string, T[]>, removed: (worker: string) => (item: T) => boolean): Map<string, T[]> {
  const result = new Map<string, T[]>()
  for (const [worker, items] of base) {
    const isRemoved = removed(worker)
    result.set(worker, items.filter(item => !isRemoved(item)))
  }
  return result
}

/**
 * Revocations that bring every worker down to its fair share (the total divided by the workers,
 * some allowed one more), taken from the start of each over-loaded worker's list.
 */
function performLoadBalancingRevocations (configured: ConnectorsAndTasks, workers: readonly WorkerLoad[]): Map<string, ConnectorsAndTasks> {
  if (workers.every(loadIsEmpty)) {
    log.trace('No load-balancing revocations required; all workers are either new or will have all currently-assigned connectors and tasks revoked during this round')
    return new Map()
  }
  if (isEmpty(configured)) {
    log.trace('No load-balancing revocations required; no connectors are currently configured on this cluster')
    return new Map()
  }
  const result = new Map<string, ConnectorsAndTasks>()
  const connectorRevocations = loadBalancingRevocations('connector', configured.connectors.size, workers, load => [...load.connectors])
  const taskRevocations = loadBalancingRevocations('task', configured.tasks.size, workers, load => [...load.tasks])
  for (const [worker, revoked] of connectorRevocations) {
    let entry = result.get(worker)
    if (entry === undefined) result.set(worker, entry = connectorsAndTasks())
    for (const connector of revoked) entry.connectors.add(connector)
  }
  for (const [worker, revoked] of taskRevocations) {
    let entry = result.get(worker)
    if (entry === undefined) result.set(worker, entry = connectorsAndTasks())
    for (const task of revoked) entry.tasks.add(task)
  }
  return result
}

function loadBalancingRevocations<E> (what: string, totalToAllocate: number, workers: readonly WorkerLoad[],
  allocation: (load: WorkerLoad) => E[]): Map<string, E[]> {
  const totalWorkers = workers.length
  const minAllocatedPerWorker = Math.trunc(totalToAllocate / totalWorkers)
  const workersToAllocateExtra = totalToAllocate % totalWorkers
  const sizes = workers.map(load => allocation(load).length)
  const atMinimum = sizes.filter(n => n === minAllocatedPerWorker).length
  const withOneExtra = sizes.filter(n => n === minAllocatedPerWorker + 1).length
  if (withOneExtra === workersToAllocateExtra && atMinimum + withOneExtra === totalWorkers) {
    log.trace('No load-balancing {} revocations required; the current allocations, when combined with any newly-created {}s, should be balanced', what, what)
    return new Map()
  }
  const result = new Map<string, E[]>()
  let allocatedExtras = 0
  for (const load of workers) {
    const current = allocation(load)
    if (current.length <= minAllocatedPerWorker) continue
    let maxAllocation: number
    if (allocatedExtras < workersToAllocateExtra) {
      allocatedExtras++
      if (current.length === minAllocatedPerWorker + 1) continue
      maxAllocation = minAllocatedPerWorker + 1
    } else {
      maxAllocation = minAllocatedPerWorker
    }
    result.set(load.worker, current.slice(0, current.length - maxAllocation))
  }
  return result
}

/**
 * Deals connectors round-robin over the least-loaded workers: sorted by load (then id), each pass
 * goes over the workers loaded no more than the first one was at the start of the pass.
 */
function assignConnectors (loads: WorkerLoad[], connectors: readonly string[]): void {
  sortLoads(loads, load => load.connectors.size)
  dealRoundRobin(loads, connectors, load => load.connectors.size, (load, connector) => {
    log.debug('Assigning connector {} to {}', connector, load.worker)
    load.connectors.add(connector)
  })
}

/** As assignConnectors, for tasks. */
function assignTasks (loads: WorkerLoad[], tasks: readonly ConnectorTaskId[]): void {
  sortLoads(loads, load => load.tasks.size)
  dealRoundRobin(loads, tasks, load => load.tasks.size, (load, task) => {
    log.debug('Assigning task {} to {}', taskIdText(task), load.worker)
    load.tasks.add(task)
  })
}

function sortLoads (loads: WorkerLoad[], size: (load: WorkerLoad) => number): void {
  // Array.prototype.sort is stable, as Java's List.sort.
  loads.sort((a, b) => size(a) - size(b) || compareJavaStrings(a.worker, b.worker))
}

function dealRoundRobin<T> (loads: readonly WorkerLoad[], items: readonly T[], size: (load: WorkerLoad) => number,
  give: (load: WorkerLoad, item: T) => void): void {
  if (items.length === 0) return
  const first = loads[0]
  let next = 0
  while (next < items.length) {
    const firstLoad = size(first)
    let upTo = loads.findIndex(load => size(load) > firstLoad)
    if (upTo < 0) upTo = loads.length
    for (const load of loads.slice(0, upTo)) {
      give(load, items[next++])
      if (next >= items.length) break
    }
  }
}
