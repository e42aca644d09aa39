// The benchmark harness's pure parts: medians, spreads, paired ratios, the engines' comparison,
// goals, and reading ProducerPerformance's summary line. The benchmarks themselves never run here.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseSummary } from '../../bench/lib/producer-performance.ts'
import { formatNumber, formatSummary, median, pairedRatio, summarize } from '../../bench/lib/stats.ts'
import { compare, goal } from '../../bench/lib/summaries.ts'

describe('bench stats', () => {
  it('takes the median of odd and even counts, whatever the order', () => {
    assert.equal(median([3, 1, 2]), 2)
    assert.equal(median([4, 1, 3, 2]), 2.5)
    assert.ok(Number.isNaN(median([])))
  })

  it('summarizes with min, max and the range relative to the median, keeping the values in order', () => {
    const summary = summarize([110, 90, 100])
    assert.deepEqual({ ...summary }, { n: 3, median: 100, min: 90, max: 110, relativeSpread: 0.2, values: [110, 90, 100] })
  })

  it('leaves out runs that measured nothing', () => {
    const summary = summarize([Number.NaN, 5, 7])
    assert.equal(summary.n, 2)
    assert.equal(summary.median, 6)
  })

  it('takes ratios per pair, so a slow pair does not skew the result', () => {
    // The second pair ran while the machine was busy: both engines slowed alike.
    const ratio = pairedRatio([200, 100, 210], [100, 50, 100])
    assert.deepEqual(ratio.values, [2, 2, 2.1])
    assert.equal(ratio.median, 2)
  })

  it('compares engines by repetition, per measure', () => {
    const runs = [
      { engine: 'java' as const, repetition: 1, rate: 50 },
      { engine: 'kconnect' as const, repetition: 0, rate: 120 },
      { engine: 'java' as const, repetition: 0, rate: 60 },
      { engine: 'kconnect' as const, repetition: 1, rate: 90 },
    ]
    const comparison = compare(runs, 'rate')
    assert.deepEqual(comparison.java.values, [60, 50])
    assert.deepEqual(comparison.kconnect.values, [120, 90])
    assert.deepEqual(comparison.ratio.values, [2, 1.8])
    assert.equal(comparison.ratio.median, 1.9)
  })

  it('judges goals in their direction, and an unmeasured one as not met', () => {
    assert.equal(goal('faster', 2.1, 'at-least', 2).met, true)
    assert.equal(goal('smaller', 0.3, 'at-most', 0.25).met, false)
    assert.equal(goal('unknown', Number.NaN, 'at-most', 0.25).met, false)
  })

  it('formats numbers for tables', () => {
    assert.equal(formatNumber(123456.7), '123 457')
    assert.equal(formatNumber(12.345), '12.3')
    assert.equal(formatNumber(0.01234), '0.0123')
    assert.equal(formatSummary(summarize([1000, 2000, 1500]), ' ms'), '1 500 ms (1 000–2 000)')
  })

  it("reads ProducerPerformance's final summary line", () => {
    const output = '700442 records sent, 140088.4 records/sec (13.36 MB/sec), 1313.2 ms avg latency, 1801.0 ms max latency.\n' +
      '1000000 records sent, 173580.975525 records/sec (16.55 MB/sec), 1271.39 ms avg latency, 1801.00 ms max latency, 1406 ms 50th, 1687 ms 95th.\n'
    const result = parseSummary(output)
    assert.equal(result.records, 1000000)
    assert.equal(result.recordsPerSecond, 173580.975525)
    assert.equal(result.megabytesPerSecond, 16.55)
    assert.equal(result.avgLatencyMs, 1271.39)
    assert.throws(() => parseSummary('nothing useful'), /no summary line/)
  })
})
