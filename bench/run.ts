// `npm run bench`: Java Kafka Connect and kconnect side by side on one broker, scenario by
// scenario, alternating engines, several repetitions; then results/<date>-<scenario>.json, a row in
// RESULTS.md, and charts in charts/. bench/README.md says what each scenario measures and how.
//
//   npm run bench                       the sizes (1,000,000 records), 3 repetitions
//   npm run bench -- --quick            a smoke run: 100,000 records, 1 repetition
//   npm run bench -- --scenarios 1,3 --records 200000 --repetitions 5 --cpu-prof --no-save

import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { startKafka, type KafkaBroker } from '../scripts/servers/kafka.ts'
import { drawCharts } from './lib/charts.ts'
import { SCENARIOS, type BenchContext, type BenchSettings, type ScenarioName } from './lib/context.ts'
import { readEnvironment } from './lib/environment.ts'
import { buildResults, saveResults, type ScenarioOutput } from './lib/results.ts'
import { BenchTopics } from './lib/topics.ts'
import { ENGINES, type Engine } from './lib/workers.ts'
import { engineOverhead } from './scenarios/engine-overhead.ts'
import { fileToKafka } from './scenarios/file-to-kafka.ts'
import { kafkaToFile } from './scenarios/kafka-to-file.ts'
import { producerCeiling } from './scenarios/producer-ceiling.ts'
import { startup } from './scenarios/startup.ts'

const run = promisify(execFile)
const BENCH_DIR = import.meta.dirname
const REPO = resolve(BENCH_DIR, '..')

const USAGE = `Usage: npm run bench -- [options]

Runs Java Kafka Connect and kconnect side by side on one Kafka broker (bench/README.md).

Options:
  --quick                    a smoke run: 100000 records, 1 repetition, 2 start-ups per engine
  --records <n>              records per throughput run (default 1000000)
  --repetitions <n>          throughput runs per engine and variant (default 3)
  --startup-repetitions <n>  start-ups per engine (default 5)
  --scenarios <list>         numbers or names, comma-separated (default all):
                             1 file-to-kafka, 2 kafka-to-file, 3 startup, 4 memory (= 1 and 2),
                             5 producer-ceiling, 6 engine-overhead
  --engines <list>           java,kconnect (default both; one alone gives no ratios, for iterating on a fix)
  --bootstrap <host:port>    use this broker instead of starting one
  --committed                run kconnect as committed (a snapshot of HEAD), not this working tree
  --cpu-prof                 write V8 CPU profiles of kconnect's workers to bench/profiles/<run>/
  --no-save                  print the figures only: no results file, RESULTS.md row or chart
  -h, --help                 this text
`

const SCENARIO_NUMBERS: Record<string, ScenarioName[]> = {
  1: ['file-to-kafka'],
  2: ['kafka-to-file'],
  3: ['startup'],
  4: ['file-to-kafka', 'kafka-to-file'],
  memory: ['file-to-kafka', 'kafka-to-file'],
  5: ['producer-ceiling'],
  6: ['engine-overhead'],
}

