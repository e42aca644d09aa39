// Parity with Kafka itself: the same configuration cases go through Kafka's ConfigDef and
// AbstractHerder.generateResult (test/api/config/java, run on the Kafka version of
// scripts/servers/versions.ts, its ConfigInfos serialized by Kafka's own Jackson) and through ours,
// and the results must be identical: parsed values, error messages, and the REST body byte for
// byte once parsed.
//
// A case is one JSON line:
//   {"id", "parseTypes"?: [{"type", "value"}],
//    "keys"?: [{"name", "type", "default"?, "validator"?, "importance"?, "documentation"?, "group"?,
//               "orderInGroup"?, "width"?, "displayName"?, "dependents"?, "recommender"?}],
//    "props"?: {name: text | null}}
// A validator is {"kind": "atLeast" | "between" | "validString" | "validList" | "anyNonDuplicateValues"
// | "caseInsensitive" | "nonEmptyString" | "nonNull" | "nonEmptyStringWithoutControlChars" | "listSize"
// | "composite", …}; a recommender {"values": [...], "visibleIf"?: {"config", "equals"}} recommends
// fixed values and is visible when the other setting's value, as text, equals "equals".
//
// Known, deliberate differences are kept out of the corpus: LONG text beyond 2^53 (we refuse it),
// class names that do not resolve (Java loads the class, we keep the name), hexadecimal floats.

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import { ConfigException } from '../../../src/api/errors.ts'
import { ConfigDef } from '../../../src/api/config/config-def.ts'
import { configInfosFor } from '../../../src/api/config/config-infos.ts'
import { valueText } from '../../../src/api/config/config-text.ts'
import type { ConfigType, Importance, Recommender, Validator, Width } from '../../../src/api/config/config-types.ts'
import { convertToString, parseType } from '../../../src/api/config/parse-type.ts'
import {
  CaseInsensitiveValidString, CompositeValidator, ListSize, NonEmptyString, NonEmptyStringWithoutControlChars,
  NonNullValidator, Range, ValidList, ValidString,
} from '../../../src/api/config/validators.ts'
import { buildJavaDriver, runJavaLines, type JavaDriver } from '../../support/java.ts'

interface ValidatorSpec {
  kind: string
  min?: number
  max?: number
  values?: string[]
  emptyAllowed?: boolean
  nullAllowed?: boolean
  of?: ValidatorSpec[]
}

interface KeySpec {
  name: string
  type: ConfigType
  default?: unknown
  validator?: ValidatorSpec
  importance?: Importance
  documentation?: string
  group?: string
  orderInGroup?: number
  width?: Width
  displayName?: string
  dependents?: string[]
  recommender?: { values: unknown[], visibleIf?: { config: string, equals: string } }
}

interface ParityCase {
  id: string
  parseTypes?: Array<{ type: ConfigType, value: unknown }>
  keys?: KeySpec[]
  props?: Record<string, string | null>
}

function validator (spec: ValidatorSpec | undefined): Validator | null {
  if (spec === undefined) return null
  switch (spec.kind) {
    case 'atLeast': return Range.atLeast(spec.min ?? 0)
    case 'between': return Range.between(spec.min ?? 0, spec.max ?? 0)
    case 'validString': return ValidString.in(...spec.values ?? [])
    case 'validList': return spec.emptyAllowed === undefined
      ? ValidList.in(...spec.values ?? [])
      : ValidList.in(spec.emptyAllowed, ...spec.values ?? [])
    case 'anyNonDuplicateValues': return ValidList.anyNonDuplicateValues(spec.emptyAllowed ?? true, spec.nullAllowed ?? false)
    case 'caseInsensitive': return CaseInsensitiveValidString.in(...spec.values ?? [])
    case 'nonEmptyString': return new NonEmptyString()
    case 'nonNull': return new NonNullValidator()
    case 'nonEmptyStringWithoutControlChars': return NonEmptyStringWithoutControlChars.nonEmptyStringWithoutControlChars()
    case 'listSize': return ListSize.atMostOfSize(spec.max ?? 0)
    case 'composite': return CompositeValidator.of(...(spec.of ?? []).map(v => validator(v) as Validator))
    default: throw new Error(`unknown validator ${spec.kind}`)
  }
}

