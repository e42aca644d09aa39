// The Kafka log's producer: the front every send goes through, and the choice of one of two
// senders behind it. The front reads the configs, checks each record against max.request.size,
// looks topics up (waiting for new ones up to max.block.ms) and chooses every record's partition
// itself: the library's default hash differs from Java's for half the keys, and knowing where
// each record goes is what lets each get its offset (record i of a partition's batch is at the
// batch's base offset + i).
//
// Why two senders: a producer that is not transactional (every source task without exactly-once,
// the stores' writers) sends with direct-sender.ts, which encodes each request into one buffer and
// has Java's idempotence: the hot path, written for CPU per record. A transactional producer
// (exactly-once source, the distributed config topic) sends with transactional-sender.ts, on
// @platformatic/kafka's Producer, which implements the transaction protocol; it writes little.

import { Admin } from '@platformatic/kafka'
import { ConfigException, ConnectException } from '../../api/errors.ts'
import type { LogProducer, LogProducerOptions, OutgoingRecord, RecordMetadata } from '../log.ts'
import { ClientConfig, readTiming, retriesWithin, type ConnectionSettings } from './client-config.ts'
import { settleWithin } from './cluster.ts'
import { DirectSender, type PreparedRecords } from './direct-sender.ts'
import { ProducerMetadata } from './producer-metadata.ts'
import { RECORD_BATCH_OVERHEAD, type CompressionType } from './record-batch-writer.ts'
import { StickyPartitioner } from './sticky-partitioner.ts'
import { TransactionalSender } from './transactional-sender.ts'

const COMPRESSION_TYPES: readonly CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']
// Per-record overhead of the record batch format (attributes, varints, headers count), as Java's
// producer estimates it; used for max.request.size and the sticky partitioner only.
const RECORD_OVERHEAD = 21

function parseAcks (value: string | undefined): -1 | 0 | 1 {
  if (value === undefined || value === 'all' || value === '-1') return -1
  if (value === '1') return 1
  if (value === '0') return 0
  throw new ConfigException('acks', value, 'String must be one of: all, -1, 0, 1')
}

/** About how many bytes `record` takes in a request (Java's estimate: sizes of the parts plus overhead). */
function estimateSize (record: OutgoingRecord): number {
  let size = RECORD_OVERHEAD + (record.key?.length ?? 0) + (record.value?.length ?? 0)
  const headers = record.headers
  if (headers !== undefined) for (const [key, value] of headers) size += Buffer.byteLength(key) + (value?.length ?? 0) + 2
  return size
}

/** A LogProducer on a Kafka cluster. */
export class KafkaLogProducer implements LogProducer {
  readonly #transactionalId: string | undefined
  readonly #brokers: string
  readonly #partitioner: StickyPartitioner
  readonly #maxRequestSize: number
  readonly #metadata: ProducerMetadata
  readonly #direct: { sender: DirectSender, client: Admin } | null
  readonly #transactional: TransactionalSender | null
  readonly #onClose: () => void
  #closing: Promise<void> | null = null

