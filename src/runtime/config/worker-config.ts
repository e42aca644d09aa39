// The worker's settings (Kafka's WorkerConfig and StandaloneConfig, with RestServerConfig's from
// src/rest/rest-config.ts, as Kafka's WorkerConfig adds them): the same keys,
// defaults and checks as Kafka Connect 4.3, so a connect-standalone.properties file works unchanged,
// plus kconnect's own log.backend and log.embedded.dir (the embedded log). Settings under the
// producer., consumer. and admin. prefixes pass through to the clients, as in Kafka.

import { AbstractConfig } from '../../api/config/abstract-config.ts'
import { ConfigDef, type RawConfig } from '../../api/config/config-def.ts'
import {
  CaseInsensitiveValidString, Range, ValidList, ValidString,
} from '../../api/config/validators.ts'
import {
  addRestServerConfig, addTopicTrackingConfig, TOPIC_TRACKING_ALLOW_RESET_CONFIG, TOPIC_TRACKING_ENABLE_CONFIG,
} from '../../rest/rest-config.ts'
import { stringValues } from './string-values.ts'

export {
  ADMIN_LISTENERS_CONFIG, LISTENERS_CONFIG, REST_ADVERTISED_HOST_NAME_CONFIG, REST_ADVERTISED_LISTENER_CONFIG, REST_ADVERTISED_PORT_CONFIG,
  TOPIC_TRACKING_ALLOW_RESET_CONFIG, TOPIC_TRACKING_ENABLE_CONFIG,
} from '../../rest/rest-config.ts'

export const BOOTSTRAP_SERVERS_CONFIG = 'bootstrap.servers'
export const KEY_CONVERTER_CLASS_CONFIG = 'key.converter'
export const VALUE_CONVERTER_CLASS_CONFIG = 'value.converter'
export const HEADER_CONVERTER_CLASS_CONFIG = 'header.converter'
export const PLUGIN_VERSION_SUFFIX = 'plugin.version'
export const KEY_CONVERTER_VERSION = 'key.converter.' + PLUGIN_VERSION_SUFFIX
export const VALUE_CONVERTER_VERSION = 'value.converter.' + PLUGIN_VERSION_SUFFIX
export const HEADER_CONVERTER_VERSION = 'header.converter.' + PLUGIN_VERSION_SUFFIX
export const HEADER_CONVERTER_CLASS_DEFAULT = 'org.apache.kafka.connect.storage.SimpleHeaderConverter'
export const TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS_CONFIG = 'task.shutdown.graceful.timeout.ms'
export const OFFSET_COMMIT_INTERVAL_MS_CONFIG = 'offset.flush.interval.ms'
export const OFFSET_COMMIT_TIMEOUT_MS_CONFIG = 'offset.flush.timeout.ms'
export const PLUGIN_PATH_CONFIG = 'plugin.path'
export const PLUGIN_DISCOVERY_CONFIG = 'plugin.discovery'
export const CONFIG_PROVIDERS_CONFIG = 'config.providers'
export const CONNECTOR_CLIENT_POLICY_CLASS_CONFIG = 'connector.client.config.override.policy'
export const TOPIC_CREATION_ENABLE_CONFIG = 'topic.creation.enable'
export const OFFSET_STORAGE_FILE_FILENAME_CONFIG = 'offset.storage.file.filename'
/** kconnect: where topics live, 'kafka' (the default, Kafka's meaning) or 'embedded' (src/log/index.ts). */
export const LOG_BACKEND_CONFIG = 'log.backend'
/** kconnect: the folder of the embedded log. */
export const LOG_EMBEDDED_DIR_CONFIG = 'log.embedded.dir'

const COMMON_CLIENT_DOCS = {
  dnsLookup: 'Controls how the client uses DNS lookups. If set to <code>use_all_dns_ips</code>, connect to each returned IP address in sequence until a successful connection is established. After a disconnection, the next IP is used. Once all IPs have been used once, the client resolves the IP(s) from the hostname again (both the JVM and the OS cache DNS name lookups, however). If set to <code>resolve_canonical_bootstrap_servers_only</code>, resolve each bootstrap address into a list of canonical names. After the bootstrap phase, this behaves the same as <code>use_all_dns_ips</code>.',
  sampleWindow: 'The window of time a metrics sample is computed over.',
  numSamples: 'The number of samples maintained to compute metrics.',
  recordingLevel: 'The highest recording level for metrics. It is not supported for client-level metrics.',
  reporters: 'A list of classes to use as metrics reporters. Implementing the <code>org.apache.kafka.common.metrics.MetricsReporter</code> interface allows plugging in classes that will be notified of new metric creation. When custom reporters are set and <code>org.apache.kafka.common.metrics.JmxReporter</code> is needed, it has to be explicitly added to the list.',
}

