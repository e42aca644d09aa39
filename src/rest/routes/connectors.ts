// /connectors: Kafka Connect's ConnectorsResource. Each handler checks what only the REST layer
// can check (the body's shape, a name in the body matching the URL, topic tracking switches) and
// leaves every other decision, and its error, to the herder.

import { NotFoundException } from '../../api/errors.ts'
import { BadRequestException, ConnectRestException, ForbiddenException } from '../../herder/errors.ts'
import type { ConnectorInfo, ConnectorOffset, TargetState } from '../../herder/herder.ts'
import { getLogger } from '../../logging/index.ts'
import {
  connectorInfoEntity, connectorOffsetsEntity, connectorStateEntity, taskInfoEntity, taskStateEntity,
} from '../entities.ts'
import { CONNECTOR_OFFSETS, CREATE_CONNECTOR_REQUEST, STRING_MAP } from '../body-shapes.ts'
import { UnreadableBodyException } from '../json-body.ts'
import type { RestRequest, RestResponse, Route } from '../router.ts'
import { encodePath, queryBoolean, type RouteContext } from './context.ts'

const log = getLogger('org.apache.kafka.connect.runtime.rest.resources.ConnectorsResource')

const INITIAL_STATES: Readonly<Record<string, TargetState>> = { RUNNING: 'STARTED', PAUSED: 'PAUSED', STOPPED: 'STOPPED' }

/** Connector configs as the herder takes them (null values are the herder's to reject). */
type Config = Record<string, string>

/**
 * Puts the URL's name into the config, or fails if the config names another connector
 * (Kafka's checkAndPutConnectorConfigName).
 */
function checkAndPutName (name: string, config: Record<string, string | null>): Config {
  const included = config.name
  if (included !== null && included !== undefined) {
    if (included !== name) {
      throw new BadRequestException(`Connector name configuration (${included}) doesn't match connector name in the URL (${name})`)
    }
  } else {
    config.name = name
  }
  return config as Config
}

interface CreateRequest {
  name: string
  config: Record<string, string | null>
  initialState: TargetState | undefined
}

/** The empty body Kafka would fail on with a NullPointerException; we say what is missing. */
function emptyBody (what: string): UnreadableBodyException {
  return new UnreadableBodyException(`The request body is empty; send ${what}`)
}

async function readCreateRequest (request: RestRequest): Promise<CreateRequest> {
  const body = await request.body(CREATE_CONNECTOR_REQUEST) as { name?: string | null, config?: Record<string, string | null> | null, initial_state?: string | null } | null | undefined
  if (body === undefined || body === null) throw emptyBody('{"name": "...", "config": {...}}')
  if (body.config === undefined || body.config === null) {
    throw new UnreadableBodyException('The connector creation request has no "config"; send {"name": "...", "config": {...}}')
  }
  const state = body.initial_state
  // A missing name is "", so that the herder's validation reports it, as Kafka does.
  return {
    name: (body.name ?? '').trim(),
    config: body.config,
    initialState: state === undefined || state === null ? undefined : INITIAL_STATES[state],
  }
}

async function readConfig (request: RestRequest): Promise<Record<string, string | null>> {
  const config = await request.body(STRING_MAP) as Record<string, string | null> | null | undefined
  if (config === undefined || config === null) throw emptyBody('a JSON object of connector configs')
  return config
}

async function readOffsets (request: RestRequest): Promise<ConnectorOffset[]> {
  const body = await request.body(CONNECTOR_OFFSETS) as { offsets?: Array<ConnectorOffset | null> | null } | null | undefined
  // A missing or null partition goes on as null, as in Kafka; the herder says what is wrong with it.
  return (body?.offsets ?? []).map(entry => ({
    partition: (entry?.partition ?? null) as Record<string, unknown>,
    offset: entry?.offset ?? null,
  }))
}

/** A task id from the path, as Jersey reads an Integer parameter; anything else is a 404. */
function taskId (request: RestRequest): number {
  const text = request.params.task
  const value = /^[+-]?\d{1,10}$/.test(text) ? Number(text) : NaN
  if (!Number.isInteger(value) || value > 2147483647 || value < -2147483648) {
    throw new ConnectRestException(404, 'HTTP 404 Not Found')
  }
  return value
}

