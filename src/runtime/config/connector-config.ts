// The settings every connector has, whatever its class (Kafka's ConnectorConfig,
// SinkConnectorConfig and SourceConnectorConfig): name, class, tasks.max, converters, transforms
// and predicates, error handling; topics for sinks; topic creation and exactly-once for sources.
// Keys, defaults, groups, order and documentation are Kafka 4.3's, because the validate endpoint
// shows them to users and tools compare them.

import { AbstractConfig } from '../../api/config/abstract-config.ts'
import { ConfigDef, type RawConfig, rawConfigMap } from '../../api/config/config-def.ts'
import type { Recommender, Validator } from '../../api/config/config-types.ts'
import type { ConfigValue } from '../../api/config/config-value.ts'
import { ConfigValue as ConfigValueClass } from '../../api/config/config-value.ts'
import { parseType } from '../../api/config/parse-type.ts'
import {
  CaseInsensitiveValidString, CompositeValidator, LambdaValidator, NonEmptyString, NonEmptyStringWithoutControlChars,
  NonNullValidator, Range, ValidList, ValidString,
} from '../../api/config/validators.ts'
import { ConfigException } from '../../api/errors.ts'
import type { PluginRegistry, PluginType } from '../plugins/plugin-registry.ts'
import { compileJavaRegex } from './java-regex.ts'
import { stringValues } from './string-values.ts'
import {
  embedDefaultGroup, enrichTopicCreationGroups, TOPIC_CREATION_GROUP, TOPIC_CREATION_GROUPS_CONFIG, usesTopicCreation,
  DEFAULT_TOPIC_CREATION_PREFIX, INCLUDE_REGEX_CONFIG, EXCLUDE_REGEX_CONFIG, PARTITIONS_CONFIG, REPLICATION_FACTOR_CONFIG,
} from './topic-creation-config.ts'
import {
  HEADER_CONVERTER_CLASS_CONFIG, HEADER_CONVERTER_VERSION, KEY_CONVERTER_CLASS_CONFIG, KEY_CONVERTER_VERSION,
  PLUGIN_VERSION_SUFFIX, VALUE_CONVERTER_CLASS_CONFIG, VALUE_CONVERTER_VERSION, type WorkerConfig,
} from './worker-config.ts'

export const COMMON_GROUP = 'Common'
export const TRANSFORMS_GROUP = 'Transforms'
export const PREDICATES_GROUP = 'Predicates'
export const ERROR_GROUP = 'Error Handling'
export const EXACTLY_ONCE_SUPPORT_GROUP = 'Exactly Once Support'
export const OFFSETS_TOPIC_GROUP = 'offsets.topic'

export const NAME_CONFIG = 'name'
export const CONNECTOR_CLASS_CONFIG = 'connector.class'
export const CONNECTOR_VERSION = 'connector.' + PLUGIN_VERSION_SUFFIX
export const TASKS_MAX_CONFIG = 'tasks.max'
export const TASKS_MAX_ENFORCE_CONFIG = 'tasks.max.enforce'
export const TRANSFORMS_CONFIG = 'transforms'
export const PREDICATES_CONFIG = 'predicates'
export const CONFIG_RELOAD_ACTION_CONFIG = 'config.action.reload'
export const ERRORS_RETRY_TIMEOUT_CONFIG = 'errors.retry.timeout'
export const ERRORS_RETRY_MAX_DELAY_CONFIG = 'errors.retry.delay.max.ms'
export const ERRORS_TOLERANCE_CONFIG = 'errors.tolerance'
export const ERRORS_LOG_ENABLE_CONFIG = 'errors.log.enable'
export const ERRORS_LOG_INCLUDE_MESSAGES_CONFIG = 'errors.log.include.messages'
export const PRODUCER_OVERRIDES_PREFIX = 'producer.override.'
export const CONSUMER_OVERRIDES_PREFIX = 'consumer.override.'
export const ADMIN_OVERRIDES_PREFIX = 'admin.override.'
export const TOPICS_CONFIG = 'topics'
export const TOPICS_REGEX_CONFIG = 'topics.regex'
export const DLQ_PREFIX = 'errors.deadletterqueue.'
export const DLQ_TOPIC_NAME_CONFIG = DLQ_PREFIX + 'topic.name'
export const DLQ_TOPIC_REPLICATION_FACTOR_CONFIG = DLQ_PREFIX + 'topic.replication.factor'
export const DLQ_CONTEXT_HEADERS_ENABLE_CONFIG = DLQ_PREFIX + 'context.headers.enable'
export const EXACTLY_ONCE_SUPPORT_CONFIG = 'exactly.once.support'
export const TRANSACTION_BOUNDARY_CONFIG = 'transaction.boundary'
export const TRANSACTION_BOUNDARY_INTERVAL_CONFIG = 'transaction.boundary.interval.ms'
export const OFFSETS_TOPIC_CONFIG = 'offsets.storage.topic'
export const TRANSFORM_PREDICATE_CONFIG = 'predicate'
export const TRANSFORM_NEGATE_CONFIG = 'negate'

