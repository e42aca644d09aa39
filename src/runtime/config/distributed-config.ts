// A distributed worker's settings (Kafka's DistributedConfig): the common worker settings plus the
// group (group.id, session/heartbeat/rebalance timeouts, connect.protocol,
// scheduled.rebalance.max.delay.ms), the three internal topics and their creation settings, the
// inter-worker request keys (KIP-507) and exactly-once source support (KIP-618). Keys, defaults and
// messages are Kafka 4.3's, so a connect-distributed.properties file works unchanged.

import type { RawConfig } from '../../api/config/config-def.ts'
import type { ConfigKeyOptions } from '../../api/config/config-key.ts'
import { ConfigDef } from '../../api/config/config-def.ts'
import { CaseInsensitiveValidString, LambdaValidator, Range } from '../../api/config/validators.ts'
import { ConfigException } from '../../api/errors.ts'
import { getLogger } from '../../logging/index.ts'
import { PARTITIONS_VALIDATOR, REPLICATION_FACTOR_VALIDATOR } from './topic-creation-config.ts'
import { stringValues } from './string-values.ts'
import { baseWorkerConfigDef, WorkerConfig } from './worker-config.ts'

const log = getLogger('org.apache.kafka.connect.runtime.distributed.DistributedConfig')

export const GROUP_ID_CONFIG = 'group.id'
export const SESSION_TIMEOUT_MS_CONFIG = 'session.timeout.ms'
export const HEARTBEAT_INTERVAL_MS_CONFIG = 'heartbeat.interval.ms'
export const REBALANCE_TIMEOUT_MS_CONFIG = 'rebalance.timeout.ms'
export const WORKER_SYNC_TIMEOUT_MS_CONFIG = 'worker.sync.timeout.ms'
export const WORKER_UNSYNC_BACKOFF_MS_CONFIG = 'worker.unsync.backoff.ms'
export const CONFIG_STORAGE_PREFIX = 'config.storage.'
export const OFFSET_STORAGE_PREFIX = 'offset.storage.'
export const STATUS_STORAGE_PREFIX = 'status.storage.'
export const OFFSET_STORAGE_TOPIC_CONFIG = 'offset.storage.topic'
export const OFFSET_STORAGE_PARTITIONS_CONFIG = 'offset.storage.partitions'
export const OFFSET_STORAGE_REPLICATION_FACTOR_CONFIG = 'offset.storage.replication.factor'
export const CONFIG_TOPIC_CONFIG = 'config.storage.topic'
export const CONFIG_STORAGE_REPLICATION_FACTOR_CONFIG = 'config.storage.replication.factor'
export const STATUS_STORAGE_TOPIC_CONFIG = 'status.storage.topic'
export const STATUS_STORAGE_PARTITIONS_CONFIG = 'status.storage.partitions'
export const STATUS_STORAGE_REPLICATION_FACTOR_CONFIG = 'status.storage.replication.factor'
export const CONNECT_PROTOCOL_CONFIG = 'connect.protocol'
export const SCHEDULED_REBALANCE_MAX_DELAY_MS_CONFIG = 'scheduled.rebalance.max.delay.ms'
export const INTER_WORKER_KEY_GENERATION_ALGORITHM_CONFIG = 'inter.worker.key.generation.algorithm'
export const INTER_WORKER_KEY_SIZE_CONFIG = 'inter.worker.key.size'
export const INTER_WORKER_KEY_TTL_MS_CONFIG = 'inter.worker.key.ttl.ms'
export const INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG = 'inter.worker.signature.algorithm'
export const INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG = 'inter.worker.verification.algorithms'
export const EXACTLY_ONCE_SOURCE_SUPPORT_CONFIG = 'exactly.once.source.support'

/** connect.protocol: eager (v0 only), compatible (v1, then v0), sessioned (v2, v1, v0). */
export type ConnectProtocolCompatibility = 'eager' | 'compatible' | 'sessioned'
/** exactly.once.source.support. */
export type ExactlyOnceSourceSupport = 'disabled' | 'preparing' | 'enabled'

/**
 * The MAC algorithms a worker can sign and verify with: Java's names, Node's digests, and the key
 * size in bytes Java's KeyGenerator gives each by default (SunJCE).
 */
