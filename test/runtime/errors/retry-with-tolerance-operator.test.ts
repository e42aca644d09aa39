// The retry and tolerance operator on its own: Kafka's rules for which failures are retried,
// tolerated or fatal, the backoff (exponential from 300 ms, capped and jittered, never past the
// deadline), the metrics it keeps, and the summary that starts the task's trace.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DataException, RetriableException } from '../../../src/api/errors.ts'
import type { IncomingRecord } from '../../../src/log/log.ts'
import { ErrorHandlingMetrics } from '../../../src/runtime/errors/error-handling-metrics.ts'
import type { ErrorReporter } from '../../../src/runtime/errors/error-reporter.ts'
import { ProcessingContext } from '../../../src/runtime/errors/processing-context.ts'
import {
  RetryInterrupted, RetryScheduled, RetryWithToleranceOperator, type ToleranceType,
} from '../../../src/runtime/errors/retry-with-tolerance-operator.ts'
import { SecretScrubber } from '../../../src/runtime/errors/secret-scrubber.ts'

const RECORD: IncomingRecord = {
  topic: 'orders', partition: 2, offset: 41n, key: null, value: Buffer.from('x'), headers: [], timestamp: 1, timestampType: 'CreateTime',
}

function operator (tolerance: ToleranceType, retryTimeoutMs = 0, maxDelayMs = 60000, secrets: string[] = []): RetryWithToleranceOperator<IncomingRecord> {
  return new RetryWithToleranceOperator<IncomingRecord>({
    id: { connector: 'orders-sink', task: 3 },
    retryTimeoutMs,
    maxDelayMs,
    tolerance,
    metrics: new ErrorHandlingMetrics(),
    coordinatesOf: r => ({ kind: 'kafka', topic: r.topic, partition: r.partition, offset: r.offset }),
    scrubber: new SecretScrubber(secrets),
    random: () => 0.5,
  })
}

/** A reporter that remembers what it was given. */
function recorder (): { reporter: ErrorReporter<IncomingRecord>, seen: Array<{ stage: string | null, cls: string | null, error: unknown }> } {
  const seen: Array<{ stage: string | null, cls: string | null, error: unknown }> = []
  return {
    seen,
    reporter: {
      report: context => { seen.push({ stage: context.stage, cls: context.executingClass, error: context.error }); return Promise.resolve() },
      close: async () => {},
    },
  }
}

test('success passes the result through; a failed record skips its later stages', () => {
  const op = operator('all')
  const context = new ProcessingContext(RECORD)
  assert.equal(op.execute(context, 'KEY_CONVERTER', 'K', () => 'key'), 'key')
  assert.equal(op.execute(context, 'VALUE_CONVERTER', 'V', () => { throw new DataException('bad') }), null)
  let ran = false
  assert.equal(op.execute(context, 'HEADER_CONVERTER', 'H', () => { ran = true; return 'h' }), null)
  assert.equal(ran, false)
  assert.equal(context.stage, 'VALUE_CONVERTER')
  assert.deepEqual(op.metrics.snapshot()['total-records-skipped'], 1)
})

test('tolerance all: a converter failure is reported and skipped; counted as Kafka counts it', async () => {
  const op = operator('all')
  const { reporter, seen } = recorder()
  op.reporters([reporter])
  const reports: Array<Promise<void>> = []
  const context = new ProcessingContext(RECORD)
  const error = new DataException('not JSON')
  assert.equal(op.execute(context, 'VALUE_CONVERTER', 'org.apache.kafka.connect.json.JsonConverter', () => { throw error }, r => reports.push(r)), null)
  assert.deepEqual(seen, [{ stage: 'VALUE_CONVERTER', cls: 'org.apache.kafka.connect.json.JsonConverter', error }])
  assert.equal(reports.length, 1)
  await reports[0]
  const metrics = op.metrics.snapshot()
  assert.equal(metrics['total-record-failures'], 1)
  assert.equal(metrics['total-record-errors'], 1)
  assert.equal(metrics['total-records-skipped'], 1)
  assert.equal(metrics['total-retries'], 0)
  assert.ok(metrics['last-error-timestamp'] > 0)
})