  constructor (options: LogProducerOptions, bootstrapServers: string[], connection: ConnectionSettings, onClose: () => void) {
    const config = new ClientConfig(options.config)
    const timing = readTiming(config)
    this.#brokers = bootstrapServers.join(',')
    this.#onClose = onClose
    this.#transactionalId = options.transactionalId ?? config.string('transactional.id')
    const acks = parseAcks(config.string('acks'))
    const compression = (config.string('compression.type', 'none')).toLowerCase() as CompressionType
    if (!COMPRESSION_TYPES.includes(compression)) {
      throw new ConfigException('compression.type', compression, `String must be one of: ${COMPRESSION_TYPES.join(', ')}`)
    }
    // Java's producer is idempotent by default when acks=all; a transactional one always is.
    const idempotent = this.#transactionalId !== undefined || config.bool('enable.idempotence', acks === -1)
    if (idempotent && acks !== -1) {
      throw new ConfigException('acks', config.string('acks'), 'Must be all (or -1) when enable.idempotence or transactional.id is set')
    }
    this.#maxRequestSize = config.int('max.request.size', 1_048_576)
    const maxBlockMs = config.ms('max.block.ms', 60_000)
    const batchSize = config.int('batch.size', -1)
    if (config.raw('batch.size') !== undefined && batchSize < 0) throw new ConfigException('batch.size', batchSize, 'Value must be at least 0')
    this.#partitioner = new StickyPartitioner(batchSize < 0 ? 16_384 : batchSize)
    const deliveryTimeoutMs = config.ms('delivery.timeout.ms', 120_000)
    const retry = config.int('retries', 2_147_483_647) !== 0
    const maxInflights = config.int('max.in.flight.requests.per.connection', 5)
    // linger.ms has nothing to wait for: send() is given whole batches by its caller.
    config.raw('linger.ms')
    config.noteIgnored(`producer ${options.clientId}`, new Set(['client.id', 'bootstrap.servers', 'key.serializer', 'value.serializer',
      'request.timeout.ms', 'security.protocol', 'client.rack']))

    if (this.#transactionalId === undefined) {
      // The library client serves metadata, API versions and connections; the sender does the rest.
      const client = new Admin({ ...connection, clientId: options.clientId, retries: 0 })
      this.#metadata = new ProducerMetadata(client, timing, maxBlockMs, this.#brokers)
      this.#direct = {
        client,
        sender: new DirectSender(client, this.#metadata, {
          acks, idempotent, compression, maxRequestSize: this.#maxRequestSize, batchSize: batchSize < 0 ? null : batchSize,
          requestTimeoutMs: connection.requestTimeout,
          deliveryTimeoutMs, retry, timing, brokers: this.#brokers,
        }),
      }
      this.#transactional = null
    } else {
      this.#transactional = new TransactionalSender(connection, {
        clientId: options.clientId,
        transactionalId: this.#transactionalId,
        compression,
        retries: retry ? retriesWithin(timing, deliveryTimeoutMs) : 0,
        maxInflights,
        maxRequestSize: this.#maxRequestSize,
        brokers: this.#brokers,
      })
      this.#metadata = new ProducerMetadata(this.#transactional.producer, timing, maxBlockMs, this.#brokers)
      this.#direct = null
    }
  }

  async send (records: readonly OutgoingRecord[]): Promise<RecordMetadata[]> {
    this.#ensureOpen()
    if (this.#transactional !== null && !this.#transactional.inTransaction) {
      throw new ConnectException(`The producer with transactional.id ${this.#transactionalId} can only send inside a transaction: ` +
        'call beginTransaction() first')
    }
    if (records.length === 0) return []
    // Loops rather than map/filter/Set of every record: a send is often 10,000 records of one topic.
    const topicSet = new Set<string>()
    for (let i = 0, last: string | undefined; i < records.length; i++) {
      if (records[i].topic !== last) topicSet.add(last = records[i].topic)
    }
    const topics = [...topicSet]
    let counts = await this.#metadata.counts(topics)
    // A partition beyond a remembered count may be one added since: look the topic up again first.
    let beyond: Set<string> | null = null
    for (const record of records) {
      const partition = record.partition
      if (partition !== null && partition !== undefined && partition >= counts.get(record.topic)!) (beyond ??= new Set()).add(record.topic)
    }
    if (beyond !== null) {
      this.#metadata.forget(beyond)
      counts = await this.#metadata.counts(topics)
    }

    const now = Date.now()
    const partitions = new Int32Array(records.length)
    const timestamps = new Float64Array(records.length)
    const sizes = this.#transactional === null ? null : new Int32Array(records.length)
    // Runs of one topic (the usual case) reuse the count lookup.
    let lastTopic: string | undefined
    let count = 0
    for (let i = 0; i < records.length; i++) {
      const record = records[i]
      const size = estimateSize(record)
      if (size + RECORD_BATCH_OVERHEAD > this.#maxRequestSize) {
        throw new ConnectException(`The message is ${size} bytes when serialized which is larger than ${this.#maxRequestSize}, ` +
          'which is the value of the max.request.size configuration.')
      }
      if (record.topic !== lastTopic) {
        lastTopic = record.topic
        count = counts.get(lastTopic)!
      }
      let partition = record.partition
      if (partition === null || partition === undefined) {
        partition = this.#partitioner.partition(record.topic, record.key, count, size)
      } else if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
        throw new ConnectException(`Invalid partition given with record: ${partition} is not in the range [0...${count}).`)
      }
      partitions[i] = partition
      timestamps[i] = record.timestamp ?? now
      if (sizes !== null) sizes[i] = size
    }
    const prepared: PreparedRecords = { records, partitions, timestamps }
    try {
      return this.#direct !== null
        ? await this.#direct.sender.send(prepared)
        : await this.#transactional!.send(prepared, sizes!)
    } catch (error) {
      // Partitions may have moved or been added: look the topics up afresh next time.
      this.#metadata.forget(topics)
      throw error
    }
  }

  async beginTransaction (): Promise<void> {
    this.#ensureOpen()
    await this.#transactionalOnly().beginTransaction()
  }

  async commitTransaction (): Promise<void> {
    this.#ensureOpen()
    await this.#transactionalOnly().commitTransaction()
  }

  async abortTransaction (): Promise<void> {
    this.#ensureOpen()
    // Nothing is open on a producer without transactions: nothing to abort.
    await this.#transactional?.abortTransaction()
  }

  close (): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#transactional !== null) await this.#transactional.close()
      if (this.#direct !== null) {
        this.#direct.sender.close()
        await settleWithin(this.#direct.client.close(), 5000)
      }
      this.#onClose()
    })()
    return this.#closing
  }

  #transactionalOnly (): TransactionalSender {
    if (this.#transactional === null) throw new ConnectException('Transactions need a producer created with a transactionalId')
    return this.#transactional
  }

  #ensureOpen (): void {
    if (this.#closing !== null) throw new ConnectException('The producer is closed')
  }
}