export const MAC_ALGORITHMS: Readonly<Record<string, { digest: string, defaultKeyBytes: number }>> = {
  HmacSHA256: { digest: 'sha256', defaultKeyBytes: 32 },
  HmacSHA384: { digest: 'sha384', defaultKeyBytes: 48 },
  HmacSHA512: { digest: 'sha512', defaultKeyBytes: 64 },
  HmacSHA224: { digest: 'sha224', defaultKeyBytes: 28 },
  HmacSHA1: { digest: 'sha1', defaultKeyBytes: 64 },
  HmacMD5: { digest: 'md5', defaultKeyBytes: 64 },
}

/** Java says "this JVM"; kconnect supports the HMACs of MAC_ALGORITHMS, for both keys and signatures. */
function checkAlgorithm (name: string, value: unknown): void {
  if (typeof value !== 'string' || !Object.hasOwn(MAC_ALGORITHMS, value)) {
    throw new ConfigException(name, value, `the algorithm is not supported by kconnect; the supported algorithms are: ${Object.keys(MAC_ALGORITHMS).join(', ')}`)
  }
}

const SESSION_TIMEOUT_MS_DOC = 'The timeout used to detect worker failures. The worker sends periodic heartbeats to indicate its liveness to the ' +
  'broker. If no heartbeats are received by the broker before the expiration of this session timeout, then the broker will remove the worker ' +
  'from the group and initiate a rebalance. Note that the value must be in the allowable range as configured in the broker configuration by ' +
  '<code>group.min.session.timeout.ms</code> and <code>group.max.session.timeout.ms</code>.'
const HEARTBEAT_INTERVAL_MS_DOC = 'The expected time between heartbeats to the group coordinator when using Kafka\'s group management ' +
  'facilities. Heartbeats are used to ensure that the worker\'s session stays active and to facilitate rebalancing when new members join or ' +
  'leave the group. The value must be set lower than <code>session.timeout.ms</code>, but typically should be set no higher than 1/3 of that ' +
  'value. It can be adjusted even lower to control the expected time for normal rebalances.'
const REBALANCE_TIMEOUT_MS_DOC = 'The maximum allowed time for each worker to join the group once a rebalance has begun. This is basically a ' +
  'limit on the amount of time needed for all tasks to flush any pending data and commit offsets. If the timeout is exceeded, then the worker ' +
  'will be removed from the group, which will cause offset commit failures.'

/** One of the three internal topics, whose settings are `<prefix>topic`, `<prefix>partitions`, `<prefix>replication.factor`. */
interface InternalTopic {
  readonly prefix: string
  /** What it holds, as the documentation of its name says it. */
  readonly holds: string
  /** What the documentation of its partitions and replication factor calls it. */
  readonly storageName: string
  /** The default number of partitions; null for the config topic, which always has one. */
  readonly defaultPartitions: number | null
}

const OFFSET_TOPIC: InternalTopic = { prefix: OFFSET_STORAGE_PREFIX, holds: 'source connector offsets', storageName: 'offset storage topic', defaultPartitions: 25 }
const CONFIG_TOPIC: InternalTopic = { prefix: CONFIG_STORAGE_PREFIX, holds: 'connector configurations', storageName: 'configuration storage topic', defaultPartitions: null }
const STATUS_TOPIC: InternalTopic = { prefix: STATUS_STORAGE_PREFIX, holds: 'connector and task status', storageName: 'status storage topic', defaultPartitions: 5 }

/** An internal topic's settings, as Kafka defines each of the three. */
function internalTopicKeys (topic: InternalTopic): ConfigKeyOptions[] {
  const keys: ConfigKeyOptions[] = [
    { name: topic.prefix + 'topic', type: 'STRING', importance: 'HIGH', documentation: `The name of the Kafka topic where ${topic.holds} are stored` },
  ]
  if (topic.defaultPartitions !== null) {
    keys.push({ name: topic.prefix + 'partitions', type: 'INT', defaultValue: topic.defaultPartitions, validator: PARTITIONS_VALIDATOR, importance: 'LOW', documentation: `The number of partitions used when creating the ${topic.storageName}` })
  }
  keys.push({ name: topic.prefix + 'replication.factor', type: 'SHORT', defaultValue: 3, validator: REPLICATION_FACTOR_VALIDATOR, importance: 'LOW', documentation: `Replication factor used when creating the ${topic.storageName}` })
  return keys
}