function recommender (spec: KeySpec['recommender']): Recommender | null {
  if (spec === undefined) return null
  return {
    validValues: () => [...spec.values],
    visible: (_name, parsed) => spec.visibleIf === undefined || valueText(parsed[spec.visibleIf.config]) === spec.visibleIf.equals,
  }
}

/** A parsed value as the driver writes it: convertToString, or each element's text for a list. */
function text (value: unknown, type: ConfigType): unknown {
  return Array.isArray(value) ? value.map(e => valueText(e)) : convertToString(value, type)
}

/** What our implementation makes of a case, in the driver's output format. */
function ours (parityCase: ParityCase): unknown {
  const result: Record<string, unknown> = { id: parityCase.id }
  result.parseTypes = (parityCase.parseTypes ?? []).map(({ type, value }) => {
    try {
      return { value: text(parseType('x', value, type), type) }
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e
      return { error: e.message }
    }
  })
  if (parityCase.keys === undefined) return result

  const def = new ConfigDef()
  try {
    for (const key of parityCase.keys) {
      def.define({
        name: key.name,
        type: key.type,
        defaultValue: Object.hasOwn(key, 'default') ? key.default : ConfigDef.NO_DEFAULT_VALUE,
        validator: validator(key.validator),
        importance: key.importance ?? 'MEDIUM',
        documentation: key.documentation ?? null,
        group: key.group ?? null,
        orderInGroup: key.orderInGroup ?? -1,
        width: key.width ?? 'NONE',
        displayName: key.displayName ?? key.name,
        dependents: key.dependents ?? [],
        recommender: recommender(key.recommender),
      })
    }
  } catch (e) {
    if (!(e instanceof ConfigException)) throw e
    result.defineError = e.message
    return result
  }
  const props = parityCase.props ?? {}
  result.validate = JSON.parse(JSON.stringify(configInfosFor('TestConnector', def, def.validate(props))))
  try {
    const parsed = def.parse(props)
    const values: Record<string, unknown> = {}
    for (const key of def.configKeys().values()) values[key.name] = text(parsed[key.name], key.type)
    result.parse = { values }
  } catch (e) {
    if (!(e instanceof ConfigException)) throw e
    result.parse = { error: e.message }
  }
  return result
}

const parseTypeSweep: ParityCase = {
  id: 'parse-types',
  parseTypes: [
    ...['true', 'TRUE', ' false ', 'False', 'yes', '1', '', 'fals', 'falſe', '\u0001true\u0002', 'true\u00a0', '\ttrue\n']
      .map(value => ({ type: 'BOOLEAN' as const, value })),
    ...[' a ', '\u00a0a\u00a0', '\ta b\n', '', '\u0000x\u001f', 'ünï ☃']
      .map(value => ({ type: 'STRING' as const, value })),
    ...['0', '+7', '-0', ' 12 ', '2147483647', '2147483648', '-2147483648', '-2147483649', '1.0', '', '0x1F',
      '١٢', '１２', '1_000', '5\u00a0', '\u{1D7CF}', '+', '-', '--1', '1e3']
      .map(value => ({ type: 'INT' as const, value })),
    ...['32767', '32768', '-32768', '-32769', 'x', '٣']
      .map(value => ({ type: 'SHORT' as const, value })),
    ...['9007199254740991', '-9007199254740991', '123', '9223372036854775808', '-9223372036854775809', 'abc', '١٢٣', '5L', '']
      .map(value => ({ type: 'LONG' as const, value })),
    ...['1', '1.5', '-1e3', '.5', '2.', '3d', '4F', 'NaN', '-Infinity', '+Infinity', '1e400', '1e-400', '', 'abc',
      '1,5', 'Inf', ' 7 ', '0.1', '100', '1e7', '12345678.9', '0.0001', '-0', '4.9e-324', '1E+2', '.', 'e5', '١']
      .map(value => ({ type: 'DOUBLE' as const, value })),
    ...['a,b', ' a , b ', '', '  ', 'a,,b,', 'a\u00a0,b', 'a\t,\tb', ',', 'single', 'a , ,b']
      .map(value => ({ type: 'LIST' as const, value })),
    ...[' secret ', '', 'p\u00a0'].map(value => ({ type: 'PASSWORD' as const, value })),
    { type: 'CLASS', value: ' java.lang.String ' },
  ],
}

