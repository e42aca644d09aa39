import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LoggerRegistry } from '../../src/logging/logger-registry.ts'

function registry (start = 1000): { registry: LoggerRegistry, lines: string[], clock: { now: number } } {
  const lines: string[] = []
  const clock = { now: start }
  return { registry: new LoggerRegistry({ write: line => lines.push(line), now: () => clock.now }), lines, clock }
}

describe('LoggerRegistry', () => {
  it('inherits the nearest dotted ancestor level, else the root', () => {
    const { registry: r } = registry()
    const worker = r.getLogger('org.apache.kafka.connect.runtime.Worker')
    assert.equal(r.level('org.apache.kafka.connect.runtime.Worker')?.level, 'INFO')
    r.setLevel('org.apache.kafka.connect', 'DEBUG')
    assert.equal(worker.isDebugEnabled(), true)
    assert.equal(r.level('org.apache.kafka.connect.runtime.Worker')?.level, 'DEBUG')
    assert.equal(r.level('root')?.level, 'INFO')
  })

  it('knows only loggers that code asked for or that had a level set', () => {
    const { registry: r } = registry()
    r.getLogger('a.b.C')
    assert.equal(r.level('a.b'), undefined)
    assert.equal(r.level('nope'), undefined)
    assert.deepEqual(r.level('ROOT'), { level: 'INFO', last_modified: null })
    assert.deepEqual(r.level(''), { level: 'INFO', last_modified: null })
  })

  it('returns the loggers a change affected, sorted, and stamps only those', () => {
    const { registry: r, clock } = registry(5000)
    r.getLogger('x.y.B')
    r.getLogger('x.y.A')
    r.getLogger('x.z')
    assert.deepEqual(r.setLevel('x.y', 'warn'), ['x.y', 'x.y.A', 'x.y.B'])
    assert.deepEqual(r.level('x.y.A'), { level: 'WARN', last_modified: 5000 })
    assert.deepEqual(r.level('x.z'), { level: 'INFO', last_modified: null })
    clock.now = 6000
    // Nothing changes: nothing reported, times kept.
    assert.deepEqual(r.setLevel('x.y', 'WARN'), [])
    assert.equal(r.level('x.y')?.last_modified, 5000)
    // The root's change reaches every logger, explicitly set ones included (log4j's setAllLevels).
    assert.deepEqual(r.setLevel('root', 'ERROR'), ['root', 'x.y', 'x.y.A', 'x.y.B', 'x.z'])
    assert.equal(r.level('x.y.A')?.level, 'ERROR')
  })

  it('overrides explicitly set levels by plain prefix, as log4j\'s setAllLevels does', () => {
    const { registry: r } = registry()
    r.getLogger('foobaz')
    r.setLevel('foobar', 'WARN')
    // foobar had its own level, which a plain prefix match overrides; foobaz inherits from the root.
    assert.deepEqual(r.setLevel('foo', 'DEBUG'), ['foo', 'foobar'])
    assert.equal(r.level('foobaz')?.level, 'INFO')
  })

  it('lists every known logger except those at OFF, the root as "root"', () => {
    const { registry: r } = registry()
    r.getLogger('b')
    r.getLogger('a')
    r.setLevel('c', 'OFF')
    assert.deepEqual([...r.allLevels().keys()], ['a', 'b', 'root'])
  })

  it('rejects a level log4j does not know', () => {
    const { registry: r } = registry()
    assert.throws(() => r.setLevel('a', 'LOUD'), /Unknown log level 'LOUD'/)
    assert.deepEqual(r.setLevel('a', 'all'), ['a'])
    assert.deepEqual(r.setLevel('a', 'Fatal'), ['a'])
  })
})

describe('Logger', () => {
  it('writes Connect\'s line layout with placeholders, context and the error stack', () => {
    const { registry: r, lines } = registry(Date.UTC(2026, 10, 22, 10, 0, 0, 123))
    const log = r.getLogger('org.apache.kafka.connect.runtime.WorkerSourceTask').withContext('[src|task-0] ')
    log.info('Committing {} offsets for {}', 3, 'src', new Error('boom'))
    assert.equal(lines.length, 1)
    assert.match(lines[0], /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,123\] INFO \[src\|task-0\] Committing 3 offsets for src \(org\.apache\.kafka\.connect\.runtime\.WorkerSourceTask\)\n/)
    assert.match(lines[0], /\nError: boom\n\s+at /)
  })

  it('appends arguments without placeholders, and formats nothing when disabled', () => {
    const { registry: r, lines } = registry()
    const log = r.getLogger('t')
    log.warn('Retrying', { attempt: 2 })
    assert.match(lines[0], / WARN Retrying \{ attempt: 2 \} \(t\)\n$/)
    let formatted = false
    const expensive = { toString () { formatted = true; return 'x' } }
    log.debug('{}', expensive)
    assert.equal(lines.length, 1)
    assert.equal(formatted, false)
  })
})