function positiveInteger (value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const number = Number(value.replaceAll('_', ''))
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive whole number, not '${value}'`)
  return number
}

function parseScenarios (list: string | undefined): ScenarioName[] {
  if (list === undefined) return [...SCENARIOS]
  const chosen = new Set<ScenarioName>()
  for (const item of list.split(',').map(s => s.trim()).filter(s => s !== '')) {
    const names = SCENARIO_NUMBERS[item] ?? ((SCENARIOS as readonly string[]).includes(item) ? [item as ScenarioName] : undefined)
    if (names === undefined) throw new Error(`Unknown scenario '${item}': use 1-6 or ${SCENARIOS.join(', ')}`)
    for (const name of names) chosen.add(name)
  }
  // Always in the same order, whatever order the flag lists them in.
  return SCENARIOS.filter(s => chosen.has(s))
}

/** The run's settings from its command line. */
export function settingsFrom (args: string[], runId: string): BenchSettings & { bootstrap?: string, save: boolean, committed: boolean } {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean' },
      records: { type: 'string' },
      repetitions: { type: 'string' },
      'startup-repetitions': { type: 'string' },
      scenarios: { type: 'string' },
      engines: { type: 'string' },
      bootstrap: { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      committed: { type: 'boolean' },
      'no-save': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help === true) {
    process.stdout.write(USAGE)
    process.exit(0)
  }
  const quick = values.quick === true
  const records = positiveInteger(values.records, 'records', quick ? 100_000 : 1_000_000)
  const repetitions = positiveInteger(values.repetitions, 'repetitions', quick ? 1 : 3)
  const startupRepetitions = positiveInteger(values['startup-repetitions'], 'startup-repetitions', quick ? 2 : 5)
  const engines = (values.engines ?? ENGINES.join(',')).split(',').map(e => e.trim())
  for (const engine of engines) if (!(ENGINES as readonly string[]).includes(engine)) throw new Error(`Unknown engine '${engine}': use ${ENGINES.join(', ')}`)
  const custom = values.records !== undefined || values.repetitions !== undefined || values['startup-repetitions'] !== undefined ||
    values.engines !== undefined
  return {
    mode: custom ? 'custom' : quick ? 'quick' : 'full',
    records,
    repetitions,
    startupRepetitions,
    scenarios: parseScenarios(values.scenarios),
    engines: engines as Engine[],
    cpuProfileDir: values['cpu-prof'] === true ? join(BENCH_DIR, 'profiles', runId) : null,
    pollMs: 20,
    kconnectDir: REPO,
    committed: values.committed === true,
    bootstrap: values.bootstrap,
    save: values['no-save'] !== true,
  }
}

async function main (): Promise<void> {
  const startedAt = new Date()
  const runId = startedAt.toISOString().replace(/[-:]/g, '').slice(0, 13) + Math.random().toString(36).slice(2, 6)
  const parsed = settingsFrom(process.argv.slice(2), runId)
  // Others may be editing this working tree; --committed measures HEAD as it is, whatever is half-written.
  const snapshot = parsed.committed ? await snapshotOfHead(REPO) : null
  const settings = { ...parsed, kconnectDir: snapshot ?? REPO }
  const progress = (message: string): void => {
    process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
  }
  progress(`mode ${settings.mode}: ${settings.records} records, ${settings.repetitions} repetitions, scenarios ${settings.scenarios.join(', ')}`)
  if (settings.cpuProfileDir !== null) await mkdir(settings.cpuProfileDir, { recursive: true })
  const environment = { ...await readEnvironment(REPO), ...(snapshot === null ? {} : { uncommittedChanges: false }) }
  let broker: KafkaBroker | undefined
  const bootstrap = settings.bootstrap ?? (broker = await startKafka()).bootstrap
  progress(`broker ${bootstrap}${broker === undefined ? ' (given)' : ' (started for this run)'}`)
  const topics = new BenchTopics(bootstrap)
  const workDir = await mkdtemp(join(tmpdir(), 'kconnect-bench-'))
  const context: BenchContext = { settings, bootstrap, topics, workDir, runId, progress }
  const outputs: ScenarioOutput[] = []
  try {
    for (const scenario of settings.scenarios) {
      const began = performance.now()
      progress(`scenario ${scenario}`)
      switch (scenario) {
        case 'startup': outputs.push({ scenario, ...await startup(context) }); break
        case 'file-to-kafka': outputs.push({ scenario, ...await fileToKafka(context) }); break
        case 'kafka-to-file': outputs.push({ scenario, ...await kafkaToFile(context) }); break
        case 'producer-ceiling': outputs.push({ scenario, ...await producerCeiling(context) }); break
        case 'engine-overhead': outputs.push({ scenario, ...await engineOverhead(context) }); break
      }
      progress(`scenario ${scenario} took ${((performance.now() - began) / 1000).toFixed(0)} s`)
    }
  } finally {
    await topics.close().catch(() => {})
    await broker?.stop()
    await rm(workDir, { recursive: true, force: true })
    if (snapshot !== null) await rm(snapshot, { recursive: true, force: true })
  }
  const results = buildResults(outputs, { runId, date: startedAt, settings, environment })
  for (const line of results.report) progress(line)
  if (!settings.save) return
  const written = await saveResults(BENCH_DIR, results)
  for (const file of written) progress(`wrote ${file}`)
  for (const file of await drawCharts(join(BENCH_DIR, 'charts'), results)) progress(`wrote ${file}`)
  if (settings.cpuProfileDir !== null) progress(`CPU profiles in ${settings.cpuProfileDir}`)
}

/** Exports HEAD into a temporary folder (git archive), with this checkout's node_modules linked in. */
async function snapshotOfHead (repo: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-bench-head-'))
  await run('sh', ['-c', `git -C "${repo}" archive --format=tar HEAD | tar -x -C "${dir}"`])
  await symlink(join(repo, 'node_modules'), join(dir, 'node_modules'))
  return dir
}

if (import.meta.main) await main()