/** The distributed worker's settings (DistributedConfig.config). */
export function distributedConfigDef (): ConfigDef {
  const def = baseWorkerConfigDef()
    .define({ name: GROUP_ID_CONFIG, type: 'STRING', importance: 'HIGH', documentation: 'A unique string that identifies the Connect cluster group this worker belongs to.' })
    .define({ name: SESSION_TIMEOUT_MS_CONFIG, type: 'INT', defaultValue: 10000, importance: 'HIGH', documentation: SESSION_TIMEOUT_MS_DOC })
    .define({ name: REBALANCE_TIMEOUT_MS_CONFIG, type: 'INT', defaultValue: 60000, importance: 'HIGH', documentation: REBALANCE_TIMEOUT_MS_DOC })
    .define({ name: HEARTBEAT_INTERVAL_MS_CONFIG, type: 'INT', defaultValue: 3000, importance: 'HIGH', documentation: HEARTBEAT_INTERVAL_MS_DOC })
    .define({
      name: EXACTLY_ONCE_SOURCE_SUPPORT_CONFIG,
      type: 'STRING',
      defaultValue: 'disabled',
      // In the order Kafka's message lists them (a HashSet's).
      validator: CaseInsensitiveValidString.in('DISABLED', 'ENABLED', 'PREPARING'),
      importance: 'HIGH',
      documentation: 'Whether to enable exactly-once support for source connectors in the cluster by using transactions to write source ' +
        'records and their source offsets, and by proactively fencing out old task generations before bringing up new ones.\n' +
        'To enable exactly-once source support on a new cluster, set this property to \'enabled\'. To enable support on an existing ' +
        'cluster, first set to \'preparing\' on every worker in the cluster, then set to \'enabled\'. A rolling upgrade may be used for ' +
        'both changes.',
    })
    .define({ name: 'metadata.max.age.ms', type: 'LONG', defaultValue: 300000, validator: Range.atLeast(0), importance: 'LOW', documentation: 'The period of time in milliseconds after which we force a refresh of metadata even if we haven\'t seen any partition leadership changes to proactively discover any new brokers or partitions.' })
    .define({ name: 'client.id', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'An id string to pass to the server when making requests.' })
    .define({ name: 'send.buffer.bytes', type: 'INT', defaultValue: 131072, validator: Range.atLeast(-1), importance: 'MEDIUM', documentation: 'The size of the TCP send buffer (SO_SNDBUF) to use when sending data. If the value is -1, the OS default will be used.' })
    .define({ name: 'receive.buffer.bytes', type: 'INT', defaultValue: 32768, validator: Range.atLeast(-1), importance: 'MEDIUM', documentation: 'The size of the TCP receive buffer (SO_RCVBUF) to use when reading data. If the value is -1, the OS default will be used.' })
    .define({ name: 'reconnect.backoff.ms', type: 'LONG', defaultValue: 50, validator: Range.atLeast(0), importance: 'LOW', documentation: 'The base amount of time to wait before attempting to reconnect to a given host.' })
    .define({ name: 'reconnect.backoff.max.ms', type: 'LONG', defaultValue: 1000, validator: Range.atLeast(0), importance: 'LOW', documentation: 'The maximum amount of time in milliseconds to wait when reconnecting to a broker that has repeatedly failed to connect.' })
    .define({ name: 'socket.connection.setup.timeout.ms', type: 'LONG', defaultValue: 10000, validator: Range.atLeast(0), importance: 'LOW', documentation: 'The amount of time the client will wait for the socket connection to be established.' })
    .define({ name: 'socket.connection.setup.timeout.max.ms', type: 'LONG', defaultValue: 30000, validator: Range.atLeast(0), importance: 'LOW', documentation: 'The maximum amount of time the client will wait for the socket connection to be established.' })
    .define({ name: 'retry.backoff.ms', type: 'LONG', defaultValue: 100, validator: Range.atLeast(0), importance: 'LOW', documentation: 'The amount of time to wait before attempting to retry a failed request to a given topic partition.' })
    .define({ name: 'retry.backoff.max.ms', type: 'LONG', defaultValue: 1000, validator: Range.atLeast(0), importance: 'LOW', documentation: 'The maximum amount of time in milliseconds to wait when retrying a request to the broker that has repeatedly failed.' })
    .define({ name: 'request.timeout.ms', type: 'INT', defaultValue: 40000, validator: Range.atLeast(0), importance: 'MEDIUM', documentation: 'The configuration controls the maximum amount of time the client will wait for the response of a request.' })
    .define({ name: 'connections.max.idle.ms', type: 'LONG', defaultValue: 540000, importance: 'MEDIUM', documentation: 'Close idle connections after the number of milliseconds specified by this config.' })
    .define({
      name: 'security.protocol',
      type: 'STRING',
      defaultValue: 'PLAINTEXT',
      validator: CaseInsensitiveValidString.in('PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'),
      importance: 'MEDIUM',
      documentation: 'Protocol used to communicate with brokers.',
    })
    .define({
      name: WORKER_SYNC_TIMEOUT_MS_CONFIG,
      type: 'INT',
      defaultValue: 3000,
      importance: 'MEDIUM',
      documentation: 'When the worker is out of sync with other workers and needs to resynchronize configurations, wait up to this amount of ' +
        'time before giving up, leaving the group, and waiting a backoff period before rejoining.',
    })
    .define({
      name: WORKER_UNSYNC_BACKOFF_MS_CONFIG,
      type: 'INT',
      defaultValue: 300000,
      importance: 'MEDIUM',
      documentation: 'When the worker is out of sync with other workers and  fails to catch up within the <code>worker.sync.timeout.ms</code>, leave the ' +
        'Connect cluster for this long before rejoining.',
    })
  for (const topic of [OFFSET_TOPIC, CONFIG_TOPIC, STATUS_TOPIC]) {
    for (const key of internalTopicKeys(topic)) def.define(key)
  }
  return def
    .define({
      name: CONNECT_PROTOCOL_CONFIG,
      type: 'STRING',
      defaultValue: 'sessioned',
      validator: LambdaValidator.with((name, value) => {
        if (typeof value !== 'string' || !['eager', 'compatible', 'sessioned'].includes(value.toLowerCase())) {
          throw new ConfigException(name, value, 'Invalid Connect protocol compatibility')
        }
      }, () => '[eager, compatible, sessioned]'),
      importance: 'LOW',
      documentation: 'Compatibility mode for Kafka Connect Protocol',
    })
    .define({
      name: SCHEDULED_REBALANCE_MAX_DELAY_MS_CONFIG,
      type: 'INT',
      defaultValue: 300000,
      validator: Range.between(0, 2147483647),
      importance: 'LOW',
      documentation: 'The maximum delay that is scheduled in order to wait for the return of one or more departed workers before rebalancing ' +
        'and reassigning their connectors and tasks to the group. During this period the connectors and tasks of the departed workers remain unassigned',
    })
    .define({
      name: INTER_WORKER_KEY_TTL_MS_CONFIG,
      type: 'INT',
      defaultValue: 3600000,
      validator: Range.between(0, 2147483647),
      importance: 'LOW',
      documentation: 'The TTL of generated session keys used for internal request validation (in milliseconds)',
    })
    .define({
      name: INTER_WORKER_KEY_GENERATION_ALGORITHM_CONFIG,
      type: 'STRING',
      defaultValue: 'HmacSHA256',
      validator: LambdaValidator.with((name, value) => checkAlgorithm(name, value), () => 'Any KeyGenerator algorithm supported by the worker JVM'),
      importance: 'LOW',
      documentation: 'The algorithm to use for generating internal request keys. The algorithm \'HmacSHA256\' will be used as a default on JVMs ' +
        'that support it; on other JVMs, no default is used and a value for this property must be manually specified in the worker config.',
    })
    .define({
      name: INTER_WORKER_KEY_SIZE_CONFIG,
      type: 'INT',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'The size of the key to use for signing internal requests, in bits. If null, the default key size for the key generation algorithm will be used.',
    })
    .define({
      name: INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG,
      type: 'STRING',
      defaultValue: 'HmacSHA256',
      validator: LambdaValidator.with((name, value) => checkAlgorithm(name, value), () => 'Any MAC algorithm supported by the worker JVM'),
      importance: 'LOW',
      documentation: 'The algorithm used to sign internal requests. The algorithm \'HmacSHA256\' will be used as a default on ' +
        'JVMs that support it; on other JVMs, no default is used and a value for this property must be manually specified in the worker config.',
    })
    .define({
      name: INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG,
      type: 'LIST',
      defaultValue: ['HmacSHA256'],
      validator: LambdaValidator.with((name, value) => {
        const algorithms = (value ?? []) as string[]
        // Java prints the list as [a, b].
        if (algorithms.length === 0) throw new ConfigException(name, `[${algorithms.join(', ')}]`, 'At least one signature verification algorithm must be provided')
        for (const algorithm of algorithms) checkAlgorithm(name, algorithm)
      }, () => 'A list of one or more MAC algorithms, each supported by the worker JVM'),
      importance: 'LOW',
      documentation: 'A list of permitted algorithms for verifying internal requests, which must include the algorithm used for the ' +
        '<code>inter.worker.signature.algorithm</code> property. The algorithm(s) \'[HmacSHA256]\' will be used as a default on JVMs that provide them; on ' +
        'other JVMs, no default is used and a value for this property must be manually specified in the worker config.',
    })
    .define({
      name: 'metadata.recovery.strategy',
      type: 'STRING',
      defaultValue: 'rebootstrap',
      validator: CaseInsensitiveValidString.in('NONE', 'REBOOTSTRAP'),
      importance: 'LOW',
      documentation: 'Controls how the client recovers when none of the brokers known to it is available.',
    })
    .define({
      name: 'metadata.recovery.rebootstrap.trigger.ms',
      type: 'LONG',
      defaultValue: 300000,
      validator: Range.atLeast(0),
      importance: 'LOW',
      documentation: 'If a client configured to rebootstrap using metadata.recovery.strategy=rebootstrap is unable to obtain metadata from any of ' +
        'the brokers in the last known metadata for this interval, client repeats the bootstrap process using bootstrap.servers configuration.',
    })
}

