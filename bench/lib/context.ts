// What every scenario gets from the harness: the settings of this run, the broker, a scratch folder,
// and a way to say what it is doing.

import type { BenchTopics } from './topics.ts'
import type { Engine } from './workers.ts'

/** The scenarios, by the names results and flags use. */
export const SCENARIOS = ['startup', 'file-to-kafka', 'kafka-to-file', 'producer-ceiling', 'engine-overhead'] as const
export type ScenarioName = typeof SCENARIOS[number]

/** How big and how often. */
export interface BenchSettings {
  /** 'full' (the sizes), 'quick' (a smoke run), or 'custom' (flags changed the sizes). */
  readonly mode: 'full' | 'quick' | 'custom'
  /** Lines in the source file, records in the sink's topic, records of the ceiling and engine runs. */
  readonly records: number
  /** Repetitions of each throughput measurement, per engine. */
  readonly repetitions: number
  /** Repetitions of the start-up measurement, per engine. */
  readonly startupRepetitions: number
  readonly scenarios: readonly ScenarioName[]
  /** Both, normally; one alone when profiling or iterating on a fix (no ratios then). */
  readonly engines: readonly Engine[]
  /** Write V8 CPU profiles of kconnect's workers into this folder. */
  readonly cpuProfileDir: string | null
  /** How often the end of a run is checked (topic end offsets, output file size). */
  readonly pollMs: number
  /** The kconnect checkout the workers run: a snapshot of HEAD with --committed, else this working tree. */
  readonly kconnectDir: string
}

/** The harness, as a scenario sees it. */
export interface BenchContext {
  readonly settings: BenchSettings
  readonly bootstrap: string
  readonly topics: BenchTopics
  /** A scratch folder for input and output files, removed at the end. */
  readonly workDir: string
  /** Unique per run: topic and connector names carry it, so runs on one broker never meet. */
  readonly runId: string
  /** Prints a progress line. */
  progress (message: string): void
}

/** Repetition `repetition`'s order of the engines: alternating, so neither always runs first. */
export function engineOrder<T> (engines: readonly T[], repetition: number): T[] {
  return repetition % 2 === 0 ? [...engines] : [...engines].reverse()
}
