// A distributed cluster's connector and task statuses, and its connectors' active topics, in the
// status topic (Kafka's KafkaStatusBackingStore), in Java's formats. A write is sent at once and
// becomes visible to every worker, this one included, when it is read back from the topic.
//
// Writes that failed for a passing reason are retried, unless they became stale meanwhile (the
// entry was deleted, or this worker wrote a status of a newer generation). A "safe" write is
// skipped when another worker wrote the entry in a later generation, so a worker that lost a task
// in a rebalance cannot overwrite the status its new owner wrote.

import { ConfigException, RetriableException } from '../../api/errors.ts'
import type { IncomingRecord, Log } from '../../log/log.ts'
import { getLogger } from '../../logging/index.ts'
import type { DistributedConfig } from '../../runtime/config/distributed-config.ts'
import type { Status, StatusBackingStore, TopicStatus } from '../status-backing-store.ts'
import { ensureInternalTopic } from './internal-topics.ts'
import { parseValue } from './json-values.ts'
import { KafkaBasedLog } from './kafka-based-log.ts'
import {
  CONNECTOR_STATUS_PREFIX, TASK_STATUS_PREFIX, TOPIC_STATUS_PREFIX, connectorStatusKey, parseTaskStatusKey, parseTopicStatusKey,
  statusOf, statusValue, taskStatusKey, topicStatusKey, topicStatusOf, topicStatusValue,
} from './status-records.ts'
import { clientIdBase, storeClientConfig, topicCreationRetry } from './store-clients.ts'

const log = getLogger('org.apache.kafka.connect.storage.KafkaStatusBackingStore')

/** The pause between retries of a status write that failed for a passing reason. */
const RETRY_BACKOFF_MS = 100

/** What a KafkaStatusBackingStore is built from. */
export interface KafkaStatusBackingStoreOptions {
  /** The cluster (or embedded log) the status topic lives in; shared, not closed by the store. */
  readonly log: Log
  readonly config: DistributedConfig
}

/** A cached status with its write sequence (Kafka's CacheEntry). */
class CacheEntry {
  value: Status | null = null
  sequence = 0
  deleted = false

  increment (): number {
    return ++this.sequence
  }

  /** No status yet, or ours, or one of a generation not later than this one. */
  canWriteSafely (status: Status, sequence?: number): boolean {
    const safe = this.value === null || this.value.workerId === status.workerId || this.value.generation <= status.generation
    return sequence === undefined ? safe : safe && this.sequence === sequence
  }
}

/** Statuses and active topics, in the status topic. */
export class KafkaStatusBackingStore implements StatusBackingStore {
  readonly topic: string
  readonly #statusLog: KafkaBasedLog
  readonly #connectors = new Map<string, CacheEntry>()
  readonly #tasks = new Map<string, Map<number, CacheEntry>>()
  readonly #topics = new Map<string, Map<string, TopicStatus>>()
  /**
   * Active topics written and not read back yet. A sink task reports its topic with every record
   * until the status is read back (as in Kafka); one write is enough (Kafka sends one per record).
   */
  readonly #topicsInFlight = new Set<string>()
  /** The generation of the latest status this worker wrote: retries of older ones are dropped. */
  #generation = 0
  #stopped = false

