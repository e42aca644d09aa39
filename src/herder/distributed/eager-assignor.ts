// The eager assignor (Kafka's EagerAssignor, for the v0 `default` protocol): every rebalance
// starts from nothing, and the leader deals connectors, then tasks, round-robin over the members
// sorted by member id. Connectors go first so that, with many one-task connectors, connectors and
// tasks do not pile up on alternate workers. Every assignment is the member's whole share.

import type { ConnectorTaskId } from '../herder.ts'
import { getLogger } from '../../logging/index.ts'
import { ensureLeaderConfig, LeaderState, type AssignmentContext, type AssignmentOutcome, type ConnectAssignor, type GroupMemberMetadata } from './assignor.ts'
import { compareJavaStrings, compareTaskIds } from './java-collections.ts'
import type { ConnectProtocolCompatibility } from './protocol/compatibility.ts'
import { assignmentText, taskIdText, CONFIG_MISMATCH, connectAssignment, decodeMetadata, encodeAssignmentV0, NO_ERROR, type WorkerState } from './protocol/connect-protocol.ts'

const log = getLogger('org.apache.kafka.connect.runtime.distributed.EagerAssignor')

/** Round-robin assignment of everything, for the eager protocol. */
export class EagerAssignor implements ConnectAssignor {
  async performAssignment (leaderId: string, _protocol: ConnectProtocolCompatibility, members: readonly GroupMemberMetadata[],
    context: AssignmentContext): Promise<AssignmentOutcome> {
    log.debug('Performing task assignment')
    const states = new Map<string, WorkerState>()
    for (const member of members) states.set(member.memberId, decodeMetadata(member.metadata))
    let maxOffset: bigint | null = null
    for (const state of states.values()) if (maxOffset === null || state.offset > maxOffset) maxOffset = state.offset
    log.debug('Max config offset root: {}, local snapshot config offsets root: {}', maxOffset, context.configSnapshot().offset)

    const leaderUrl = states.get(leaderId)!.url
    const leaderOffset = await ensureLeaderConfig(maxOffset!, context)
    if (leaderOffset === null) {
      log.info('Was selected to perform assignments, but do not have latest config found in sync request. ' +
        'Returning an empty configuration to trigger re-sync.')
      return { assignments: serialize(states.keys(), CONFIG_MISMATCH, leaderId, leaderUrl, maxOffset!, new Map(), new Map()), leaderState: null }
    }

    const snapshot = context.configSnapshot()
    const connectorAssignments = new Map<string, string[]>()
    const taskAssignments = new Map<string, ConnectorTaskId[]>()
    const connectors = [...snapshot.connectors()].sort(compareJavaStrings)
    const memberIds = [...states.keys()].sort(compareJavaStrings)
    let next = 0
    const nextMember = (): string => memberIds[next++ % memberIds.length]
    for (const connector of connectors) {
      const member = nextMember()
      log.trace('Assigning connector {} to {}', connector, member)
      let list = connectorAssignments.get(member)
      if (list === undefined) connectorAssignments.set(member, list = [])
      list.push(connector)
    }
    for (const connector of connectors) {
      for (const task of [...snapshot.tasks(connector)].sort(compareTaskIds)) {
        const member = nextMember()
        log.trace('Assigning task {} to {}', taskIdText(task), member)
        let list = taskAssignments.get(member)
        if (list === undefined) taskAssignments.set(member, list = [])
        list.push(task)
      }
    }
    return {
      assignments: serialize(states.keys(), NO_ERROR, leaderId, leaderUrl, leaderOffset, connectorAssignments, taskAssignments),
      leaderState: new LeaderState(states, connectorAssignments, taskAssignments),
    }
  }
}

function serialize (members: Iterable<string>, error: number, leader: string, leaderUrl: string, offset: bigint,
  connectors: ReadonlyMap<string, string[]>, tasks: ReadonlyMap<string, ConnectorTaskId[]>): Map<string, Uint8Array> {
  const assignments = new Map<string, Uint8Array>()
  for (const member of members) {
    const assignment = connectAssignment({
      version: 0, error, leader, leaderUrl, offset, connectors: connectors.get(member) ?? [], tasks: tasks.get(member) ?? [],
    })
    log.debug('Assignment: {} -> {}', member, assignmentText(assignment))
    assignments.set(member, encodeAssignmentV0(assignment))
  }
  log.debug('Finished assignment')
  return assignments
}
