// Parity with Kafka's own converters. One corpus (test/parity/corpus/converters*.jsonl, one case per
// line) goes through Java's JsonConverter, SimpleHeaderConverter, StringConverter,
// ByteArrayConverter and number converters (test/parity/java, run once for the whole corpus) and
// through ours; the serialized bytes must be identical and the deserialized schemas and values
// equal. Where Java fails, we must fail too; the messages are compared and differences listed,
// and PARITY_STRICT_MESSAGES=1 makes a different message a failure (test/support/parity.ts).
//
// A case:
//   id          unique name
//   converter   json | header (SimpleHeaderConverter) | string | bytearray | short | integer |
//               long | float | double | boolean
//   config      the converter's settings (strings, booleans, integers)
//   isKey       configure as a key converter (default false)
//   as          "header": use the converter as a HeaderConverter (converter.type=header)
//   and either
//   schema      the schema in JsonConverter's JSON form (or null), and
//   value       the value in the tagged form of test/support/tagged.ts:
//               both sides serialize, then both deserialize Java's bytes;
//   or
//   bytes       {"text": "..."} (UTF-8) or {"base64": "..."} or null: both sides deserialize them.

import assert from 'node:assert/strict'
import type { Schema } from '../../src/api/data/schema.ts'
import type { SchemaAndValue } from '../../src/api/data/schema-and-value.ts'
import type { Converter, HeaderConverter } from '../../src/api/converter/converter.ts'
import { parseJson } from '../../src/converters/json/json-parser.ts'
import { isObject } from '../../src/converters/json/json-tree.ts'
import { JsonConverter } from '../../src/converters/json/json-converter.ts'
import { assertUniqueIds, describeParity, errorInfo, loadParityCorpus, normalized, readSchema, type ErrorInfo, type MessageDifferences } from '../support/parity.ts'
import { describe as describeValue, describeSchema, fromTagged, reconcileNumbers, type Json } from '../support/tagged.ts'

interface ParityCase {
  id: string
  converter: string
  config?: Record<string, Json>
  isKey?: boolean
  as?: 'header'
  topic?: string
  headerKey?: string
  schema?: Json
  value?: Json
  bytes?: { text: string } | { base64: string } | null
}

/** What a side did with a case; exactly the fields the Java driver prints. */
interface Outcome {
  id: string
  configureError?: ErrorInfo
  schemaError?: ErrorInfo
  buildError?: ErrorInfo
  serialized?: { base64: string, text: string | null } | null
  serializeError?: ErrorInfo
  deserialized?: { schema: Json, value: Json }
  deserializeError?: ErrorInfo
  driverError?: ErrorInfo
}

const ERROR_STAGES = ['configureError', 'schemaError', 'buildError', 'serializeError', 'deserializeError'] as const

type AnyConverter = Converter & HeaderConverter

async function createConverter (kind: string): Promise<AnyConverter> {
  switch (kind) {
    case 'json': return new JsonConverter()
    case 'header': {
      const { SimpleHeaderConverter } = await import('../../src/converters/simple-header-converter.ts')
      return new SimpleHeaderConverter() as unknown as AnyConverter
    }
  }
  const { BUILTIN_CONVERTERS } = await import('../../src/converters/index.ts')
  const simpleNames: Record<string, string> = {
    string: 'StringConverter',
    bytearray: 'ByteArrayConverter',
    short: 'ShortConverter',
    integer: 'IntegerConverter',
    long: 'LongConverter',
    float: 'FloatConverter',
    double: 'DoubleConverter',
    boolean: 'BooleanConverter',
  }
  const plugin = BUILTIN_CONVERTERS.find(p => p.className.endsWith('.' + simpleNames[kind]))
  if (plugin === undefined) throw new Error(`no built-in converter for ${kind}`)
  return plugin.create() as AnyConverter
}

/** The case's schema, read from the exact JSON text of its line, as the Java driver reads it. */
function schemaOf (line: string): Schema | null {
  const tree = parseJson(line)
  if (!isObject(tree)) throw new Error('a case must be a JSON object')
  return readSchema(tree.get('schema'))
}

function describeBytes (bytes: Uint8Array | null): Outcome['serialized'] {
  if (bytes === null) return null
  let text: string | null
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = null
  }
  return { base64: Buffer.from(bytes).toString('base64'), text }
}

