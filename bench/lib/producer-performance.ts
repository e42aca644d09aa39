// Kafka's own producer benchmark (org.apache.kafka.tools.ProducerPerformance, the kafka-tools jar of
// the broker's version, from Maven Central), as kafka-producer-perf-test.sh runs it: the fastest
// that one Java producer gets records of a given size into the broker with acks=all. It is the
// ceiling of the source scenario, which cannot beat the producer it ends in.

import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { resolveClasspath } from '../../scripts/servers/maven.ts'
import { KAFKA_VERSION, LOG4J_VERSION } from '../../scripts/servers/versions.ts'

const run = promisify(execFile)

/** kafka-producer-perf-test.sh's heap, with kafka-run-class.sh's JVM options. */
const JVM_OPTIONS = ['-Xmx512M', '-server', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent', '-XX:MaxInlineLevel=15', '-Djava.awt.headless=true']

/** What one ProducerPerformance run printed last. */
export interface ProducerPerformanceResult {
  readonly records: number
  readonly recordsPerSecond: number
  readonly megabytesPerSecond: number
  readonly avgLatencyMs: number
  /** The summary line as printed. */
  readonly line: string
}

/** The kafka-tools classpath (resolved once by Maven, then cached). */
export function toolsClasspath (): Promise<string> {
  return resolveClasspath(join(import.meta.dirname, '..', 'tools', 'pom.xml'), { 'kafka.version': KAFKA_VERSION, 'log4j.version': LOG4J_VERSION })
}

/** Runs ProducerPerformance: `records` records of `recordSize` bytes to `topic`, as fast as it can, acks=all. */
export async function producerPerformance (bootstrap: string, topic: string, records: number, recordSize: number): Promise<ProducerPerformanceResult> {
  const classpath = await toolsClasspath()
  // --command-property takes every property after it (argparse nargs '+'); repeating it keeps only the last.
  const args = ['--topic', topic, '--num-records', String(records), '--record-size', String(recordSize), '--throughput', '-1',
    '--command-property', `bootstrap.servers=${bootstrap}`, 'acks=all']
  try {
    const { stdout } = await run('java', [...JVM_OPTIONS, '-cp', classpath, 'org.apache.kafka.tools.ProducerPerformance', ...args],
      { maxBuffer: 16 * 1024 * 1024, timeout: 600_000 })
    return parseSummary(stdout)
  } catch (error) {
    const e = error as { stdout?: string, stderr?: string, message: string }
    if (e.stdout === undefined) throw error
    // Not Node's message: it holds the whole classpath.
    throw new Error(`ProducerPerformance ${args.join(' ')} failed:\n${(e.stdout + e.stderr).slice(-3000)}`)
  }
}

/**
 * Reads the final summary line: "1000000 records sent, 173580.975525 records/sec (16.55 MB/sec),
 * 1271.39 ms avg latency, 1801.00 ms max latency, …".
 */
export function parseSummary (output: string): ProducerPerformanceResult {
  const lines = output.trim().split('\n').filter(l => l.includes('records sent'))
  const line = lines.at(-1) ?? ''
  const match = /^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency/.exec(line)
  if (match === null) throw new Error(`ProducerPerformance printed no summary line:\n${output.slice(-2000)}`)
  return { records: Number(match[1]), recordsPerSecond: Number(match[2]), megabytesPerSecond: Number(match[3]), avgLatencyMs: Number(match[4]), line }
}
