// Where FileStreamSourceTask reads its bytes: a file it tails, or a stream (standard input). Both
// hand out whatever is available now and never block waiting for more; the task decides how long
// to sleep, and the input wakes it when more may have arrived.

import { watch, type FSWatcher } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import type { Readable } from 'node:stream'

/** A source of bytes that may grow over time. */
export interface ByteInput {
  /**
   * The bytes available now, or null when there are none yet (the end of the file so far, or
   * nothing new on the stream). The array may be reused by the next call.
   */
  read (): Promise<Uint8Array | null>
  /** Releases the file or stops listening to the stream. */
  close (): Promise<void>
}

/**
 * A file read from its current position to its end, again and again as it grows. Each read asks
 * for a whole chunk, so a large file costs one system call per chunk, not per line.
 */
export class FileInput implements ByteInput {
  readonly #handle: FileHandle
  readonly #buffer: Buffer
  readonly #watcher: FSWatcher | null

  private constructor (handle: FileHandle, chunkBytes: number, watcher: FSWatcher | null) {
    this.#handle = handle
    this.#buffer = Buffer.allocUnsafe(chunkBytes)
    this.#watcher = watcher
  }

  /**
   * Opens `path` for reading; rejects with Node's error (code ENOENT when it does not exist).
   * `onChange` is called when the file may have grown, where the platform can tell (inotify on
   * Linux); without that, the task's regular polling still finds new lines.
   */
  static async open (path: string, chunkBytes: number, onChange: () => void): Promise<FileInput> {
    const handle = await open(path, 'r')
    let watcher: FSWatcher | null = null
    try {
      watcher = watch(path, { persistent: false }, onChange)
      // A watcher error (the file deleted, the watch limit reached) must not crash the worker:
      // polling goes on without it.
      watcher.on('error', () => watcher?.close())
    } catch {
      watcher = null
    }
    return new FileInput(handle, chunkBytes, watcher)
  }

  async read (): Promise<Uint8Array | null> {
    // position null: read on from the file's current position, which is how tailing works.
    const { bytesRead } = await this.#handle.read(this.#buffer, 0, this.#buffer.length, null)
    return bytesRead === 0 ? null : this.#buffer.subarray(0, bytesRead)
  }

  async close (): Promise<void> {
    this.#watcher?.close()
    await this.#handle.close()
  }
}

/**
 * A readable stream (standard input) buffered up to a bound: past it the stream is paused until
 * the task catches up, so a fast producer on stdin cannot fill the worker's memory.
 */
export class StreamInput implements ByteInput {
  readonly #stream: Readable
  readonly #maxQueuedBytes: number
  readonly #onData: () => void
  #chunks: Buffer[] = []
  #queuedBytes = 0
  #error: Error | null = null

  readonly #dataListener = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    this.#chunks.push(bytes)
    this.#queuedBytes += bytes.length
    if (this.#queuedBytes >= this.#maxQueuedBytes) this.#stream.pause()
    this.#onData()
  }

  readonly #errorListener = (error: Error): void => {
    this.#error = error
    this.#onData()
  }

  /** Starts listening to `stream`; `onData` is called when bytes (or an error) arrive. */
  constructor (stream: Readable, maxQueuedBytes: number, onData: () => void) {
    this.#stream = stream
    this.#maxQueuedBytes = maxQueuedBytes
    this.#onData = onData
    stream.on('error', this.#errorListener)
    stream.on('data', this.#dataListener)
    stream.resume()
  }

  async read (): Promise<Uint8Array | null> {
    if (this.#chunks.length === 0) {
      if (this.#error !== null) throw this.#error
      return null
    }
    const bytes = this.#chunks.length === 1 ? this.#chunks[0] : Buffer.concat(this.#chunks, this.#queuedBytes)
    this.#chunks = []
    this.#queuedBytes = 0
    if (this.#stream.isPaused()) this.#stream.resume()
    return bytes
  }

  async close (): Promise<void> {
    this.#stream.off('data', this.#dataListener)
    this.#stream.off('error', this.#errorListener)
    // Paused, not destroyed: standard input belongs to the process, and a new task may read it.
    this.#stream.pause()
  }
}
