// The charts a reader looks at instead of the numbers: Vega-Lite specs rendered to SVG by Vega
// (headless, no browser) and to PNG by resvg, with the machine's DejaVu/sans-serif fonts. Java and
// kconnect side by side in every panel, medians as bars, min–max of the repetitions as whiskers,
// the goals as dashed lines.

import { Resvg } from '@resvg/resvg-js'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as vega from 'vega'
import * as vegaLite from 'vega-lite'
import type { BenchResults } from './results.ts'
import type { Summary } from './stats.ts'
import type { Comparison, GoalStatus } from './summaries.ts'

const CEILING = 'producer ceiling'
const SERIES_COLORS: Record<string, string> = { Java: '#e76f00', kconnect: '#3178c6', [CEILING]: '#9e9e9e', 'source side': '#6d9fd8', 'end to end': '#3178c6' }
const COLORS = { goal: '#d62728' }
const MIB = 2 ** 20

/** One bar: a median with its min and max. */
interface Bar {
  readonly panel: string
  readonly series: string
  readonly median: number
  readonly min: number
  readonly max: number
}

/** A dashed horizontal line with a label (written in the panel's right margin, above or below the line). */
interface GoalLine {
  readonly panel: string
  readonly value: number
  readonly label: string
  readonly below?: boolean
}

function bar (panel: string, series: string, summary: Summary | undefined, scale = 1): Bar[] {
  if (summary === undefined || summary.n === 0) return []
  return [{ panel, series, median: summary.median * scale, min: summary.min * scale, max: summary.max * scale }]
}

/** A panel: bars per series, whiskers, goal lines with labels. */
function panelSpec (panel: string, bars: readonly Bar[], goals: readonly GoalLine[], yTitle: string, format: string): Record<string, unknown> {
  const series = [...new Set(bars.map(b => b.series))]
  const x = { field: 'series', type: 'nominal', title: null, sort: series, axis: { labelAngle: 0, labelFontSize: 11, labelLimit: 200 }, scale: { paddingInner: 0.25 } }
  const color = { field: 'series', type: 'nominal', legend: null, scale: { domain: Object.keys(SERIES_COLORS), range: Object.values(SERIES_COLORS) } }
  const top = Math.max(...bars.map(b => b.max), ...goals.map(g => g.value)) * 1.12
  const y = { field: 'median', type: 'quantitative', title: yTitle, scale: { domain: [0, top], nice: false }, axis: { format } }
  const layers: Array<Record<string, unknown>> = [
    { data: { values: bars }, mark: { type: 'bar', width: { band: 0.6 } }, encoding: { x, y, color } },
    { data: { values: bars }, mark: { type: 'rule', color: '#333', strokeWidth: 1.5 }, encoding: { x, y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' } } },
    {
      data: { values: bars },
      mark: { type: 'text', dy: -8, fontSize: 11, fontWeight: 'bold' },
      encoding: { x, y: { field: 'max', type: 'quantitative' }, text: { field: 'median', type: 'quantitative', format } },
    },
  ]
  if (goals.length > 0) {
    layers.push(
      { data: { values: goals }, mark: { type: 'rule', color: COLORS.goal, strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y: { field: 'value', type: 'quantitative' } } },
      {
        data: { values: goals.filter(g => g.below !== true) },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, color: COLORS.goal, fontSize: 11, x: 'width' },
        encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: { values: goals.filter(g => g.below === true) },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, color: COLORS.goal, fontSize: 11, x: 'width' },
        encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
      },
    )
  }
  return { title: { text: panel, fontSize: 13 }, width: 90 * series.length + 20, height: 260, layer: layers }
}

function subtitle (results: BenchResults, repetitions = results.settings.repetitions): string[] {
  const env = results.environment
  return [
    `${results.date.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${results.settings.mode} run · ${results.settings.records.toLocaleString('en-US')} records · ` +
      `median of ${repetitions} per engine (whiskers: min–max) · commit ${env.commit}${env.uncommittedChanges ? '+' : ''}`,
    `Kafka ${env.kafkaVersion} · Node ${env.node} · ${env.java} · ${env.cores} cores, ${env.cpu} · load average ${env.loadAverageAtStart.toFixed(1)} at the start`,
  ]
}

