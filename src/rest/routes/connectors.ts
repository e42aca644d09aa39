// /connectors: Kafka Connect's ConnectorsResource. Each handler checks what only the REST layer
// can check (the body's shape, a name in the body matching the URL, topic tracking switches) and
// leaves every other decision, and its error, to the herder.

import { NotFoundException } from '../../api/errors.ts'
import type { JsonValue } from '../../converters/json/json-tree.ts'
import { BadRequestException, ConnectRestException } from '../../herder/errors.ts'
import type { ConnectorOffset, TargetState } from '../../herder/herder.ts'
import { getLogger } from '../../logging/index.ts'
import {
  connectorInfoEntity, connectorOffsetsEntity, connectorStateEntity, taskInfoEntity, taskStateEntity,
} from '../entities.ts'
import { toPlain, toStringMap, toText, UnreadableBodyException, wrongType } from '../json.ts'
import type { RestRequest, RestResponse, Route } from '../router.ts'
import { encodePath, queryBoolean, type RouteContext } from './context.ts'

const log = getLogger('org.apache.kafka.connect.runtime.rest.resources.ConnectorsResource')

const INITIAL_STATES: Readonly<Record<string, TargetState>> = { RUNNING: 'STARTED', PAUSED: 'PAUSED', STOPPED: 'STOPPED' }
const CREATE_FIELDS = ['name', 'config', 'initial_state']

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

function readCreateRequest (body: JsonValue | undefined): CreateRequest {
  if (body === undefined || body === null) {
    throw new UnreadableBodyException('The request body must be a connector creation request {"name": …, "config": {…}}, but it is empty')
  }
  if (!(body instanceof Map)) throw wrongType('org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest', body, '')
  for (const field of body.keys()) {
    if (!CREATE_FIELDS.includes(field)) {
      throw new UnreadableBodyException(`Unrecognized field "${field}" in the connector creation request (known fields: "config", "name", "initial_state")`)
    }
  }
  // A missing name is "", so that the herder's validation reports it, as Kafka does.
  const name = toText(body.get('name') ?? null, ' (in "name")') ?? ''
  const config = body.get('config')
  if (config === undefined || config === null) {
    throw new UnreadableBodyException('The connector creation request has no "config": send {"name": …, "config": {…}}')
  }
  const rawState = body.get('initial_state')
  let initialState: TargetState | undefined
  if (rawState !== undefined && rawState !== null) {
    initialState = typeof rawState === 'string' ? INITIAL_STATES[rawState.toUpperCase()] : undefined
    if (initialState === undefined) {
      throw new UnreadableBodyException(`Invalid initial_state ${JSON.stringify(typeof rawState === 'string' ? rawState : String(rawState))}: use RUNNING, PAUSED or STOPPED`)
    }
  }
  return { name: name.trim(), config: toStringMap(config, 'a map of connector configs'), initialState }
}

function readOffsets (body: JsonValue | undefined): ConnectorOffset[] {
  if (body === undefined || body === null) return []
  if (!(body instanceof Map)) throw wrongType('org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets', body, '')
  for (const field of body.keys()) {
    if (field !== 'offsets') {
      throw new UnreadableBodyException(`Unrecognized field "${field}" in the offsets request (known fields: "offsets")`)
    }
  }
  const offsets = body.get('offsets')
  if (offsets === undefined || offsets === null) return []
  if (!Array.isArray(offsets)) throw wrongType('java.util.ArrayList<org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset>', offsets, ' (in "offsets")')
  return offsets.map((entry, i) => {
    if (!(entry instanceof Map)) throw wrongType('org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset', entry ?? null, ` (in "offsets"[${i}])`)
    for (const field of entry.keys()) {
      if (field !== 'partition' && field !== 'offset') {
        throw new UnreadableBodyException(`Unrecognized field "${field}" in "offsets"[${i}] (known fields: "partition", "offset")`)
      }
    }
    const partition = entry.get('partition') ?? null
    const offset = entry.get('offset') ?? null
    if (partition !== null && !(partition instanceof Map)) throw wrongType('java.util.LinkedHashMap<java.lang.String,java.lang.Object>', partition, ` (in "offsets"[${i}].partition)`)
    if (offset !== null && !(offset instanceof Map)) throw wrongType('java.util.LinkedHashMap<java.lang.String,java.lang.Object>', offset, ` (in "offsets"[${i}].offset)`)
    return {
      partition: (partition === null ? null : toPlain(partition)) as Record<string, unknown>,
      offset: offset === null ? null : toPlain(offset) as Record<string, unknown>,
    }
  })
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
  const trackingChecked = (reset: boolean): void => {
    if (!context.config.topicTrackingEnabled) throw new ConnectRestException(403, 'Topic tracking is disabled.')
    if (reset && !context.config.topicTrackingResetEnabled) throw new ConnectRestException(403, 'Topic tracking reset is disabled.')
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
            if (expansions.includes('info')) expanded.info = connectorInfoEntity(await herder().connectorInfo(name))
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
      handler: async request => {
        const create = readCreateRequest(await request.body())
        const config = checkAndPutName(create.name, create.config)
        const result = await herder().putConnectorConfig(create.name, config, { allowReplace: false, initialState: create.initialState })
        return created(request, create.name, connectorInfoEntity(result.info))
      },
    },
    {
      method: 'GET',
      path: '/connectors/:connector',
      handler: async request => ({ status: 200, body: connectorInfoEntity(await herder().connectorInfo(request.params.connector)) }),
    },
    {
      method: 'DELETE',
      path: '/connectors/:connector',
      handler: async request => {
        await herder().deleteConnector(request.params.connector)
        return { status: 204 }
      },
    },
    {
      method: 'GET',
      path: '/connectors/:connector/config',
      handler: async request => ({ status: 200, body: await herder().connectorConfig(request.params.connector) }),
    },
    {
      method: 'PUT',
      path: '/connectors/:connector/config',
      handler: async request => {
        const name = request.params.connector
        const config = checkAndPutName(name, toStringMap(await request.body(), 'a map of connector configs'))
        const result = await herder().putConnectorConfig(name, config, { allowReplace: true })
        const body = connectorInfoEntity(result.info)
        return result.created ? created(request, name, body) : { status: 200, body }
      },
    },
    {
      method: 'PATCH',
      path: '/connectors/:connector/config',
      handler: async request => {
        const patch = toStringMap(await request.body(), 'a map of connector configs to change')
        return { status: 200, body: connectorInfoEntity(await herder().patchConnectorConfig(request.params.connector, patch)) }
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
      handler: async request => ({ status: 200, body: (await herder().taskConfigs(request.params.connector)).map(taskInfoEntity) }),
    },
    {
      method: 'GET',
      path: '/connectors/:connector/tasks/:task/status',
      handler: async request => ({ status: 200, body: taskStateEntity(await herder().taskStatus(request.params.connector, taskId(request))) }),
    },
    {
      method: 'POST',
      path: '/connectors/:connector/tasks/:task/restart',
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
      handler: async request => {
        const offsets = readOffsets(await request.body())
        if (offsets.length === 0) throw new BadRequestException('Partitions / offsets need to be provided for an alter offsets request')
        const message = await herder().alterConnectorOffsets(request.params.connector, { offsets })
        return { status: 200, body: { message } }
      },
    },
    {
      method: 'DELETE',
      path: '/connectors/:connector/offsets',
      handler: async request => ({ status: 200, body: { message: await herder().resetConnectorOffsets(request.params.connector) } }),
    },
  ]
  return routes.map(route => ({ ...route, consumesJson: true }))
}