const connectorKeys: KeySpec[] = [
  { name: 'name', type: 'STRING', validator: { kind: 'nonEmptyStringWithoutControlChars' }, importance: 'HIGH',
    documentation: 'Globally unique name.', group: 'Common', orderInGroup: 1, width: 'MEDIUM', displayName: 'Connector name' },
  { name: 'tasks.max', type: 'INT', default: 1, validator: { kind: 'atLeast', min: 1 }, importance: 'HIGH',
    documentation: 'Maximum number of tasks.', group: 'Common', orderInGroup: 3, width: 'SHORT', displayName: 'Tasks max' },
  { name: 'topics', type: 'LIST', default: '', importance: 'HIGH', documentation: 'Topics.', group: 'Common', orderInGroup: 4, width: 'LONG' },
  { name: 'errors.tolerance', type: 'STRING', default: 'none', validator: { kind: 'validString', values: ['none', 'all'] },
    importance: 'MEDIUM', group: 'Error Handling', orderInGroup: 2, width: 'SHORT', displayName: 'Error Tolerance' },
  { name: 'errors.retry.timeout', type: 'LONG', default: 0, importance: 'MEDIUM', group: 'Error Handling', orderInGroup: 1 },
  { name: 'connection.password', type: 'PASSWORD', default: null, importance: 'HIGH', group: 'Connection' },
  { name: 'ratio', type: 'DOUBLE', default: 0.75, validator: { kind: 'between', min: 0, max: 1 }, importance: 'LOW' },
  { name: 'big', type: 'DOUBLE', default: '1e7', importance: 'LOW' },
  { name: 'port', type: 'SHORT', default: '5432', importance: 'LOW' },
  { name: 'enabled', type: 'BOOLEAN', default: true, importance: 'LOW' },
  { name: 'fields', type: 'LIST', default: 'id,name', validator: { kind: 'validList', values: ['id', 'name', 'email'] }, importance: 'LOW' },
  { name: 'header.converter', type: 'CLASS', default: 'java.lang.String', importance: 'LOW' },
]

