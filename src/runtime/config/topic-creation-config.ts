// Topic creation for source connectors (KIP-158; Kafka's TopicCreationConfig, TopicCreationGroup
// and TopicCreation): `topic.creation.default.*` and the groups of `topic.creation.groups` say
// how many partitions, which replication factor and which topic configs a topic gets when a
// source task first writes to it and it does not exist yet.

import type { AbstractConfig } from '../../api/config/abstract-config.ts'
import { ConfigDef, type RawConfig, rawConfigMap } from '../../api/config/config-def.ts'
import { parseType } from '../../api/config/parse-type.ts'
import { LambdaValidator, NonNullValidator } from '../../api/config/validators.ts'
import { ConfigException } from '../../api/errors.ts'
import type { NewTopic } from '../../log/log.ts'
import { compileJavaRegex } from './java-regex.ts'

export const TOPIC_CREATION_PREFIX = 'topic.creation.'
export const TOPIC_CREATION_GROUPS_CONFIG = TOPIC_CREATION_PREFIX + 'groups'
export const DEFAULT_TOPIC_CREATION_GROUP = 'default'
export const DEFAULT_TOPIC_CREATION_PREFIX = TOPIC_CREATION_PREFIX + DEFAULT_TOPIC_CREATION_GROUP + '.'
export const TOPIC_CREATION_GROUP = 'Topic Creation'
export const INCLUDE_REGEX_CONFIG = 'include'
export const EXCLUDE_REGEX_CONFIG = 'exclude'
export const REPLICATION_FACTOR_CONFIG = 'replication.factor'
export const PARTITIONS_CONFIG = 'partitions'

const INCLUDE_REGEX_DOC = 'A list of regular expression literals used to match the topic names used by the source connector. This list is used ' +
  'to include topics that should be created using the topic settings defined by this group.'
const EXCLUDE_REGEX_DOC = 'A list of regular expression literals used to match the topic names used by the source connector. This list is used ' +
  'to exclude topics from being created with the topic settings defined by this group. Note that exclusion rules have precedent and ' +
  'override any inclusion rules for the topics.'
const REPLICATION_FACTOR_DOC = 'The replication factor for new topics created for this connector using this group. This value may be -1 to use ' +
  'the broker\'sdefault replication factor, or may be a positive number not larger than the number of brokers in the Kafka cluster. A value ' +
  'larger than the number of brokers in the Kafka cluster will result in an error when the new topic is created. For the default group this ' +
  'configuration is required. For any other group defined in topic.creation.groups this config is optional and if it\'s missing it gets the ' +
  'value of the default group'
const PARTITIONS_DOC = 'The number of partitions new topics created for this connector. This value may be -1 to use the broker\'s default number ' +
  'of partitions, or a positive number representing the desired number of partitions. For the default group this configuration is required. ' +
  'For any other group defined in topic.creation.groups this config is optional and if it\'s missing it gets the value of the default group'

/** Replication factor: positive, or -1 for the broker's default (Kafka's TopicCreationConfig.REPLICATION_FACTOR_VALIDATOR). */
export const REPLICATION_FACTOR_VALIDATOR = LambdaValidator.with((name, value) => {
  if (typeof value === 'number' && value !== -1 && value < 1) {
    throw new ConfigException(name, value, 'Replication factor must be positive and not larger than the number of brokers in the Kafka cluster, ' +
      'or -1 to use the broker\'s default')
  }
}, () => 'Positive number not larger than the number of brokers in the Kafka cluster, or -1 to use the broker\'s default')

/** Partition count: positive, or -1 for the broker's default (Kafka's TopicCreationConfig.PARTITIONS_VALIDATOR). */
export const PARTITIONS_VALIDATOR = LambdaValidator.with((name, value) => {
  if (typeof value === 'number' && value !== -1 && value < 1) {
    throw new ConfigException(name, value, 'Number of partitions must be positive, or -1 to use the broker\'s default')
  }
}, () => 'Positive number, or -1 to use the broker\'s default')

const REGEX_LIST_VALIDATOR = LambdaValidator.with((name, value) => {
  for (const pattern of (value as string[] | null) ?? []) {
    try {
      compileJavaRegex(pattern)
    } catch (error) {
      throw new ConfigException(name, value, 'Syntax error in regular expression: ' + (error as Error).message)
    }
  }
}, () => 'Positive number, or -1 to use the broker\'s default')