async function render (spec: Record<string, unknown>, file: string): Promise<void> {
  const compiled = vegaLite.compile(spec as unknown as vegaLite.TopLevelSpec).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' })
  const svg = await view.toSVG(2)
  view.finalize()
  const png = new Resvg(svg, { background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng()
  await writeFile(file, png)
}

function figure (title: string, results: BenchResults, panels: Array<Record<string, unknown>>, repetitions?: number): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: subtitle(results, repetitions), fontSize: 16, subtitleFontSize: 11, anchor: 'start', offset: 14 },
    hconcat: panels,
    spacing: 20,
    padding: 16,
    resolve: { scale: { y: 'independent', color: 'shared' } },
    config: { font: 'DejaVu Sans', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 } },
  }
}

type Compared = Record<string, Record<string, Comparison>>

function throughputChart (results: BenchResults): Record<string, unknown> | null {
  const f2k = results.scenarios['file-to-kafka']?.summary as Compared | undefined
  const k2f = results.scenarios['kafka-to-file']?.summary as Compared | undefined
  const ceiling = results.scenarios['producer-ceiling']?.summary as Record<string, Record<string, Summary>> | undefined
  if (f2k === undefined && k2f === undefined) return null
  const panels: Array<Record<string, unknown>> = []
  const names: Record<string, string> = { string: 'StringConverter', json: 'JsonConverter (schemas on)' }
  for (const [variant, m] of Object.entries(f2k ?? {})) {
    const panel = `1 · File → Kafka, ${names[variant] ?? variant}`
    const limit = ceiling?.[variant]?.recordsPerSecond
    const bars = [...bar(panel, 'Java', m.recordsPerSecond.java), ...bar(panel, 'kconnect', m.recordsPerSecond.kconnect),
      ...bar(panel, CEILING, limit)]
    const goals: GoalLine[] = []
    if (m.recordsPerSecond.java.n > 0) goals.push({ panel, value: 2 * m.recordsPerSecond.java.median, label: 'goal: 2× Java' })
    if (limit !== undefined) {
      const value = 0.7 * limit.median
      // Two labels close together: the lower line's goes below it.
      const below = goals.length > 0 && value < goals[0].value
      if (!below && goals.length > 0) goals[0] = { ...goals[0], below: true }
      goals.push({ panel, value, label: 'goal: 70 % of ceiling', below })
    }
    panels.push(panelSpec(panel, bars, goals, 'records per second', ',.0f'))
  }
  for (const m of Object.values(k2f ?? {})) {
    const panel = '2 · Kafka → File, 4 partitions, 4 tasks'
    const goals = m.recordsPerSecond.java.n > 0 ? [{ panel, value: 2 * m.recordsPerSecond.java.median, label: 'goal: 2× Java' }] : []
    panels.push(panelSpec(panel, [...bar(panel, 'Java', m.recordsPerSecond.java), ...bar(panel, 'kconnect', m.recordsPerSecond.kconnect)], goals, 'records per second', ',.0f'))
  }
  return figure('Throughput: records per second (higher is better)', results, panels)
}

function memoryChart (results: BenchResults): Record<string, unknown> | null {
  const memory = results.scenarios.memory?.summary as Record<string, Comparison> | undefined
  if (memory === undefined) return null
  const names: Record<string, string> = { 'file-to-kafka/string': '1 · File → Kafka, String', 'file-to-kafka/json': '1 · File → Kafka, JSON', 'kafka-to-file/string': '2 · Kafka → File' }
  const panels = Object.entries(memory).map(([variant, m]) => {
    const panel = names[variant] ?? variant
    const goals = m.java.n > 0 ? [{ panel, value: m.java.median / 4 / MIB, label: 'goal: ¼ of Java' }] : []
    return panelSpec(panel, [...bar(panel, 'Java', m.java, 1 / MIB), ...bar(panel, 'kconnect', m.kconnect, 1 / MIB)], goals, 'peak RSS (MiB)', ',.0f')
  })
  return figure('Memory: peak resident set of the worker process (lower is better; Java: -Xms256M -Xmx2G as connect-standalone.sh)', results, panels)
}

function startupChart (results: BenchResults): Record<string, unknown> | null {
  const startup = results.scenarios.startup?.summary as Record<string, Comparison> | undefined
  if (startup === undefined) return null
  const panels = ([['restReadyMs', '3 · Process start → REST ready (GET /)'], ['firstRecordMs', '3 · Process start → first record in Kafka']] as const).map(([measure, panel]) => {
    const m = startup[measure]
    const goals = m.java.n > 0 ? [{ panel, value: m.java.median / 10, label: 'goal: ⅒ of Java' }] : []
    return panelSpec(panel, [...bar(panel, 'Java', m.java), ...bar(panel, 'kconnect', m.kconnect)], goals, 'milliseconds', ',.0f')
  })
  return figure('Start-up (lower is better)', results, panels, results.settings.startupRepetitions)
}