const CONVERTER_DOC = (what: string): string =>
  'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka.' +
  ` This controls the format of the ${what} in messages written to or read from Kafka, and since this is` +
  ' independent of connectors it allows any connector to work with any serialization format.' +
  ' Examples of common formats include JSON and Avro.'

/** The settings shared by standalone and distributed workers (WorkerConfig.baseConfigDef). */
export function baseWorkerConfigDef (): ConfigDef {
  return addKconnectLogConfig(addRestServerConfig(addTopicTrackingConfig(kafkaWorkerConfigDef())))
}

/** WorkerConfig.baseConfigDef's own settings, up to topic.creation.enable. */
function kafkaWorkerConfigDef (): ConfigDef {
  return new ConfigDef()
    .define({
      name: BOOTSTRAP_SERVERS_CONFIG,
      type: 'LIST',
      // Kafka 4 requires it; kconnect keeps the older default, which a worker on the embedded log never uses.
      defaultValue: 'localhost:9092',
      validator: ValidList.anyNonDuplicateValues(false, false),
      importance: 'HIGH',
      documentation: 'A list of host/port pairs used to establish the initial connection to the Kafka cluster. ' +
        'Clients use this list to bootstrap and discover the full set of Kafka brokers. While the order of servers in the list does not matter, ' +
        'we recommend including more than one server to ensure resilience if any servers are down. This list does not need to contain the ' +
        'entire set of brokers, as Kafka clients automatically manage and update connections to the cluster efficiently. ' +
        'This list must be in the form <code>host1:port1,host2:port2,...</code>.',
    })
    .define({
      name: 'client.dns.lookup',
      type: 'STRING',
      defaultValue: 'use_all_dns_ips',
      validator: ValidString.in('use_all_dns_ips', 'resolve_canonical_bootstrap_servers_only'),
      importance: 'MEDIUM',
      documentation: COMMON_CLIENT_DOCS.dnsLookup,
    })
    .define({ name: KEY_CONVERTER_CLASS_CONFIG, type: 'CLASS', importance: 'HIGH', documentation: CONVERTER_DOC('keys') })
    .define({ name: KEY_CONVERTER_VERSION, type: 'STRING', defaultValue: null, importance: 'LOW', documentation: 'Version of the key converter.' })
    .define({ name: VALUE_CONVERTER_CLASS_CONFIG, type: 'CLASS', importance: 'HIGH', documentation: CONVERTER_DOC('values') })
    .define({ name: VALUE_CONVERTER_VERSION, type: 'STRING', defaultValue: null, importance: 'LOW', documentation: 'Version of the value converter.' })
    .define({
      name: TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS_CONFIG,
      type: 'LONG',
      defaultValue: '5000',
      importance: 'LOW',
      documentation: 'Amount of time to wait for tasks to shutdown gracefully. This is the total amount of time, not per task. ' +
        'All task have shutdown triggered, then they are waited on sequentially.',
    })
    .define({
      name: OFFSET_COMMIT_INTERVAL_MS_CONFIG,
      type: 'LONG',
      defaultValue: 60000,
      importance: 'LOW',
      documentation: 'Interval at which to try committing offsets for tasks.',
    })
    .define({
      name: OFFSET_COMMIT_TIMEOUT_MS_CONFIG,
      type: 'LONG',
      defaultValue: 5000,
      importance: 'LOW',
      documentation: 'Maximum number of milliseconds to wait for records to flush and partition offset data to be committed to offset ' +
        'storage before cancelling the process and restoring the offset data to be committed in a future attempt. This property has no ' +
        'effect for source connectors running with exactly-once support.',
    })
    .define({
      name: PLUGIN_PATH_CONFIG,
      type: 'LIST',
      defaultValue: null,
      validator: ValidList.anyNonDuplicateValues(false, true),
      importance: 'LOW',
      documentation: 'List of paths separated by commas (,) that contain plugins (connectors, converters, transformations). ' +
        'For kconnect, each path is a folder of plugin packages: npm packages whose package.json names the connectors, ' +
        'converters and transformations they provide.',
    })
    .define({
      name: PLUGIN_DISCOVERY_CONFIG,
      type: 'STRING',
      defaultValue: 'hybrid_warn',
      validator: CaseInsensitiveValidString.in('only_scan', 'hybrid_warn', 'hybrid_fail', 'service_load'),
      importance: 'LOW',
      documentation: 'Method to use to discover plugins present in the classpath and plugin.path configuration. ' +
        'Accepted for compatibility; kconnect reads each package\'s manifest whatever the value.',
    })
    .define({ name: 'metrics.sample.window.ms', type: 'LONG', defaultValue: 30000, validator: Range.atLeast(0), importance: 'LOW', documentation: COMMON_CLIENT_DOCS.sampleWindow })
    .define({ name: 'metrics.num.samples', type: 'INT', defaultValue: 2, validator: Range.atLeast(1), importance: 'LOW', documentation: COMMON_CLIENT_DOCS.numSamples })
    .define({
      name: 'metrics.recording.level',
      type: 'STRING',
      defaultValue: 'INFO',
      validator: ValidString.in('INFO', 'DEBUG'),
      importance: 'LOW',
      documentation: COMMON_CLIENT_DOCS.recordingLevel,
    })
    .define({
      name: 'metric.reporters',
      type: 'LIST',
      defaultValue: 'org.apache.kafka.common.metrics.JmxReporter',
      validator: ValidList.anyNonDuplicateValues(true, false),
      importance: 'LOW',
      documentation: COMMON_CLIENT_DOCS.reporters,
    })
    .define({
      name: HEADER_CONVERTER_CLASS_CONFIG,
      type: 'CLASS',
      defaultValue: HEADER_CONVERTER_CLASS_DEFAULT,
      importance: 'LOW',
      documentation: 'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. ' +
        'This controls the format of the header values in messages written to or read from Kafka, and since this is independent of ' +
        'connectors it allows any connector to work with any serialization format. Examples of common formats include JSON and Avro. ' +
        'By default, the SimpleHeaderConverter is used to serialize header values to strings and deserialize them by inferring the schemas.',
    })
    .define({ name: HEADER_CONVERTER_VERSION, type: 'STRING', defaultValue: null, importance: 'LOW', documentation: 'Version of the header converter.' })
    .define({
      name: CONFIG_PROVIDERS_CONFIG,
      type: 'LIST',
      defaultValue: [],
      validator: ValidList.anyNonDuplicateValues(true, false),
      importance: 'LOW',
      documentation: 'Comma-separated names of <code>ConfigProvider</code> classes, loaded and used in the order specified. ' +
        'Implementing the interface  <code>ConfigProvider</code> allows you to replace variable references in connector configurations, ' +
        'such as for externalized secrets. ',
    })
    .define({
      name: CONNECTOR_CLIENT_POLICY_CLASS_CONFIG,
      type: 'STRING',
      defaultValue: 'All',
      validator: ValidString.in('All', 'None', 'Principal', 'Allowlist',
        'org.apache.kafka.connect.connector.policy.AllConnectorClientConfigOverridePolicy',
        'org.apache.kafka.connect.connector.policy.NoneConnectorClientConfigOverridePolicy',
        'org.apache.kafka.connect.connector.policy.PrincipalConnectorClientConfigOverridePolicy',
        'org.apache.kafka.connect.connector.policy.AllowlistConnectorClientConfigOverridePolicy'),
      importance: 'MEDIUM',
      documentation: 'Class name or alias of implementation of <code>ConnectorClientConfigOverridePolicy</code>. Defines what client ' +
        'configurations can be overridden by the connector. The default policy is <code>All</code>, meaning connector configurations can ' +
        'override all client properties. The other possible policies in the framework include <code>None</code> to disallow connectors ' +
        'from overriding client properties, and <code>Principal</code> to allow connectors to override only client principals.',
    })
    .define({
      name: TOPIC_CREATION_ENABLE_CONFIG,
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'LOW',
      documentation: 'Whether to allow automatic creation of topics used by source connectors, when source connectors are configured with ' +
        '<code>topic.creation.</code> properties. Each task will use an admin client to create its topics and will not depend on the ' +
        'Kafka brokers to create topics automatically.',
    })
}