const CONNECTOR_CLASS_DOC = 'Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector. ' +
  'If the connector is org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify this full name,  or use ' +
  '"FileStreamSink" or "FileStreamSinkConnector" to make the configuration a bit shorter'
const CONVERTER_CLASS_DOC = (what: string): string =>
  'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka.' +
  ` This controls the format of the ${what} in messages written to or read from Kafka, and since this is` +
  ' independent of connectors it allows any connector to work with any serialization format.' +
  ' Examples of common formats include JSON and Avro.'
const HEADER_CONVERTER_CLASS_DOC = 'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. ' +
  'This controls the format of the header values in messages written to or read from Kafka, and since this is independent of connectors it ' +
  'allows any connector to work with any serialization format. Examples of common formats include JSON and Avro. By default, the ' +
  'SimpleHeaderConverter is used to serialize header values to strings and deserialize them by inferring the schemas.'
const TASKS_MAX_ENFORCE_DOC = '(Deprecated) Whether to enforce that the tasks.max property is respected by the connector. By default, connectors ' +
  'that generate too many tasks will fail, and existing sets of tasks that exceed the tasks.max property will also be failed. If this property ' +
  'is set to false, then connectors will be allowed to generate more than the maximum number of tasks, and existing sets of tasks that exceed ' +
  'the tasks.max property will be allowed to run. This property is deprecated and will be removed in an upcoming major release.'
const CONFIG_RELOAD_ACTION_DOC = 'The action that Connect should take on the connector when changes in external configuration providers result ' +
  'in a change in the connector\'s configuration properties. A value of \'none\' indicates that Connect will do nothing. A value of \'restart\' ' +
  'indicates that Connect should restart/reload the connector with the updated configuration properties.The restart may actually be ' +
  'scheduled in the future if the external configuration provider indicates that a configuration value will expire in the future.'

/** Plugin types by the Java interface a CLASS setting must implement. */
const CLASS_KINDS: Record<string, { types: PluginType[], noun: string, kind: 'interface' | 'class' }> = {
  Converter: { types: ['converter'], noun: 'Converter', kind: 'interface' },
  HeaderConverter: { types: ['header_converter'], noun: 'HeaderConverter', kind: 'interface' },
  Transformation: { types: ['transformation'], noun: 'Transformation', kind: 'interface' },
  Predicate: { types: ['predicate'], noun: 'Predicate', kind: 'interface' },
}

/**
 * Checks a CLASS setting against the registry as Java's class loading and
 * ConcreteSubClassValidator do: "Class X could not be found." for an unknown name, "Class class X
 * does not implement the Converter interface" for a plugin of another type.
 */
