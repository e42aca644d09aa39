// Turns the scenarios' raw runs into results: one JSON file per scenario (raw figures, summaries,
// settings, versions, machine), scenario 4 (memory) gathered from the runs of 1 and 2, the goals'
// statuses, a printed report, and one row appended to bench/RESULTS.md.

import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BenchSettings, ScenarioName } from './context.ts'
import type { Environment } from './environment.ts'
import { formatNumber, formatSummary, summarize, type Summary } from './stats.ts'
import { compareByVariant, fractionOf, goal, summarizeByVariant, type Comparison, type GoalStatus, type RawRun } from './summaries.ts'

/** What a scenario module returns. */
export interface ScenarioOutput {
  readonly scenario: ScenarioName
  readonly settings: Record<string, unknown>
  readonly runs: readonly object[]
}

/** The names results use, with scenario 4 (memory), which has no runs of its own. */
export type ResultName = ScenarioName | 'memory'

/** The numbers and titles. */
export const SCENARIO_INFO: Record<ResultName, { number: number, title: string }> = {
  'file-to-kafka': { number: 1, title: 'File to Kafka (FileStreamSource, 1 partition)' },
  'kafka-to-file': { number: 2, title: 'Kafka to file (FileStreamSink, 4 partitions, tasks.max 4)' },
  startup: { number: 3, title: 'Start-up (process start to REST ready, and to the first record delivered)' },
  memory: { number: 4, title: 'Memory (peak RSS of the worker process during scenarios 1 and 2)' },
  'producer-ceiling': { number: 5, title: 'The ceiling (Kafka\'s ProducerPerformance, acks=all)' },
  'engine-overhead': { number: 6, title: 'Engine overhead (generator source into a discarding sink, inside kconnect)' },
}

/** One results file. */
export interface ScenarioResult {
  readonly scenario: ResultName
  readonly number: number
  readonly title: string
  readonly runId: string
  readonly date: string
  readonly mode: BenchSettings['mode']
  readonly environment: Environment
  readonly settings: Record<string, unknown>
  readonly summary: Record<string, unknown>
  readonly runs: readonly object[]
}

/** A whole benchmark run's results. */
export interface BenchResults {
  readonly runId: string
  readonly date: Date
  readonly settings: BenchSettings
  readonly environment: Environment
  readonly scenarios: Partial<Record<ResultName, ScenarioResult>>
  readonly goals: readonly GoalStatus[]
  /** Lines to print. */
  readonly report: readonly string[]
}

interface Meta {
  readonly runId: string
  readonly date: Date
  readonly settings: BenchSettings
  readonly environment: Environment
}

const MIB = 2 ** 20

/** Summaries of each measure per scenario. */
function summarizeScenario (output: ScenarioOutput): Record<string, unknown> {
  const runs = output.runs as RawRun[]
  switch (output.scenario) {
    case 'file-to-kafka':
    case 'kafka-to-file':
      return compareByVariant(runs, ['recordsPerSecond', 'cpuMicrosPerRecord', 'peakRssBytes'])
    case 'startup':
      return compareByVariant(runs, ['restReadyMs', 'firstRecordMs', 'rssAfterStartBytes']).default
    case 'producer-ceiling':
      return summarizeByVariant(runs, ['recordsPerSecond', 'megabytesPerSecond', 'recordBytes'])
    case 'engine-overhead':
      return summarizeByVariant(runs, ['recordsPerSecond', 'sourceRecordsPerSecond', 'cpuMicrosPerRecord', 'peakRssBytes'])
  }
}

/** Scenario 4 from the runs of 1 and 2: peak RSS per engine, per scenario and variant. */
function memoryResult (outputs: readonly ScenarioOutput[], meta: Meta): ScenarioResult | undefined {
  const runs: Array<RawRun & { from: string }> = []
  for (const output of outputs) {
    if (output.scenario !== 'file-to-kafka' && output.scenario !== 'kafka-to-file') continue
    for (const run of output.runs as RawRun[]) {
      runs.push({ from: output.scenario, engine: run.engine, variant: `${output.scenario}/${run.variant}`, repetition: run.repetition,
        peakRssBytes: run.peakRssBytes, rssSamples: run.rssSamples })
    }
  }
  if (runs.length === 0) return undefined
  const summary = Object.fromEntries(Object.entries(compareByVariant(runs, ['peakRssBytes'])).map(([variant, m]) => [variant, m.peakRssBytes]))
  return resultOf('memory', meta, { javaOptions: '-Xms256M -Xmx2G (connect-standalone.sh), G1', measure: 'VmHWM of the worker process at the end of each run of scenarios 1 and 2, plus VmRSS sampled every 250 ms' }, summary, runs)
}