/** kconnect's own settings: which log holds the topics. */
function addKconnectLogConfig (def: ConfigDef): ConfigDef {
  return def
    .define({
      name: LOG_BACKEND_CONFIG,
      type: 'STRING',
      defaultValue: 'kafka',
      validator: ValidString.in('kafka', 'embedded'),
      importance: 'HIGH',
      documentation: 'kconnect: where topics live. "kafka": the Kafka cluster of bootstrap.servers. "embedded": a durable log in a local ' +
        'folder (log.embedded.dir), so no broker is needed.',
    })
    .define({
      name: LOG_EMBEDDED_DIR_CONFIG,
      type: 'STRING',
      defaultValue: 'kconnect-data',
      importance: 'MEDIUM',
      documentation: 'kconnect: the folder where the embedded log keeps its topics (log.backend=embedded), relative to the working directory.',
    })
}

/** The standalone worker's settings: the common ones plus offset.storage.file.filename. */
export function standaloneConfigDef (): ConfigDef {
  return baseWorkerConfigDef().define({
    name: OFFSET_STORAGE_FILE_FILENAME_CONFIG,
    type: 'STRING',
    importance: 'HIGH',
    documentation: 'File to store source connector offsets',
  })
}

/** Which log a worker uses. */
export type LogBackend = 'kafka' | 'embedded'

