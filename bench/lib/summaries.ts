// From raw runs to the figures a reader wants: per engine the median and spread of each measure,
// kconnect's ratio to Java (from the runs paired in time), and where kconnect stands against the
// issue's goals.

import { median, pairedRatio, summarize, type Summary } from './stats.ts'
import type { Engine } from './workers.ts'

/** A raw run with numeric measures, as every scenario's runs are. */
export interface RawRun {
  readonly engine?: Engine
  readonly variant?: string
  readonly repetition: number
  readonly [measure: string]: unknown
}

/** One measure of one variant: both engines' summaries and kconnect's paired ratio to Java. */
export interface Comparison {
  readonly java: Summary
  readonly kconnect: Summary
  /** kconnect / Java, per pair of runs of the same repetition. */
  readonly ratio: Summary
}

function values (runs: readonly RawRun[], measure: string): number[] {
  return [...runs].sort((a, b) => a.repetition - b.repetition).map(r => Number(r[measure]))
}

/** Compares the engines on `measure` for the runs of one variant. */
export function compare (runs: readonly RawRun[], measure: string): Comparison {
  const java = runs.filter(r => r.engine === 'java')
  const kconnect = runs.filter(r => r.engine === 'kconnect')
  return {
    java: summarize(values(java, measure)),
    kconnect: summarize(values(kconnect, measure)),
    ratio: pairedRatio(values(kconnect, measure), values(java, measure)),
  }
}

/** Summaries of `measures` for each variant of `runs` (a scenario without variants has one, 'default'). */
export function compareByVariant (runs: readonly RawRun[], measures: readonly string[]): Record<string, Record<string, Comparison>> {
  const result: Record<string, Record<string, Comparison>> = {}
  for (const variant of new Set(runs.map(r => r.variant ?? 'default'))) {
    const ofVariant = runs.filter(r => (r.variant ?? 'default') === variant)
    result[variant] = Object.fromEntries(measures.map(m => [m, compare(ofVariant, m)]))
  }
  return result
}

/** Summaries of `measures` for each variant, for runs of one side only (the ceiling, the engine scenario). */
export function summarizeByVariant (runs: readonly RawRun[], measures: readonly string[]): Record<string, Record<string, Summary>> {
  const result: Record<string, Record<string, Summary>> = {}
  for (const variant of new Set(runs.map(r => r.variant ?? 'default'))) {
    const ofVariant = runs.filter(r => (r.variant ?? 'default') === variant)
    result[variant] = Object.fromEntries(measures.map(m => [m, summarize(values(ofVariant, m))]))
  }
  return result
}

/** A goal of the issue and where this run stands. */
export interface GoalStatus {
  readonly goal: string
  /** The measured figure, as a ratio (kconnect / Java, or kconnect / ceiling). */
  readonly measured: number
  readonly target: number
  /** 'at-least' or 'at-most' the target. */
  readonly direction: 'at-least' | 'at-most'
  readonly met: boolean
}

/** A goal's status from a measured ratio. */
export function goal (name: string, measured: number, direction: 'at-least' | 'at-most', target: number): GoalStatus {
  const met = Number.isFinite(measured) && (direction === 'at-least' ? measured >= target : measured <= target)
  return { goal: name, measured, target, direction, met }
}

/** kconnect's median over a reference median (e.g. the producer ceiling). */
export function fractionOf (value: Summary, reference: Summary): number {
  return value.median / reference.median
}

export { median }
