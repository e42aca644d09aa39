// `kconnect topics list|tail|produce`: look into the topics of the log a worker uses, the embedded
// one or a Kafka cluster, the way kafka-topics --list, kafka-console-consumer and
// kafka-console-producer do. The worker config says which log (log.backend, bootstrap.servers,
// log.embedded.dir); --bootstrap-server names a Kafka cluster directly.
//
// Records go to stdout, one per line (the value as UTF-8 text, "null" for a null value); log lines
// go to stderr, so the output can be piped.

import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { openLog, type Log } from '../log/index.ts'
import type { OutgoingRecord } from '../log/log.ts'
import { CliError, UsageError } from './cli-error.ts'
import { readPropertiesFile } from './properties.ts'
import { describeFileError } from './connector-file.ts'

/** Which log to open: a worker config file, or a Kafka cluster. */
export interface LogSelection {
  workerFile?: string
  bootstrapServer?: string
}

/** The worker config that opens the selected log. */
export async function selectedLogConfig (selection: LogSelection): Promise<Record<string, string>> {
  if (selection.bootstrapServer !== undefined) {
    return { 'bootstrap.servers': selection.bootstrapServer, 'log.backend': 'kafka' }
  }
  if (selection.workerFile === undefined) {
    throw new UsageError('Say which log to use: --worker <worker.properties> (the worker\'s own log) or --bootstrap-server <host:port> (a Kafka cluster)')
  }
  try {
    return await readPropertiesFile(selection.workerFile)
  } catch (error) {
    throw new CliError(`Cannot read the worker configuration '${selection.workerFile}': ${describeFileError(error)}`)
  }
}

async function withLog<T> (selection: LogSelection, work: (log: Log) => Promise<T>): Promise<T> {
  const log = await openLog(await selectedLogConfig(selection))
  try {
    return await work(log)
  } finally {
    await log.close()
  }
}

/** Prints every topic name, sorted, one per line. */
export async function listTopics (selection: LogSelection, write: (line: string) => void): Promise<void> {
  await withLog(selection, async log => {
    for (const name of (await log.listTopics()).sort()) write(name)
  })
}

export interface TailOptions {
  fromBeginning?: boolean
  /** Stop after this many records. */
  maxMessages?: number
  /** Stop when no record arrived for this long. */
  timeoutMs?: number
  /** Print the key and a tab before the value. */
  printKey?: boolean
  /** Resolves to stop tailing (Ctrl-C). */
  stopped?: Promise<void>
}

const decoder = new TextDecoder()

function text (bytes: Uint8Array | null): string {
  return bytes === null ? 'null' : decoder.decode(bytes)
}

/** Prints a topic's records as they arrive; resolves with how many it printed. */
export async function tailTopic (selection: LogSelection, topic: string, options: TailOptions, write: (line: string) => void): Promise<number> {
  return await withLog(selection, async log => {
    const description = (await log.describeTopics([topic])).get(topic)
    if (description === undefined) throw new CliError(`Topic '${topic}' does not exist; 'kconnect topics list' shows the topics there are`)
    const consumer = log.createConsumer({ clientId: 'kconnect-topics-tail' })
    let stop = false
    void options.stopped?.then(() => {
      stop = true
      consumer.wakeup()
    })
    let count = 0
    try {
      const partitions = Array.from({ length: description.partitions }, (_, partition) => ({ topic, partition }))
      consumer.assign(partitions)
      if (options.fromBeginning === true) await consumer.seekToBeginning(partitions)
      else await consumer.seekToEnd(partitions)
      let lastRecordAt = Date.now()
      while (!stop) {
        const records = await consumer.poll(500)
        for (const record of records) {
          write(options.printKey === true ? `${text(record.key)}\t${text(record.value)}` : text(record.value))
          count++
          if (options.maxMessages !== undefined && count >= options.maxMessages) return count
        }
        if (records.length > 0) lastRecordAt = Date.now()
        else if (options.timeoutMs !== undefined && Date.now() - lastRecordAt >= options.timeoutMs) break
      }
      return count
    } finally {
      await consumer.close()
    }
  })
}

export interface ProduceOptions {
  /** Splits each line into key and value at the first occurrence (kafka-console-producer's parse.key). */
  keySeparator?: string
}

/**
 * Sends each line of `input` to `topic` as a record; resolves with how many it sent. Lines are
 * sent in batches of what arrived together, so piped input goes fast and typed input goes at once.
 */
export async function produceLines (selection: LogSelection, topic: string, input: NodeJS.ReadableStream, options: ProduceOptions): Promise<number> {
  return await withLog(selection, async log => {
    const producer = log.createProducer({ clientId: 'kconnect-topics-produce' })
    const encoder = new TextEncoder()
    const lines = createInterface({ input, crlfDelay: Infinity })
    let batch: OutgoingRecord[] = []
    let sent = 0
    let failure: unknown
    let sending: Promise<void> = Promise.resolve()
    let scheduled = false
    const flush = async (): Promise<void> => {
      const records = batch
      batch = []
      if (records.length === 0 || failure !== undefined) return
      try {
        await producer.send(records)
        sent += records.length
      } catch (error) {
        failure ??= error
        lines.close()
      }
    }
    lines.on('line', line => {
      if (failure !== undefined) return
      let key: Uint8Array | null = null
      let value = line
      if (options.keySeparator !== undefined) {
        const at = line.indexOf(options.keySeparator)
        if (at < 0) {
          failure = new CliError(`No key separator '${options.keySeparator}' in line ${sent + batch.length + 1}: ${JSON.stringify(line)}`)
          lines.close()
          return
        }
        key = encoder.encode(line.slice(0, at))
        value = line.slice(at + options.keySeparator.length)
      }
      batch.push({ topic, key, value: encoder.encode(value) })
      if (!scheduled) {
        // Everything read in this turn goes in one send; reading waits while it is under way.
        scheduled = true
        setImmediate(() => {
          scheduled = false
          lines.pause()
          sending = sending.then(flush).finally(() => lines.resume())
        })
      }
    })
    try {
      await once(lines, 'close')
      await new Promise(resolve => setImmediate(resolve))
      await sending
      await flush()
      if (failure !== undefined) throw failure
      return sent
    } finally {
      await producer.close()
    }
  })
}
