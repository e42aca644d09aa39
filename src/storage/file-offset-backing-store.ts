// The standalone worker's offsets file (offset.storage.file.filename), in the format Java's
// FileOffsetBackingStore uses: a Java-serialized HashMap<byte[], byte[]> of offsets keys and values.
// A user moving from Java Connect keeps their offsets, and can move back. Unlike Java, every write
// goes to a new file that is flushed to disk and then renamed over the old one, so a crash leaves
// either the old offsets or the new ones, never a torn file. docs/offsets-file.md has the format.

import { open, readFile, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ConnectException } from '../api/errors.ts'
import { getLogger } from '../logging/index.ts'
import { readJavaByteMap, TruncatedStreamException, writeJavaByteMap } from './java-serialized-map.ts'
import { MemoryOffsetBackingStore } from './offset-backing-store.ts'

const log = getLogger('org.apache.kafka.connect.storage.FileOffsetBackingStore')

/** Offsets kept in a Java-compatible file, rewritten atomically on every change. */
export class FileOffsetBackingStore extends MemoryOffsetBackingStore {
  /** The offsets file. */
  readonly file: string

  constructor (file: string) {
    super()
    this.file = file
  }

  override async start (): Promise<void> {
    let bytes: Uint8Array
    try {
      bytes = await readFile(this.file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw new ConnectException(`Cannot read the offsets file ${this.file}: ${(error as Error).message}`, { cause: error })
    }
    try {
      this.putAll(readJavaByteMap(bytes))
    } catch (error) {
      if (error instanceof TruncatedStreamException) {
        // Java treats a truncated file as empty (EOFException); kconnect never leaves one behind,
        // but a file Java was writing when it crashed may be one.
        log.warn(`The offsets file ${this.file} is incomplete (${error.message}); starting with no offsets, as Kafka Connect does`)
        return
      }
      throw new ConnectException(`The offsets file ${this.file} is not a Kafka Connect offsets file: ${(error as Error).message}. ` +
        'Move it away, or point offset.storage.file.filename at another file.', { cause: error })
    }
  }

  protected override async persist (): Promise<void> {
    const bytes = writeJavaByteMap(this.entries())
    const temporary = `${this.file}.${process.pid}.tmp`
    try {
      const handle = await open(temporary, 'w', 0o644)
      try {
        await handle.writeFile(bytes)
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(temporary, this.file)
      await syncDirectory(dirname(this.file))
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => {})
      throw new ConnectException(`Cannot write the offsets file ${this.file}: ${(error as Error).message}`, { cause: error })
    }
  }
}

/** Makes a rename durable; some platforms cannot open a directory, which is fine to skip. */
async function syncDirectory (directory: string): Promise<void> {
  let handle
  try {
    handle = await open(directory, 'r')
    await handle.sync()
  } catch {
    // Not supported here (e.g. Windows); the rename itself is still atomic.
  } finally {
    await handle?.close()
  }
}