function bytesOf (spec: ParityCase['bytes'] | undefined): Uint8Array | null {
  if (spec === null || spec === undefined) return null
  if ('base64' in spec) return new Uint8Array(Buffer.from(spec.base64, 'base64'))
  return new Uint8Array(Buffer.from(spec.text, 'utf8'))
}

/** Runs a case through our converters; deserializes `javaBytes` (Java's output) when given. */
async function runOurs (testCase: ParityCase, line: string, java: Outcome): Promise<Outcome> {
  const outcome: Outcome = { id: testCase.id }
  const asHeader = testCase.as === 'header' || testCase.converter === 'header'
  const topic = testCase.topic ?? 'topic'
  const headerKey = testCase.headerKey ?? 'header'
  const converter = await createConverter(testCase.converter)
  try {
    const config = { ...(testCase.config ?? {}) }
    if (asHeader) converter.configure({ ...config, 'converter.type': 'header' })
    else converter.configure(config, testCase.isKey ?? false)
  } catch (error) {
    outcome.configureError = errorInfo(error)
    return outcome
  }

  let bytes: Uint8Array | null
  if ('bytes' in testCase) {
    bytes = bytesOf(testCase.bytes)
  } else {
    let schema: Schema | null
    try {
      schema = schemaOf(line)
    } catch (error) {
      outcome.schemaError = errorInfo(error)
      return outcome
    }
    let value: unknown
    try {
      value = fromTagged(schema, testCase.value)
    } catch (error) {
      outcome.buildError = errorInfo(error)
      return outcome
    }
    let ours: Uint8Array | null
    try {
      ours = asHeader
        ? converter.fromConnectHeader(topic, headerKey, schema, value)
        : converter.fromConnectData(topic, schema, value)
    } catch (error) {
      outcome.serializeError = errorInfo(error)
      return outcome
    }
    outcome.serialized = describeBytes(ours)
    // Deserialize what Java wrote, so a difference in writing does not hide one in reading.
    bytes = java.serialized === undefined || java.serialized === null
      ? ours
      : new Uint8Array(Buffer.from(java.serialized.base64, 'base64'))
  }

  try {
    const result: SchemaAndValue = asHeader
      ? converter.toConnectHeader(topic, headerKey, bytes)
      : converter.toConnectData(topic, bytes)
    outcome.deserialized = { schema: describeSchema(result.schema), value: describeValue(result.value, result.schema) }
  } catch (error) {
    outcome.deserializeError = errorInfo(error)
  }
  return outcome
}

function compare (testCase: ParityCase, java: Outcome, ours: Outcome, context: string, messages: MessageDifferences): void {
  for (const stage of ERROR_STAGES) {
    const javaError = java[stage]
    const ourError = ours[stage]
    assert.equal(ourError !== undefined, javaError !== undefined,
      `${stage}: Java ${javaError === undefined ? 'succeeded' : 'failed'}, we ${ourError === undefined ? 'succeeded' : 'failed'}; ${context}`)
    if (javaError !== undefined && ourError !== undefined) messages.note(testCase.id, stage, javaError, ourError, context)
  }
  assert.equal(ours.serialized === undefined, java.serialized === undefined, context)
  if (java.serialized !== undefined) {
    assert.deepEqual(ours.serialized, java.serialized, `serialized bytes differ; ${context}`)
  }
  assert.equal(ours.deserialized === undefined, java.deserialized === undefined, context)
  if (java.deserialized !== undefined) {
    const javaDeserialized = normalized(java.deserialized as Json) as Json
    const ourDeserialized = reconcileNumbers(normalized(ours.deserialized as Json) as Json, javaDeserialized)
    assert.deepEqual(ourDeserialized, javaDeserialized, `deserialized values differ; ${context}`)
  }
}

describeParity<ParityCase, Outcome>('converter parity with Kafka (Java)', {
  corpus: loadParityCorpus('converters'),
  driverClass: 'ConverterParityDriver',
  corpusTest: {
    name: 'has a corpus of at least 150 cases with unique ids',
    check: cases => {
      assert.ok(cases.length >= 150, `only ${cases.length} cases`)
      assertUniqueIds(cases)
    },
  },
  runOurs,
  compare,
})
