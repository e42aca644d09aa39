// Parity with Kafka's own single message transforms and predicates (connect-transforms). One
// corpus (test/parity/corpus/transforms*.jsonl, one case per line, `//` lines are comments) goes
// through Java's classes (test/parity/java/src/TransformParityDriver.java, run once for the whole
// corpus) and through ours; the resulting records must be equal field by field, schemas
// included. Where Java fails (configuring or applying), we must fail at the same step; the
// messages are compared and differences listed, and PARITY_STRICT_MESSAGES=1 makes a different
// message a failure (test/support/parity.ts). Each transform's and predicate's settings (names, types, defaults,
// importance, documentation, validator text) are compared too, since the validate endpoint shows them.
//
// A case:
//   id         unique name
//   transform  a Java class name (org.apache.kafka.connect.transforms.Cast$Value), or
//   predicate  a Java predicate class name, or
//   configDef  a class name whose config() is compared
//   config     the settings, as strings (or null)
//   record     {"kind": "sink" (default) | "source", "topic", "partition", "offset" (sink),
//               "timestamp", "keySchema", "key", "valueSchema", "value",
//               "headers": [{"key", "schema", "value"}]}: schemas in JsonConverter's JSON form,
//               values in the tagged form of test/support/tagged.ts
//   earlier    true when, on purpose, we refuse at configure time what Java accepts and only
//              fails on at apply time (a TimestampRouter pattern, a RegexRouter replacement)
//   better     why we succeed where Java fails on purpose (a Kafka bug); Java must still fail
//              there, so that a fix on Kafka's side shows up here
//
// Known, deliberate differences are kept out of the corpus: schemaless whole numbers beyond the
// int range (a Long in Java's tagged form, a number here), schemaless float32/int8/int16 values
// (JavaScript numbers carry no width without a schema), Java 17's Double.toString digits where
// they differ from Java 19+ (JDK-4511638), zone names other than those simple-date-format.ts lists.

import assert from 'node:assert/strict'
import type { ConnectRecord } from '../../src/api/connector/connect-record.ts'
import { ConnectHeaders } from '../../src/api/header/headers.ts'
import { SinkRecord } from '../../src/api/sink/sink-record.ts'
import { SourceRecord } from '../../src/api/source/source-record.ts'
import type { Predicate } from '../../src/api/transforms/predicate.ts'
import type { Transformation } from '../../src/api/transforms/transformation.ts'
import { parseJson } from '../../src/converters/json/json-parser.ts'
import { isObject, type JsonValue } from '../../src/converters/json/json-tree.ts'
import { NO_DEFAULT_VALUE } from '../../src/api/config/config-key.ts'
import { convertToString } from '../../src/api/config/parse-type.ts'
import { BUILTIN_PREDICATES, BUILTIN_TRANSFORMS } from '../../src/transforms/index.ts'
import { assertUniqueIds, describeParity, errorInfo, loadParityCorpus, normalized, readSchema, type ErrorInfo, type MessageDifferences } from '../support/parity.ts'
import { describe as describeValue, describeSchema, fromTagged, reconcileNumbers, type Json } from '../support/tagged.ts'

interface RecordSpec {
  kind?: 'sink' | 'source'
  topic?: string
  partition?: number | null
  offset?: number
  timestamp?: number | null
  key?: Json
  value?: Json
  headers?: Array<{ key: string, value?: Json }>
}

interface ParityCase {
  id: string
  transform?: string
  predicate?: string
  configDef?: string
  config?: Record<string, string | null>
  record?: RecordSpec
  earlier?: boolean
  better?: string
}

interface Outcome {
  id: string
  configureError?: ErrorInfo
  applyError?: ErrorInfo
  result?: Json
  test?: boolean
  configDef?: Json
  driverError?: ErrorInfo
}

function field (json: JsonValue | undefined, name: string): JsonValue | undefined {
  return isObject(json) ? json.get(name) : undefined
}

/** The case's record, built as the Java driver builds it. */
function recordOf (spec: RecordSpec, tree: JsonValue | undefined): ConnectRecord<any> {
  const keySchema = readSchema(field(tree, 'keySchema'))
  const valueSchema = readSchema(field(tree, 'valueSchema'))
  const headers = new ConnectHeaders()
  const headerTrees = field(tree, 'headers')
  ;(spec.headers ?? []).forEach((header, i) => {
    const schema = readSchema(field(Array.isArray(headerTrees) ? headerTrees[i] : undefined, 'schema'))
    headers.add(header.key, fromTagged(schema, header.value), schema)
  })
  const common = {
    topic: spec.topic ?? 'topic',
    keySchema,
    key: fromTagged(keySchema, spec.key),
    valueSchema,
    value: fromTagged(valueSchema, spec.value),
    timestamp: spec.timestamp ?? null,
    headers,
  }
  if (spec.kind === 'source') {
    return new SourceRecord({ ...common, kafkaPartition: spec.partition ?? null, sourcePartition: { source: 'parity' }, sourceOffset: { position: 1 } })
  }
  return new SinkRecord({ ...common, kafkaPartition: spec.partition ?? 0, kafkaOffset: BigInt(spec.offset ?? 0), timestampType: 'CreateTime' })
}

function describeRecord (record: ConnectRecord<any>): Json {
  const out: Record<string, Json> = {
    topic: record.topic,
    partition: record.kafkaPartition,
    timestamp: record.timestamp,
  }
  if (record instanceof SinkRecord) out.offset = record.kafkaOffset.toString()
  out.keySchema = describeSchema(record.keySchema)
  out.key = describeValue(record.key, record.keySchema)
  out.valueSchema = describeSchema(record.valueSchema)
  out.value = describeValue(record.value, record.valueSchema)
  out.headers = [...record.headers].map(header => ({ key: header.key, schema: describeSchema(header.schema), value: describeValue(header.value, header.schema) }))
  return out
}

