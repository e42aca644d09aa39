// Watches one process through /proc (Linux): its resident memory, sampled periodically (VmRSS) and
// exact at the end (VmHWM, the kernel's own high-water mark of the resident set, which no sampling
// can miss), and the CPU time it used (utime + stime).

import { readFileSync } from 'node:fs'

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in ticks of 1/100 s on every mainstream kernel. */
const TICKS_PER_SECOND = 100

/** VmRSS and VmHWM of a process, in bytes; null once the process is gone. */
export function readMemory (pid: number): { rss: number, hwm: number } | null {
  let status: string
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return null
  }
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
    return match === null ? Number.NaN : Number(match[1]) * 1024
  }
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') }
}

/** CPU time (user + system) a process used so far, in milliseconds; null once it is gone. */
export function readCpuMs (pid: number): number | null {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) * 1000 / TICKS_PER_SECOND
}

/** What a monitor saw. */
export interface ProcessUsage {
  /** The process's peak resident set: VmHWM read at the end (or the highest sample, if higher). */
  readonly peakRssBytes: number
  /** The highest VmRSS sample. */
  readonly maxSampledRssBytes: number
  /** [ms since the monitor started, VmRSS bytes] every sample. */
  readonly rssSamples: ReadonlyArray<readonly [number, number]>
}

/** Samples a process's memory every `intervalMs` until finish(). */
export class ProcessMonitor {
  readonly #pid: number
  readonly #startedAt = performance.now()
  readonly #samples: Array<[number, number]> = []
  readonly #timer: NodeJS.Timeout

  constructor (pid: number, intervalMs = 250) {
    this.#pid = pid
    this.#sample()
    this.#timer = setInterval(() => this.#sample(), intervalMs)
    this.#timer.unref()
  }

  #sample (): void {
    const memory = readMemory(this.#pid)
    if (memory !== null) this.#samples.push([Math.round(performance.now() - this.#startedAt), memory.rss])
  }

  /** Stops sampling and reads VmHWM; call it while the process still runs. */
  finish (): ProcessUsage {
    clearInterval(this.#timer)
    this.#sample()
    const hwm = readMemory(this.#pid)?.hwm ?? Number.NaN
    const maxSampled = this.#samples.reduce((max, [, rss]) => Math.max(max, rss), 0)
    return { peakRssBytes: Number.isFinite(hwm) ? Math.max(hwm, maxSampled) : maxSampled, maxSampledRssBytes: maxSampled, rssSamples: this.#samples }
  }
}
