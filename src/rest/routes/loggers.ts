// /admin/loggers: Kafka Connect's LoggingResource, over the process's logger registry
// (src/logging). Served on admin.listeners when those are set.

import { NotFoundException } from '../../api/errors.ts'
import { BadRequestException, ConnectRestException } from '../../herder/errors.ts'
import { getLogger } from '../../logging/index.ts'
import { parseLevel } from '../../logging/level.ts'
import { loggerLevelEntity } from '../entities.ts'
import { STRING_MAP } from '../body-shapes.ts'
import { UnreadableBodyException } from '../json-body.ts'
import type { Route } from '../router.ts'
import type { RouteContext } from './context.ts'

const log = getLogger('org.apache.kafka.connect.runtime.rest.resources.LoggingResource')

const WORKER_SCOPE = 'worker'
const CLUSTER_SCOPE = 'cluster'

/** The /admin/loggers routes. */
export function loggerRoutes (context: RouteContext): Route[] {
  const loggers = context.loggers
  return [
    {
      method: 'GET',
      path: '/admin/loggers',
      admin: true,
      consumesJson: true,
      handler: async () => {
        const body: Record<string, object> = {}
        for (const [name, level] of loggers.allLevels()) body[name] = loggerLevelEntity(level)
        return { status: 200, body }
      },
    },
    {
      method: 'GET',
      path: '/admin/loggers/:logger',
      admin: true,
      consumesJson: true,
      handler: async request => {
        const name = request.params.logger
        const level = loggers.level(name)
        if (level === undefined) throw new NotFoundException(`Logger ${name} not found.`)
        return { status: 200, body: loggerLevelEntity(level) }
      },
    },
    {
      method: 'PUT',
      path: '/admin/loggers/:logger',
      admin: true,
      consumesJson: true,
      handler: async request => {
        const namespace = request.params.logger
        const body = await request.body(STRING_MAP) as Record<string, string | null> | null | undefined
        if (body === undefined || body === null) throw new UnreadableBodyException('The request body is empty; send {"level": "DEBUG"}')
        const levelText = body.level
        if (levelText === undefined || levelText === null) {
          throw new BadRequestException("Desired 'level' parameter was not specified in request.")
        }
        // log4j's Level.getLevel rejects an empty name outright; Kafka lets that surface as a 500.
        if (levelText === '') throw new ConnectRestException(500, 'Illegal null or empty Level name.')
        const level = parseLevel(levelText)
        if (level === undefined) throw new NotFoundException(`invalid log level '${levelText}'.`)
        const scope = request.query.get('scope') ?? WORKER_SCOPE
        if (scope.toLowerCase() === CLUSTER_SCOPE) {
          await context.setClusterLoggerLevel(namespace, level)
          return { status: 204 }
        }
        if (scope.toLowerCase() !== WORKER_SCOPE) {
          log.warn("Received invalid scope '{}' in request to adjust logging level; will default to {}", scope, WORKER_SCOPE)
        }
        log.info('Setting level of namespace {} and children to {}', namespace, level)
        return { status: 200, body: loggers.setLevel(namespace, level) }
      },
    },
  ]
}
