// FileStreamSourceTask: turns each line of a file (or of standard input) into a record, tailing
// the file for new lines, as Kafka's does (connect/file/.../FileStreamSourceTask.java).
//
// Offsets. The source partition is {"filename": <file>} and the offset {"position": <n>}, n being
// the characters read up to the end of the line's terminator. Java counts UTF-16 code units of
// the UTF-8-decoded file (Java chars), and so do we (JavaScript string lengths), so the offsets
// we commit are the ones Java would, and an offsets file or topic can move between the two.
// Resuming differs on purpose: Java skips `position` *bytes*, which for text with non-ASCII
// characters lands before the right place (lines are read twice, or a character is cut in two);
// we skip `position` characters of the decoded text, which is where the offset really points.
//
// Differences from Java that only remove its failure modes:
// - Lines left over when a poll filled batch.size are returned by the next poll even if the file
//   has no new data (Java keeps them until the file grows).
// - An error reading the file fails the task with the cause (Java returns null forever).
// - A committed position past the end of the file waits for the file to grow that far, without
//   Java's busy loop; a warning says so.
// - A new line wakes a waiting poll at once where the platform reports file changes; otherwise
//   a poll with nothing to read waits 1 s, as in Java.
//
// A file that does not exist (yet) is waited for, as in Java: the task stays RUNNING, logs a
// warning when it finds the file missing (and again every minute while it still is), and starts
// reading once the file appears.

import { AbstractConfig } from '../../api/config/abstract-config.ts'
import { Schema } from '../../api/data/schema.ts'
import { ConnectException } from '../../api/errors.ts'
import { SourceRecord } from '../../api/source/source-record.ts'
import { SourceTask } from '../../api/source/source-task.ts'
import type { Readable } from 'node:stream'
import { FileInput, StreamInput, type ByteInput } from './byte-input.ts'
import {
  FILENAME_FIELD, POSITION_FIELD, SOURCE_CONFIG_DEF, TASK_BATCH_SIZE_CONFIG, TOPIC_CONFIG, configuredFile, isLong,
} from './file-stream-source-config.ts'
import { JavaUtf8Decoder } from './java-utf8-decoder.ts'
import { LineSplitter } from './line-splitter.ts'
import { getLogger } from '../../logging/index.ts'
import { KAFKA_COMPAT_VERSION } from '../../api/version.ts'
import { Wakeup } from './wakeup.ts'

/** Tuning a test (or an embedder) may change; the runtime constructs the task without options. */
export interface FileStreamSourceTaskOptions {
  /** How long a poll with nothing to read waits before returning null. Java waits 1000 ms. */
  idleWaitMs?: number
  /** Bytes asked of the file per read. */
  readChunkBytes?: number
  /** The stream read when `file` is not set; process.stdin by default. */
  stdin?: Readable
  /** How much unread standard input to hold before pausing the stream. */
  maxQueuedStdinBytes?: number
}

const DEFAULT_IDLE_WAIT_MS = 1000
const DEFAULT_READ_CHUNK_BYTES = 64 * 1024
const DEFAULT_MAX_QUEUED_STDIN_BYTES = 1024 * 1024
const MISSING_FILE_WARNING_INTERVAL_MS = 60_000

const log = getLogger('org.apache.kafka.connect.file.FileStreamSourceTask')

/** Kafka's FileStreamSourceTask: one record per line of a file or of standard input. */
export class FileStreamSourceTask extends SourceTask {
  readonly #idleWaitMs: number
  readonly #readChunkBytes: number
  readonly #stdin: Readable | undefined
  readonly #maxQueuedStdinBytes: number
  readonly #wakeup = new Wakeup()

  #filename: string | null = null
  #topic = ''
  #batchSize = 0
  #input: ByteInput | null = null
  #decoder = new JavaUtf8Decoder()
  #lines = new LineSplitter()
  /** The position of the splitter's first character in the file; null for stdin (no offsets). */
  #basePosition: number | null = null
  /** Characters still to skip to reach the committed position. */
  #skipChars = 0
  #partition: Record<string, unknown> = {}
  /** When the missing file was last reported (epoch ms); null while the file is there. */
  #missingFileWarnedAt: number | null = null
  #stopped = false
  #pollInFlight: Promise<unknown> | null = null

  constructor (options: FileStreamSourceTaskOptions = {}) {
    super()
    this.#idleWaitMs = options.idleWaitMs ?? DEFAULT_IDLE_WAIT_MS
    this.#readChunkBytes = options.readChunkBytes ?? DEFAULT_READ_CHUNK_BYTES
    this.#stdin = options.stdin
    this.#maxQueuedStdinBytes = options.maxQueuedStdinBytes ?? DEFAULT_MAX_QUEUED_STDIN_BYTES
  }

  version (): string {
    return KAFKA_COMPAT_VERSION
  }

  start (props: Record<string, string>): void {
    const config = new AbstractConfig(SOURCE_CONFIG_DEF, props)
    this.#filename = configuredFile(props)
    this.#topic = config.getString(TOPIC_CONFIG) as string
    this.#batchSize = config.getInt(TASK_BATCH_SIZE_CONFIG) as number
    // Java writes these very maps for stdin too ({"filename": null} and {"position": null}), so
    // ours do the same; the task never reads them back.
    this.#partition = Object.freeze({ [FILENAME_FIELD]: this.#filename })
    this.#stopped = false
    this.#decoder = new JavaUtf8Decoder()
    this.#lines = new LineSplitter()
    this.#basePosition = null
    this.#skipChars = 0
    if (this.#filename === null) {
      this.#input = new StreamInput(this.#stdin ?? process.stdin, this.#maxQueuedStdinBytes, () => this.#wakeup.wake())
    }
  }