function resultOf (scenario: ResultName, meta: Meta, settings: Record<string, unknown>, summary: Record<string, unknown>, runs: readonly object[]): ScenarioResult {
  return {
    scenario,
    ...SCENARIO_INFO[scenario],
    runId: meta.runId,
    date: meta.date.toISOString(),
    mode: meta.settings.mode,
    environment: meta.environment,
    settings,
    summary,
    runs,
  }
}

/** The goals, for the scenarios this run has. */
function goalsOf (scenarios: BenchResults['scenarios']): GoalStatus[] {
  const goals: GoalStatus[] = []
  const f2k = scenarios['file-to-kafka']?.summary as Record<string, Record<string, Comparison>> | undefined
  const k2f = scenarios['kafka-to-file']?.summary as Record<string, Record<string, Comparison>> | undefined
  const ceiling = scenarios['producer-ceiling']?.summary as Record<string, Record<string, Summary>> | undefined
  for (const [variant, measures] of Object.entries(f2k ?? {})) {
    goals.push(goal(`1 File→Kafka ${variant}: records/s vs Java`, measures.recordsPerSecond.ratio.median, 'at-least', 2))
  }
  for (const [variant, measures] of Object.entries(k2f ?? {})) {
    goals.push(goal(`2 Kafka→File ${variant}: records/s vs Java`, measures.recordsPerSecond.ratio.median, 'at-least', 2))
  }
  for (const [variant, measures] of Object.entries(f2k ?? {})) {
    const limit = ceiling?.[variant]?.recordsPerSecond
    if (limit !== undefined) goals.push(goal(`1 File→Kafka ${variant}: records/s vs producer ceiling`, fractionOf(measures.recordsPerSecond.kconnect, limit), 'at-least', 0.7))
  }
  const memory = scenarios.memory?.summary as Record<string, Comparison> | undefined
  for (const [variant, comparison] of Object.entries(memory ?? {})) {
    goals.push(goal(`4 peak RSS vs Java (${variant})`, comparison.ratio.median, 'at-most', 0.25))
  }
  const startup = scenarios.startup?.summary as Record<string, Comparison> | undefined
  if (startup !== undefined) {
    goals.push(goal('3 start-up to REST ready vs Java', startup.restReadyMs.ratio.median, 'at-most', 0.1))
    goals.push(goal('3 start-up to first record vs Java', startup.firstRecordMs.ratio.median, 'at-most', 0.1))
  }
  return goals
}

/** Builds every result of the run. */
export function buildResults (outputs: readonly ScenarioOutput[], meta: Meta): BenchResults {
  const scenarios: Partial<Record<ResultName, ScenarioResult>> = {}
  for (const output of outputs) scenarios[output.scenario] = resultOf(output.scenario, meta, output.settings, summarizeScenario(output), output.runs)
  const memory = memoryResult(outputs, meta)
  if (memory !== undefined) scenarios.memory = memory
  const goals = goalsOf(scenarios)
  return { ...meta, scenarios, goals, report: reportLines(scenarios, goals) }
}

function ratioText (ratio: Summary): string {
  return ratio.n === 0 ? 'n/a' : `${formatSummary(ratio)}×`
}

