// Builds a distributed worker's group membership from its configuration: the WorkerCoordinator
// (Connect's group protocol on the Kafka cluster of bootstrap.servers), reading the config topic
// through the worker's config backing store. src/runtime/distributed.ts calls this for
// `kconnect distributed`.

import type { GroupMemberFactory } from '../../runtime/distributed.ts'
import type { WorkerGroupMember } from './group-member.ts'
import { WorkerCoordinator } from './worker-coordinator.ts'

/** The membership of a worker in the group its config names (a GroupMemberFactory). */
export const workerGroupMember: GroupMemberFactory = ({ config, restUrl, configStore, listener, clientId }): WorkerGroupMember => {
  return new WorkerCoordinator({
    bootstrapServers: config.getList('bootstrap.servers') ?? [],
    clientConfig: config.originalStrings(),
    clientId,
    groupId: config.groupId(),
    sessionTimeoutMs: config.sessionTimeoutMs(),
    heartbeatIntervalMs: config.heartbeatIntervalMs(),
    rebalanceTimeoutMs: config.rebalanceTimeoutMs(),
    restUrl,
    protocol: config.connectProtocol(),
    scheduledRebalanceMaxDelayMs: config.scheduledRebalanceMaxDelayMs(),
    workerSyncTimeoutMs: config.workerSyncTimeoutMs(),
    configSource: configStore,
    listener,
  })
}
