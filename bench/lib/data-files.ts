// The benchmarks' data: lines of exactly LINE_BYTES ASCII bytes (a line number, then text), written
// to a file for the source scenario and to a topic for the sink scenario, and the checks on the
// sink's output file.

import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'

/** Bytes per line, without its newline (the 100-byte lines). */
export const LINE_BYTES = 100

const FILLER = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.repeat(3)

/** Line `index` (0-based): its number in 10 digits, a space, then text up to LINE_BYTES bytes. */
export function lineAt (index: number): string {
  const head = String(index).padStart(10, '0') + ' '
  const offset = index % 62
  return head + FILLER.slice(offset, offset + LINE_BYTES - head.length)
}

/** Writes `count` lines (each followed by '\n') to `path`, replacing it. */
export async function writeLinesFile (path: string, count: number): Promise<void> {
  const file = await open(path, 'w')
  try {
    const perChunk = 10_000
    for (let start = 0; start < count; start += perChunk) {
      let chunk = ''
      for (let i = start; i < Math.min(count, start + perChunk); i++) chunk += lineAt(i) + '\n'
      await file.write(chunk)
    }
  } finally {
    await file.close()
  }
}

/** The size in bytes of a file of `count` such lines. */
export function linesFileSize (count: number): number {
  return count * (LINE_BYTES + 1)
}

/** The file's size; 0 when it does not exist yet. */
export async function fileSize (path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch {
    return 0
  }
}

/**
 * Polls the file's size every `intervalMs` until it reaches `bytes`; resolves with performance.now()
 * of the first look that saw it. `check` may throw to give up (a failed task).
 */
export async function awaitFileSize (path: string, bytes: number, intervalMs: number, timeoutMs: number,
  check: () => Promise<void> = async () => {}): Promise<number> {
  const deadline = performance.now() + timeoutMs
  let size = 0
  while (performance.now() < deadline) {
    size = await fileSize(path)
    if (size >= bytes) return performance.now()
    await check()
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
  throw new Error(`${path} has ${size} of ${bytes} bytes after ${timeoutMs} ms`)
}

/** The number of '\n' in a file. */
export async function countLines (path: string): Promise<number> {
  let lines = 0
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let at = chunk.indexOf(10)
    while (at !== -1) {
      lines++
      at = chunk.indexOf(10, at + 1)
    }
  }
  return lines
}