function reportLines (scenarios: BenchResults['scenarios'], goals: readonly GoalStatus[]): string[] {
  const lines: string[] = []
  const throughput = (name: 'file-to-kafka' | 'kafka-to-file'): void => {
    const summary = scenarios[name]?.summary as Record<string, Record<string, Comparison>> | undefined
    for (const [variant, m] of Object.entries(summary ?? {})) {
      lines.push(`${SCENARIO_INFO[name].number} ${name} ${variant}: records/s Java ${formatSummary(m.recordsPerSecond.java)}, ` +
        `kconnect ${formatSummary(m.recordsPerSecond.kconnect)}, ratio ${ratioText(m.recordsPerSecond.ratio)}; ` +
        `CPU µs/record Java ${formatSummary(m.cpuMicrosPerRecord.java)}, kconnect ${formatSummary(m.cpuMicrosPerRecord.kconnect)}`)
    }
  }
  throughput('file-to-kafka')
  throughput('kafka-to-file')
  const startup = scenarios.startup?.summary as Record<string, Comparison> | undefined
  if (startup !== undefined) {
    lines.push(`3 startup: REST ready ms Java ${formatSummary(startup.restReadyMs.java)}, kconnect ${formatSummary(startup.restReadyMs.kconnect)}; ` +
      `first record ms Java ${formatSummary(startup.firstRecordMs.java)}, kconnect ${formatSummary(startup.firstRecordMs.kconnect)}`)
  }
  const memory = scenarios.memory?.summary as Record<string, Comparison> | undefined
  for (const [variant, m] of Object.entries(memory ?? {})) {
    lines.push(`4 memory ${variant}: peak RSS MiB Java ${formatSummary(scaled(m.java, 1 / MIB))}, kconnect ${formatSummary(scaled(m.kconnect, 1 / MIB))}, ratio ${ratioText(m.ratio)}`)
  }
  const ceiling = scenarios['producer-ceiling']?.summary as Record<string, Record<string, Summary>> | undefined
  for (const [variant, m] of Object.entries(ceiling ?? {})) {
    lines.push(`5 producer ceiling ${variant} (${m.recordBytes.median} B): records/s ${formatSummary(m.recordsPerSecond)}`)
  }
  const engine = scenarios['engine-overhead']?.summary as Record<string, Record<string, Summary>> | undefined
  for (const [, m] of Object.entries(engine ?? {})) {
    lines.push(`6 engine: source records/s ${formatSummary(m.sourceRecordsPerSecond)}, end to end ${formatSummary(m.recordsPerSecond)}, CPU µs/record ${formatSummary(m.cpuMicrosPerRecord)}`)
  }
  for (const g of goals) {
    lines.push(`goal ${g.met ? 'MET    ' : 'not met'} ${g.goal}: ${formatNumber(g.measured)} (${g.direction === 'at-least' ? '≥' : '≤'} ${g.target})`)
  }
  return lines
}

/** A summary with every figure multiplied by `factor` (bytes to MiB). */
export function scaled (summary: Summary, factor: number): Summary {
  return summarize(summary.values.map(v => v * factor))
}

/** The file-name stem of a run: its date and time (UTC), e.g. 2026-11-22-0415. */
export function fileStem (date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', '-').replace(':', '')
}

/** Writes results/<date>-<scenario>.json for each scenario and appends the run's row to RESULTS.md; resolves with the files written. */
export async function saveResults (benchDir: string, results: BenchResults): Promise<string[]> {
  const dir = join(benchDir, 'results')
  await mkdir(dir, { recursive: true })
  const written: string[] = []
  const stem = fileStem(results.date)
  for (const result of Object.values(results.scenarios)) {
    const file = join(dir, `${stem}-${result.scenario}.json`)
    await writeFile(file, JSON.stringify(result, null, 1) + '\n')
    written.push(file)
  }
  const summaryFile = join(dir, `${stem}-goals.json`)
  await writeFile(summaryFile, JSON.stringify({ runId: results.runId, date: results.date.toISOString(), mode: results.settings.mode,
    environment: results.environment, settings: results.settings, goals: results.goals }, null, 1) + '\n')
  written.push(summaryFile)
  const resultsMd = join(benchDir, 'RESULTS.md')
  const existing = await readFile(resultsMd, 'utf8').catch(() => '')
  await appendFile(resultsMd, (existing.endsWith('\n') || existing === '' ? '' : '\n') + resultsRow(results) + '\n')
  written.push(resultsMd)
  return written
}