/** A topic's creation settings: its name, partitions, replication factor and extra topic configs. */
export interface InternalTopicSettings {
  readonly topic: string
  /** 1 for the config topic (always one partition). */
  readonly partitions: number
  /** -1: the broker's default. */
  readonly replicationFactor: number
  /** Extra topic configs under the prefix (cleanup.policy is always compact and is not among them). */
  readonly configs: Record<string, string>
}

/** A distributed worker's configuration (Kafka's DistributedConfig). */
export class DistributedConfig extends WorkerConfig {
  constructor (props: RawConfig) {
    super(props, distributedConfigDef())
    const signature = this.getString(INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG) as string
    const verification = this.getList(INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG) ?? []
    if (!verification.includes(signature)) {
      throw new ConfigException(INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG, signature,
        `Signature algorithm must be present in ${INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG} list`)
    }
    const keySize = this.getInt(INTER_WORKER_KEY_SIZE_CONFIG)
    if (keySize !== null && (keySize <= 0 || keySize % 8 !== 0)) {
      throw new ConfigException(`Unable to create key generator with algorithm ${this.getString(INTER_WORKER_KEY_GENERATION_ALGORITHM_CONFIG)} ` +
        `and key size ${keySize}: the key size must be a positive multiple of 8 bits`)
    }
  }

