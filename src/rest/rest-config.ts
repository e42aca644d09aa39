// The worker settings the REST server reads (Kafka's RestServerConfig), with Kafka's names,
// defaults, order and messages, defined once: the worker config adds them with
// addRestServerConfig and addTopicTrackingConfig, as Kafka's WorkerConfig does, and the REST
// server itself parses only these keys with restServerConfig.

import { AbstractConfig } from '../api/config/abstract-config.ts'
import { ConfigDef, type RawConfig } from '../api/config/config-def.ts'
import { LambdaValidator, ValidList, ValidString } from '../api/config/validators.ts'
import { ConfigException } from '../api/errors.ts'

export const LISTENERS_CONFIG = 'listeners'
export const REST_ADVERTISED_HOST_NAME_CONFIG = 'rest.advertised.host.name'
export const REST_ADVERTISED_PORT_CONFIG = 'rest.advertised.port'
export const REST_ADVERTISED_LISTENER_CONFIG = 'rest.advertised.listener'
export const ACCESS_CONTROL_ALLOW_ORIGIN_CONFIG = 'access.control.allow.origin'
export const ACCESS_CONTROL_ALLOW_METHODS_CONFIG = 'access.control.allow.methods'
export const ADMIN_LISTENERS_CONFIG = 'admin.listeners'
export const RESPONSE_HTTP_HEADERS_CONFIG = 'response.http.headers.config'
export const SSL_CLIENT_AUTH_CONFIG = 'ssl.client.auth'
export const REST_EXTENSION_CLASSES_CONFIG = 'rest.extension.classes'
export const TOPIC_TRACKING_ENABLE_CONFIG = 'topic.tracking.enable'
export const TOPIC_TRACKING_ALLOW_RESET_CONFIG = 'topic.tracking.allow.reset'

const LISTENERS_DOC = 'List of comma-separated URIs the REST API will listen on. The supported protocols are HTTP and HTTPS.\n' +
  ' Specify hostname as 0.0.0.0 to bind to all interfaces.\n Leave hostname empty to bind to default interface.\n' +
  ' Examples of legal listener lists: HTTP://myhost:8083,HTTPS://myhost:8084'

const listenersValidator = LambdaValidator.with((_name, value) => {
  if (!Array.isArray(value)) {
    throw new ConfigException('Invalid value type for listeners (expected list of URLs , ex: http://localhost:8080,https://localhost:8443).')
  }
  if (value.length === 0) {
    throw new ConfigException('Invalid value for listeners, at least one URL is expected, ex: http://localhost:8080,https://localhost:8443.')
  }
  for (const item of value) {
    if (typeof item !== 'string') throw new ConfigException('Invalid type for listeners (expected String).')
    if (item.trim() === '') throw new ConfigException('Empty URL found when parsing listeners list.')
  }
}, () => 'List of comma-separated URLs, ex: http://localhost:8080,https://localhost:8443.')

/**
 * Adds the REST server's settings to `def` (a worker config definition), in Kafka's order
 * (RestServerConfig.addPublicConfig); returns `def`. The worker config and the REST server both
 * define them from here.
 */
