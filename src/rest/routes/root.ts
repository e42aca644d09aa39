// / and /health: Kafka Connect's RootResource.

import { serverInfoEntity } from '../entities.ts'
import type { Route } from '../router.ts'
import type { RouteContext } from './context.ts'

/** The status code /health answers with for each health status (KIP-1017). */
const HEALTH_STATUS_CODES = { healthy: 200, starting: 503, unhealthy: 500 } as const

/** The message /health gives while the worker has no herder yet. */
export const STARTING_MESSAGE = 'Worker is still starting up.'

/** The root routes. */
export function rootRoutes (context: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/',
      handler: async () => ({ status: 200, body: serverInfoEntity(await context.herder().serverInfo()) }),
    },
    {
      method: 'GET',
      path: '/health',
      handler: async () => {
        const health = context.herder().health()
        return { status: HEALTH_STATUS_CODES[health.status], body: { status: health.status, message: health.message } }
      },
    },
  ]
}