test('tolerance none: the failure is reported, then fails the task with Kafka\'s message and the summary', () => {
  const op = operator('none', 0, 60000, ['s3cr3t-pw'])
  const { reporter, seen } = recorder()
  op.reporters([reporter])
  const context = new ProcessingContext(RECORD)
  assert.throws(() => op.execute(context, 'VALUE_CONVERTER', 'org.apache.kafka.connect.json.JsonConverter', () => {
    throw new DataException('Converting failed', { cause: new Error('token \'s3cr3t-pw\' unexpected') })
  }), (error: Error) => {
    assert.equal(error.message, 'Tolerance exceeded in error handler: stage VALUE_CONVERTER (org.apache.kafka.connect.json.JsonConverter), ' +
      'connector \'orders-sink\' task 3, record at topic \'orders\', partition 2, offset 41; root cause: Error: token \'[hidden]\' unexpected')
    assert.ok(!String((error.cause as Error).stack).includes('s3cr3t-pw'))
    return true
  })
  assert.equal(seen.length, 1)
  assert.equal(op.withinToleranceLimits(), false)
})

test('outside converters and transformations only a RetriableException is tolerated (Kafka\'s rule)', () => {
  const op = operator('all')
  assert.throws(() => op.execute(new ProcessingContext(RECORD), 'KAFKA_PRODUCE', 'P', () => { throw new Error('boom') }),
    /^ConnectException: Unhandled exception in error handler: stage KAFKA_PRODUCE \(P\)/)
  assert.equal(op.execute(new ProcessingContext(RECORD), 'KAFKA_PRODUCE', 'P', () => { throw new RetriableException('later') }), null)
})

test('a RetriableException is scheduled for retry until errors.retry.timeout, then handled as a failure', () => {
  const op = operator('all', 1000, 60000)
  const context = new ProcessingContext(RECORD)
  const failing = (): never => { throw new RetriableException('not yet') }
  const first = (() => { try { op.execute(context, 'TRANSFORMATION', 'T', failing) } catch (e) { return e } })()
  assert.ok(first instanceof RetryScheduled)
  assert.equal((first as RetryScheduled).delayMs, 300)
  const second = (() => { try { op.execute(context, 'TRANSFORMATION', 'T', failing) } catch (e) { return e } })()
  assert.equal((second as RetryScheduled).delayMs, 600)
  // Past the deadline: no more retries; tolerated (tolerance all) and skipped.
  context.retryDeadline = Date.now() - 1
  assert.equal(op.execute(context, 'TRANSFORMATION', 'T', failing), null)
  const metrics = op.metrics.snapshot()
  assert.equal(metrics['total-retries'], 2)
  assert.equal(metrics['total-record-failures'], 3)
  assert.equal(metrics['total-records-skipped'], 1)
})

test('errors.retry.timeout=0 retries nothing; -1 has no deadline', () => {
  assert.equal(operator('all', 0).execute(new ProcessingContext(RECORD), 'KEY_CONVERTER', 'K', () => { throw new RetriableException('x') }), null)
  assert.equal(operator('all', -1).retryDeadline(), Infinity)
})

test('backoff: 300 ms doubling, then jittered between half and all of errors.retry.delay.max.ms, never past the deadline', () => {
  const op = operator('all', -1, 2000)
  const now = 1_000_000
  assert.deepEqual([1, 2, 3].map(n => op.delayFor(n, Infinity, now)), [300, 600, 1200])
  // 2400 > 2000: jittered in [1000, 2000); random() is pinned at 0.5.
  assert.equal(op.delayFor(4, Infinity, now), 1500)
  assert.equal(op.delayFor(40, Infinity, now), 1500)
  assert.equal(op.delayFor(3, now + 100, now), 100)
  assert.equal(op.delayFor(1, now, now), null)
})

test('triggerStop() ends a backoff at once: the record is left unprocessed, not failed', async () => {
  const op = operator('none', -1)
  const started = Date.now()
  const waiting = op.backoff(new RetryScheduled(60_000, new RetriableException('x')))
  op.triggerStop()
  await assert.rejects(waiting, RetryInterrupted)
  assert.ok(Date.now() - started < 5000)
  assert.throws(() => op.execute(new ProcessingContext(RECORD), 'KEY_CONVERTER', 'K', () => { throw new RetriableException('x') }), RetryInterrupted)
})

test('executeFailed: reported, and with tolerance none it throws after reporting', async () => {
  const lenient = operator('all')
  const { reporter, seen } = recorder()
  lenient.reporters([reporter])
  await lenient.executeFailed(new ProcessingContext(RECORD), 'TASK_PUT', 'org.apache.kafka.connect.sink.SinkTask', new DataException('refused'))
  assert.equal(seen[0].stage, 'TASK_PUT')
  const strict = operator('none')
  const second = recorder()
  strict.reporters([second.reporter])
  assert.throws(() => strict.executeFailed(new ProcessingContext(RECORD), 'TASK_PUT', 'S', new DataException('refused')), /^ConnectException: Tolerance exceeded in error handler: stage TASK_PUT \(S\)/)
  assert.equal(second.seen.length, 1)
})
