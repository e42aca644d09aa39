// What the embedded log accepts as a topic, in Kafka's words: legal names (Topic.validate),
// partition counts, and the topic configs it acts on.

import { ConfigException, ConnectException } from '../../api/errors.ts'

const MAX_NAME_LENGTH = 249
const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/

/** Throws Kafka's InvalidTopicException message when `name` is not a legal topic name. */
export function validateTopicName (name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new ConnectException(`Topic name is invalid: a topic name must be a string, not ${String(name)}`)
  const reason = name === ''
    ? 'the empty string is not allowed'
    : name === '.' || name === '..'
      ? `'${name}' is not allowed`
      : name.length > MAX_NAME_LENGTH
        ? `the length of '${name}' is longer than the max allowed length ${MAX_NAME_LENGTH}`
        : !LEGAL_NAME.test(name)
            ? `'${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`
            : undefined
  if (reason !== undefined) throw new ConnectException(`Topic name is invalid: ${reason}`)
}

/** The partition count to create a topic with: `requested`, or the log's default for -1/undefined. */
export function partitionCount (topic: string, requested: number | undefined, defaultPartitions: number): number {
  if (requested === undefined || requested === -1) return defaultPartitions
  if (!Number.isInteger(requested) || requested < 1) {
    throw new ConnectException(`Cannot create topic ${topic}: number of partitions is below 1 (${String(requested)}); give a positive number, or -1 for the default`)
  }
  return requested
}

// The topic configs the embedded log interprets, with their legal values. Any other config is kept
// as given (describeTopics shows it), so a config meant for a Kafka cluster is not an error here.
const ENUM_CONFIGS: Readonly<Record<string, readonly string[]>> = {
  'cleanup.policy': ['compact', 'delete'],
  'message.timestamp.type': ['CreateTime', 'LogAppendTime'],
}

/** Validates the topic configs the log acts on, with Kafka's ConfigException wording. */
export function validateTopicConfigs (configs: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(configs)) {
    if (typeof value !== 'string') throw new ConfigException(name, value, 'Topic config values must be strings')
    const legal = ENUM_CONFIGS[name]
    if (name === 'cleanup.policy') {
      for (const policy of value.split(',')) {
        if (!legal.includes(policy.trim())) throw new ConfigException(name, value, `String must be one of: ${legal.join(', ')}`)
      }
    } else if (legal !== undefined && !legal.includes(value)) {
      throw new ConfigException(name, value, `String must be one of: ${legal.join(', ')}`)
    } else if (name === 'delete.retention.ms' && !/^\d+$/.test(value.trim())) {
      throw new ConfigException(name, value, 'Value must be a non-negative number of milliseconds')
    }
  }
}
