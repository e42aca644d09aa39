// Parity with Kafka Connect's group protocol classes (connect-runtime 4.3.1), run by
// test/parity/java/src/ConnectProtocolParityDriver.java on the same inputs:
//
// - the codecs: member metadata (v0, v1, v2) and assignments (v0, v1, v2), and JoinGroup's
//   protocol lists, must be the same bytes; Java's bytes must decode to what Java decodes; bytes
//   that do not parse must fail with Java's message;
// - the assignors: scripted and random group histories (workers joining, leaving and coming back,
//   connectors created, deleted and resized, time passing, leaders changing, a leader behind the
//   config topic) are played round by round. Each round every member's metadata goes to our
//   leader's assignor and to Java's (one instance per leader, state kept between rounds), and the
//   assignments must be the same bytes. The members then apply what they got as a worker does,
//   which gives the next round's metadata.

import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { ConnectorTaskId } from '../../src/herder/herder.ts'
import type { AssignableConfig, AssignmentContext, ConnectAssignor } from '../../src/herder/distributed/assignor.ts'
import { EagerAssignor } from '../../src/herder/distributed/eager-assignor.ts'
import { IncrementalCooperativeAssignor } from '../../src/herder/distributed/incremental-cooperative-assignor.ts'
import { fromProtocolName, protocolName, protocolVersion, type ConnectProtocolCompatibility } from '../../src/herder/distributed/protocol/compatibility.ts'
import {
  assignmentFailed, connectAssignment, decodeAssignment, decodeMetadata, encodeAssignmentFor, encodeMetadata, encodeMetadataV0,
  joinGroupProtocols, type ConnectAssignment, type WorkerState,
} from '../../src/herder/distributed/protocol/connect-protocol.ts'
import { nextRunningAssignment } from '../../src/herder/distributed/running-assignment.ts'
import { loggers } from '../../src/logging/index.ts'
import { buildJavaDriver, runJavaLines, type JavaDriver } from '../support/java.ts'

// CONFIG_MISMATCH rounds log at INFO, as Java's do; the test makes dozens of them on purpose.
loggers.setLevel('org.apache.kafka.connect.runtime.distributed', 'WARN')

const DRIVER = 'ConnectProtocolParityDriver'
let driver: JavaDriver

before(async () => {
  driver = await buildJavaDriver(new URL('./java', import.meta.url).pathname)
})

type Json = Record<string, unknown>

function b64 (bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('base64')
}

function fromB64 (text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'))
}

function assignmentJson (a: ConnectAssignment | null): Json | null {
  if (a === null) return null
  return {
    version: a.version,
    error: a.error,
    leader: a.leader,
    leaderUrl: a.leaderUrl,
    offset: String(a.offset),
    connectors: [...a.connectors],
    tasks: a.tasks.map(t => [t.connector, t.task]),
    revokedConnectors: [...a.revokedConnectors],
    revokedTasks: a.revokedTasks.map(t => [t.connector, t.task]),
    delay: a.delay,
  }
}

async function java (requests: Json[]): Promise<Json[]> {
  const lines = await runJavaLines(driver, DRIVER, requests.map(request => JSON.stringify(request)))
  return lines.map(line => JSON.parse(line) as Json)
}