  groupId (): string {
    return this.getString(GROUP_ID_CONFIG) as string
  }

  sessionTimeoutMs (): number {
    return this.getInt(SESSION_TIMEOUT_MS_CONFIG) as number
  }

  heartbeatIntervalMs (): number {
    return this.getInt(HEARTBEAT_INTERVAL_MS_CONFIG) as number
  }

  rebalanceTimeoutMs (): number {
    return this.getInt(REBALANCE_TIMEOUT_MS_CONFIG) as number
  }

  workerSyncTimeoutMs (): number {
    return this.getInt(WORKER_SYNC_TIMEOUT_MS_CONFIG) as number
  }

  workerUnsyncBackoffMs (): number {
    return this.getInt(WORKER_UNSYNC_BACKOFF_MS_CONFIG) as number
  }

  connectProtocol (): ConnectProtocolCompatibility {
    return (this.getString(CONNECT_PROTOCOL_CONFIG) as string).toLowerCase() as ConnectProtocolCompatibility
  }

  scheduledRebalanceMaxDelayMs (): number {
    return this.getInt(SCHEDULED_REBALANCE_MAX_DELAY_MS_CONFIG) as number
  }

  exactlyOnceSourceSupport (): ExactlyOnceSourceSupport {
    return (this.getString(EXACTLY_ONCE_SOURCE_SUPPORT_CONFIG) as string).toLowerCase() as ExactlyOnceSourceSupport
  }

