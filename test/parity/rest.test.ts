// REST parity: the same sequence of requests against Java Kafka Connect standalone (from Maven
// Central, scripts/servers/connect.ts) and kconnect standalone (bin/kconnect, a real process), with
// FileStream connectors, comparing status codes, Location headers and bodies, key order included.
// Java and one kconnect worker use the test broker; a second kconnect worker runs on the embedded
// log, and must answer the same.
//
// Each side names its connectors, topic and files with its own token, which is replaced by <token>
// before comparing. Besides that, only these values are ignored, because they must differ:
//   - GET /: version and commit (and the cluster id, for the worker on the embedded log);
//   - worker_id in statuses; the text of a trace (its presence is compared);
//   - last_modified of loggers; the list of loggers (each side has its own classes);
//   - the host:port of Location headers;
//   - the list of available connectors in the "unknown connector class" message (Java prints its
//     class loader's PluginDesc objects);
//
// KCONNECT_PARITY_REST_SIDES=java,java runs Java against itself, which checks the harness.

import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { freePort, stopProcess } from '../../scripts/servers/kafka.ts'
import { startConnect } from '../../scripts/servers/connect.ts'
import { testBootstrap } from '../support/kafka.ts'

const REPO = resolve(import.meta.dirname, '..', '..')
type SideKind = 'java' | 'kconnect' | 'kconnect-embedded'
const SIDES = (process.env.KCONNECT_PARITY_REST_SIDES ?? 'java,kconnect,kconnect-embedded').split(',') as SideKind[]
const INPUT_LINES = ['alpha', 'beta', 'gamma', 'delta']
const DEADLINE_MS = 60_000

interface Side {
  readonly kind: SideKind
  readonly url: string
  readonly token: string
  stop (): Promise<void>
}

interface Answer {
  status: number
  location: string | null
  text: string
}

const WORKER_DEFAULTS = (bootstrap: string, dir: string, token: string): Record<string, string> => ({
  'bootstrap.servers': bootstrap,
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'offset.storage.file.filename': join(dir, `offsets-${token}`),
  'offset.flush.interval.ms': '500',
})

async function startJava (bootstrap: string, dir: string, token: string): Promise<Side> {
  const worker = await startConnect({ bootstrap, workerConfig: WORKER_DEFAULTS(bootstrap, dir, token) })
  return { kind: 'java', url: worker.url, token, stop: () => worker.stop() }
}

async function startKconnect (bootstrap: string, dir: string, token: string, embedded: boolean): Promise<Side> {
  const port = await freePort()
  const backend = embedded ? { 'log.backend': 'embedded', 'log.embedded.dir': join(dir, `log-${token}`) } : { 'log.backend': 'kafka' }
  const props = { ...WORKER_DEFAULTS(bootstrap, dir, token), ...backend, listeners: `http://127.0.0.1:${port}` }
  const workerFile = join(dir, `worker-${token}.properties`)
  await writeFile(workerFile, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n')
  const logFile = join(dir, `kconnect-${token}.log`)
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'bin', 'kconnect'), 'standalone', workerFile], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
  const url = `http://127.0.0.1:${port}`
  const stop = async (): Promise<void> => {
    await stopProcess(child, 30_000)
    await writeFile(logFile, output)
  }
  const deadline = Date.now() + DEADLINE_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    try {
      if ((await fetch(url + '/')).status === 200) return { kind: embedded ? 'kconnect-embedded' : 'kconnect', url, token, stop }
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  await stop()
  throw new Error(`kconnect standalone did not start:\n${output.split('\n').slice(-40).join('\n')}`)
}

async function request (side: Side, method: string, path: string, body?: string | object): Promise<Answer> {
  const text = body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)).replaceAll('<token>', side.token)
  const response = await fetch(side.url + path.replaceAll('<token>', side.token), {
    method,
    headers: text === undefined ? {} : { 'content-type': 'application/json' },
    body: text,
  })
  return { status: response.status, location: response.headers.get('location'), text: await response.text() }
}

const PLACEHOLDER = '<ignored>'