/** Runs `fn` and gives what Java's driver would answer: the value, or {error}. */
function attempt<T> (fn: () => T): { value: T } | { error: string } {
  try {
    return { value: fn() }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

// ----------------------------------------------------------------------------------------------
// Codecs

const tasksOf = (connector: string, ...ids: number[]): ConnectorTaskId[] => ids.map(task => ({ connector, task }))
const manyConnectors = Array.from({ length: 40 }, (_, i) => `connector-${i}`)

const ASSIGNMENTS: ConnectAssignment[] = [
  connectAssignment({ leader: 'leader-1', leaderUrl: 'http://w1:8083/', offset: 0n }),
  connectAssignment({ leader: 'L', leaderUrl: 'http://l/', offset: -1n, error: 1 }),
  connectAssignment({
    leader: 'connect-1-0a1b', leaderUrl: 'http://127.0.0.1:8083/', offset: 42n,
    connectors: ['b', 'a', 'c'], tasks: [...tasksOf('a', 0, 1), ...tasksOf('z', 3), ...tasksOf('b', 0)],
    revokedConnectors: ['x', 'x', 'y'], revokedTasks: [...tasksOf('y', 2, 0), ...tasksOf('w', 1)], delay: 300000,
  }),
  connectAssignment({
    leader: 'ünïcödé-😀', leaderUrl: 'http://ℏ:1/', offset: 9007199254740993n,
    connectors: ['名前', 'ä', 'a\u0000b', 'x'.repeat(300)], tasks: tasksOf('名前', 7, 2, 2147483647),
  }),
  connectAssignment({
    leader: 'l', leaderUrl: 'u', offset: 5n, connectors: manyConnectors,
    tasks: manyConnectors.flatMap((c, i) => tasksOf(c, ...Array.from({ length: i % 4 }, (_, t) => t))),
    revokedConnectors: [...manyConnectors].reverse().slice(0, 13), revokedTasks: tasksOf('connector-3', 2, 1), delay: -5,
  }),
  connectAssignment({ leader: '', leaderUrl: '', offset: -9223372036854775808n, connectors: ['dup', 'dup', 'other'], tasks: [] }),
]

const STATES: WorkerState[] = [
  { url: 'http://w1:8083/', offset: -1n, assignment: null },
  { url: 'http://w2:8083/', offset: 17n, assignment: ASSIGNMENTS[0] },
  ...ASSIGNMENTS.slice(1).map((assignment, i) => ({ url: `http://host-${i}.example:${8083 + i}/`, offset: BigInt(i * 1000), assignment })),
]

describe('Connect protocol codecs match Kafka\'s', () => {
  it('encodes metadata, JoinGroup protocols and assignments to the same bytes, and decodes them alike', async () => {
    const requests: Json[] = []
    const ours: Array<string | null> = []
    for (const state of STATES) {
      for (const version of [0, 1, 2]) {
        requests.push({ op: 'encodeMetadata', version, url: state.url, offset: String(state.offset), assignment: assignmentJson(state.assignment) })
        ours.push(b64(version === 0 ? encodeMetadataV0(state) : encodeMetadata(state, version === 2)))
      }
    }
    for (const assignment of ASSIGNMENTS) {
      for (const version of [0, 1, 2]) {
        requests.push({ op: 'encodeAssignment', version, assignment: assignmentJson(assignment) })
        ours.push(b64(encodeAssignmentFor(version, assignment)))
      }
    }
    const answers = await java(requests)
    answers.forEach((answer, i) => assert.equal(ours[i], answer.bytes, `request ${JSON.stringify(requests[i])}`))

    // Java's bytes decode to what Java decodes them to.
    const decodeRequests: Json[] = []
    for (const answer of answers) {
      decodeRequests.push({ op: 'decodeMetadata', bytes: answer.bytes }, { op: 'decodeAssignment', bytes: answer.bytes })
    }
    const decoded = await java(decodeRequests)
    decodeRequests.forEach((request, i) => {
      const bytes = fromB64(request.bytes as string)
      const mine = request.op === 'decodeMetadata'
        ? attempt(() => { const s = decodeMetadata(bytes); return { url: s.url, offset: String(s.offset), assignment: assignmentJson(s.assignment) } })
        : attempt(() => ({ assignment: assignmentJson(decodeAssignment(bytes)) }))
      const theirs = decoded[i]
      if ('error' in theirs) {
        assert.ok('error' in mine, `${request.op} of ${request.bytes}: Java failed (${String(theirs.error)}), we did not`)
        assert.equal(mine.error, theirs.error, `${request.op} of ${request.bytes}`)
      } else {
        assert.ok('value' in mine, `${request.op} of ${request.bytes}: we failed (${'error' in mine ? mine.error : ''})`)
        assert.deepEqual(mine.value, theirs, `${request.op} of ${request.bytes}`)
      }
    })
  })

  it('offers the same JoinGroup protocols for each connect.protocol', async () => {
    const requests: Json[] = []
    const ours: Json[] = []
    for (const mode of ['eager', 'compatible', 'sessioned'] as const) {
      for (const state of STATES.slice(0, 4)) {
        requests.push({ op: 'joinProtocols', mode, url: state.url, offset: String(state.offset), assignment: assignmentJson(state.assignment) })
        ours.push({ protocols: joinGroupProtocols(mode, state).map(p => ({ name: p.name, bytes: b64(p.metadata) })) })
      }
    }
    const answers = await java(requests)
    answers.forEach((answer, i) => assert.deepEqual(ours[i], answer, JSON.stringify(requests[i])))
  })

  it('fails on malformed bytes exactly where and as Java does', async () => {
    const samples = [
      encodeMetadataV0(STATES[1]), encodeMetadata(STATES[2], false), encodeMetadata(STATES[3], true),
      encodeAssignmentFor(0, ASSIGNMENTS[2]), encodeAssignmentFor(1, ASSIGNMENTS[2]), encodeAssignmentFor(2, ASSIGNMENTS[3]),
    ]
    const inputs: Uint8Array[] = []
    for (const sample of samples) {
      // Every truncation, and a few corruptions: negative lengths and counts, lengths past the end.
      for (let length = 0; length < sample.length; length++) inputs.push(sample.subarray(0, length))
      for (const at of [2, 4, sample.length - 5]) {
        for (const byte of [0xff, 0x7f, 0x80]) {
          const corrupt = sample.slice()
          if (at >= 0 && at < corrupt.length) corrupt[at] = byte
          inputs.push(corrupt)
        }
      }
    }
    inputs.push(new Uint8Array([0xff, 0xff]), new Uint8Array([0x80, 0x00, 0, 0]))
    const requests = inputs.flatMap(bytes => [{ op: 'decodeMetadata', bytes: b64(bytes) }, { op: 'decodeAssignment', bytes: b64(bytes) }])
    const answers = await java(requests)
    let failures = 0
    requests.forEach((request, i) => {
      const bytes = fromB64(request.bytes!)
      const mine = request.op === 'decodeMetadata'
        ? attempt(() => { const s = decodeMetadata(bytes); return { url: s.url, offset: String(s.offset), assignment: assignmentJson(s.assignment) } })
        : attempt(() => ({ assignment: assignmentJson(decodeAssignment(bytes)) }))
      const theirs = answers[i]
      if ('error' in theirs) {
        failures++
        assert.deepEqual('error' in mine ? mine.error : mine, theirs.error, `${request.op} of ${request.bytes}`)
      } else {
        assert.deepEqual('value' in mine ? mine.value : mine, theirs, `${request.op} of ${request.bytes}`)
      }
    })
    assert.ok(failures > 100, `only ${failures} inputs failed to parse`)
  })
})

// ----------------------------------------------------------------------------------------------
// Assignors

/** A deterministic PRNG (mulberry32), so a failing history can be replayed by its seed. */
function random (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface SimWorker {
  readonly id: string
  readonly url: string
  /** What the worker runs (its allocation in the next JoinGroup). */
  assignment: ConnectAssignment | null
  /** The config offset it has read to. */
  readOffset: bigint
  lastCompletedGeneration: number
}

/** A config topic: each change is one more record, so each offset has its configuration. */
class SimConfig {
  readonly history: Array<Map<string, number>> = [new Map()]

  get offset (): bigint {
    return BigInt(this.history.length - 1)
  }

  at (offset: bigint): Map<string, number> {
    return this.history[Math.max(0, Math.min(Number(offset), this.history.length - 1))]
  }

  change (edit: (connectors: Map<string, number>) => void): void {
    const next = new Map(this.at(this.offset))
    edit(next)
    this.history.push(next)
  }

  view (offset: bigint): AssignableConfig {
    const connectors = this.at(offset)
    return {
      offset: offset < 0n ? -1n : offset,
      connectors: () => connectors.keys(),
      tasks: connector => Array.from({ length: connectors.get(connector) ?? 0 }, (_, task) => ({ connector, task })),
    }
  }

  json (offset: bigint): Json {
    return { offset: String(offset < 0n ? -1n : offset), connectors: Object.fromEntries(this.at(offset)) }
  }
}

/** A group history played on our assignors; every round also becomes a request for Java's. */
class SimGroup {
  readonly workers = new Map<string, SimWorker>()
  readonly config = new SimConfig()
  readonly assignors = new Map<string, ConnectAssignor>()
  readonly requests: Json[] = []
  readonly expected: Array<{ assignments: Record<string, string>, snapshotOffset: string }> = []
  generation = 0
  now = 1_700_000_000_000
  /** Join order of the current members, which decides the leader (the first) in this simulation. */
  members: string[] = []
  /** Set when a round left work to move or a delay to wait for. */
  rejoinAt: number | null = null
  followUp = false
  readonly name: string
  readonly mode: ConnectProtocolCompatibility
  readonly maxDelay: number
  readonly shuffle: (() => number) | null

  constructor (name: string, mode: ConnectProtocolCompatibility, maxDelay: number, shuffle: (() => number) | null = null) {
    this.name = name
    this.mode = mode
    this.maxDelay = maxDelay
    this.shuffle = shuffle
  }

  addWorker (id: string, readOffset = this.config.offset): void {
    this.workers.set(id, { id, url: `http://${id}:8083/`, assignment: null, readOffset, lastCompletedGeneration: -1 })
    this.members.push(id)
  }

  /** The worker is gone (crashed: it revokes nothing and keeps nothing). */
  removeWorker (id: string): void {
    this.workers.delete(id)
    this.members = this.members.filter(member => member !== id)
  }

  /** One rebalance: JoinGroup, the leader's assignment, SyncGroup, each member applying its part. */
  async rebalance (options: { leaderBehind?: boolean, freshCatchesUp?: boolean } = {}): Promise<void> {
    this.generation++
    const joinOrder = [...this.members]
    if (this.shuffle !== null) {
      for (let i = joinOrder.length - 1; i > 0; i--) {
        const j = Math.floor(this.shuffle() * (i + 1));
        [joinOrder[i], joinOrder[j]] = [joinOrder[j], joinOrder[i]]
      }
    }
    const leaderId = this.members[0]
    const leader = this.workers.get(leaderId)!
    if (options.leaderBehind === true) leader.readOffset = this.config.offset - 1n
    const metadata = joinOrder.map(id => {
      const worker = this.workers.get(id)!
      const state: WorkerState = { url: worker.url, offset: worker.readOffset < 0n ? -1n : worker.readOffset, assignment: worker.assignment }
      const bytes = this.mode === 'eager' ? encodeMetadataV0(state) : encodeMetadata(state, this.mode === 'sessioned')
      return { memberId: id, metadata: bytes }
    })
    const assignorName = `${this.name}/${leaderId}`
    let assignor = this.assignors.get(assignorName)
    if (assignor === undefined) {
      assignor = this.mode === 'eager' ? new EagerAssignor() : new IncrementalCooperativeAssignor({ maxDelayMs: this.maxDelay, now: () => this.now })
      this.assignors.set(assignorName, assignor)
    }
    let snapshotOffset = leader.readOffset
    const freshOffset = options.freshCatchesUp === false ? snapshotOffset : this.config.offset
    const context: AssignmentContext = {
      configSnapshot: () => this.config.view(snapshotOffset),
      freshConfigSnapshot: async () => this.config.view(freshOffset),
      updateConfigSnapshot: snapshot => { snapshotOffset = snapshot.offset },
      generationId: this.generation,
      lastCompletedGenerationId: leader.lastCompletedGeneration,
    }
    this.requests.push({
      op: 'assign',
      assignor: assignorName,
      kind: this.mode === 'eager' ? 'eager' : 'incremental',
      maxDelay: this.maxDelay,
      leaderId,
      protocol: protocolName(this.mode),
      members: metadata.map(m => ({ memberId: m.memberId, bytes: b64(m.metadata) })),
      snapshot: this.config.json(leader.readOffset),
      fresh: this.config.json(freshOffset),
      generationId: this.generation,
      lastCompletedGenerationId: leader.lastCompletedGeneration,
      now: this.now,
    })
    const outcome = await assignor.performAssignment(leaderId, fromProtocolName(protocolName(this.mode)), metadata, context)
    this.expected.push({
      assignments: Object.fromEntries([...outcome.assignments].map(([member, bytes]) => [member, b64(bytes)!])),
      snapshotOffset: String(snapshotOffset < 0n ? -1n : snapshotOffset),
    })
    leader.readOffset = snapshotOffset

    this.followUp = false
    for (const [member, bytes] of outcome.assignments) {
      const worker = this.workers.get(member)!
      const received = decodeAssignment(bytes)!
      worker.assignment = nextRunningAssignment(worker.assignment, received, protocolVersion(this.mode))
      worker.lastCompletedGeneration = this.generation
      // A member behind the assignment's offset reads the config topic to it before working.
      if (worker.readOffset < received.offset) worker.readOffset = received.offset
      if (assignmentFailed(received)) {
        worker.readOffset = this.config.offset
        this.followUp = true
      }
      if (received.revokedConnectors.length > 0 || received.revokedTasks.length > 0) this.followUp = true
      if (received.delay > 0) this.rejoinAt = this.now + received.delay
      else if (member === leaderId) this.rejoinAt = null
    }
  }

  /** Rebalances until nothing is left to move now; waits out delays when `waitDelays`. */
  async settle (waitDelays: boolean, rng?: () => number): Promise<void> {
    for (let round = 0; round < 20; round++) {
      if (this.followUp) {
        await this.rebalance()
        continue
      }
      if (waitDelays && this.rejoinAt !== null) {
        // Sometimes a worker comes back (or a new one joins) before the delay ends.
        this.now = rng !== undefined && rng() < 0.3 ? this.rejoinAt - Math.floor(rng() * 1000) - 1 : this.rejoinAt
        await this.rebalance()
        continue
      }
      return
    }
  }

  /** Every configured connector and task runs on exactly one worker. */
  checkBalanced (): void {
    const owners = new Map<string, number>()
    for (const worker of this.workers.values()) {
      for (const c of worker.assignment?.connectors ?? []) owners.set(`c:${c}`, (owners.get(`c:${c}`) ?? 0) + 1)
      for (const t of worker.assignment?.tasks ?? []) owners.set(`t:${t.connector}-${t.task}`, (owners.get(`t:${t.connector}-${t.task}`) ?? 0) + 1)
    }
    const config = this.config.at(this.config.offset)
    for (const [connector, count] of config) {
      assert.equal(owners.get(`c:${connector}`), 1, `${this.name}: connector ${connector} runs on ${owners.get(`c:${connector}`) ?? 0} workers`)
      for (let task = 0; task < count; task++) {
        assert.equal(owners.get(`t:${connector}-${task}`), 1, `${this.name}: task ${connector}-${task} runs on ${owners.get(`t:${connector}-${task}`) ?? 0} workers`)
      }
    }
  }
}

async function scriptedHistory (name: string, mode: ConnectProtocolCompatibility, maxDelay: number): Promise<SimGroup> {
  const group = new SimGroup(name, mode, maxDelay)
  group.addWorker('connect-1-7f3a2b')
  await group.rebalance()
  group.config.change(c => { c.set('file-source', 3); c.set('file-sink', 2); c.set('jdbc', 0) })
  group.workers.get('connect-1-7f3a2b')!.readOffset = group.config.offset
  await group.rebalance()
  group.config.change(c => c.set('jdbc', 4))
  group.workers.get('connect-1-7f3a2b')!.readOffset = group.config.offset
  await group.rebalance()
  group.addWorker('connect-1-00c4e1')
  await group.rebalance()
  await group.settle(false)
  group.addWorker('connect-1-b91d55')
  await group.rebalance()
  await group.settle(false)
  group.checkBalanced()
  // A worker dies: its work waits for the delay, a new worker arrives meanwhile and gets it.
  group.removeWorker('connect-1-00c4e1')
  await group.rebalance()
  group.now += 1000
  group.addWorker('connect-1-d00d00')
  await group.rebalance()
  group.now = group.rejoinAt ?? group.now
  await group.rebalance()
  await group.settle(true)
  group.checkBalanced()
  // The leader dies: the next worker leads with an assignor that starts from nothing.
  group.removeWorker('connect-1-7f3a2b')
  await group.rebalance()
  await group.settle(true)
  group.checkBalanced()
  // Config changes: a connector deleted, one resized, one created.
  group.config.change(c => { c.delete('file-sink'); c.set('jdbc', 1); c.set('new-one', 5) })
  for (const worker of group.workers.values()) worker.readOffset = group.config.offset
  await group.rebalance()
  await group.settle(true)
  group.checkBalanced()
  // A leader behind the config topic: it catches up, or everyone gets CONFIG_MISMATCH.
  group.config.change(c => c.set('late', 2))
  for (const worker of group.workers.values()) worker.readOffset = group.config.offset
  await group.rebalance({ leaderBehind: true, freshCatchesUp: false })
  await group.settle(true)
  group.config.change(c => c.set('later', 1))
  for (const worker of group.workers.values()) worker.readOffset = group.config.offset
  await group.rebalance({ leaderBehind: true, freshCatchesUp: true })
  await group.settle(true)
  group.checkBalanced()
  return group
}

async function randomHistory (seed: number, mode: ConnectProtocolCompatibility): Promise<SimGroup> {
  const rng = random(seed)
  const group = new SimGroup(`random-${mode}-${seed}`, mode, [0, 1000, 300000][seed % 3], rng)
  let nextWorker = 0
  let nextConnector = 0
  const newWorker = (): void => group.addWorker(`connect-${nextWorker++}-${Math.floor(rng() * 0xffffff).toString(16)}`)
  newWorker()
  await group.rebalance()
  for (let step = 0; step < 25; step++) {
    const r = rng()
    if (r < 0.2 || group.members.length === 1) {
      newWorker()
    } else if (r < 0.35 && group.members.length > 1) {
      group.removeWorker(group.members[Math.floor(rng() * group.members.length)])
    } else if (r < 0.8) {
      group.config.change(c => {
        const names = [...c.keys()]
        const pick = rng()
        if (pick < 0.5 || names.length === 0) c.set(`conn-${nextConnector++}`, Math.floor(rng() * 6))
        else if (pick < 0.75) c.delete(names[Math.floor(rng() * names.length)])
        else c.set(names[Math.floor(rng() * names.length)], Math.floor(rng() * 6))
      })
      for (const worker of group.workers.values()) if (rng() < 0.8) worker.readOffset = group.config.offset
    } else {
      group.now += Math.floor(rng() * 400000)
    }
    const leaderBehind = rng() < 0.1
    await group.rebalance(leaderBehind ? { leaderBehind, freshCatchesUp: rng() < 0.5 } : {})
    await group.settle(rng() < 0.7, rng)
  }
  for (const worker of group.workers.values()) worker.readOffset = group.config.offset
  await group.rebalance()
  await group.settle(true)
  group.checkBalanced()
  return group
}

async function compareWithJava (groups: SimGroup[]): Promise<number> {
  const requests = groups.flatMap(group => group.requests)
  const expected = groups.flatMap(group => group.expected)
  const answers = await java(requests)
  answers.forEach((answer, i) => {
    const request = requests[i]
    assert.ok(!('error' in answer), `Java failed on round ${i} (${String(request.assignor)}): ${String(answer.error)}`)
    assert.deepEqual(expected[i], answer,
      `round ${i} of ${String(request.assignor)} (generation ${String(request.generationId)}) differs from Java's; request: ${JSON.stringify(request)}`)
  })
  return requests.length
}

describe('Connect assignors match Kafka\'s, round by round', () => {
  it('the incremental cooperative assignor (sessioned and compatible): scripted histories', async () => {
    const groups = [
      await scriptedHistory('scripted-sessioned', 'sessioned', 300000),
      await scriptedHistory('scripted-compatible', 'compatible', 300000),
      await scriptedHistory('scripted-no-delay', 'sessioned', 0),
    ]
    const rounds = await compareWithJava(groups)
    assert.ok(rounds > 40)
  })

  it('the incremental cooperative assignor: random histories', async () => {
    const groups: SimGroup[] = []
    for (let seed = 1; seed <= 30; seed++) groups.push(await randomHistory(seed, seed % 2 === 0 ? 'sessioned' : 'compatible'))
    const rounds = await compareWithJava(groups)
    assert.ok(rounds > 500)
  })

  it('the eager assignor: scripted and random histories', async () => {
    const groups = [await scriptedHistory('scripted-eager', 'eager', 0)]
    for (let seed = 100; seed < 110; seed++) groups.push(await randomHistory(seed, 'eager'))
    const rounds = await compareWithJava(groups)
    assert.ok(rounds > 100)
  })
})