/** A parsed worker configuration, with typed accessors for what the runtime reads. */
export class WorkerConfig extends AbstractConfig {
  constructor (props: RawConfig, definition: ConfigDef = baseWorkerConfigDef()) {
    super(definition, props)
  }

  /** Where topics live: log.backend. */
  logBackend (): LogBackend {
    return this.getString(LOG_BACKEND_CONFIG) as LogBackend
  }

  offsetCommitIntervalMs (): number {
    return this.getLong(OFFSET_COMMIT_INTERVAL_MS_CONFIG) as number
  }

  offsetCommitTimeoutMs (): number {
    return this.getLong(OFFSET_COMMIT_TIMEOUT_MS_CONFIG) as number
  }

  taskShutdownGracefulTimeoutMs (): number {
    return this.getLong(TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS_CONFIG) as number
  }

  topicCreationEnable (): boolean {
    return this.getBoolean(TOPIC_CREATION_ENABLE_CONFIG) === true
  }

  topicTrackingEnabled (): boolean {
    return this.getBoolean(TOPIC_TRACKING_ENABLE_CONFIG) === true
  }

  topicTrackingResetEnabled (): boolean {
    return this.getBoolean(TOPIC_TRACKING_ALLOW_RESET_CONFIG) === true
  }

  /** The client override policy, reduced to its alias: All, None, Principal or Allowlist. */
  clientOverridePolicy (): 'All' | 'None' | 'Principal' | 'Allowlist' {
    const value = this.getString(CONNECTOR_CLIENT_POLICY_CLASS_CONFIG) ?? 'All'
    const alias = value.slice(value.lastIndexOf('.') + 1).replace(/ConnectorClientConfigOverridePolicy$/, '')
    return alias as 'All' | 'None' | 'Principal' | 'Allowlist'
  }

  /** The worker-level client settings under a prefix (producer., consumer., admin.), prefix stripped, as strings. */
  clientConfigs (prefix: 'producer.' | 'consumer.' | 'admin.'): Record<string, string> {
    return stringValues(this.originalsWithPrefix(prefix))
  }

  /** The original settings as strings (values that are not strings are written with String()). */
  originalStrings (): Record<string, string> {
    return stringValues(this.originals())
  }
}

/** A standalone worker's configuration (Kafka's StandaloneConfig). */
export class StandaloneConfig extends WorkerConfig {
  constructor (props: RawConfig) {
    super(props, standaloneConfigDef())
  }

  /** offset.storage.file.filename. */
  offsetsFile (): string {
    return this.getString(OFFSET_STORAGE_FILE_FILENAME_CONFIG) as string
  }
}
