// The shapes of the REST API's request bodies, named by the Java types Kafka Connect binds them
// to, and the binding of a parsed body to one of them with Jackson's messages when it does not
// fit (Kafka answers those with 500 and the message):
//
//   Cannot deserialize value of type `java.lang.String` from Array value (token `JsonToken.START_ARRAY`)
//    at [Source: …; line: 1, column: 27] (through reference chain: …CreateConnectorRequest["config"]->java.util.LinkedHashMap["a"])

import { located, parseJsonBody, UnreadableBodyException, type ChainTracker, type JsonNode } from './json-body.ts'

/** A Java type a body (or a part of it) is bound to. */
export type Shape =
  | { readonly kind: 'string' }
  | { readonly kind: 'any' }
  | { readonly kind: 'enum', readonly type: string, readonly constantPrefix: string, readonly values: readonly string[] }
  | { readonly kind: 'map', readonly type: string, readonly values: Shape }
  | { readonly kind: 'list', readonly type: string, readonly items: Shape }
  | { readonly kind: 'bean', readonly type: string, readonly fields: Readonly<Record<string, Shape>>, readonly known: readonly string[] }

const ENTITIES = 'org.apache.kafka.connect.runtime.rest.entities'
const STRING: Shape = { kind: 'string' }
const ANY: Shape = { kind: 'any' }

/** Map<String, String>: connector configs, logger levels. */
export const STRING_MAP: Shape = { kind: 'map', type: 'java.util.LinkedHashMap<java.lang.String,java.lang.String>', values: STRING }

/** POST /connectors/{c}/tasks (internal): List<Map<String, String>>. */
export const TASK_CONFIGS: Shape = { kind: 'list', type: 'java.util.ArrayList<java.util.Map<java.lang.String,java.lang.String>>', items: STRING_MAP }

/** POST /connectors. */
export const CREATE_CONNECTOR_REQUEST: Shape = {
  kind: 'bean',
  type: `${ENTITIES}.CreateConnectorRequest`,
  fields: {
    name: STRING,
    config: STRING_MAP,
    initial_state: { kind: 'enum', type: `${ENTITIES}.CreateConnectorRequest$InitialState`, constantPrefix: `${ENTITIES}.CreateConnectorRequest.InitialState`, values: ['RUNNING', 'PAUSED', 'STOPPED'] },
  },
  known: ['config', 'name', 'initial_state'],
}

const OBJECT_MAP: Shape = { kind: 'map', type: 'java.util.LinkedHashMap<java.lang.String,java.lang.Object>', values: ANY }
const CONNECTOR_OFFSET: Shape = {
  kind: 'bean', type: `${ENTITIES}.ConnectorOffset`, fields: { partition: OBJECT_MAP, offset: OBJECT_MAP }, known: ['partition', 'offset'],
}

/** PATCH /connectors/{c}/offsets. */
export const CONNECTOR_OFFSETS: Shape = {
  kind: 'bean',
  type: `${ENTITIES}.ConnectorOffsets`,
  fields: { offsets: { kind: 'list', type: `java.util.ArrayList<${ENTITIES}.ConnectorOffset>`, items: CONNECTOR_OFFSET } },
  known: ['offsets'],
}

/** The Java type name a container of this shape shows in a reference chain. */
function containerName (shape: Shape): string | undefined {
  switch (shape.kind) {
    case 'bean': return shape.type
    case 'map': return 'java.util.LinkedHashMap'
    case 'list': return 'java.util.ArrayList'
    default: return undefined
  }
}

function child (shape: Shape, key: string | number): Shape {
  switch (shape.kind) {
    case 'bean': return typeof key === 'string' ? (shape.fields[key] ?? ANY) : ANY
    case 'map': return shape.values
    case 'list': return shape.items
    default: return ANY
  }
}

function tracker (root: Shape): ChainTracker {
  return {
    containerType: path => containerName(path.reduce<Shape>((shape, key) => child(shape, key), root)),
    rootType: root.kind === 'map' ? 'java.util.Map' : containerName(root) ?? 'java.lang.Object',
  }
}

/** Jackson's "from X value (token `JsonToken.Y`)" for a node. */
function valueKind (node: JsonNode): string {
  switch (node.kind) {
    case 'object': return 'Object value (token `JsonToken.START_OBJECT`)'
    case 'array': return 'Array value (token `JsonToken.START_ARRAY`)'
    case 'string': return 'String value (token `JsonToken.VALUE_STRING`)'
    case 'boolean': return `Boolean value (token \`JsonToken.VALUE_${node.value ? 'TRUE' : 'FALSE'}\`)`
    case 'null': return 'Null value (token `JsonToken.VALUE_NULL`)'
    case 'number': return node.integral ? 'Integer value (token `JsonToken.VALUE_NUMBER_INT`)' : 'Floating-point value (token `JsonToken.VALUE_NUMBER_FLOAT`)'
  }
}

/** A scalar's text, as Jackson coerces it into a String. */
function scalarText (node: JsonNode): string | undefined {
  switch (node.kind) {
    case 'string': return node.value
    case 'number': return node.text
    case 'boolean': return String(node.value)
    default: return undefined
  }
}

