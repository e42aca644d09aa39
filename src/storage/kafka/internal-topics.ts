// Connect's internal topics (config, offsets, status, and per-connector offsets topics): created
// when missing with the worker's settings and cleanup.policy=compact, and, when they exist
// already, checked to be compacted only, as Kafka's KafkaTopicBasedBackingStore does. A topic
// with cleanup.policy=delete would silently lose connector configs or offsets once retention
// passes, so the worker refuses it with Kafka's message.

import { ConfigException, RetriableException } from '../../api/errors.ts'
import type { Log } from '../../log/log.ts'
import { getLogger } from '../../logging/index.ts'
import type { InternalTopicSettings } from '../../runtime/config/distributed-config.ts'

const log = getLogger('org.apache.kafka.connect.storage.KafkaTopicBasedBackingStore')
const adminLog = getLogger('org.apache.kafka.connect.util.TopicAdmin')

/** An internal topic: its creation settings, the worker setting that names it, and what it holds (for messages). */
export interface InternalTopic extends InternalTopicSettings {
  /** config.storage.topic, offset.storage.topic, status.storage.topic or offsets.storage.topic. */
  readonly setting: string
  /** "connector configurations", "source connector offsets", "connector and task statuses". */
  readonly purpose: string
}

/** How long creating a topic may be retried while the cluster is unavailable, and how often. */
export interface TopicCreationRetry {
  readonly timeoutMs: number
  readonly backoffMs: number
}

/**
 * Creates the topic, compacted, when it does not exist; otherwise checks that its cleanup.policy
 * is compact only. Resolves with whether it created it. Retriable failures (brokers unavailable)
 * are retried until `retry.timeoutMs`; a replication factor larger than the cluster is not
 * (Kafka retries it for default.api.timeout.ms and then reports a timeout; the cause is more useful).
 */
export async function ensureInternalTopic (target: Log, topic: InternalTopic, retry: TopicCreationRetry): Promise<boolean> {
  log.debug('Creating Connect internal topic for {}', topic.purpose)
  const deadline = Date.now() + retry.timeoutMs
  let created: string[]
  while (true) {
    try {
      created = await target.createTopics([{
        name: topic.topic,
        partitions: topic.partitions,
        replicationFactor: topic.replicationFactor,
        // The settings first, so compaction wins over a user's cleanup.policy.
        configs: { ...topic.configs, 'cleanup.policy': 'compact' },
      }])
      break
    } catch (error) {
      if (!(error instanceof RetriableException) || Date.now() + retry.backoffMs >= deadline) throw error
      adminLog.info('\'{}\' topic creation failed due to \'{}\', retrying, {}ms remaining', topic.topic, error.message, deadline - Date.now())
      await new Promise(resolve => setTimeout(resolve, retry.backoffMs))
    }
  }
  if (created.includes(topic.topic)) {
    adminLog.info('Created topic {} on brokers', describeCreated(topic))
    return true
  }
  adminLog.debug('Found existing topic \'{}\'', topic.topic)
  await verifyCompactedOnly(target, topic, retry)
  return false
}

/**
 * Throws Kafka's ConfigException when the existing topic's cleanup.policy is not exactly compact.
 * A topic created a moment ago by someone else may not be described yet: that is waited for
 * within `retry`; after that, as in Kafka, the check is skipped with a message.
 */
export async function verifyCompactedOnly (target: Log, topic: InternalTopic, retry: TopicCreationRetry): Promise<void> {
  const deadline = Date.now() + retry.timeoutMs
  let description = (await target.describeTopics([topic.topic])).get(topic.topic)
  while (description === undefined && Date.now() + retry.backoffMs < deadline) {
    await new Promise(resolve => setTimeout(resolve, retry.backoffMs))
    description = (await target.describeTopics([topic.topic])).get(topic.topic)
  }
  const policy = description?.configs['cleanup.policy']
  if (policy === undefined) {
    adminLog.info('Unable to use admin client to verify the cleanup policy of \'{}\' topic is \'compact\', either because the broker is an older ' +
      'version or because the Kafka principal used for Connect internal topics does not have the required permission to describe topic configurations.', topic.topic)
    return
  }
  const policies = new Set(policy.split(',').map(p => p.trim().toLowerCase()).filter(p => p !== ''))
  if (policies.size === 1 && policies.has('compact')) return
  const found = [...policies].join(',')
  throw new ConfigException(`Topic '${topic.topic}' supplied via the '${topic.setting}' property is required to have 'cleanup.policy=compact' ` +
    `to guarantee consistency and durability of ${topic.purpose}, but found the topic currently has 'cleanup.policy=${found}'. ` +
    `Continuing would likely result in eventually losing ${topic.purpose} and problems restarting this Connect cluster in the future. ` +
    `Change the '${topic.setting}' property in the Connect worker configurations to use a topic with 'cleanup.policy=compact'.`)
}

function describeCreated (topic: InternalTopic): string {
  const partitions = topic.partitions === -1 ? 'the broker\'s default number of partitions' : `${topic.partitions} partition(s)`
  const replication = topic.replicationFactor === -1 ? 'the broker\'s default replication factor' : `replication factor ${topic.replicationFactor}`
  return `'${topic.topic}' with ${partitions} and ${replication}`
}