const cases: ParityCase[] = [
  parseTypeSweep,
  { id: 'connector-errors', keys: connectorKeys, props: { 'tasks.max': '0', 'errors.tolerance': 'ALL', ratio: '1.5', 'connection.password': 'hunter2', fields: 'id,id,phone', port: '99999', enabled: 'maybe' } },
  { id: 'connector-control-chars', keys: connectorKeys, props: { name: 'my\nconnector\u0085', 'errors.retry.timeout': '-5' } },
  { id: 'connector-valid', keys: connectorKeys, props: { name: ' jdbc-sink ', 'tasks.max': '4', topics: 'a, b ,c', 'connection.password': ' s3cret ', ratio: '0.5', fields: 'email,id', enabled: 'FALSE', unknown: 'ignored' } },
  { id: 'connector-empty-name', keys: connectorKeys, props: { name: '' } },
  { id: 'null-values', keys: connectorKeys, props: { name: null, 'tasks.max': null, topics: null } },
  {
    id: 'recommenders-hidden',
    keys: [
      { name: 'mode', type: 'STRING', default: 'plain', validator: { kind: 'validString', values: ['plain', 'ssl'] }, dependents: ['tls.version', 'tls.ciphers'] },
      { name: 'tls.version', type: 'STRING', default: null, recommender: { values: ['TLSv1.2', 'TLSv1.3'], visibleIf: { config: 'mode', equals: 'ssl' } } },
      { name: 'tls.ciphers', type: 'LIST', default: '', recommender: { values: ['a', 'b'], visibleIf: { config: 'mode', equals: 'ssl' } } },
      { name: 'retries', type: 'INT', default: 3, recommender: { values: [1, 3, 5] } },
      { name: 'ratio', type: 'DOUBLE', default: 1, recommender: { values: [0.5, 1.5, 2.25] } },
    ],
    props: {},
  },
  {
    id: 'recommenders-shown',
    keys: [
      { name: 'mode', type: 'STRING', default: 'plain', dependents: ['tls.version'] },
      { name: 'tls.version', type: 'STRING', default: null, recommender: { values: ['TLSv1.2', 'TLSv1.3'], visibleIf: { config: 'mode', equals: 'ssl' } } },
    ],
    props: { mode: 'ssl', 'tls.version': 'TLSv1.0' },
  },
  {
    id: 'two-parents',
    keys: [
      { name: 'p1', type: 'BOOLEAN', default: false, dependents: ['child'] },
      { name: 'p2', type: 'BOOLEAN', default: true, dependents: ['child'] },
      { name: 'child', type: 'INT', validator: { kind: 'atLeast', min: 10 }, recommender: { values: [10, 20], visibleIf: { config: 'p1', equals: 'true' } } },
    ],
    props: { child: '5' },
  },
  {
    id: 'undefined-dependent',
    keys: [{ name: 'a', type: 'STRING', default: 'x', dependents: ['ghost'], group: 'G' }],
    props: { a: 'y' },
  },
  {
    id: 'required-with-range',
    keys: [{ name: 'count', type: 'INT', validator: { kind: 'atLeast', min: 0 }, importance: 'HIGH' }],
    props: {},
  },
  {
    id: 'list-validators',
    keys: [
      { name: 'nonEmpty', type: 'LIST', default: 'a', validator: { kind: 'validList', emptyAllowed: false, values: ['a', 'b'] } },
      { name: 'any', type: 'LIST', default: null, validator: { kind: 'anyNonDuplicateValues', emptyAllowed: false, nullAllowed: true } },
      { name: 'strict', type: 'LIST', default: 'x', validator: { kind: 'anyNonDuplicateValues', emptyAllowed: true, nullAllowed: false } },
      { name: 'short', type: 'LIST', default: '', validator: { kind: 'listSize', max: 2 } },
    ],
    props: { nonEmpty: '', any: 'x,,y', strict: 'p,q,p', short: '1,2,3' },
  },
  {
    id: 'list-validators-parse',
    keys: [
      { name: 'fields', type: 'LIST', default: '', validator: { kind: 'validList', values: ['a', 'b'] } },
      { name: 'any', type: 'LIST', default: '', validator: { kind: 'anyNonDuplicateValues', emptyAllowed: true, nullAllowed: false } },
    ],
    props: { fields: 'a,b,a', any: 'z,z' },
  },
  {
    id: 'string-validators',
    keys: [
      { name: 'nn', type: 'STRING', default: 'x', validator: { kind: 'nonNull' } },
      { name: 'ne', type: 'STRING', default: 'x', validator: { kind: 'nonEmptyString' } },
      { name: 'ci', type: 'STRING', default: 'base64', validator: { kind: 'caseInsensitive', values: ['base64'] } },
      { name: 'both', type: 'STRING', default: 'a', validator: { kind: 'composite', of: [{ kind: 'nonNull' }, { kind: 'validString', values: ['a', 'b'] }] } },
    ],
    props: { nn: null, ne: '  ', ci: 'hex', both: 'c' },
  },
  {
    id: 'string-validators-valid',
    keys: [
      { name: 'ci', type: 'STRING', default: 'base64', validator: { kind: 'caseInsensitive', values: ['base64', 'numeric'] } },
    ],
    props: { ci: 'NUMERIC' },
  },
  { id: 'defined-twice', keys: [{ name: 'a', type: 'INT', default: 1 }, { name: 'a', type: 'STRING', default: '' }] },
  { id: 'bad-default', keys: [{ name: 'a', type: 'INT', default: 'many' }] },
  { id: 'default-fails-validator', keys: [{ name: 'a', type: 'STRING', default: 'c', validator: { kind: 'validString', values: ['a', 'b'] } }] },
  { id: 'null-default-fails-valid-list', keys: [{ name: 'a', type: 'LIST', default: null, validator: { kind: 'validList', values: ['a'] } }] },
]

describe('ConfigDef parity with Kafka', () => {
  let driver: JavaDriver
  let javaResults: Map<string, unknown>

  before(async () => {
    driver = await buildJavaDriver(join(import.meta.dirname, 'java'))
    const lines = await runJavaLines(driver, 'ConfigParityDriver', cases.map(c => JSON.stringify(c)))
    javaResults = new Map(lines.map(line => {
      const result = JSON.parse(line) as { id: string }
      return [result.id, result]
    }))
  })

  for (const parityCase of cases) {
    test(parityCase.id, () => {
      const java = javaResults.get(parityCase.id)
      assert.ok(java !== undefined, `the driver gave no result for ${parityCase.id}`)
      assert.deepStrictEqual(ours(parityCase), java)
    })
  }
})