/** A side's answer with its own token and URL replaced, and the ignored values blanked. */
interface Rules {
  /** GET /: version and commit differ. */
  root?: boolean
  /** Maps keyed by connector name, which Kafka writes in HashMap order. */
  sortKeys?: boolean
  /** Only the root logger is common to both. */
  loggers?: boolean
  /** Only plugins of these types are compared. */
  pluginTypes?: string[]
}

function normalize (side: Side, answer: Answer, rules: Rules = {}): { status: number, location: string | null, body: unknown } {
  const text = answer.text.replaceAll(side.token, '<token>')
  let body: unknown = text
  try {
    body = text === '' ? '' : JSON.parse(text)
  } catch {
    // not JSON: compared as text
  }
  const blank = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(blank)
    if (value === null || typeof value !== 'object') return value
    const out: Record<string, unknown> = {}
    for (const [key, entry] of Object.entries(value)) {
      out[key] = ['worker_id', 'trace', 'last_modified'].includes(key) ? PLACEHOLDER : blank(entry)
    }
    return out
  }
  body = blank(body)
  if (rules.root === true && body !== null && typeof body === 'object') {
    // The cluster id is compared apart: the embedded log has its own.
    body = { ...body, version: PLACEHOLDER, commit: PLACEHOLDER, kafka_cluster_id: PLACEHOLDER }
  }
  if (rules.sortKeys === true && body !== null && typeof body === 'object') {
    body = Object.fromEntries(Object.entries(body).sort(([a], [b]) => a.localeCompare(b)))
  }
  if (rules.loggers === true && body !== null && typeof body === 'object') {
    body = { root: (body as Record<string, unknown>).root }
  }
  if (rules.pluginTypes !== undefined && Array.isArray(body)) {
    body = body.filter(plugin => rules.pluginTypes?.includes(plugin.type))
  }
  const location = answer.location === null ? null : answer.location.replace(side.url, '<url>').replaceAll(side.token, '<token>')
  return { status: answer.status, location, body }
}

async function waitFor (side: Side, what: string, path: string, accept: (body: any) => boolean): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS
  let last = ''
  while (Date.now() < deadline) {
    const answer = await request(side, 'GET', path)
    last = `${answer.status} ${answer.text}`
    if (answer.status === 200 && accept(JSON.parse(answer.text))) return
    await sleep(200)
  }
  throw new Error(`${side.kind}: ${what} did not happen within ${DEADLINE_MS} ms; last answer to GET ${path}: ${last}`)
}

function running (status: any, tasks = 1): boolean {
  return status.connector.state === 'RUNNING' && status.tasks.length === tasks && status.tasks.every((t: any) => t.state === 'RUNNING')
}