class Binder {
  readonly #text: string

  constructor (text: string) {
    this.#text = text
  }

  #fail (message: string, index: number, chain: readonly string[]): never {
    throw new UnreadableBodyException(located(message, this.#text, index, chain.join('->')))
  }

  bind (node: JsonNode, shape: Shape, chain: readonly string[]): unknown {
    if (node.kind === 'null' && shape.kind !== 'any') return null
    switch (shape.kind) {
      case 'any': return plain(node)
      case 'string': {
        const text = scalarText(node)
        if (text === undefined) this.#fail(`Cannot deserialize value of type \`java.lang.String\` from ${valueKind(node)}`, node.at.index, chain)
        return text
      }
      case 'enum': {
        const text = scalarText(node)
        if (text === undefined) this.#fail(`Cannot deserialize value of type \`${shape.type}\` from ${valueKind(node)}`, node.at.index, chain)
        const constant = text.toUpperCase()
        if (!shape.values.includes(constant)) {
          this.#fail(`Cannot construct instance of \`${shape.type}\`, problem: No enum constant ${shape.constantPrefix}.${constant}`, node.at.index, chain)
        }
        return constant
      }
      case 'map': {
        if (node.kind === 'string') {
          this.#fail(`Cannot construct instance of \`java.util.LinkedHashMap\` (although at least one Creator exists): no String-argument constructor/factory method to deserialize from String value ('${node.value}')`, node.at.index, chain)
        }
        if (node.kind !== 'object') this.#fail(`Cannot deserialize value of type \`${shape.type}\` from ${valueKind(node)}`, node.at.index, chain)
        const result: Record<string, unknown> = {}
        for (const [key, value] of node.entries) result[key] = this.bind(value, shape.values, [...chain, `java.util.LinkedHashMap[${JSON.stringify(key)}]`])
        return result
      }
      case 'list': {
        if (node.kind !== 'array') this.#fail(`Cannot deserialize value of type \`${shape.type}\` from ${valueKind(node)}`, node.at.index, chain)
        return node.items.map((item, i) => this.bind(item, shape.items, [...chain, `java.util.ArrayList[${i}]`]))
      }
      case 'bean': {
        if (node.kind === 'object') return this.#bean(node, shape, chain)
        if (node.kind === 'array') this.#fail(`Cannot deserialize value of type \`${shape.type}\` from ${valueKind(node)}`, node.at.index, chain)
        const argument = node.kind === 'string'
          ? `String-argument constructor/factory method to deserialize from String value ('${node.value}')`
          : node.kind === 'boolean'
            ? `boolean/Boolean-argument constructor/factory method to deserialize from Boolean value (${node.value})`
            : node.kind === 'number' && node.integral
              ? `int/Int-argument constructor/factory method to deserialize from Number value (${node.text})`
              : `double/Double-argument constructor/factory method to deserialize from Number value (${scalarText(node) ?? ''})`
        this.#fail(`Cannot construct instance of \`${shape.type}\` (although at least one Creator exists): no ${argument}`, node.at.index, chain)
      }
    }
  }

  #bean (node: Extract<JsonNode, { kind: 'object' }>, shape: Extract<Shape, { kind: 'bean' }>, chain: readonly string[]): Record<string, unknown> {
    const result: Record<string, unknown> = {}
    let unknown: string | undefined
    for (const [key, value] of node.entries) {
      const field = shape.fields[key]
      if (field === undefined) {
        unknown ??= key
        continue
      }
      result[key] = this.bind(value, field, [...chain, `${shape.type}[${JSON.stringify(key)}]`])
    }
    if (unknown !== undefined) {
      // Kafka's entities are built through a creator, so Jackson notices the field once the object is read.
      const known = shape.known.length === 1 ? `one known property: "${shape.known[0]}"` : `${shape.known.length} known properties: ${shape.known.map(k => `"${k}"`).join(', ')}`
      this.#fail(`Unrecognized field "${unknown}" (class ${shape.type}), not marked as ignorable (${known})`, node.end.index, [...chain, `${shape.type}[${JSON.stringify(unknown)}]`])
    }
    return result
  }
}

/** An untyped value as plain JavaScript: integers as bigint (as the offset stores give them), other numbers as number. */
function plain (node: JsonNode): unknown {
  switch (node.kind) {
    case 'null': return null
    case 'string': case 'boolean': return node.value
    case 'number': return node.integral ? BigInt(node.text) : Number(node.text)
    case 'array': return node.items.map(plain)
    case 'object': return Object.fromEntries(node.entries.map(([key, value]) => [key, plain(value)]))
  }
}

/**
 * Reads a body as Kafka binds it to `shape`: the value, or undefined for an empty body (or a JSON
 * null). Throws UnreadableBodyException with Jackson's message for malformed JSON or the wrong shape.
 */
export function readBody (text: string, shape: Shape): unknown {
  const node = parseJsonBody(text, tracker(shape))
  if (node === undefined) return undefined
  return new Binder(text).bind(node, shape, [])
}