/** The settings of a group named in topic.creation.groups; replication factor and partitions default to the default group's. */
export function topicCreationGroupConfigDef (group: string, defaultReplicationFactor: number, defaultPartitions: number): ConfigDef {
  let order = 0
  return new ConfigDef()
    .define({ name: INCLUDE_REGEX_CONFIG, type: 'LIST', defaultValue: [], validator: REGEX_LIST_VALIDATOR, importance: 'LOW', documentation: INCLUDE_REGEX_DOC, group, orderInGroup: ++order, width: 'LONG', displayName: 'Inclusion Topic Pattern for ' + group })
    .define({ name: EXCLUDE_REGEX_CONFIG, type: 'LIST', defaultValue: [], validator: REGEX_LIST_VALIDATOR, importance: 'LOW', documentation: EXCLUDE_REGEX_DOC, group, orderInGroup: ++order, width: 'LONG', displayName: 'Exclusion Topic Pattern for ' + group })
    .define({ name: REPLICATION_FACTOR_CONFIG, type: 'SHORT', defaultValue: defaultReplicationFactor, validator: REPLICATION_FACTOR_VALIDATOR, importance: 'LOW', documentation: REPLICATION_FACTOR_DOC, group, orderInGroup: ++order, width: 'LONG', displayName: 'Replication Factor for Topics in ' + group })
    .define({ name: PARTITIONS_CONFIG, type: 'INT', defaultValue: defaultPartitions, validator: PARTITIONS_VALIDATOR, importance: 'LOW', documentation: PARTITIONS_DOC, group, orderInGroup: ++order, width: 'LONG', displayName: 'Partition Count for Topics in ' + group })
}

/** The default group's settings: include .*, and required replication factor and partitions. */
export function defaultTopicCreationGroupConfigDef (): ConfigDef {
  const group = DEFAULT_TOPIC_CREATION_GROUP
  let order = 0
  return new ConfigDef()
    .define({ name: INCLUDE_REGEX_CONFIG, type: 'LIST', defaultValue: '.*', validator: new NonNullValidator(), importance: 'LOW', documentation: INCLUDE_REGEX_DOC, group, orderInGroup: ++order, width: 'LONG', displayName: 'Inclusion Topic Pattern for ' + group })
    .define({ name: EXCLUDE_REGEX_CONFIG, type: 'LIST', defaultValue: [], validator: new NonNullValidator(), importance: 'LOW', documentation: EXCLUDE_REGEX_DOC, group, orderInGroup: ++order, width: 'LONG', displayName: 'Exclusion Topic Pattern for ' + group })
    .define({ name: REPLICATION_FACTOR_CONFIG, type: 'SHORT', validator: REPLICATION_FACTOR_VALIDATOR, importance: 'LOW', documentation: REPLICATION_FACTOR_DOC, group, orderInGroup: ++order, width: 'LONG', displayName: 'Replication Factor for Topics in ' + group })
    .define({ name: PARTITIONS_CONFIG, type: 'INT', validator: PARTITIONS_VALIDATOR, importance: 'LOW', documentation: PARTITIONS_DOC, group, orderInGroup: ++order, width: 'LONG', displayName: 'Partition Count for Topics in ' + group })
}

/** Whether a connector config has any topic.creation.* setting (SourceConnectorConfig.usesTopicCreation). */
export function usesTopicCreation (props: RawConfig): boolean {
  return [...rawConfigMap(props).keys()].some(key => key.startsWith(TOPIC_CREATION_PREFIX))
}

/** `base` with the default group's settings embedded under topic.creation.default. */
export function embedDefaultGroup (base: ConfigDef): ConfigDef {
  const def = new ConfigDef(base)
  def.embed(DEFAULT_TOPIC_CREATION_PREFIX, DEFAULT_TOPIC_CREATION_GROUP, 0, defaultTopicCreationGroupConfigDef())
  return def
}

/** The group names of topic.creation.groups, without 'default' (always present) and without repeats. */
export function topicCreationGroupNames (props: RawConfig): string[] {
  const raw = rawConfigMap(props).get(TOPIC_CREATION_GROUPS_CONFIG)
  if (raw === undefined || raw === null) return []
  const parsed = parseType(TOPIC_CREATION_GROUPS_CONFIG, raw, 'LIST')
  const groups = Array.isArray(parsed) ? parsed.map(String) : []
  return [...new Set(groups.filter(g => g !== DEFAULT_TOPIC_CREATION_GROUP))]
}