  poll (): Promise<SourceRecord[] | null> {
    const polled = this.#poll()
    this.#pollInFlight = polled
    return polled.finally(() => {
      if (this.#pollInFlight === polled) this.#pollInFlight = null
    })
  }

  async #poll (): Promise<SourceRecord[] | null> {
    if (this.#stopped) return null
    if (this.#input === null && !(await this.#openFile())) return null
    const input = this.#input as ByteInput

    const records: SourceRecord[] = []
    // Lines left from the last poll first, then as many reads as it takes to fill a batch.
    if (this.#takeLines(records)) return records
    while (!this.#stopped) {
      let bytes: Uint8Array | null
      try {
        bytes = await input.read()
      } catch (error) {
        if (this.#stopped) return null
        throw new ConnectException(`Error while reading ${this.#describeInput()} for FileStreamSourceTask: ${messageOf(error)}`,
          { cause: error })
      }
      if (bytes === null) break
      this.#appendText(this.#decoder.decode(bytes))
      if (this.#takeLines(records)) return records
    }
    if (records.length > 0) return records
    await this.#wakeup.wait(this.#idleWaitMs)
    return null
  }

  /** Opens the file and finds the committed position; false when the file is not there yet. */
  async #openFile (): Promise<boolean> {
    const filename = this.#filename as string
    let input: FileInput
    try {
      input = await FileInput.open(filename, this.#readChunkBytes, () => this.#wakeup.wake())
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        // Java warns every second; once, then once a minute, says the same without flooding the log.
        const now = Date.now()
        if (this.#missingFileWarnedAt === null || now - this.#missingFileWarnedAt >= MISSING_FILE_WARNING_INTERVAL_MS) {
          log.warn("Couldn't find file {} for FileStreamSourceTask, sleeping to wait for it to be created", filename)
          this.#missingFileWarnedAt = now
        }
        await this.#wakeup.wait(this.#idleWaitMs)
        return false
      }
      log.error('Error while trying to open file {}: ', filename, error)
      throw new ConnectException(`Couldn't open file ${filename} for FileStreamSourceTask: ${messageOf(error)}`, { cause: error })
    }
    if (this.#stopped) {
      await input.close()
      return false
    }
    this.#missingFileWarnedAt = null
    try {
      const position = await this.#committedPosition(filename)
      if (position > 0) log.debug('Found previous offset, trying to skip to file offset {}', position)
      this.#basePosition = position
      this.#skipChars = position
    } catch (error) {
      await input.close()
      throw error
    }
    this.#input = input
    this.#decoder = new JavaUtf8Decoder()
    this.#lines = new LineSplitter()
    log.debug('Opened {} for reading', filename)
    return true
  }

  async #committedPosition (filename: string): Promise<number> {
    const offset = await this.context.offsetStorageReader().offset({ [FILENAME_FIELD]: filename })
    const position = offset?.[POSITION_FIELD] ?? null
    if (position === null) return 0
    if (!isLong(position)) throw new ConnectException('Offset position is the incorrect type')
    if (position < 0) {
      throw new ConnectException(`The committed offset position ${position} of ${filename} is negative; ` +
        'reset or alter the connector\'s offsets (PATCH /connectors/{name}/offsets) to read the file again')
    }
    return Number(position)
  }

  /** Feeds decoded text to the splitter, first dropping what a resume still has to skip. */
  #appendText (text: string): void {
    if (this.#skipChars > 0) {
      if (text.length <= this.#skipChars) {
        this.#skipChars -= text.length
        return
      }
      text = text.slice(this.#skipChars)
      this.#skipChars = 0
    }
    this.#lines.append(text)
  }

  /** Moves complete lines into `records`; true once the batch is full. */
  #takeLines (records: SourceRecord[]): boolean {
    if (records.length >= this.#batchSize) return true
    let line: string | null
    while ((line = this.#lines.next()) !== null) {
      const position = this.#basePosition === null ? null : BigInt(this.#basePosition + this.#lines.consumed)
      records.push(new SourceRecord({
        sourcePartition: this.#partition,
        sourceOffset: { [POSITION_FIELD]: position },
        topic: this.#topic,
        valueSchema: Schema.STRING_SCHEMA,
        value: line,
        timestamp: Date.now(),
      }))
      if (records.length >= this.#batchSize) return true
    }
    return false
  }

  #describeInput (): string {
    return this.#filename === null ? 'standard input' : `file ${this.#filename}`
  }

  async stop (): Promise<void> {
    this.#stopped = true
    this.#wakeup.wake()
    // A poll under way sees the flag and ends at its next step; the input is closed after it.
    await this.#pollInFlight?.catch(() => {})
    const input = this.#input
    this.#input = null
    try {
      await input?.close()
    } catch (error) {
      log.error('Failed to close FileStreamSourceTask stream: ', error)
    }
  }
}

function messageOf (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
