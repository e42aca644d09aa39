// /connector-plugins: Kafka Connect's ConnectorPluginsResource.

import { BadRequestException } from '../../herder/errors.ts'
import { configInfosEntity, configKeyInfoEntity, pluginInfoEntity } from '../entities.ts'
import { STRING_MAP } from '../body-shapes.ts'
import { UnreadableBodyException } from '../json-body.ts'
import type { Route } from '../router.ts'
import { queryBoolean, type RouteContext } from './context.ts'

const ALIAS_SUFFIX = 'Connector'

/** A class name or alias without a trailing "Connector", so FileStreamSource matches ...FileStreamSourceConnector. */
function normalizedPluginName (name: string): string {
  return name.endsWith(ALIAS_SUFFIX) && name.length > ALIAS_SUFFIX.length ? name.slice(0, -ALIAS_SUFFIX.length) : name
}

/** The /connector-plugins routes. */
export function pluginRoutes (context: RouteContext): Route[] {
  const herder = context.herder
  return [
    {
      method: 'GET',
      path: '/connector-plugins',
      consumesJson: true,
      handler: async request => {
        const plugins = await herder().plugins(queryBoolean(request.query, 'connectorsOnly', true))
        return { status: 200, body: plugins.map(pluginInfoEntity) }
      },
    },
    {
      method: 'GET',
      path: '/connector-plugins/:plugin/config',
      consumesJson: true,
      handler: async request => ({ status: 200, body: (await herder().pluginConfig(request.params.plugin)).map(configKeyInfoEntity) }),
    },
    {
      method: 'PUT',
      path: '/connector-plugins/:plugin/config/validate',
      consumesJson: true,
      handler: async request => {
        const plugin = request.params.plugin
        const config = await request.body(STRING_MAP) as Record<string, string | null> | null | undefined
        if (config === undefined || config === null) throw new UnreadableBodyException('The request body is empty; send a JSON object of connector configs')
        const included = config['connector.class']
        if (included !== null && included !== undefined && !normalizedPluginName(included).endsWith(normalizedPluginName(plugin))) {
          throw new BadRequestException(`Included connector type ${included} does not match request type ${plugin}`)
        }
        // Validation results may hold errors and still answer 200, as in Kafka.
        return { status: 200, body: configInfosEntity(await herder().validateConnectorConfig(config as Record<string, string>)) }
      },
    },
  ]
}