  constructor (options: KafkaStatusBackingStoreOptions) {
    const config = options.config
    const settings = config.statusStorageTopicSettings()
    if (settings.topic === null || settings.topic === undefined || settings.topic.trim() === '') {
      throw new ConfigException('Must specify topic for connector status.')
    }
    this.topic = settings.topic
    const retry = topicCreationRetry(config)
    this.#statusLog = new KafkaBasedLog({
      log: options.log,
      topic: this.topic,
      clientId: clientIdBase(config) + 'statuses',
      onRecord: record => this.#read(record),
      // Retries are this store's (it drops stale ones), not the producer's.
      producerConfig: storeClientConfig(config, { retries: '0', 'enable.idempotence': 'false', acks: 'all' }),
      consumerConfig: storeClientConfig(config, {}),
      initialize: async () => {
        await ensureInternalTopic(options.log, { ...settings, setting: 'status.storage.topic', purpose: 'connector and task statuses' }, retry)
      },
    })
  }

  /** Creates the topic if needed and reads it to the end, so requests see the latest statuses. */
  async start (): Promise<void> {
    await this.#statusLog.start()
  }

  async stop (): Promise<void> {
    this.#stopped = true
    await this.#statusLog.stop()
  }

  async flush (): Promise<void> {
    await this.#statusLog.flush()
  }

  /** Reads the status topic to its end: statuses other workers wrote before the call are then in the cache. */
  async readToEnd (timeoutMs?: number): Promise<void> {
    await this.#statusLog.readToEnd(timeoutMs)
  }

  putConnector (connector: string, status: Status): void {
    this.#send(connectorStatusKey(connector), status, this.#entry(connector), false)
  }

  putConnectorSafe (connector: string, status: Status): void {
    this.#send(connectorStatusKey(connector), status, this.#entry(connector), true)
  }

  putTask (connector: string, task: number, status: Status): void {
    this.#send(taskStatusKey(connector, task), status, this.#taskEntry(connector, task), false)
  }

  putTaskSafe (connector: string, task: number, status: Status): void {
    this.#send(taskStatusKey(connector, task), status, this.#taskEntry(connector, task), true)
  }

  connector (connector: string): Status | undefined {
    return this.#connectors.get(connector)?.value ?? undefined
  }

  task (connector: string, task: number): Status | undefined {
    return this.#tasks.get(connector)?.get(task)?.value ?? undefined
  }

  tasks (connector: string): Array<[number, Status]> {
    const result: Array<[number, Status]> = []
    for (const [task, entry] of this.#tasks.get(connector) ?? []) if (entry.value !== null) result.push([task, entry.value])
    return result.sort((a, b) => a[0] - b[0])
  }

  connectors (): string[] {
    return [...this.#connectors].filter(([, entry]) => entry.value !== null).map(([name]) => name).sort()
  }

  putTopic (status: TopicStatus): void {
    const key = topicKey(status.connector, status.topic)
    if (this.#topicsInFlight.has(key)) return
    this.#topicsInFlight.add(key)
    this.#sendTopicStatus(status.connector, status.topic, status)
  }

  hasTopic (connector: string, topic: string): boolean {
    return this.#topics.get(connector)?.has(topic) ?? false
  }

  topics (connector: string): TopicStatus[] {
    return [...this.#topics.get(connector)?.values() ?? []]
  }

  deleteTopic (connector: string, topic: string): void {
    this.#topicsInFlight.delete(topicKey(connector, topic))
    this.#sendTopicStatus(connector, topic, null)
  }

  // --- writing ----------------------------------------------------------------------------------------

  #send (key: string, status: Status, entry: CacheEntry, safeWrite: boolean): void {
    this.#generation = status.generation
    if (safeWrite && !entry.canWriteSafely(status)) return
    const sequence = entry.increment()
    const value = statusValue(status)
    const attempt = (): void => {
      if (this.#stopped) return
      this.#statusLog.send(Buffer.from(key, 'utf8'), value).catch(error => {
        if (!(error instanceof RetriableException)) {
          log.error('Failed to write status update', error)
          return
        }
        if (entry.deleted || status.generation !== this.#generation || (safeWrite && !entry.canWriteSafely(status, sequence))) return
        setTimeout(attempt, RETRY_BACKOFF_MS).unref()
      })
    }
    attempt()
  }

  #sendTopicStatus (connector: string, topic: string, status: TopicStatus | null): void {
    const key = topicStatusKey(topic, connector)
    const value = topicStatusValue(status)
    const attempt = (): void => {
      if (this.#stopped) return
      this.#statusLog.send(Buffer.from(key, 'utf8'), value).catch(error => {
        if (error instanceof RetriableException) {
          setTimeout(attempt, RETRY_BACKOFF_MS).unref()
          return
        }
        log.error('Failed to write status update', error)
        if (status !== null) this.#topicsInFlight.delete(topicKey(connector, topic))
      })
    }
    attempt()
  }

  #entry (connector: string): CacheEntry {
    let entry = this.#connectors.get(connector)
    if (entry === undefined) {
      entry = new CacheEntry()
      this.#connectors.set(connector, entry)
    }
    return entry
  }

  #taskEntry (connector: string, task: number): CacheEntry {
    let tasks = this.#tasks.get(connector)
    if (tasks === undefined) {
      tasks = new Map()
      this.#tasks.set(connector, tasks)
    }
    let entry = tasks.get(task)
    if (entry === undefined) {
      entry = new CacheEntry()
      tasks.set(task, entry)
    }
    return entry
  }

  // --- reading ----------------------------------------------------------------------------------------

  #read (record: IncomingRecord): void {
    if (record.key === null) {
      log.warn('Discarding record with invalid key {}', null)
      return
    }
    const key = Buffer.from(record.key).toString('utf8')
    if (key.startsWith(CONNECTOR_STATUS_PREFIX)) this.#readConnectorStatus(key, record.value)
    else if (key.startsWith(TASK_STATUS_PREFIX)) this.#readTaskStatus(key, record.value)
    else if (key.startsWith(TOPIC_STATUS_PREFIX)) this.#readTopicStatus(key, record.value)
    else log.warn('Discarding record with invalid key {}', key)
  }

  #readConnectorStatus (key: string, value: Uint8Array | null): void {
    const connector = key.slice(CONNECTOR_STATUS_PREFIX.length)
    if (connector === '') {
      log.warn('Discarding record with invalid connector status key {}', key)
      return
    }
    if (value === null) {
      log.trace('Removing status for connector {}', connector)
      this.#removeConnector(connector)
      return
    }
    const status = parseStatus(value, 'connector')
    if (status === null) return
    log.trace('Received connector {} status update {}', connector, status)
    this.#entry(connector).value = status
  }

  #readTaskStatus (key: string, value: Uint8Array | null): void {
    const id = parseTaskStatusKey(key)
    if (id === null) {
      log.warn('Discarding record with invalid task status key {}', key)
      return
    }
    if (value === null) {
      log.trace('Removing task status for {}-{}', id.connector, id.task)
      const removed = this.#tasks.get(id.connector)?.get(id.task)
      if (removed !== undefined) removed.deleted = true
      this.#tasks.get(id.connector)?.delete(id.task)
      return
    }
    const status = parseStatus(value, 'task')
    if (status === null) {
      log.warn('Failed to parse task status with key {}', key)
      return
    }
    const entry = this.#taskEntry(id.connector, id.task)
    // In a burst of rebalances a worker may write UNASSIGNED after the task's new owner wrote RUNNING
    // for the same or a later generation, having not read it yet: that UNASSIGNED is stale. (After a
    // generation reset it may hide a true UNASSIGNED briefly; the next status follows soon.)
    const current = entry.value
    if (status.state === 'UNASSIGNED' && current !== null && current.state === 'RUNNING' && current.generation >= status.generation) {
      log.trace('Ignoring stale status {} in favour of more upto date status {}', status, current)
      return
    }
    entry.value = status
  }

  #readTopicStatus (key: string, value: Uint8Array | null): void {
    const parsed = parseTopicStatusKey(key)
    if (typeof parsed === 'string') {
      log.warn(parsed)
      return
    }
    const { topic, connector } = parsed
    this.#topicsInFlight.delete(topicKey(connector, topic))
    if (value === null) {
      log.trace('Removing status for topic {} and connector {}', topic, connector)
      this.#topics.get(connector)?.delete(topic)
      return
    }
    let status: TopicStatus
    try {
      status = topicStatusOf(parseValue(value))
    } catch (error) {
      log.error('Failed to deserialize topic status', error)
      log.warn('Failed to parse topic status with key {}', key)
      return
    }
    log.trace('Received topic status update {}', status)
    let topics = this.#topics.get(connector)
    if (topics === undefined) {
      topics = new Map()
      this.#topics.set(connector, topics)
    }
    topics.set(topic, status)
  }

  #removeConnector (connector: string): void {
    const removed = this.#connectors.get(connector)
    this.#connectors.delete(connector)
    if (removed !== undefined) removed.deleted = true
    for (const entry of this.#tasks.get(connector)?.values() ?? []) entry.deleted = true
    this.#tasks.delete(connector)
  }
}

function topicKey (connector: string, topic: string): string {
  return `${connector}\u0000${topic}`
}

/** A status value, or null (logged as Kafka does) when it cannot be read. */
function parseStatus (value: Uint8Array, kind: 'connector' | 'task'): Status | null {
  try {
    return statusOf(parseValue(value))
  } catch (error) {
    log.error(`Failed to deserialize ${kind} status`, error)
    return null
  }
}