export function pluginClassValidator (registry: PluginRegistry | null, expected: keyof typeof CLASS_KINDS): Validator {
  const { types, noun, kind } = CLASS_KINDS[expected]
  return LambdaValidator.with((name, value) => {
    if (registry === null || value === null || value === undefined) return
    if (typeof value !== 'string') return
    if (registry.find(value, ...types) !== undefined) return
    const other = registry.find(value)
    if (other === undefined) {
      const suggestions = registry.closeMatches(value, ...types)
      const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(' or ')}?` : ''
      throw new ConfigException(name, value, `Class ${value} could not be found.${hint}`)
    }
    throw new ConfigException(`Class class ${other.className} does not ${kind === 'interface' ? 'implement' : 'extend'} the ${noun} ${kind}`)
  }, () => '')
}

function aliasValidator (kind: string): Validator {
  return CompositeValidator.of(new NonNullValidator(), LambdaValidator.with((name, value) => {
    const aliases = value as unknown[]
    if (aliases.length > new Set(aliases).size) throw new ConfigException(name, value, 'Duplicate alias provided.')
  }, () => `unique ${kind} aliases`))
}

function classRecommender (registry: PluginRegistry | null, ...types: PluginType[]): Recommender | null {
  if (registry === null) return null
  return {
    validValues: () => [...new Set(registry.plugins(...types).map(p => p.className))].sort(),
    visible: () => true,
  }
}

/** Recommends the versions of the plugin another setting names (Kafka's PluginsRecommenders version recommenders). */
function versionRecommender (registry: PluginRegistry | null, classConfig: string, ...types: PluginType[]): Recommender | null {
  if (registry === null) return null
  return {
    validValues: (_name, parsed) => {
      const className = parsed[classConfig]
      if (typeof className !== 'string') return []
      const plugin = registry.find(className, ...types)
      const version = plugin === undefined ? null : registry.versionOf(plugin)
      return version === null ? [] : [version]
    },
    visible: () => true,
  }
}

/** Defaults of the converter settings in a connector's validation: the worker's converter and its version. */
interface ConverterDefaults {
  readonly type: string | null
  readonly version: string | null
}

const NO_CONVERTER_DEFAULTS: ConverterDefaults = { type: null, version: null }

/** What the common connector settings depend on: defaults from the worker and the registry. */
export interface ConnectorConfigDefOptions {
  readonly registry?: PluginRegistry | null
  readonly connectorVersion?: string | null
  readonly keyConverter?: ConverterDefaults
  readonly valueConverter?: ConverterDefaults
  readonly headerConverter?: ConverterDefaults
}

/** The settings of every connector (ConnectorConfig.configDef). */
export function connectorConfigDef (options: ConnectorConfigDefOptions = {}): ConfigDef {
  const registry = options.registry ?? null
  const key = options.keyConverter ?? NO_CONVERTER_DEFAULTS
  const value = options.valueConverter ?? NO_CONVERTER_DEFAULTS
  const header = options.headerConverter ?? NO_CONVERTER_DEFAULTS
  let order = 0
  let errorOrder = 0
  return new ConfigDef()
    .define({ name: NAME_CONFIG, type: 'STRING', validator: new NonEmptyStringWithoutControlChars(), importance: 'HIGH', documentation: 'Globally unique name to use for this connector.', group: COMMON_GROUP, orderInGroup: ++order, width: 'MEDIUM', displayName: 'Connector name' })
    .define({ name: CONNECTOR_CLASS_CONFIG, type: 'STRING', importance: 'HIGH', documentation: CONNECTOR_CLASS_DOC, group: COMMON_GROUP, orderInGroup: ++order, width: 'LONG', displayName: 'Connector class' })
    .define({ name: CONNECTOR_VERSION, type: 'STRING', defaultValue: options.connectorVersion ?? null, importance: 'MEDIUM', documentation: 'Version of the connector.', group: COMMON_GROUP, orderInGroup: ++order, width: 'MEDIUM', displayName: 'Connector version', recommender: versionRecommender(registry, CONNECTOR_CLASS_CONFIG, 'source', 'sink') })
    .define({ name: TASKS_MAX_CONFIG, type: 'INT', defaultValue: 1, validator: Range.atLeast(1), importance: 'HIGH', documentation: 'Maximum number of tasks to use for this connector.', group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Tasks max' })
    .define({ name: TASKS_MAX_ENFORCE_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW', documentation: TASKS_MAX_ENFORCE_DOC, group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Enforce tasks max' })
    .define({ name: KEY_CONVERTER_CLASS_CONFIG, type: 'CLASS', defaultValue: key.type, validator: pluginClassValidator(registry, 'Converter'), importance: 'LOW', documentation: CONVERTER_CLASS_DOC('keys'), group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Key converter class', recommender: classRecommender(registry, 'converter') })
    .define({ name: KEY_CONVERTER_VERSION, type: 'STRING', defaultValue: key.version, importance: 'LOW', documentation: 'Version of the key converter.', group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Key converter version', recommender: versionRecommender(registry, KEY_CONVERTER_CLASS_CONFIG, 'converter') })
    .define({ name: VALUE_CONVERTER_CLASS_CONFIG, type: 'CLASS', defaultValue: value.type, validator: pluginClassValidator(registry, 'Converter'), importance: 'LOW', documentation: CONVERTER_CLASS_DOC('values'), group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Value converter class', recommender: classRecommender(registry, 'converter') })
    .define({ name: VALUE_CONVERTER_VERSION, type: 'STRING', defaultValue: value.version, importance: 'LOW', documentation: 'Version of the value converter.', group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Value converter version', recommender: versionRecommender(registry, VALUE_CONVERTER_CLASS_CONFIG, 'converter') })
    .define({ name: HEADER_CONVERTER_CLASS_CONFIG, type: 'CLASS', defaultValue: header.type, validator: pluginClassValidator(registry, 'HeaderConverter'), importance: 'LOW', documentation: HEADER_CONVERTER_CLASS_DOC, group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Header converter class', recommender: classRecommender(registry, 'header_converter') })
    .define({ name: HEADER_CONVERTER_VERSION, type: 'STRING', defaultValue: header.version, importance: 'LOW', documentation: 'Version of the header converter.', group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Header converter version', recommender: versionRecommender(registry, HEADER_CONVERTER_CLASS_CONFIG, 'header_converter') })
    .define({ name: TRANSFORMS_CONFIG, type: 'LIST', defaultValue: [], validator: aliasValidator('transformation'), importance: 'LOW', documentation: 'Aliases for the transformations to be applied to records.', group: TRANSFORMS_GROUP, orderInGroup: ++order, width: 'LONG', displayName: 'Transforms' })
    .define({ name: PREDICATES_CONFIG, type: 'LIST', defaultValue: [], validator: aliasValidator('predicate'), importance: 'LOW', documentation: 'Aliases for the predicates used by transformations.', group: PREDICATES_GROUP, orderInGroup: ++order, width: 'LONG', displayName: 'Predicates' })
    .define({ name: CONFIG_RELOAD_ACTION_CONFIG, type: 'STRING', defaultValue: 'restart', validator: ValidString.in('none', 'restart'), importance: 'LOW', documentation: CONFIG_RELOAD_ACTION_DOC, group: COMMON_GROUP, orderInGroup: ++order, width: 'MEDIUM', displayName: 'Reload Action' })
    .define({ name: ERRORS_RETRY_TIMEOUT_CONFIG, type: 'LONG', defaultValue: 0, importance: 'MEDIUM', documentation: 'The maximum duration in milliseconds that a failed operation will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.', group: ERROR_GROUP, orderInGroup: ++errorOrder, width: 'MEDIUM', displayName: 'Retry Timeout for Errors' })
    .define({ name: ERRORS_RETRY_MAX_DELAY_CONFIG, type: 'LONG', defaultValue: 60000, importance: 'MEDIUM', documentation: 'The maximum duration in milliseconds between consecutive retry attempts. Jitter will be added to the delay once this limit is reached to prevent thundering herd issues.', group: ERROR_GROUP, orderInGroup: ++errorOrder, width: 'MEDIUM', displayName: 'Maximum Delay Between Retries for Errors' })
    .define({ name: ERRORS_TOLERANCE_CONFIG, type: 'STRING', defaultValue: 'none', validator: ValidString.in('none', 'all'), importance: 'MEDIUM', documentation: 'Behavior for tolerating errors during connector operation. \'none\' is the default value and signals that any error will result in an immediate connector task failure; \'all\' changes the behavior to skip over problematic records.', group: ERROR_GROUP, orderInGroup: ++errorOrder, width: 'SHORT', displayName: 'Error Tolerance' })
    .define({ name: ERRORS_LOG_ENABLE_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', documentation: 'If true, write each error and the details of the failed operation and problematic record to the Connect application log. This is \'false\' by default, so that only errors that are not tolerated are reported.', group: ERROR_GROUP, orderInGroup: ++errorOrder, width: 'SHORT', displayName: 'Log Errors' })
    .define({ name: ERRORS_LOG_INCLUDE_MESSAGES_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', documentation: 'Whether to include in the log the Connect record that resulted in a failure. For sink records, the topic, partition, offset, and timestamp will be logged. For source records, the key and value (and their schemas), all headers, and the timestamp, Kafka topic, Kafka partition, source partition, and source offset will be logged. This is \'false\' by default, which will prevent record keys, values, and headers from being written to log files.', group: ERROR_GROUP, orderInGroup: ++errorOrder, width: 'SHORT', displayName: 'Log Error Details' })
}

const TOPICS_REGEX_VALIDATOR = LambdaValidator.with((name, value) => {
  try {
    compileJavaRegex(String(value ?? ''))
  } catch (error) {
    throw new ConfigException(name, value, 'Invalid regex: ' + (error as Error).message)
  }
}, () => 'valid regex')

/** A sink connector's settings: `base` plus topics, topics.regex and the dead letter queue (SinkConnectorConfig.configDef). */
export function sinkConnectorConfigDef (base: ConfigDef = connectorConfigDef()): ConfigDef {
  return new ConfigDef(base)
    .define({ name: TOPICS_CONFIG, type: 'LIST', defaultValue: [], validator: ValidList.anyNonDuplicateValues(true, false), importance: 'HIGH', documentation: 'List of topics to consume, separated by commas', group: COMMON_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Topics' })
    .define({ name: TOPICS_REGEX_CONFIG, type: 'STRING', defaultValue: '', validator: TOPICS_REGEX_VALIDATOR, importance: 'HIGH', documentation: 'Regular expression giving topics to consume. Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. Only one of topics or topics.regex should be specified.', group: COMMON_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Topics regex' })
    .define({ name: DLQ_TOPIC_NAME_CONFIG, type: 'STRING', defaultValue: '', importance: 'MEDIUM', documentation: 'The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed by this sink connector, or its transformations or converters. The topic name is blank by default, which means that no messages are to be recorded in the DLQ.', group: ERROR_GROUP, orderInGroup: 6, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Name' })
    .define({ name: DLQ_TOPIC_REPLICATION_FACTOR_CONFIG, type: 'SHORT', defaultValue: 3, importance: 'MEDIUM', documentation: 'Replication factor used to create the dead letter queue topic when it doesn\'t already exist.', group: ERROR_GROUP, orderInGroup: 7, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Replication Factor' })
    .define({ name: DLQ_CONTEXT_HEADERS_ENABLE_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', documentation: 'If true, add headers containing error context to the messages written to the dead letter queue. To avoid clashing with headers from the original record, all error context header keys, all error context header keys will start with <code>__connect.errors.</code>', group: ERROR_GROUP, orderInGroup: 8, width: 'MEDIUM', displayName: 'Enable Error Context Headers' })
}

/** A source connector's settings: `base` plus topic creation groups, exactly-once and the offsets topic (SourceConnectorConfig.configDef). */
export function sourceConnectorConfigDef (base: ConfigDef = connectorConfigDef()): ConfigDef {
  let order = 0
  return new ConfigDef(base)
    .define({ name: TOPIC_CREATION_GROUPS_CONFIG, type: 'LIST', defaultValue: [], validator: CompositeValidator.of(new NonNullValidator(), LambdaValidator.with((name, value) => {
      const groups = value as unknown[]
      if (groups.length > new Set(groups).size) throw new ConfigException(name, value, 'Duplicate alias provided.')
    }, () => 'unique topic creation groups')), importance: 'LOW', documentation: 'Groups of configurations for topics created by source connectors', group: TOPIC_CREATION_GROUP, orderInGroup: ++order, width: 'LONG', displayName: 'Topic Creation Groups' })
    .define({ name: EXACTLY_ONCE_SUPPORT_CONFIG, type: 'STRING', defaultValue: 'requested', validator: CaseInsensitiveValidString.in('requested', 'required'), importance: 'MEDIUM', documentation: 'Permitted values are requested, required. If set to "required", forces a preflight check for the connector to ensure that it can provide exactly-once semantics with the given configuration. Some connectors may be capable of providing exactly-once semantics but not signal to Connect that they support this; in that case, documentation for the connector should be consulted carefully before creating it, and the value for this property should be set to "requested". Additionally, if the value is set to "required" but the worker that performs preflight validation does not have exactly-once support enabled for source connectors, requests to create or validate the connector will fail.', group: EXACTLY_ONCE_SUPPORT_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Exactly once support' })
    .define({ name: TRANSACTION_BOUNDARY_CONFIG, type: 'STRING', defaultValue: 'poll', validator: CaseInsensitiveValidString.in('poll', 'interval', 'connector'), importance: 'MEDIUM', documentation: 'Permitted values are: poll, interval, connector. If set to \'poll\', a new producer transaction will be started and committed for every batch of records that each task from this connector provides to Connect. If set to \'connector\', relies on connector-defined transaction boundaries; note that not all connectors are capable of defining their own transaction boundaries, and in that case, attempts to instantiate a connector with this value will fail. Finally, if set to \'interval\', commits transactions only after a user-defined time interval has passed.', group: EXACTLY_ONCE_SUPPORT_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Transaction Boundary' })
    .define({ name: TRANSACTION_BOUNDARY_INTERVAL_CONFIG, type: 'LONG', defaultValue: null, validator: LambdaValidator.with((name, value) => {
      if (value !== null && value !== undefined) Range.atLeast(0).ensureValid(name, value)
    }, () => '[0,...]'), importance: 'LOW', documentation: 'If \'transaction.boundary\' is set to \'interval\', determines the interval for producer transaction commits by connector tasks. If unset, defaults to the value of the worker-level \'offset.flush.interval.ms\' property. It has no effect if a different transaction.boundary is specified.', group: EXACTLY_ONCE_SUPPORT_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Transaction boundary interval' })
    .define({ name: OFFSETS_TOPIC_CONFIG, type: 'STRING', defaultValue: null, validator: new NonEmptyString(), importance: 'LOW', documentation: 'The name of a separate offsets topic to use for this connector. If empty or not specified, the worker’s global offsets topic name will be used. If specified, the offsets topic will be created if it does not already exist on the Kafka cluster targeted by this connector (which may be different from the one used for the worker\'s global offsets topic if the bootstrap.servers property of the connector\'s producer has been overridden from the worker\'s). Only applicable in distributed mode; in standalone mode, setting this property will have no effect.', group: OFFSETS_TOPIC_GROUP, orderInGroup: 1, width: 'LONG', displayName: 'Offsets topic' })
}

/**
 * kconnect's dead letter queue for source connectors (Kafka has none): the sink's three settings,
 * defined for a source connector only when its configuration sets one of them, so that the
 * validate endpoint answers as Kafka's does for every configuration Kafka accepts.
 */
export function withSourceDeadLetterQueue (sourceDef: ConfigDef, props: RawConfig): ConfigDef {
  if (![...rawConfigMap(props).keys()].some(key => key.startsWith(DLQ_PREFIX))) return sourceDef
  return new ConfigDef(sourceDef)
    .define({ name: DLQ_TOPIC_NAME_CONFIG, type: 'STRING', defaultValue: '', importance: 'MEDIUM', documentation: 'kconnect only: the name of the topic to be used as the dead letter queue (DLQ) for records of this source connector that fail conversion, transformation or (with errors.tolerance=all) producing. Blank by default: no DLQ.', group: ERROR_GROUP, orderInGroup: 6, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Name' })
    .define({ name: DLQ_TOPIC_REPLICATION_FACTOR_CONFIG, type: 'SHORT', defaultValue: 3, importance: 'MEDIUM', documentation: 'kconnect only: replication factor used to create the source dead letter queue topic when it doesn\'t already exist.', group: ERROR_GROUP, orderInGroup: 7, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Replication Factor' })
    .define({ name: DLQ_CONTEXT_HEADERS_ENABLE_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', documentation: 'kconnect only: if true, add headers containing error context (__connect.errors.*) to the records written to the source dead letter queue.', group: ERROR_GROUP, orderInGroup: 8, width: 'MEDIUM', displayName: 'Enable Error Context Headers' })
}

/** A connector config's value for `key` as a string, or undefined. */
function propOf (props: RawConfig, key: string): string | undefined {
  const value = rawConfigMap(props).get(key)
  return value === null || value === undefined ? undefined : String(value)
}

/**
 * The converter defaults a connector's validation shows (ConnectorConfig.converterDefaults): the
 * worker's converter class and, when the connector sets none, its version.
 */
function converterDefaults (registry: PluginRegistry, connectorProps: RawConfig, workerConfig: WorkerConfig | null,
  classConfig: string, versionConfig: string, type: PluginType): ConverterDefaults {
  if (workerConfig === null) return NO_CONVERTER_DEFAULTS
  const connectorConverter = propOf(connectorProps, classConfig)
  const workerOriginals = workerConfig.originalStrings()
  let workerConverter: string | undefined = workerOriginals[classConfig]
  if (classConfig === HEADER_CONVERTER_CLASS_CONFIG) {
    const configured = workerConverter ?? String(workerConfig.get(HEADER_CONVERTER_CLASS_CONFIG))
    workerConverter = registry.find(configured, type)?.className ?? configured
  }
  if (propOf(connectorProps, CONNECTOR_CLASS_CONFIG) === undefined || (connectorConverter === undefined && workerConverter === undefined)) {
    return NO_CONVERTER_DEFAULTS
  }
  let version: string | null
  if (connectorConverter !== undefined) {
    const plugin = registry.find(connectorConverter, type)
    version = plugin === undefined ? null : registry.versionOf(plugin)
  } else {
    const plugin = registry.find(workerConverter as string, type)
    version = workerOriginals[versionConfig] ?? (plugin === undefined ? null : registry.versionOf(plugin))
  }
  return { type: workerConverter ?? null, version }
}

/** The kind of connector a configuration is for. */
export type ConnectorKind = 'source' | 'sink'

/**
 * The connector settings as the validate endpoint shows them for this configuration
 * (XConnectorConfig.enrichedConfigDef, then ConnectorConfig.enrich): defaults from the worker and
 * the registry, and the settings of the configured transforms and predicates. With
 * `requireFullConfig` false, a transform whose class is unknown simply adds no settings.
 */
export function enrichedConnectorConfigDef (registry: PluginRegistry, kind: ConnectorKind, connectorProps: RawConfig,
  workerConfig: WorkerConfig | null, requireFullConfig: boolean): ConfigDef {
  const connectorClass = propOf(connectorProps, CONNECTOR_CLASS_CONFIG)
  const connectorPlugin = connectorClass === undefined ? undefined : registry.find(connectorClass, 'sink', 'source')
  const base = connectorConfigDef({
    registry,
    connectorVersion: connectorPlugin === undefined ? null : registry.versionOf(connectorPlugin),
    keyConverter: converterDefaults(registry, connectorProps, workerConfig, KEY_CONVERTER_CLASS_CONFIG, KEY_CONVERTER_VERSION, 'converter'),
    valueConverter: converterDefaults(registry, connectorProps, workerConfig, VALUE_CONVERTER_CLASS_CONFIG, VALUE_CONVERTER_VERSION, 'converter'),
    headerConverter: converterDefaults(registry, connectorProps, workerConfig, HEADER_CONVERTER_CLASS_CONFIG, HEADER_CONVERTER_VERSION, 'header_converter'),
  })
  const typed = kind === 'sink' ? sinkConnectorConfigDef(base) : withSourceDeadLetterQueue(sourceConnectorConfigDef(base), connectorProps)
  return enrichTransformsAndPredicates(registry, typed, connectorProps, requireFullConfig)
}

/** A plugin whose config() gives its settings (transformations and predicates). */
interface ConfigurablePlugin {
  config (): ConfigDef | null | undefined
}

/**
 * `base` plus, for each alias in transforms and predicates, its type and version settings and
 * the settings of its class, embedded under `transforms.<alias>.` / `predicates.<alias>.`
 * (ConnectorConfig.enrich). Transforms also get `predicate` and `negate`.
 */
export function enrichTransformsAndPredicates (registry: PluginRegistry, base: ConfigDef, props: RawConfig, requireFullConfig: boolean): ConfigDef {
  const def = new ConfigDef(base)
  enrichAliases(registry, def, props, requireFullConfig, 'Transformation', TRANSFORMS_CONFIG, TRANSFORMS_GROUP, 'transformation')
  enrichAliases(registry, def, props, requireFullConfig, 'Predicate', PREDICATES_CONFIG, PREDICATES_GROUP, 'predicate')
  return def
}

function enrichAliases (registry: PluginRegistry, def: ConfigDef, props: RawConfig, requireFullConfig: boolean,
  aliasKind: 'Transformation' | 'Predicate', aliasConfig: string, aliasGroup: string, type: PluginType): void {
  const raw = rawConfigMap(props)
  const aliasesValue = raw.has(aliasConfig) ? parseType(aliasConfig, raw.get(aliasConfig), 'LIST') : null
  if (!Array.isArray(aliasesValue)) return
  for (const alias of new Set(aliasesValue as unknown[])) {
    if (typeof alias !== 'string') throw new ConfigException(`Item in ${aliasConfig} property is not of type String`)
    const prefix = `${aliasConfig}.${alias}.`
    const group = `${aliasGroup}: ${alias}`
    const typeConfig = prefix + 'type'
    const versionConfig = prefix + PLUGIN_VERSION_SUFFIX
    const kindText = aliasKind.toLowerCase()
    const classValidator = pluginClassValidator(registry, aliasKind)
    let order = 0
    def.define({
      name: typeConfig,
      type: 'CLASS',
      validator: LambdaValidator.with((name, value) => {
        if (aliasKind === 'Transformation') {
          const negate = prefix + TRANSFORM_NEGATE_CONFIG
          const predicate = prefix + TRANSFORM_PREDICATE_CONFIG
          if (raw.has(negate) && !raw.has(predicate)) {
            throw new ConfigException(`Config '${negate}' was provided but there is no config '${predicate}' defining a predicate to be negated.`)
          }
        }
        classValidator.ensureValid(name, value)
      }, () => `valid configs for ${alias} ${kindText}`),
      importance: 'HIGH',
      documentation: `Class for the '${alias}' ${kindText}.`,
      group,
      orderInGroup: order++,
      width: 'LONG',
      displayName: `${aliasKind} type for ${alias}`,
      recommender: classRecommender(registry, type),
    })
    const typeName = propOf(props, typeConfig)
    const plugin = typeName === undefined ? undefined : registry.find(typeName, type)
    def.define({
      name: versionConfig,
      type: 'STRING',
      defaultValue: plugin === undefined ? null : registry.versionOf(plugin),
      importance: 'HIGH',
      documentation: `Version of the '${alias}' ${kindText}.`,
      group,
      orderInGroup: order++,
      width: 'LONG',
      displayName: `${aliasKind} version for ${alias}`,
      recommender: versionRecommender(registry, typeConfig, type),
    })
    let pluginDef: ConfigDef | null = null
    if (plugin !== undefined) {
      const instance = plugin.create() as ConfigurablePlugin
      const declared = instance.config()
      if (declared === null || declared === undefined) {
        throw new ConfigException(`${plugin.className}.config() must return a ConfigDef that is not null.`)
      }
      pluginDef = new ConfigDef()
      if (aliasKind === 'Transformation') {
        pluginDef.define({ name: TRANSFORM_PREDICATE_CONFIG, type: 'STRING', defaultValue: null, importance: 'MEDIUM', documentation: 'The alias of a predicate used to determine whether to apply this transformation.' })
        pluginDef.define({ name: TRANSFORM_NEGATE_CONFIG, type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', documentation: 'Whether the configured predicate should be negated.' })
      }
      for (const key of declared.configKeys().values()) {
        // The implicit predicate and negate settings mask a transform's own of those names.
        if (aliasKind === 'Transformation' && (key.name === TRANSFORM_PREDICATE_CONFIG || key.name === TRANSFORM_NEGATE_CONFIG)) continue
        pluginDef.define(key)
      }
    } else if (requireFullConfig) {
      throw new ConfigException(typeConfig, typeName ?? null, `Not a ${aliasKind}`)
    }
    if (pluginDef !== null) def.embed(prefix, group, order, pluginDef)
  }
}

/**
 * Java's SinkConnectorConfig.validate: exactly one of topics and topics.regex, and the dead letter
 * queue topic not among the consumed topics. Errors are added to `validated` (creating values for
 * settings not there yet).
 */
export function validateSinkTopics (props: RawConfig, validated: Map<string, ConfigValue>): void {
  const topicsList = propOf(props, TOPICS_CONFIG)
  const topicsRegex = propOf(props, TOPICS_REGEX_CONFIG)
  const dlqTopic = (propOf(props, DLQ_TOPIC_NAME_CONFIG) ?? '').trim()
  const hasTopics = !isBlank(topicsList)
  const hasRegex = !isBlank(topicsRegex)
  const addError = (name: string, value: string | undefined, message: string): void => {
    let configValue = validated.get(name)
    if (configValue === undefined) {
      configValue = new ConfigValueClass(name, value ?? null, [], [])
      validated.set(name, configValue)
    }
    configValue.addErrorMessage(message)
  }
  if (hasTopics && hasRegex) {
    const message = `${TOPICS_CONFIG} and ${TOPICS_REGEX_CONFIG} are mutually exclusive options, but both are set.`
    addError(TOPICS_CONFIG, topicsList, message)
    addError(TOPICS_REGEX_CONFIG, topicsRegex, message)
  }
  if (!hasTopics && !hasRegex) {
    const message = `Must configure one of ${TOPICS_CONFIG} or ${TOPICS_REGEX_CONFIG}`
    addError(TOPICS_CONFIG, topicsList, message)
    addError(TOPICS_REGEX_CONFIG, topicsRegex, message)
  }
  if (dlqTopic !== '') {
    if (hasTopics) {
      const topics = parseTopicsList(props)
      if (topics.includes(dlqTopic)) {
        addError(TOPICS_CONFIG, topicsList, `The DLQ topic '${dlqTopic}' may not be included in the list of topics ('${TOPICS_CONFIG}=[${topics.join(', ')}]') consumed by the connector`)
      }
    }
    if (hasRegex) {
      let matches = false
      try {
        matches = compileJavaRegex(topicsRegex as string).test(dlqTopic)
      } catch {
        // An invalid regex is reported by its validator.
      }
      if (matches) {
        addError(TOPICS_REGEX_CONFIG, topicsRegex, `The DLQ topic '${dlqTopic}' may not be matched by the regex for the topics ('${TOPICS_REGEX_CONFIG}=${topicsRegex}') consumed by the connector`)
      }
    }
  }
}

/** Throws the first error of validateSinkTopics as a ConfigException, as SinkConnectorConfig.validate(props) does. */
export function ensureValidSinkTopics (props: RawConfig): void {
  const validated = new Map<string, ConfigValue>()
  validateSinkTopics(props, validated)
  for (const configValue of validated.values()) {
    if (configValue.errorMessages.length > 0) {
      throw new ConfigException(configValue.name, configValue.value, configValue.errorMessages[0])
    }
  }
}

/** The topics of `topics`, without empty names and repeats. */
export function parseTopicsList (props: RawConfig): string[] {
  const raw = rawConfigMap(props).get(TOPICS_CONFIG)
  if (raw === null || raw === undefined) return []
  const topics = parseType(TOPICS_CONFIG, raw, 'LIST') as string[]
  return [...new Set(topics.filter(t => t !== ''))]
}

function isBlank (value: string | undefined): boolean {
  return value === undefined || value.trim() === ''
}

/**
 * A connector's parsed configuration, for running it (Kafka's ConnectorConfig and its sink and
 * source subclasses). Parsing throws a ConfigException for the first bad setting.
 */
export class ConnectorConfig extends AbstractConfig {
  /** Whether this is a sink's or a source's configuration. */
  readonly kind: ConnectorKind
  /** For sources with topic.creation.* settings: the configuration with the groups' settings defined. */
  readonly topicCreationConfig: AbstractConfig | null

  constructor (registry: PluginRegistry, kind: ConnectorKind, props: RawConfig, topicCreationEnabled = true) {
    const base = connectorConfigDef({ registry })
    const typed = kind === 'sink' ? sinkConnectorConfigDef(base) : withSourceDeadLetterQueue(sourceConnectorConfigDef(base), props)
    // As Kafka: the framework's settings are checked first, then those of the transforms they name.
    void new AbstractConfig(typed, props)
    super(enrichTransformsAndPredicates(registry, typed, props, true), props)
    this.kind = kind
    this.topicCreationConfig = kind === 'source' && topicCreationEnabled && usesTopicCreation(props)
      ? topicCreationConfig(this.definition, props)
      : null
  }

  tasksMax (): number {
    return this.getInt(TASKS_MAX_CONFIG) as number
  }

  enforceTasksMax (): boolean {
    return this.getBoolean(TASKS_MAX_ENFORCE_CONFIG) === true
  }

  /** The original settings as strings (the form connectors receive). */
  originalStrings (): Record<string, string> {
    return stringValues(this.originals())
  }
}

/**
 * The configuration that topic creation reads: the default group's settings (replication factor
 * and partitions required) and each named group's, defaulting to the default group's. The default
 * group's include and exclude are ignored, as in Kafka: it covers whatever no other group does.
 */
function topicCreationConfig (def: ConfigDef, props: RawConfig): AbstractConfig {
  const withDefault = embedDefaultGroup(def)
  const defaultGroup = new AbstractConfig(withDefault, props)
  const replicationFactor = defaultGroup.getShort(DEFAULT_TOPIC_CREATION_PREFIX + REPLICATION_FACTOR_CONFIG) as number
  const partitions = defaultGroup.getInt(DEFAULT_TOPIC_CREATION_PREFIX + PARTITIONS_CONFIG) as number
  const withoutDefaultRegex = new Map(rawConfigMap(props))
  withoutDefaultRegex.delete(DEFAULT_TOPIC_CREATION_PREFIX + INCLUDE_REGEX_CONFIG)
  withoutDefaultRegex.delete(DEFAULT_TOPIC_CREATION_PREFIX + EXCLUDE_REGEX_CONFIG)
  return new AbstractConfig(enrichTopicCreationGroups(withDefault, props, replicationFactor, partitions), withoutDefaultRegex)
}