describe('REST parity with Java Kafka Connect standalone', () => {
  const sides: Side[] = []
  let dir: string

  before(async () => {
    const bootstrap = await testBootstrap()
    dir = await mkdtemp(join(tmpdir(), 'kconnect-rest-parity-'))
    let n = 0
    for (const kind of SIDES) {
      const token = `${kind[0]}${n++}${Math.random().toString(36).slice(2, 7)}`
      await writeFile(join(dir, `in-${token}.txt`), INPUT_LINES.join('\n') + '\n')
      sides.push(kind === 'java' ? await startJava(bootstrap, dir, token) : await startKconnect(bootstrap, dir, token, kind === 'kconnect-embedded'))
    }
  })

  after(async () => {
    await Promise.all(sides.map(side => side.stop()))
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  /** Sends the request to every side and asserts each answers as the first (Java) does; returns Java's answer. */
  async function same (method: string, path: string, body?: string | object, rules?: Rules): Promise<ReturnType<typeof normalize>> {
    const [expected, ...others] = await Promise.all(sides.map(async side => normalize(side, await request(side, method, path, body), rules)))
    others.forEach((actual, i) => {
      const who = `${sides[i + 1].kind}: ${method} ${path}`
      assert.deepEqual(actual, expected, who)
      // deepEqual ignores key order; Kafka's clients may not.
      assert.equal(JSON.stringify(actual.body), JSON.stringify(expected.body), `${who}: same keys, in the same order`)
    })
    return expected
  }

  async function onBoth (what: string, path: string, accept: (body: any) => boolean): Promise<void> {
    await Promise.all(sides.map(side => waitFor(side, what, path.replaceAll('<token>', side.token), accept)))
  }

  const source = (extra: Record<string, string> = {}): Record<string, string> => ({
    'connector.class': 'FileStreamSource', file: `${tmpdir()}/placeholder`, topic: 'parity-<token>', 'tasks.max': '1', ...extra,
  })

  it('answers the whole connector lifecycle as Java does', async () => {
    const src = 'src-<token>'
    const sink = 'sink-<token>'
    // The input file lives in the shared folder; its path carries the token.
    const sourceConfig = (extra: Record<string, string> = {}): Record<string, string> => source({ file: join(dir, 'in-<token>.txt'), ...extra })

    await same('GET', '/', undefined, { root: true })
    const clusterIds = await Promise.all(sides.map(async side => JSON.parse((await request(side, 'GET', '/')).text).kafka_cluster_id))
    sides.forEach((side, i) => {
      if (side.kind !== 'kconnect-embedded') assert.equal(clusterIds[i], clusterIds[0], `${side.kind}: the broker's cluster id`)
    })
    await same('GET', '/connectors')
    await same('GET', '/connectors?expand=status')

    const created = await same('POST', '/connectors', { name: src, config: sourceConfig() })
    assert.equal(created.status, 201)
    await onBoth('the source running', `/connectors/${src}/status`, s => running(s))
    await same('POST', '/connectors', { name: src, config: sourceConfig() })
    await same('GET', `/connectors/${src}`)
    await same('GET', `/connectors/${src}/config`)
    await same('GET', `/connectors/${src}/status`)
    await same('GET', `/connectors/${src}/tasks`)
    await same('GET', `/connectors/${src}/tasks/0/status`)
    await same('GET', `/connectors/${src}/tasks/5/status`)
    await onBoth('the source\'s topic tracked', `/connectors/${src}/topics`, t => Object.values(t).some((e: any) => e.topics.length > 0))
    await same('GET', `/connectors/${src}/topics`)

    await same('PUT', `/connectors/${src}/config`, sourceConfig({ 'batch.size': '10' }))
    await same('PATCH', `/connectors/${src}/config`, { 'batch.size': null })
    await same('PUT', `/connectors/other-${src}/config`, sourceConfig({ name: 'different' }))
    await onBoth('the source running again', `/connectors/${src}/status`, s => running(s))

    await same('PUT', `/connectors/${src}/pause`)
    await onBoth('the source paused', `/connectors/${src}/status`, s => s.connector.state === 'PAUSED' && s.tasks.every((t: any) => t.state === 'PAUSED'))
    await same('GET', `/connectors/${src}/status`)
    await same('PUT', `/connectors/${src}/resume`)
    await onBoth('the source resumed', `/connectors/${src}/status`, s => running(s))

    await same('POST', `/connectors/${src}/restart`)
    await onBoth('the source running after a restart', `/connectors/${src}/status`, s => running(s))
    await same('POST', `/connectors/${src}/restart?includeTasks=true`)
    await onBoth('the source running after a restart with tasks', `/connectors/${src}/status`, s => running(s))
    await same('POST', `/connectors/${src}/restart?includeTasks=true&onlyFailed=true`)
    await same('POST', `/connectors/${src}/tasks/0/restart`)
    await onBoth('the source running after a task restart', `/connectors/${src}/status`, s => running(s))

    const fileLength = INPUT_LINES.join('\n').length + 1
    await onBoth('the source offsets flushed', `/connectors/${src}/offsets`, o => o.offsets[0]?.offset?.position === fileLength)
    await same('GET', `/connectors/${src}/offsets`)
    const offsets = { offsets: [{ partition: { filename: join(dir, 'in-<token>.txt') }, offset: { position: 2 } }] }
    await same('PATCH', `/connectors/${src}/offsets`, offsets)
    await same('DELETE', `/connectors/${src}/offsets`)

    await same('PUT', `/connectors/${src}/stop`)
    await onBoth('the source stopped', `/connectors/${src}/status`, s => s.connector.state === 'STOPPED' && s.tasks.length === 0)
    await same('GET', `/connectors/${src}/status`)
    await same('PUT', `/connectors/${src}/stop`)
    await same('GET', `/connectors/${src}`)
    await same('GET', `/connectors/${src}/tasks`)
    await same('PATCH', `/connectors/${src}/offsets`, { offsets: [] })
    await same('PATCH', `/connectors/${src}/offsets`, {})
    await same('PATCH', `/connectors/${src}/offsets`, offsets)
    await same('GET', `/connectors/${src}/offsets`)
    await same('DELETE', `/connectors/${src}/offsets`)
    await same('GET', `/connectors/${src}/offsets`)
    await same('PUT', `/connectors/${src}/resume`)
    await onBoth('the source running after stop and resume', `/connectors/${src}/status`, s => running(s))

    await same('POST', '/connectors', { name: sink, config: { 'connector.class': 'FileStreamSink', file: join(dir, 'out-<token>.txt'), topics: 'parity-<token>' } })
    await onBoth('the sink running', `/connectors/${sink}/status`, s => running(s))
    await same('GET', '/connectors?expand=status&expand=info', undefined, { sortKeys: true })
    await same('GET', '/connectors?expand=info', undefined, { sortKeys: true })
    // The source read the file from the start twice (offsets reset): 8 records.
    await onBoth('the sink offsets committed', `/connectors/${sink}/offsets`, o => o.offsets[0]?.offset?.kafka_offset === INPUT_LINES.length * 2)
    await same('GET', `/connectors/${sink}/offsets`)
    await same('GET', `/connectors/${sink}/topics`)

    await same('DELETE', `/connectors/${sink}`)
    await same('DELETE', `/connectors/${src}`)
    await same('GET', '/connectors')
    await same('GET', '/health')
  })

  it('lists plugins and validates configs as Java does', async () => {
    await same('GET', '/connector-plugins')
    await same('GET', '/connector-plugins?connectorsOnly=false')
    await same('GET', '/connector-plugins/org.apache.kafka.connect.transforms.RegexRouter/config')
    await same('GET', '/connector-plugins/TopicNameMatches/config')
    await same('GET', '/connector-plugins/org.apache.kafka.connect.transforms.TimestampConverter$Value/config')
    await same('PUT', '/connector-plugins/FileStreamSource/config/validate', {
      'connector.class': 'FileStreamSource',
      topic: 't',
      transforms: 'route,insert',
      'transforms.route.type': 'RegexRouter',
      'transforms.insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.insert.topic.field': 'topic',
      'transforms.insert.predicate': 'p',
      'transforms.insert.negate': 'yes',
      predicates: 'p',
      'predicates.p.type': 'TopicNameMatches',
      'predicates.p.pattern': '(',
    })
    await same('GET', '/connector-plugins/FileStreamSource/config')
    await same('GET', '/connector-plugins/org.apache.kafka.connect.file.FileStreamSinkConnector/config')
    await same('GET', '/connector-plugins/Nope/config')
    await same('PUT', '/connector-plugins/FileStreamSource/config/validate', { 'connector.class': 'FileStreamSource', 'batch.size': 'x', topic: 't' })
    await same('PUT', '/connector-plugins/FileStreamSink/config/validate', { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', topics: 'a', 'topics.regex': 'b.*' })
    await same('PUT', '/connector-plugins/FileStreamSource/config/validate', { 'connector.class': 'FileStreamSink' })
  })

  it('answers bad input as Java does', async () => {
    await same('POST', '/connectors', '{bad')
    await same('POST', '/connectors', '{"name": "x", "config": {"a": 1,}}')
    await same('POST', '/connectors', { name: 'bad-<token>', config: source({ topic: '' }) })
    await same('POST', '/connectors', { name: 'bad-<token>', config: { 'connector.class': 'FileStreamSource' } })
    await same('POST', '/connectors', { name: 'bad-<token>', config: source({ 'batch.size': 'many' }) })
    await same('POST', '/connectors', { name: 'bad-<token>', config: source({ 'tasks.max': '0' }) })
    await same('POST', '/connectors', { name: 'bad-<token>', config: { 'connector.class': 'FileStreamSink', topics: 'a', 'topics.regex': 'b' } })
    await same('POST', '/connectors', { config: source() })
    // Bodies Jackson cannot bind: Kafka answers 500 with Jackson's message, location and reference chain.
    await same('POST', '/connectors', '{"name":"x","config":{"a":"b"}} trailing')
    await same('POST', '/connectors', '{"name":"x","config":{"a":"b"}')
    await same('POST', '/connectors', '{"name":"a","extra":1,"config":{}}')
    await same('POST', '/connectors', '{"name":"x","config":{"a":[1]}}')
    await same('POST', '/connectors', '{"name":"x","config":{"connector.class":"FileStreamSource"},"initial_state":"sleeping"}')
    await same('PUT', '/connectors/bad-<token>/config', '{"a":{"b":1}}')
    await same('PUT', '/connectors/bad-<token>/config', '{"a":"1"} {')
    await same('PUT', '/connectors/bad-<token>/config', '{"a":007}')
    await same('PATCH', '/connectors/nope-<token>/offsets', '{"offsets":[{"partition":1}]}')
    await same('PATCH', '/connectors/nope-<token>/offsets', '{"offsets":[{"partition":{},"x":1}]}')
    await same('PUT', '/admin/loggers/kconnect.parity', '{"level":{}}')
    await same('PUT', '/connector-plugins/FileStreamSource/config/validate', '{"a":1,}')
    await same('PUT', '/connectors/bad-<token>/config', { ...source(), name: 'other' })
    // An unknown class: Java lists its class loader's plugin descriptors after the first sentence.
    const [java, ...ours] = await Promise.all(sides.map(side => request(side, 'POST', '/connectors', { name: 'bad-<token>', config: { 'connector.class': 'com.example.Nope' } })))
    const firstSentence = (text: string): string => JSON.parse(text).message.split(', available connectors are:')[0]
    for (const answer of ours) {
      assert.equal(answer.status, java.status)
      assert.equal(firstSentence(answer.text), firstSentence(java.text))
    }
    await same('GET', '/connectors')

    await same('GET', '/connectors/nope-<token>')
    await same('GET', '/connectors/nope-<token>/config')
    await same('GET', '/connectors/nope-<token>/status')
    await same('GET', '/connectors/nope-<token>/tasks')
    await same('GET', '/connectors/nope-<token>/offsets')
    await same('DELETE', '/connectors/nope-<token>')
    await same('PUT', '/connectors/nope-<token>/pause')
    await same('PUT', '/connectors/nope-<token>/resume')
    await same('PATCH', '/connectors/nope-<token>/config', { a: 'b' })
    await same('POST', '/connectors/nope-<token>/restart?includeTasks=true')
    await same('GET', '/connectors/nope-<token>/topics')
    await same('PUT', '/connectors/nope-<token>/topics/reset')
    await same('GET', '/nope')
    await same('DELETE', '/')
    await same('PUT', '/connectors', {})
    await same('GET', '/connectors/nope-<token>/tasks-config')
    await same('GET', '/connectors/x/tasks/notanumber/status')
  })

  it('reads and sets logger levels as Java does', async () => {
    await same('GET', '/admin/loggers', undefined, { loggers: true })
    await same('GET', '/admin/loggers/root')
    await same('GET', '/admin/loggers/kconnect.parity.nothing')
    await same('PUT', '/admin/loggers/kconnect.parity.test', { level: 'debug' })
    await same('GET', '/admin/loggers/kconnect.parity.test')
    await same('PUT', '/admin/loggers/kconnect.parity.test', { level: 'DEBUG' })
    await same('PUT', '/admin/loggers/kconnect.parity.test', { level: 'bogus' })
    await same('PUT', '/admin/loggers/kconnect.parity.test', {})
    await same('PUT', '/admin/loggers/kconnect.parity.test?scope=cluster', { level: 'WARN' })
    await same('GET', '/admin/loggers/kconnect.parity.test')
  })

  it('keeps the sink\'s output file as Java writes it', async () => {
    // Both sides wrote their topic's records (the input, twice) to their own file.
    for (const side of sides) {
      const out = await readFile(join(dir, `out-${side.token}.txt`), 'utf8').catch(() => '')
      assert.equal(out, [...INPUT_LINES, ...INPUT_LINES].map(l => l + '\n').join(''), side.kind)
    }
  })
})
