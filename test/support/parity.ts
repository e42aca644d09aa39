// What the corpus parity tests (test/parity/converters.test.ts, transforms.test.ts) share: a
// corpus of JSON lines, one case per line, goes once through a Java driver of test/parity/java
// (Kafka's own classes) and case by case through ours; each case is one test that compares the
// two outcomes. Where both fail, the messages are compared and differences listed after the run;
// PARITY_STRICT_MESSAGES=1 makes a different message a failure.

import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Schema } from '../../src/api/data/schema.ts'
import { JsonConverter } from '../../src/converters/json/json-converter.ts'
import type { JsonValue } from '../../src/converters/json/json-tree.ts'
import { buildJavaDriver, runJavaLines } from './java.ts'
import { sortPairs, type Json } from './tagged.ts'

const PARITY_DIR = join(import.meta.dirname, '..', 'parity')
const CORPUS_DIR = join(PARITY_DIR, 'corpus')
const JAVA_DRIVER_DIR = join(PARITY_DIR, 'java')

/** A failure as both sides describe it (the Java driver's Tagged.describeError). */
export interface ErrorInfo { class: string, message: string | null, causes?: string[] }

/** What every case and every outcome carries. */
export interface ParityCase { id: string }

/** What the Java driver prints for a case, at the least. */
export interface ParityOutcome {
  id: string
  /** The driver itself failed on the case (not Kafka's class): a broken case or driver. */
  driverError?: ErrorInfo
}

/** A corpus: its lines as written (the Java driver reads the exact text) and the cases they hold. */
export interface ParityCorpus<C extends ParityCase> {
  readonly lines: readonly string[]
  readonly cases: readonly C[]
}

/** Reads test/parity/corpus/<prefix>*.jsonl in name order; blank lines and `//` lines are skipped. */
export function loadParityCorpus<C extends ParityCase> (prefix: string): ParityCorpus<C> {
  const lines = readdirSync(CORPUS_DIR)
    .filter(name => name.startsWith(prefix) && name.endsWith('.jsonl'))
    .sort()
    .flatMap(name => readFileSync(join(CORPUS_DIR, name), 'utf8').split('\n'))
    .filter(line => line.trim() !== '' && !line.startsWith('//'))
  return { lines, cases: lines.map(line => JSON.parse(line) as C) }
}

/** Fails on the first id that two cases share. */
export function assertUniqueIds (cases: readonly ParityCase[]): void {
  const ids = new Set<string>()
  for (const c of cases) {
    assert.ok(!ids.has(c.id), `duplicate id ${c.id}`)
    ids.add(c.id)
  }
}

/** Describes one of our errors as the Java driver describes Java's. */
export function errorInfo (error: unknown): ErrorInfo {
  if (!(error instanceof Error)) return { class: typeof error, message: String(error) }
  const causes: string[] = []
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) causes.push(`${cause.name}: ${cause.message}`)
  return { class: error.name, message: error.message, causes }
}

/** Reads schemas as the Java drivers do: with a default JsonConverter, from JsonConverter's schema JSON. */
const schemaReader = new JsonConverter()
schemaReader.configure({ 'converter.type': 'value' })

/** The schema a case writes in JsonConverter's JSON form; null when absent or null. */
export function readSchema (json: JsonValue | undefined): Schema | null {
  return json === undefined || json === null ? null : schemaReader.asConnectSchema(json)
}

/** Map entries sorted the same way on both sides (Java's HashMap order means nothing). */
export function normalized (json: Json | undefined): Json | undefined {
  if (json === undefined || json === null || typeof json !== 'object') return json
  if (Array.isArray(json)) return json.map(element => normalized(element) as Json)
  const keys = Object.keys(json)
  if (keys.length === 1 && keys[0] === 'map' && Array.isArray(json.map)) {
    return { map: sortPairs((json.map as Json[][]).map(pair => pair.map(part => normalized(part) as Json))) }
  }
  return Object.fromEntries(keys.map(key => [key, normalized(json[key]) as Json]))
}

/** Notes where both sides fail with different messages, for the list printed after the run. */
export class MessageDifferences {
  readonly #found: string[] = []

  /** Java's message is ours, or the start of ours (Java leaves a cause's details to the cause). */
  note (id: string, step: string, java: ErrorInfo, ours: ErrorInfo, context: string): void {
    const javaMessage = (java.message ?? '').trimEnd()
    if ((ours.message ?? '').startsWith(javaMessage)) return
    this.#found.push(`${id} (${step})\n    java: ${java.class}: ${javaMessage}\n    ours: ${ours.class}: ${ours.message ?? ''}`)
    if (process.env.PARITY_STRICT_MESSAGES === '1') assert.fail(`${step} messages differ; ${context}`)
  }

  /** Prints the differences noted, if any. */
  print (): void {
    if (this.#found.length === 0) return
    console.log(`# ${this.#found.length} case(s) where both fail with different messages:\n  ` + this.#found.join('\n  '))
  }
}

/** How a corpus test runs our side of a case and compares it with Java's. */
export interface ParitySuite<C extends ParityCase, O extends ParityOutcome> {
  /** The corpus, from loadParityCorpus. */
  corpus: ParityCorpus<C>
  /** The main class in test/parity/java/src that answers the corpus. */
  driverClass: string
  /** A test of the corpus itself (size, coverage, unique ids), run before the cases. */
  corpusTest: { name: string, check: (cases: readonly C[]) => void }
  /** Our outcome of a case; `line` is its exact text, `java` Java's outcome. */
  runOurs: (testCase: C, line: string, java: O) => O | Promise<O>
  /** Asserts that the outcomes agree; `context` shows both, for assertion messages. */
  compare: (testCase: C, java: O, ours: O, context: string, messages: MessageDifferences) => void
}

/** Declares the suite: one test for the corpus, then one per case, Java run once before them. */
export function describeParity<C extends ParityCase, O extends ParityOutcome> (title: string, suite: ParitySuite<C, O>): void {
  const { lines, cases } = suite.corpus
  const messages = new MessageDifferences()
  let javaOutcomes: Promise<Map<string, O>>

  describe(title, () => {
    before(() => {
      javaOutcomes = (async () => {
        const driver = await buildJavaDriver(JAVA_DRIVER_DIR)
        const output = await runJavaLines(driver, suite.driverClass, lines)
        return new Map(output.map(text => {
          const outcome = JSON.parse(text) as O
          return [outcome.id, outcome]
        }))
      })()
    })

    after(() => messages.print())

    it(suite.corpusTest.name, () => suite.corpusTest.check(cases))

    cases.forEach((testCase, index) => {
      it(testCase.id, async () => {
        const java = (await javaOutcomes).get(testCase.id)
        assert.ok(java !== undefined, `no Java outcome for ${testCase.id}`)
        const ours = await suite.runOurs(testCase, lines[index], java)
        const context = `case ${testCase.id}\n  java: ${JSON.stringify(java)}\n  ours: ${JSON.stringify(ours)}`
        assert.equal(java.driverError, undefined, `the Java driver failed on ${context}`)
        suite.compare(testCase, java, ours, context, messages)
      })
    })
  })
}
