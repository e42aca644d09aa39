// The endpoints workers call on each other in distributed mode (Kafka's InternalClusterResource):
// task configs sent to the leader, and exactly-once fencing requests. Both are signed with the
// session key (KIP-507); the herder checks the signature. A herder without them (standalone)
// answers 500 with Kafka's standalone messages.

import { ConnectException } from '../../api/errors.ts'
import { InternalRequestSignature } from '../../herder/distributed/request-signature.ts'
import { TASK_CONFIGS } from '../body-shapes.ts'
import type { Route } from '../router.ts'
import type { RouteContext } from './context.ts'


/** POST /connectors/{c}/tasks and PUT /connectors/{c}/fence. */
export function internalRoutes (context: RouteContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/connectors/:connector/tasks',
      consumesJson: true,
      forwardable: true,
      handler: async request => {
        const herder = context.herder()
        if (herder.putTaskConfigs === undefined) throw new ConnectException('Kafka Connect in standalone mode does not support externally setting task configurations.')
        const configs = (await request.body(TASK_CONFIGS) ?? []) as Array<Record<string, string>>
        const signature = InternalRequestSignature.fromHeaders(await request.rawBody(), request.headers)
        await herder.putTaskConfigs(request.params.connector, configs, signature)
        return { status: 204 }
      },
    },
    {
      method: 'PUT',
      path: '/connectors/:connector/fence',
      consumesJson: true,
      forwardable: true,
      handler: async request => {
        const herder = context.herder()
        if (herder.fenceZombieSourceTasks === undefined) throw new ConnectException('Kafka Connect in standalone mode does not support exactly-once source connectors.')
        const signature = InternalRequestSignature.fromHeaders(await request.rawBody(), request.headers)
        await herder.fenceZombieSourceTasks(request.params.connector, signature)
        return { status: 204 }
      },
    },
  ]
}