function costChart (results: BenchResults): Record<string, unknown> | null {
  const f2k = results.scenarios['file-to-kafka']?.summary as Compared | undefined
  const k2f = results.scenarios['kafka-to-file']?.summary as Compared | undefined
  const engine = results.scenarios['engine-overhead']?.summary as Record<string, Record<string, Summary>> | undefined
  if (f2k === undefined && k2f === undefined && engine === undefined) return null
  const panels: Array<Record<string, unknown>> = []
  const cpuPanel = (panel: string, m: Record<string, Comparison>): void => {
    panels.push(panelSpec(panel, [...bar(panel, 'Java', m.cpuMicrosPerRecord.java), ...bar(panel, 'kconnect', m.cpuMicrosPerRecord.kconnect)], [], 'CPU µs per record (worker process)', '.1f'))
  }
  if (f2k?.string !== undefined) cpuPanel('1 · File → Kafka, String', f2k.string)
  if (f2k?.json !== undefined) cpuPanel('1 · File → Kafka, JSON', f2k.json)
  for (const m of Object.values(k2f ?? {})) cpuPanel('2 · Kafka → File', m)
  for (const m of Object.values(engine ?? {})) {
    const panel = '6 · kconnect engine: generator → discard'
    panels.push(panelSpec(panel, [...bar(panel, 'kconnect', m.cpuMicrosPerRecord)], [], 'CPU µs per record (worker process)', '.1f'))
    const ratePanel = '6 · kconnect engine: records per second'
    const rates = [...bar(ratePanel, 'source side', m.sourceRecordsPerSecond), ...bar(ratePanel, 'end to end', m.recordsPerSecond)]
    panels.push({ ...panelSpec(ratePanel, rates, [], 'records per second', ',.0f') })
  }
  return figure('Cost: CPU time of the worker process per record (lower is better), and the engine alone', results, panels)
}

function goalsChart (goals: readonly GoalStatus[], results: BenchResults): Record<string, unknown> | null {
  if (goals.length === 0) return null
  const rows = goals.map(g => ({ goal: g.goal, measured: g.measured, target: g.target, met: g.met ? 'met' : 'not met',
    text: `${g.measured.toFixed(2)}× (goal ${g.direction === 'at-least' ? '≥' : '≤'} ${g.target}×): ${g.met ? 'met' : 'not met'}` }))
  const y = { field: 'goal', type: 'nominal', title: null, sort: null, axis: { labelLimit: 600, labelFontSize: 12 } }
  const x = { type: 'quantitative', scale: { type: 'log', domain: [0.05, 5] }, title: 'kconnect ÷ Java (or ÷ producer ceiling), log scale', axis: { values: [0.05, 0.1, 0.25, 0.5, 0.7, 1, 2, 5], format: '~g' } }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Goals of issue 6: where kconnect stands (● measured, | goal)', subtitle: subtitle(results), fontSize: 16, subtitleFontSize: 11, anchor: 'start', offset: 14 },
    data: { values: rows.filter(r => Number.isFinite(r.measured)) },
    width: 460,
    height: { step: 30 },
    padding: 16,
    config: { font: 'DejaVu Sans', view: { stroke: '#ddd' } },
    layer: [
      { mark: { type: 'rule', color: '#bbb' }, encoding: { y, x: { ...x, field: 'target' }, x2: { field: 'measured' } } },
      { mark: { type: 'tick', color: COLORS.goal, thickness: 3, size: 22 }, encoding: { y, x: { ...x, field: 'target' } } },
      {
        mark: { type: 'point', filled: true, size: 140 },
        encoding: { y, x: { ...x, field: 'measured' }, color: { field: 'met', type: 'nominal', legend: null, scale: { domain: ['met', 'not met'], range: ['#2ca02c', COLORS.goal] } } },
      },
      { mark: { type: 'text', align: 'left', dx: 12, fontSize: 11 }, encoding: { y, x: { value: 460 }, text: { field: 'text' } } },
    ],
  }
}

/** Draws every chart this run has data for into `dir`; resolves with the files written. */
export async function drawCharts (dir: string, results: BenchResults): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const charts: Array<[string, Record<string, unknown> | null]> = [
    ['throughput.png', throughputChart(results)],
    ['memory.png', memoryChart(results)],
    ['startup.png', startupChart(results)],
    ['cpu-per-record.png', costChart(results)],
    ['goals.png', goalsChart(results.goals, results)],
  ]
  const written: string[] = []
  for (const [name, spec] of charts) {
    if (spec === null) continue
    const file = join(dir, name)
    await render(spec, file)
    written.push(file)
  }
  return written
}