/** The run's row of RESULTS.md's table (columns described at the top of that file). */
export function resultsRow (results: BenchResults): string {
  const s = results.scenarios
  const cell = (text: string | undefined): string => text ?? '–'
  const f2k = s['file-to-kafka']?.summary as Record<string, Record<string, Comparison>> | undefined
  const k2f = s['kafka-to-file']?.summary as Record<string, Record<string, Comparison>> | undefined
  const throughput = (m: Record<string, Comparison> | undefined): string | undefined => m === undefined
    ? undefined
    : `${formatNumber(m.recordsPerSecond.kconnect.median)} / ${formatNumber(m.recordsPerSecond.java.median)} (${formatNumber(m.recordsPerSecond.ratio.median)}×)`
  const ceiling = s['producer-ceiling']?.summary as Record<string, Record<string, Summary>> | undefined
  const ceilingCell = ceiling === undefined
    ? undefined
    : Object.entries(ceiling).map(([variant, m]) => {
      const used = f2k?.[variant] === undefined ? '' : ` (${Math.round(fractionOf(f2k[variant].recordsPerSecond.kconnect, m.recordsPerSecond) * 100)} %)`
      return `${variant} ${formatNumber(m.recordsPerSecond.median)}${used}`
    }).join(', ')
  const memory = s.memory?.summary as Record<string, Comparison> | undefined
  const memoryNames: Record<string, string> = { 'file-to-kafka/string': '1 String', 'file-to-kafka/json': '1 JSON', 'kafka-to-file/string': '2' }
  const memoryCell = memory === undefined
    ? undefined
    : Object.entries(memory).map(([variant, m]) =>
      `${memoryNames[variant] ?? variant}: ${formatNumber(m.kconnect.median / MIB)} / ${formatNumber(m.java.median / MIB)} MiB (${formatNumber(m.ratio.median)}×)`).join('; ')
  const startup = s.startup?.summary as Record<string, Comparison> | undefined
  const startupCell = (m: Comparison | undefined): string | undefined => m === undefined
    ? undefined
    : `${formatNumber(m.kconnect.median)} / ${formatNumber(m.java.median)} ms (${formatNumber(m.ratio.median)}×)`
  const engine = s['engine-overhead']?.summary as Record<string, Record<string, Summary>> | undefined
  const engineRun = engine === undefined ? undefined : Object.values(engine)[0]
  const engineCell = engineRun === undefined
    ? undefined
    : `${formatNumber(engineRun.recordsPerSecond.median)} rec/s, ${formatNumber(engineRun.cpuMicrosPerRecord.median)} µs CPU/rec`
  const env = results.environment
  return `| ${fileStem(results.date)} | ${results.settings.mode} (${formatNumber(results.settings.records)} rec × ${results.settings.repetitions}) | ` +
    `${env.commit}${env.uncommittedChanges ? '+' : ''} | ${cell(throughput(f2k?.string))} | ${cell(throughput(f2k?.json))} | ${cell(throughput(k2f?.string))} | ` +
    `${cell(ceilingCell)} | ${cell(memoryCell)} | ${cell(startupCell(startup?.restReadyMs))} | ${cell(startupCell(startup?.firstRecordMs))} | ${cell(engineCell)} |`
}

/** Reads back the results a run saved (the newest run when no stem is given), e.g. to draw its charts again. */
export async function loadResults (benchDir: string, stem?: string): Promise<BenchResults> {
  const dir = join(benchDir, 'results')
  const goalsFiles = (await readdir(dir)).filter(f => f.endsWith('-goals.json')).sort()
  const goalsFile = stem === undefined ? goalsFiles.at(-1) : `${stem}-goals.json`
  if (goalsFile === undefined) throw new Error(`No results in ${dir}: run npm run bench first`)
  const runStem = goalsFile.slice(0, -'-goals.json'.length)
  const saved = JSON.parse(await readFile(join(dir, goalsFile), 'utf8')) as { runId: string, date: string, environment: Environment, settings: BenchSettings, goals: GoalStatus[] }
  const scenarios: Partial<Record<ResultName, ScenarioResult>> = {}
  for (const name of Object.keys(SCENARIO_INFO) as ResultName[]) {
    const text = await readFile(join(dir, `${runStem}-${name}.json`), 'utf8').catch(() => null)
    if (text !== null) scenarios[name] = JSON.parse(text) as ScenarioResult
  }
  const date = new Date(saved.date)
  return { runId: saved.runId, date, settings: saved.settings, environment: saved.environment, scenarios, goals: saved.goals, report: reportLines(scenarios, saved.goals) }
}