function describeConfigDef (plugin: { config (): import('../../src/api/config/config-def.ts').ConfigDef }): Json {
  return [...plugin.config().configKeys().values()].map(key => ({
    name: key.name,
    type: key.type,
    default: key.defaultValue === NO_DEFAULT_VALUE ? '<required>' : convertToString(key.defaultValue, key.type),
    importance: key.importance,
    documentation: key.documentation,
    validator: key.validator === null ? null : String(key.validator),
  }))
}

function createPlugin (className: string): unknown {
  const plugin = [...BUILTIN_TRANSFORMS, ...BUILTIN_PREDICATES].find(p => p.className === className)
  if (plugin === undefined) throw new Error(`no built-in plugin ${className}`)
  return plugin.create()
}

/** Runs a case through our transform or predicate. */
function runOurs (testCase: ParityCase, line: string): Outcome {
  const outcome: Outcome = { id: testCase.id }
  if (testCase.configDef !== undefined) {
    outcome.configDef = describeConfigDef(createPlugin(testCase.configDef) as Transformation<any>)
    return outcome
  }
  const isPredicate = testCase.predicate !== undefined
  const plugin = createPlugin((testCase.predicate ?? testCase.transform) as string) as Transformation<any> & Predicate<any>
  try {
    plugin.configure({ ...(testCase.config ?? {}) })
  } catch (error) {
    outcome.configureError = errorInfo(error)
    return outcome
  }
  const record = recordOf(testCase.record ?? {}, field(parseJson(line), 'record'))
  try {
    if (isPredicate) {
      outcome.test = plugin.test(record)
    } else {
      const transformed = plugin.apply(record)
      outcome.result = transformed === null ? null : describeRecord(transformed)
    }
  } catch (error) {
    outcome.applyError = errorInfo(error)
  } finally {
    plugin.close()
  }
  return outcome
}

function compare (testCase: ParityCase, java: Outcome, ours: Outcome, context: string, messages: MessageDifferences): void {
  if (testCase.configDef !== undefined) {
    assert.deepEqual(ours.configDef, java.configDef, `settings differ; ${context}`)
    return
  }
  if (testCase.earlier === true) {
    // Ours refuses the configuration that Java accepts and then fails every record with.
    assert.equal(java.configureError, undefined, `Java was expected to accept the configuration; ${context}`)
    assert.notEqual(java.applyError, undefined, `Java was expected to fail applying; ${context}`)
    assert.notEqual(ours.configureError, undefined, `we were expected to refuse the configuration; ${context}`)
    return
  }
  if (testCase.better !== undefined) {
    assert.ok(java.configureError !== undefined || java.applyError !== undefined, `Java was expected to fail (${testCase.better}); ${context}`)
    assert.ok(ours.configureError === undefined && ours.applyError === undefined, `we were expected to succeed; ${context}`)
    return
  }
  assert.equal(ours.configureError !== undefined, java.configureError !== undefined,
    `configure: Java ${java.configureError === undefined ? 'succeeded' : 'failed'}, we ${ours.configureError === undefined ? 'succeeded' : 'failed'}; ${context}`)
  if (java.configureError !== undefined && ours.configureError !== undefined) {
    messages.note(testCase.id, 'configure', java.configureError, ours.configureError, context)
    return
  }
  assert.equal(ours.applyError !== undefined, java.applyError !== undefined,
    `apply: Java ${java.applyError === undefined ? 'succeeded' : 'failed'}, we ${ours.applyError === undefined ? 'succeeded' : 'failed'}; ${context}`)
  if (java.applyError !== undefined && ours.applyError !== undefined) {
    messages.note(testCase.id, 'apply', java.applyError, ours.applyError, context)
    return
  }
  if (testCase.predicate !== undefined) {
    assert.equal(ours.test, java.test, `predicate results differ; ${context}`)
    return
  }
  const javaResult = normalized(java.result) as Json
  const ourResult = reconcileNumbers(normalized(ours.result) as Json, javaResult)
  assert.deepEqual(ourResult, javaResult, `results differ; ${context}`)
}

/** Unique ids; at least 10 cases for each transform and predicate family, and a configDef case for each. */
function checkCorpus (cases: readonly ParityCase[]): void {
  assertUniqueIds(cases)
  const families = new Map<string, number>()
  for (const c of cases) {
    const name = c.transform ?? c.predicate
    if (name === undefined) continue
    const family = name.replace(/\$(Key|Value)$/, '')
    families.set(family, (families.get(family) ?? 0) + 1)
  }
  for (const plugin of [...BUILTIN_TRANSFORMS, ...BUILTIN_PREDICATES]) {
    const family = plugin.className.replace(/\$(Key|Value)$/, '')
    assert.ok((families.get(family) ?? 0) >= 10, `${family} has ${families.get(family) ?? 0} cases`)
    assert.ok(cases.some(c => c.transform === plugin.className || c.predicate === plugin.className), `no case for ${plugin.className}`)
    assert.ok(cases.some(c => c.configDef === plugin.className), `no configDef case for ${plugin.className}`)
  }
}

describeParity<ParityCase, Outcome>('transform parity with Kafka (Java)', {
  corpus: loadParityCorpus('transforms'),
  driverClass: 'TransformParityDriver',
  corpusTest: { name: 'has unique ids and at least 10 cases for each transform and predicate', check: checkCorpus },
  runOurs,
  compare,
})
