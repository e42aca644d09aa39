// FileStreamSinkTask: appends each record's value as a line (Java's println(value): the value's
// text, then "\n") to a file or to standard output, as Kafka's does
// (connect/file/.../FileStreamSinkTask.java). The file is opened in append mode, created if
// missing, in start(); a file that cannot be opened fails the task there with the reason.
//
// Each put() writes its whole batch with one write, encoded as UTF-8, so the lines are in the file
// (the operating system's cache) when put() returns, as Java's unbuffered stream has them. flush()
// therefore has nothing left to push; like Java's, it does not fsync.

import { open, type FileHandle } from 'node:fs/promises'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { ConnectException } from '../../api/errors.ts'
import type { OffsetAndMetadata } from '../../api/sink/offset-and-metadata.ts'
import type { SinkRecord } from '../../api/sink/sink-record.ts'
import { SinkTask } from '../../api/sink/sink-task.ts'
import type { TopicPartitionMap } from '../../api/sink/topic-partition.ts'
import { configuredSinkFile } from './file-stream-sink-config.ts'
import { javaText } from './java-text.ts'
import { getLogger } from '../../logging/index.ts'
import { KAFKA_COMPAT_VERSION } from '../../api/version.ts'

/** What a test (or an embedder) may change; the runtime constructs the task without options. */
export interface FileStreamSinkTaskOptions {
  /** The stream written when `file` is not set; process.stdout by default. */
  stdout?: Writable
}

const log = getLogger('org.apache.kafka.connect.file.FileStreamSinkTask')

/** Kafka's FileStreamSinkTask: one line per record, appended to a file or standard output. */
export class FileStreamSinkTask extends SinkTask {
  readonly #stdoutOption: Writable | undefined
  #filename: string | null = null
  #file: FileHandle | null = null
  #stdout: Writable | null = null

  constructor (options: FileStreamSinkTaskOptions = {}) {
    super()
    this.#stdoutOption = options.stdout
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  async start (props: Record<string, string>): Promise<void> {
    this.#filename = configuredSinkFile(props)
    if (this.#filename === null) {
      this.#stdout = this.#stdoutOption ?? process.stdout
      return
    }
    try {
      this.#file = await open(this.#filename, 'a')
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new ConnectException(`Couldn't find or create file '${this.#filename}' for FileStreamSinkTask: ${reason}`,
        { cause: error })
    }
  }

  async put (records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return
    let text = ''
    for (const record of records) text += javaText(record.value, record.valueSchema) + '\n'
    if (log.isTraceEnabled()) log.trace('Writing {} lines to {}', records.length, this.#filename ?? 'stdout')
    if (this.#file !== null) {
      // writeFile on a handle writes everything, looping over short writes; in append mode it
      // lands at the end of the file.
      await this.#file.writeFile(text, 'utf8')
    } else if (this.#stdout !== null) {
      if (!this.#stdout.write(text, 'utf8')) await once(this.#stdout, 'drain')
    } else {
      throw new ConnectException('FileStreamSinkTask.put() was called before start() or after stop()')
    }
  }

  override flush (_currentOffsets: TopicPartitionMap<OffsetAndMetadata>): void {
    // put() has already handed every line to the operating system.
  }

  async stop (): Promise<void> {
    const file = this.#file
    this.#file = null
    this.#stdout = null
    await file?.close()
  }
}
