// One timed run of a data-moving scenario on one engine: start a worker (not timed), create the
// connector through the REST API (the clock starts just before the request), wait until the
// scenario says every record arrived, and collect what the worker process used: CPU time over
// the timed window, and its peak resident memory over its whole life.

import type { BenchContext } from './context.ts'
import { ProcessMonitor, readCpuMs } from './process-monitor.ts'
import { connectorStatus, createConnector, startWorker, type Engine } from './workers.ts'

/** The raw figures of one run. */
export interface ThroughputRun {
  readonly engine: Engine
  readonly variant: string
  readonly repetition: number
  readonly records: number
  /** From the create request to the first check that saw every record. */
  readonly seconds: number
  readonly recordsPerSecond: number
  /** CPU time (user + system) of the worker process during the timed window. */
  readonly cpuMs: number
  readonly cpuMicrosPerRecord: number
  /** VmHWM of the worker process at the end of the run (start-up included). */
  readonly peakRssBytes: number
  readonly rssSamples: ReadonlyArray<readonly [number, number]>
}

/** What a run does. */
export interface ThroughputRunSpec {
  readonly engine: Engine
  readonly variant: string
  readonly repetition: number
  readonly records: number
  readonly workerConfig: Record<string, string>
  readonly connectorName: string
  readonly connectorConfig: Record<string, string>
  /** Connectors created before the timed one (not timed), e.g. a sink waiting for a source. */
  readonly setupConnectors?: ReadonlyArray<{ name: string, config: Record<string, string> }>
  /**
   * Resolves with performance.now() when every record arrived; `failed` throws when a task failed;
   * `startedAt` is performance.now() just before the create request.
   */
  readonly awaitDone: (failed: () => Promise<void>, startedAt: number) => Promise<number>
  /** Called with the worker's output (kconnect only). */
  readonly onOutput?: (text: string) => void
}

/** Runs `spec` once; the worker is stopped whatever happens. */
export async function runThroughput (context: BenchContext, spec: ThroughputRunSpec): Promise<ThroughputRun> {
  const worker = await startWorker(spec.engine, {
    bootstrap: context.bootstrap,
    kconnectDir: context.settings.kconnectDir,
    workerConfig: spec.workerConfig,
    cpuProfileDir: spec.engine === 'kconnect' ? context.settings.cpuProfileDir ?? undefined : undefined,
    onOutput: spec.onOutput,
  })
  try {
    const monitor = new ProcessMonitor(worker.pid)
    for (const connector of spec.setupConnectors ?? []) await createConnector(worker, connector.name, connector.config)
    // A task that failed would leave the run waiting until its deadline; look once a second.
    let lastLook = performance.now()
    const names = [spec.connectorName, ...(spec.setupConnectors ?? []).map(c => c.name)]
    const failed = async (): Promise<void> => {
      if (performance.now() - lastLook < 1000) return
      lastLook = performance.now()
      for (const name of names) {
        const status = await connectorStatus(worker, name)
        if (status.includes('"FAILED"')) throw new Error(`${spec.engine}: connector ${name} failed: ${status}`)
      }
    }
    const cpuBefore = readCpuMs(worker.pid) ?? Number.NaN
    const startedAt = performance.now()
    await createConnector(worker, spec.connectorName, spec.connectorConfig)
    const doneAt = await spec.awaitDone(failed, startedAt)
    const cpuMs = (readCpuMs(worker.pid) ?? Number.NaN) - cpuBefore
    const usage = monitor.finish()
    const seconds = (doneAt - startedAt) / 1000
    return {
      engine: spec.engine,
      variant: spec.variant,
      repetition: spec.repetition,
      records: spec.records,
      seconds,
      recordsPerSecond: spec.records / seconds,
      cpuMs,
      cpuMicrosPerRecord: cpuMs * 1000 / spec.records,
      peakRssBytes: usage.peakRssBytes,
      rssSamples: usage.rssSamples,
    }
  } finally {
    await worker.stop()
  }
}