function created (request: RestRequest, name: string, body: unknown): RestResponse {
  return { status: 201, body, headers: { location: `${request.baseUrl}/connectors/${encodePath(name)}` } }
}

/** The /connectors routes. */
export function connectorRoutes (context: RouteContext): Route[] {
  const herder = context.herder
  const secrets = context.secrets
  // Every config an answer shows goes through the secret guard first.
  const infoEntity = async (info: ConnectorInfo): Promise<object> => connectorInfoEntity({ ...info, config: await secrets.hide(info.config) })
  const existingConfig = async (name: string): Promise<Record<string, string> | undefined> => {
    try {
      return await herder().connectorConfig(name)
    } catch (error) {
      if (error instanceof NotFoundException) return undefined
      throw error
    }
  }
  const trackingChecked = (reset: boolean): void => {
    if (!context.config.topicTrackingEnabled) throw new ForbiddenException('Topic tracking is disabled.')
    if (reset && !context.config.topicTrackingResetEnabled) throw new ForbiddenException('Topic tracking reset is disabled.')
  }
  const routes: Array<Omit<Route, 'consumesJson'>> = [
    {
      method: 'GET',
      path: '/connectors',
      handler: async request => {
        const names = await herder().connectors()
        if (!request.query.has('expand')) return { status: 200, body: names }
        const expansions = request.query.getAll('expand')
        const result: Record<string, Record<string, unknown>> = {}
        for (const name of names) {
          try {
            const expanded: Record<string, unknown> = {}
            // Kafka's HashMap writes status before info, whatever the order asked.
            if (expansions.includes('status')) expanded.status = connectorStateEntity(await herder().connectorStatus(name))
            if (expansions.includes('info')) expanded.info = await infoEntity(await herder().connectorInfo(name))
            for (const unknown of expansions.filter(e => e !== 'status' && e !== 'info')) {
              log.info('Ignoring unknown expansion type {}', unknown)
            }
            result[name] = expanded
          } catch (error) {
            // Deleted while we looked it up: leave it out.
            if (!(error instanceof NotFoundException)) throw error
            log.debug('Unable to get connector info for {} on this worker', name)
          }
        }
        return { status: 200, body: result }
      },
    },
    {
      method: 'POST',
      path: '/connectors',
      forwardable: true,
      handler: async request => {
        const create = await readCreateRequest(request)
        const config = checkAndPutName(create.name, create.config)
        const result = await herder().putConnectorConfig(create.name, config, { allowReplace: false, initialState: create.initialState })
        return created(request, create.name, await infoEntity(result.info))
      },
    },
    {
      method: 'GET',
      path: '/connectors/:connector',
      handler: async request => ({ status: 200, body: await infoEntity(await herder().connectorInfo(request.params.connector)) }),
    },
    {
      method: 'DELETE',
      path: '/connectors/:connector',
      forwardable: true,
      handler: async request => {
        await herder().deleteConnector(request.params.connector)
        return { status: 204 }
      },
    },
    {
      method: 'GET',
      path: '/connectors/:connector/config',
      handler: async request => ({ status: 200, body: await secrets.hide(await herder().connectorConfig(request.params.connector)) }),
    },
    {
      method: 'PUT',
      path: '/connectors/:connector/config',
      forwardable: true,
      handler: async request => {
        const name = request.params.connector
        const config = await secrets.restore(checkAndPutName(name, await readConfig(request)), await existingConfig(name))
        const result = await herder().putConnectorConfig(name, config, { allowReplace: true })
        const body = await infoEntity(result.info)
        return result.created ? created(request, name, body) : { status: 200, body }
      },
    },
    {
      method: 'PATCH',
      path: '/connectors/:connector/config',
      forwardable: true,
      handler: async request => {
        const name = request.params.connector
        const patch = await secrets.restore(await readConfig(request), await existingConfig(name))
        return { status: 200, body: await infoEntity(await herder().patchConnectorConfig(name, patch)) }
      },
    },
    {
      method: 'GET',
      path: '/connectors/:connector/status',
      handler: async request => ({ status: 200, body: connectorStateEntity(await herder().connectorStatus(request.params.connector)) }),
    },
    {
      method: 'GET',
      path: '/connectors/:connector/topics',
      handler: async request => {
        trackingChecked(false)
        const topics = await herder().connectorActiveTopics(request.params.connector)
        const body: Record<string, { topics: string[] }> = {}
        for (const [name, entry] of Object.entries(topics)) body[name] = { topics: entry.topics }
        return { status: 200, body }
      },
    },
    {
      method: 'PUT',
      path: '/connectors/:connector/topics/reset',
      handler: async request => {
        trackingChecked(true)
        await herder().resetConnectorActiveTopics(request.params.connector)
        return { status: 202 }
      },
    },
    {
      method: 'POST',
      path: '/connectors/:connector/restart',
      forwardable: true,
      handler: async request => {
        const includeTasks = queryBoolean(request.query, 'includeTasks', false)
        const onlyFailed = queryBoolean(request.query, 'onlyFailed', false)
        const state = await herder().restartConnector(request.params.connector, { includeTasks, onlyFailed })
        // Restarting only the connector answers 204 with no body, as before KIP-745.
        if (!includeTasks && !onlyFailed) return { status: 204 }
        return { status: 202, body: state === null ? undefined : connectorStateEntity(state) }
      },
    },
    {
      method: 'PUT',
      path: '/connectors/:connector/stop',
      forwardable: true,
      handler: async request => {
        await herder().stopConnector(request.params.connector)
        return { status: 204 }
      },
    },
    {
      method: 'PUT',
      path: '/connectors/:connector/pause',
      handler: async request => {
        await herder().pauseConnector(request.params.connector)
        return { status: 202 }
      },
    },
    {
      method: 'PUT',
      path: '/connectors/:connector/resume',
      handler: async request => {
        await herder().resumeConnector(request.params.connector)
        return { status: 202 }
      },
    },
    {
      method: 'GET',
      path: '/connectors/:connector/tasks',
      handler: async request => {
        const name = request.params.connector
        const tasks = await herder().taskConfigs(name)
        const connectorConfig = await existingConfig(name) ?? {}
        const hidden = await Promise.all(tasks.map(async task => ({ ...task, config: await secrets.hide(task.config, { ...connectorConfig, ...task.config }) })))
        return { status: 200, body: hidden.map(taskInfoEntity) }
      },
    },
    {
      method: 'GET',
      path: '/connectors/:connector/tasks/:task/status',
      handler: async request => ({ status: 200, body: taskStateEntity(await herder().taskStatus(request.params.connector, taskId(request))) }),
    },
    {
      // kconnect only: the task's metrics (task-error-metrics) until the metrics work exposes them all.
      method: 'GET',
      path: '/connectors/:connector/tasks/:task/metrics',
      handler: async request => {
        const current = herder()
        if (current.taskMetrics === undefined) throw new ConnectRestException(404, 'HTTP 404 Not Found')
        return { status: 200, body: await current.taskMetrics(request.params.connector, taskId(request)) }
      },
    },
    {
      method: 'POST',
      path: '/connectors/:connector/tasks/:task/restart',
      forwardable: true,
      handler: async request => {
        await herder().restartTask(request.params.connector, taskId(request))
        return { status: 204 }
      },
    },
    {
      method: 'GET',
      path: '/connectors/:connector/offsets',
      handler: async request => ({ status: 200, body: connectorOffsetsEntity(await herder().connectorOffsets(request.params.connector)) }),
    },
    {
      method: 'PATCH',
      path: '/connectors/:connector/offsets',
      forwardable: true,
      handler: async request => {
        const offsets = await readOffsets(request)
        if (offsets.length === 0) throw new BadRequestException('Partitions / offsets need to be provided for an alter offsets request')
        const message = await herder().alterConnectorOffsets(request.params.connector, { offsets })
        return { status: 200, body: { message } }
      },
    },
    {
      method: 'DELETE',
      path: '/connectors/:connector/offsets',
      forwardable: true,
      handler: async request => ({ status: 200, body: { message: await herder().resetConnectorOffsets(request.params.connector) } }),
    },
  ]
  return routes.map(route => ({ ...route, consumesJson: true }))
}