export function addRestServerConfig (def: ConfigDef): ConfigDef {
  return def
    .define({ name: LISTENERS_CONFIG, type: 'LIST', defaultValue: ['http://:8083'], validator: listenersValidator, importance: 'LOW', documentation: LISTENERS_DOC })
    .define({ name: REST_ADVERTISED_HOST_NAME_CONFIG, type: 'STRING', defaultValue: null, importance: 'LOW', documentation: 'If this is set, this is the hostname that will be given out to other workers to connect to.' })
    .define({ name: REST_ADVERTISED_PORT_CONFIG, type: 'INT', defaultValue: null, importance: 'LOW', documentation: 'If this is set, this is the port that will be given out to other workers to connect to.' })
    .define({ name: REST_ADVERTISED_LISTENER_CONFIG, type: 'STRING', defaultValue: null, importance: 'LOW', documentation: 'Sets the advertised listener (HTTP or HTTPS) which will be given to other workers to use.' })
    .define({ name: ACCESS_CONTROL_ALLOW_ORIGIN_CONFIG, type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'Value to set the Access-Control-Allow-Origin header to for REST API requests.To enable cross origin access, set this to the domain of the application that should be permitted to access the API, or \'*\' to allow access from any domain. The default value only allows access from the domain of the REST API.' })
    .define({ name: ACCESS_CONTROL_ALLOW_METHODS_CONFIG, type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'Sets the methods supported for cross origin requests by setting the Access-Control-Allow-Methods header. The default value of the Access-Control-Allow-Methods header allows cross origin requests for GET, POST and HEAD.' })
    .define({ name: RESPONSE_HTTP_HEADERS_CONFIG, type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'Rules for REST API HTTP response headers' })
    .define({ name: SSL_CLIENT_AUTH_CONFIG, type: 'STRING', defaultValue: 'none', validator: ValidString.in('required', 'requested', 'none'), importance: 'LOW', documentation: 'Configures kafka broker to request client authentication.' })
    .define({
      name: REST_EXTENSION_CLASSES_CONFIG,
      type: 'LIST',
      defaultValue: [],
      validator: ValidList.anyNonDuplicateValues(true, false),
      importance: 'LOW',
      documentation: 'Comma-separated names of <code>ConnectRestExtension</code> classes, loaded and called in the order specified. ' +
        'Not read by kconnect yet: REST extensions are Java classes.',
    })
    .define({ name: ADMIN_LISTENERS_CONFIG, type: 'LIST', defaultValue: null, validator: ValidList.anyNonDuplicateValues(true, true), importance: 'LOW', documentation: 'List of comma-separated URIs the Admin REST API will listen on. The supported protocols are HTTP and HTTPS. An empty or blank string will disable this feature. The default behavior is to use the regular listener (specified by the \'listeners\' property). A comma-separated list of valid URLs, e.g., http://localhost:8080,https://localhost:8443.' })
}

/** Adds the topic tracking switches (Kafka's WorkerConfig.addTopicTrackingConfig), which the worker and the REST API both read; returns `def`. */
export function addTopicTrackingConfig (def: ConfigDef): ConfigDef {
  return def
    .define({ name: TOPIC_TRACKING_ENABLE_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW', documentation: 'Enable tracking the set of active topics per connector during runtime.' })
    .define({ name: TOPIC_TRACKING_ALLOW_RESET_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW', documentation: 'If set to true, it allows user requests to reset the set of active topics per connector.' })
}

/** What the REST server needs from the worker config, parsed. */
export interface RestServerConfig {
  listeners: string[]
  /** null: the admin endpoints are served on `listeners`; empty: they are disabled. */
  adminListeners: string[] | null
  advertisedHostName: string | null
  advertisedPort: number | null
  advertisedListener: string | null
  /** Comma-separated allowed origins; empty disables CORS. */
  allowedOrigins: string
  /** Comma-separated methods allowed for cross-origin requests; empty means GET, POST, HEAD. */
  allowedMethods: string
  topicTrackingEnabled: boolean
  topicTrackingResetEnabled: boolean
}

/** Parses the REST settings out of a worker config map; other keys are ignored. Throws ConfigException. */
export function restServerConfig (props: RawConfig): RestServerConfig {
  const config = new AbstractConfig(addTopicTrackingConfig(addRestServerConfig(new ConfigDef())), props)
  const adminListeners = config.getList(ADMIN_LISTENERS_CONFIG)
  return {
    listeners: config.getList(LISTENERS_CONFIG) ?? [],
    // A blank value disables the admin endpoints (the list parses to []).
    adminListeners,
    advertisedHostName: config.getString(REST_ADVERTISED_HOST_NAME_CONFIG),
    advertisedPort: config.getInt(REST_ADVERTISED_PORT_CONFIG),
    advertisedListener: config.getString(REST_ADVERTISED_LISTENER_CONFIG),
    allowedOrigins: config.getString(ACCESS_CONTROL_ALLOW_ORIGIN_CONFIG) ?? '',
    allowedMethods: config.getString(ACCESS_CONTROL_ALLOW_METHODS_CONFIG) ?? '',
    topicTrackingEnabled: config.getBoolean(TOPIC_TRACKING_ENABLE_CONFIG) ?? true,
    topicTrackingResetEnabled: config.getBoolean(TOPIC_TRACKING_ALLOW_RESET_CONFIG) ?? true,
  }
}