  /** exactly.once.source.support=enabled: source tasks write records and offsets in transactions. */
  exactlyOnceSourceEnabled (): boolean {
    return this.exactlyOnceSourceSupport() === 'enabled'
  }

  /** preparing or enabled: the leader writes the config topic with a transactional producer. */
  transactionalLeaderEnabled (): boolean {
    return this.exactlyOnceSourceSupport() !== 'disabled'
  }

  /** The leader's transactional.id for config topic writes: connect-cluster-<group.id>. */
  transactionalProducerId (): string {
    return `connect-cluster-${this.groupId()}`
  }

  interWorkerKeyGenerationAlgorithm (): string {
    return this.getString(INTER_WORKER_KEY_GENERATION_ALGORITHM_CONFIG) as string
  }

  /** The session key's size in bytes: inter.worker.key.size (bits), else the algorithm's default. */
  interWorkerKeyBytes (): number {
    const bits = this.getInt(INTER_WORKER_KEY_SIZE_CONFIG)
    return bits === null ? MAC_ALGORITHMS[this.interWorkerKeyGenerationAlgorithm()].defaultKeyBytes : bits / 8
  }

  interWorkerKeyTtlMs (): number {
    return this.getInt(INTER_WORKER_KEY_TTL_MS_CONFIG) as number
  }

  interWorkerSignatureAlgorithm (): string {
    return this.getString(INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG) as string
  }

  interWorkerVerificationAlgorithms (): string[] {
    return this.getList(INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG) ?? []
  }

  /** config.storage.*: one partition always, compacted. */
  configStorageTopicSettings (): InternalTopicSettings {
    return this.#internalTopicSettings(CONFIG_TOPIC)
  }

  offsetStorageTopicSettings (): InternalTopicSettings {
    return this.#internalTopicSettings(OFFSET_TOPIC)
  }

  statusStorageTopicSettings (): InternalTopicSettings {
    return this.#internalTopicSettings(STATUS_TOPIC)
  }

  #internalTopicSettings (topic: InternalTopic): InternalTopicSettings {
    return {
      topic: this.getString(topic.prefix + 'topic') as string,
      partitions: topic.defaultPartitions === null ? 1 : this.getInt(topic.prefix + 'partitions') as number,
      replicationFactor: this.getShort(topic.prefix + 'replication.factor') as number,
      configs: this.#topicSettings(topic.prefix),
    }
  }

  /** The extra topic configs under a storage prefix, as Kafka's DistributedConfig.topicSettings reads them. */
  #topicSettings (prefix: string): Record<string, string> {
    const result = stringValues(this.originalsWithPrefix(prefix))
    if (prefix === CONFIG_STORAGE_PREFIX && 'partitions' in result) {
      log.warn('Ignoring \'{}{}={}\' setting, since config topic partitions is always 1', prefix, 'partitions', result.partitions)
    }
    if ('cleanup.policy' in result) {
      log.warn('Ignoring \'{}cleanup.policy={}\' setting, since compaction is always used', prefix, result['cleanup.policy'])
      delete result['cleanup.policy']
    }
    delete result.topic
    delete result['replication.factor']
    delete result.partitions
    return result
  }
}