/**
 * `base` with every group of topic.creation.groups embedded under topic.creation.<group>., their
 * replication factor and partitions defaulting to the default group's (SourceConnectorConfig.enrich).
 */
export function enrichTopicCreationGroups (base: ConfigDef, props: RawConfig, defaultReplicationFactor: number, defaultPartitions: number): ConfigDef {
  const def = new ConfigDef(base)
  for (const group of topicCreationGroupNames(props)) {
    const configGroup = `${TOPIC_CREATION_GROUP}: ${group}`
    def.embed(`${TOPIC_CREATION_PREFIX}${group}.`, configGroup, 0, topicCreationGroupConfigDef(configGroup, defaultReplicationFactor, defaultPartitions))
  }
  return def
}

/** One topic creation group: which topics it covers and how it creates them. */
export class TopicCreationGroup {
  readonly name: string
  readonly #include: RegExp[]
  readonly #exclude: RegExp[]
  readonly partitions: number
  readonly replicationFactor: number
  readonly otherConfigs: Readonly<Record<string, string>>

  constructor (name: string, config: AbstractConfig) {
    const prefix = TOPIC_CREATION_PREFIX + name + '.'
    this.name = name
    this.#include = (config.getList(prefix + INCLUDE_REGEX_CONFIG) ?? []).map(compileJavaRegex)
    this.#exclude = (config.getList(prefix + EXCLUDE_REGEX_CONFIG) ?? []).map(compileJavaRegex)
    this.partitions = config.getInt(prefix + PARTITIONS_CONFIG) ?? -1
    this.replicationFactor = config.getShort(prefix + REPLICATION_FACTOR_CONFIG) ?? -1
    const others: Record<string, string> = {}
    for (const [key, value] of Object.entries(config.originalsWithPrefix(prefix))) {
      if (key === INCLUDE_REGEX_CONFIG || key === EXCLUDE_REGEX_CONFIG || key === REPLICATION_FACTOR_CONFIG || key === PARTITIONS_CONFIG) continue
      if (value !== null && value !== undefined) others[key] = String(value)
    }
    this.otherConfigs = others
  }

  /** Whether the group covers `topic`: an include pattern matches it whole and no exclude pattern does. */
  matches (topic: string): boolean {
    return !this.#exclude.some(p => p.test(topic)) && this.#include.some(p => p.test(topic))
  }

  /** The topic to create. */
  newTopic (topic: string): NewTopic {
    return { name: topic, partitions: this.partitions, replicationFactor: this.replicationFactor, configs: this.otherConfigs }
  }

  toString (): string {
    return `TopicCreationGroup{name='${this.name}', partitions=${this.partitions}, replicationFactor=${this.replicationFactor}, otherConfigs=${JSON.stringify(this.otherConfigs)}}`
  }
}

/**
 * The topic creation state of a source task: the groups (named groups first, default last) and
 * the topics known to exist, so that each topic is looked up or created once.
 */
export class TopicCreation {
  readonly #groups: TopicCreationGroup[]
  readonly #known = new Set<string>()

  private constructor (groups: TopicCreationGroup[]) {
    this.#groups = groups
  }

  /** Topic creation as configured, or an inactive one (worker setting off, or no topic.creation.* in the connector). */
  static create (enabledOnWorker: boolean, connectorConfig: AbstractConfig | null): TopicCreation {
    if (!enabledOnWorker || connectorConfig === null) return new TopicCreation([])
    const named = topicCreationGroupNames(connectorConfig.originals()).map(group => new TopicCreationGroup(group, connectorConfig))
    return new TopicCreation([...named, new TopicCreationGroup(DEFAULT_TOPIC_CREATION_GROUP, connectorConfig)])
  }

  /** Whether topics are created at all. */
  isEnabled (): boolean {
    return this.#groups.length > 0
  }

  /** Whether `topic` still has to be checked (and perhaps created) before the first send. */
  isTopicCreationRequired (topic: string): boolean {
    return this.isEnabled() && !this.#known.has(topic)
  }

  /** Remembers that `topic` exists. */
  addTopic (topic: string): void {
    this.#known.add(topic)
  }

  /** The first group covering `topic`; the default group covers what no other group does. */
  findFirstGroup (topic: string): TopicCreationGroup {
    const defaultGroup = this.#groups[this.#groups.length - 1]
    return this.#groups.find(g => g !== defaultGroup && g.matches(topic)) ?? defaultGroup
  }
}
