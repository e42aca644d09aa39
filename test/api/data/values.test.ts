import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BigDecimal } from '../../../src/api/data/big-decimal.ts'
import { ConnectDate } from '../../../src/api/data/date.ts'
import { Decimal } from '../../../src/api/data/decimal.ts'
import { javaDoubleToString, javaFloatToString } from '../../../src/api/data/java-number-format.ts'
import { arrayElementSchemasOf, mapEntrySchemasOf } from '../../../src/api/data/parsed-element-schemas.ts'
import { Schema } from '../../../src/api/data/schema.ts'
import { SchemaAndValue } from '../../../src/api/data/schema-and-value.ts'
import { SchemaBuilder } from '../../../src/api/data/schema-builder.ts'
import { Struct } from '../../../src/api/data/struct.ts'
import { Time } from '../../../src/api/data/time.ts'
import { Timestamp } from '../../../src/api/data/timestamp.ts'
import { convertTo, Values } from '../../../src/api/data/values.ts'
import { DataException } from '../../../src/api/errors.ts'

// Expected results were produced by Kafka Connect's own Values (connect-api 4.4.0, on Java 25 in
// UTC) over the same inputs. A schema is written TYPE[?][:name][{params}][<element schemas>]; a
// value as its Java class and content: i8:1 (Byte), i16, i32, i64, f32:1.5 (Float, Float.toString),
// f64, b:true, s:"text" (JSON-escaped), dec:<unscaled>/<scale>, date:<epoch ms>, [..], {k=v,..}.
// `text` is convertToString of the parsed value, what SimpleHeaderConverter writes back.
interface ParseCase { input: string, schema: string, value: string, text?: string }

const PARSE_CASES: readonly ParseCase[] = [
  { input: 'null', schema: 'null', value: 'null' },
  { input: '  null  ', schema: 'null', value: 'null' },
  { input: 'NULL', schema: 'STRING', value: 's:"NULL"', text: 'NULL' },
  { input: 'true', schema: 'BOOLEAN', value: 'b:true', text: 'true' },
  { input: 'false', schema: 'BOOLEAN', value: 'b:false', text: 'false' },
  { input: ' true ', schema: 'BOOLEAN', value: 'b:true', text: 'true' },
  { input: 'true}', schema: 'STRING', value: 's:"true}"', text: 'true}' },
  { input: 'true,false', schema: 'STRING', value: 's:"true,false"', text: 'true,false' },
  { input: '0', schema: 'INT8', value: 'i8:0', text: '0' },
  { input: '127', schema: 'INT8', value: 'i8:127', text: '127' },
  { input: '128', schema: 'INT16', value: 'i16:128', text: '128' },
  { input: '-128', schema: 'INT8', value: 'i8:-128', text: '-128' },
  { input: '-129', schema: 'INT16', value: 'i16:-129', text: '-129' },
  { input: '32767', schema: 'INT16', value: 'i16:32767', text: '32767' },
  { input: '32768', schema: 'INT32', value: 'i32:32768', text: '32768' },
  { input: '-32769', schema: 'INT32', value: 'i32:-32769', text: '-32769' },
  { input: '2147483647', schema: 'INT32', value: 'i32:2147483647', text: '2147483647' },
  { input: '2147483648', schema: 'INT64', value: 'i64:2147483648', text: '2147483648' },
  { input: '-2147483649', schema: 'INT64', value: 'i64:-2147483649', text: '-2147483649' },
  { input: '9223372036854775807', schema: 'INT64', value: 'i64:9223372036854775807', text: '9223372036854775807' },
  { input: '9223372036854775808', schema: 'BYTES:org.apache.kafka.connect.data.Decimal{scale=0}', value: 'dec:9223372036854775808/0', text: '9223372036854775808' },
  { input: '-9223372036854775808', schema: 'INT64', value: 'i64:-9223372036854775808', text: '-9223372036854775808' },
  { input: '-9223372036854775809', schema: 'BYTES:org.apache.kafka.connect.data.Decimal{scale=0}', value: 'dec:-9223372036854775809/0', text: '-9223372036854775809' },
  { input: '10000000000000000000', schema: 'BYTES:org.apache.kafka.connect.data.Decimal{scale=0}', value: 'dec:10000000000000000000/0', text: '10000000000000000000' },
  { input: '10000000000000000001', schema: 'BYTES:org.apache.kafka.connect.data.Decimal{scale=0}', value: 'dec:10000000000000000001/0', text: '10000000000000000001' },
  { input: '+5', schema: 'INT8', value: 'i8:5', text: '5' },
  { input: '-0', schema: 'INT8', value: 'i8:0', text: '0' },
  { input: '0.0', schema: 'INT8', value: 'i8:0', text: '0' },
  { input: '3.0', schema: 'INT8', value: 'i8:3', text: '3' },
  { input: '100.00', schema: 'INT8', value: 'i8:100', text: '100' },
  { input: '1e2', schema: 'INT8', value: 'i8:100', text: '100' },
  { input: '1E+2', schema: 'INT8', value: 'i8:100', text: '100' },
  { input: '1e10', schema: 'INT64', value: 'i64:10000000000', text: '10000000000' },
  { input: '3.14', schema: 'FLOAT32', value: 'f32:3.14', text: '3.14' },
  { input: '-1.5', schema: 'FLOAT32', value: 'f32:-1.5', text: '-1.5' },
  { input: '0.1', schema: 'FLOAT32', value: 'f32:0.1', text: '0.1' },
  { input: '1.00000001', schema: 'FLOAT32', value: 'f32:1.0', text: '1.0' },
  { input: '0.000000001', schema: 'FLOAT32', value: 'f32:1.0E-9', text: '1.0E-9' },
  { input: '1e-50', schema: 'FLOAT32', value: 'f32:0.0', text: '0.0' },
  { input: '-1e-50', schema: 'FLOAT32', value: 'f32:-0.0', text: '-0.0' },
  { input: '1e30', schema: 'FLOAT32', value: 'f32:1.0E30', text: '1.0E30' },
  { input: '9.5e18', schema: 'FLOAT32', value: 'f32:9.5E18', text: '9.5E18' },
  { input: '3.4028236e38', schema: 'FLOAT64', value: 'f64:3.4028236E38', text: '3.4028236E38' },
  { input: '1e39', schema: 'FLOAT64', value: 'f64:1.0E39', text: '1.0E39' },
  { input: '1.7976931348623157E309', schema: 'BYTES:org.apache.kafka.connect.data.Decimal{scale=-293}', value: 'dec:17976931348623157/-293', text: '1.7976931348623157E+309' },
  { input: '12345678901234567890.5', schema: 'FLOAT32', value: 'f32:1.2345679E19', text: '1.2345679E19' },
  { input: '12345678901234567890', schema: 'BYTES:org.apache.kafka.connect.data.Decimal{scale=0}', value: 'dec:12345678901234567890/0', text: '12345678901234567890' },
  { input: '1e400', schema: 'BYTES:org.apache.kafka.connect.data.Decimal{scale=-400}', value: 'dec:1/-400', text: '1E+400' },
  { input: '\u0663', schema: 'INT8', value: 'i8:3', text: '3' },
  { input: '\u0661\u0662', schema: 'INT8', value: 'i8:12', text: '12' },
  { input: '1 2', schema: 'STRING', value: 's:"1 2"', text: '1 2' },
  { input: '1,2,3', schema: 'INT8', value: 'i8:1', text: '1' },
  { input: '12:foo', schema: 'INT8', value: 'i8:12', text: '12' },
  { input: '1e', schema: 'STRING', value: 's:"1e"', text: '1e' },
  { input: '.5', schema: 'STRING', value: 's:".5"', text: '.5' },
  { input: '5.', schema: 'INT8', value: 'i8:5', text: '5' },
  { input: 'abc', schema: 'STRING', value: 's:"abc"', text: 'abc' },
  { input: 'hello world', schema: 'STRING', value: 's:"hello world"', text: 'hello world' },
  { input: '"quoted"', schema: 'STRING', value: 's:"\\"quoted\\""', text: '"quoted"' },
  { input: '2020-01-01', schema: 'INT32:org.apache.kafka.connect.data.Date', value: 'date:1577836800000', text: '2020-01-01' },
  { input: '1969-12-31', schema: 'INT32:org.apache.kafka.connect.data.Date', value: 'date:-86400000', text: '00:00:00.000Z' },
  { input: '1000-01-01', schema: 'INT32:org.apache.kafka.connect.data.Date', value: 'date:-30609792000000', text: '00:00:00.000Z' },
  { input: '1582-10-10', schema: 'INT32:org.apache.kafka.connect.data.Date', value: 'date:-12218860800000', text: '00:00:00.000Z' },
  { input: '2020-13-45', schema: 'INT32:org.apache.kafka.connect.data.Date', value: 'date:1613260800000', text: '2021-02-14' },
  { input: '2020-01-1x', schema: 'INT32:org.apache.kafka.connect.data.Date', value: 'date:1577836800000', text: '2020-01-01' },
  { input: '12:34:56.789Z', schema: 'INT32:org.apache.kafka.connect.data.Time', value: 'date:45296789', text: '12:34:56.789Z' },
  { input: '23:59:59.999Z', schema: 'INT32:org.apache.kafka.connect.data.Time', value: 'date:86399999', text: '23:59:59.999Z' },
  { input: '12\\:34\\:56.789Z', schema: 'INT32:org.apache.kafka.connect.data.Time', value: 'date:45296789', text: '12:34:56.789Z' },
  { input: '12:34:56.789Zxyz', schema: 'INT8', value: 'i8:12', text: '12' },
  { input: '2020-01-01T12:34:56.789Z', schema: 'INT64:org.apache.kafka.connect.data.Timestamp', value: 'date:1577882096789', text: '2020-01-01T12:34:56.789Z' },
  { input: '2020-02-29T00:00:00.000Z', schema: 'INT64:org.apache.kafka.connect.data.Timestamp', value: 'date:1582934400000', text: '2020-02-29' },
  { input: '[]', schema: 'ARRAY<null>', value: '[]', text: '[]' },
  { input: '[1,2,3]', schema: 'ARRAY<INT8>', value: '[i8:1,i8:2,i8:3]', text: '[1,2,3]' },
  { input: '[ 1 , 2 , 3 ]', schema: 'ARRAY<INT8>', value: '[i8:1,i8:2,i8:3]', text: '[1,2,3]' },
  { input: '[1, 300]', schema: 'ARRAY<INT16>', value: '[i16:1,i16:300]', text: '[1,300]' },
  { input: '[1, 300, 100000, 10000000000, 1.5]', schema: 'ARRAY<FLOAT32>', value: '[f32:1.0,f32:300.0,f32:100000.0,f32:1.0E10,f32:1.5]', text: '[1.0,300.0,100000.0,1.0E10,1.5]' },
  { input: '[1, 1e30, 1e300]', schema: 'ARRAY<FLOAT64>', value: '[f64:1.0,f64:1.0000000150474662E30,f64:1.0E300]', text: '[1.0,1.0000000150474662E30,1.0E300]' },
  { input: '[1, "a"]', schema: 'ARRAY<null>', value: '[i8:1,s:"a"]', text: '[1,"a"]' },
  { input: '[3.14, "a"]', schema: 'ARRAY<null>', value: '[f32:3.14,s:"a"]', text: '[3.14,"a"]' },
  { input: '[true, 1]', schema: 'ARRAY<null>', value: '[b:true,i8:1]', text: '[true,1]' },
  { input: '[null]', schema: 'ARRAY<null>', value: '[null]', text: '[null]' },
  { input: '[null, 1]', schema: 'STRING', value: 's:"[null, 1]"', text: '[null, 1]' },
  { input: '[1, ]', schema: 'ARRAY<INT8>', value: '[i8:1]', text: '[1]' },
  { input: '[ ,1]', schema: 'STRING', value: 's:"[ ,1]"', text: '[ ,1]' },
  { input: '[1 2]', schema: 'STRING', value: 's:"[1 2]"', text: '[1 2]' },
  { input: '[a]', schema: 'STRING', value: 's:"[a]"', text: '[a]' },
  { input: '[1,2', schema: 'STRING', value: 's:"[1,2"', text: '[1,2' },
  { input: '[1,2] trailing', schema: 'ARRAY<INT8>', value: '[i8:1,i8:2]', text: '[1,2]' },
  { input: '  [1,', schema: 'STRING', value: 's:"  "', text: '  ' },
  { input: '["a,b", "c:d", "e[f]", "{g}"]', schema: 'ARRAY<STRING>', value: '[s:"a,b",s:"c:d",s:"e[f]",s:"{g}"]', text: '["a,b","c:d","e[f]","{g}"]' },
  { input: '[" a ", " "]', schema: 'ARRAY<STRING>', value: '[s:" a ",s:""]', text: '[" a ",""]' },
  { input: '["a\\"b"]', schema: 'ARRAY<STRING>', value: '[s:"a\\\\\\"b"]', text: '["a\\\\\\"b"]' },
  { input: '["2020-01-01", "12:00:00.000Z"]', schema: 'ARRAY<INT32:org.apache.kafka.connect.data.Time>', value: '[date:1577836800000,date:43200000]', text: '[2020-01-01,12:00:00.000Z]' },
  { input: '[1, "2020-01-01"]', schema: 'ARRAY<INT32:org.apache.kafka.connect.data.Date>', value: '[date:86400000,date:1577836800000]', text: '[1970-01-02,2020-01-01]' },
  { input: '[1.5, "2020-01-01"]', schema: 'STRING', value: 's:"[1.5, \\"2020-01-01\\"]"', text: '[1.5, "2020-01-01"]' },
  { input: '[10000000000, 2020-01-01T00:00:00.000Z]', schema: 'ARRAY<INT64:org.apache.kafka.connect.data.Timestamp>', value: '[date:10000000000,date:1577836800000]', text: '[1970-04-26T17:46:40.000Z,2020-01-01]' },
  { input: '[2020-01-01T00:00:00.000Z, 10000000000]', schema: 'STRING', value: 's:"[2020-01-01T00:00:00.000Z, 10000000000]"', text: '[2020-01-01T00:00:00.000Z, 10000000000]' },
  { input: '[[1],["a"]]', schema: 'ARRAY<ARRAY<STRING>>', value: '[[i8:1],[s:"a"]]', text: '[[1],["a"]]' },
  { input: '[[1,2],[3.5]]', schema: 'ARRAY<ARRAY<FLOAT32>>', value: '[[i8:1,i8:2],[f32:3.5]]', text: '[[1,2],[3.5]]' },
  { input: '[[12E-5, 103], "x"]', schema: 'ARRAY<null>', value: '[[f32:1.2E-4,f32:103.0],s:"x"]', text: '[[1.2E-4,103.0],"x"]' },
  { input: '[100000000000.5, "x"]', schema: 'ARRAY<null>', value: '[f32:1.0E11,s:"x"]', text: '[1.0E11,"x"]' },
  { input: '{}', schema: 'MAP<null,null>', value: '{}', text: '{}' },
  { input: '{"a":1,"b":2}', schema: 'MAP<STRING,INT8>', value: '{s:"a"=i8:1,s:"b"=i8:2}', text: '{"a":1,"b":2}' },
  { input: '{"a":1 "b":2}', schema: 'MAP<STRING,INT8>', value: '{s:"a"=i8:1,s:"b"=i8:2}', text: '{"a":1,"b":2}' },
  { input: '{"a":1,"b":"x"}', schema: 'MAP<STRING,null>', value: '{s:"a"=i8:1,s:"b"=s:"x"}', text: '{"a":1,"b":"x"}' },
  { input: '{"a":null}', schema: 'MAP<STRING,null>', value: '{s:"a"=null}', text: '{"a":null}' },
  { input: '{"a":null,"b":1}', schema: 'STRING', value: 's:"{\\"a\\":null,\\"b\\":1}"', text: '{"a":null,"b":1}' },
  { input: '{1:"a", 300:"b"}', schema: 'MAP<INT16,STRING>', value: '{i16:1=s:"a",i16:300=s:"b"}', text: '{1:"a",300:"b"}' },
  { input: '{"a":[1,2],"b":{"c":true}}', schema: 'MAP<STRING,null>', value: '{s:"a"=[i8:1,i8:2],s:"b"={s:"c"=b:true}}', text: '{"a":[1,2],"b":{"c":true}}' },
  { input: '{"2020-01-01": 1, "2020-01-01": 2}', schema: 'MAP<INT32:org.apache.kafka.connect.data.Date,INT8>', value: '{date:1577836800000=i8:2}', text: '{2020-01-01:2}' },
  { input: '{[1]:1, [1]:2}', schema: 'MAP<ARRAY<INT8>,INT8>', value: '{[i8:1]=i8:2}', text: '{[1]:2}' },
  { input: '{16777217:"a", 16777216:"b", 0.5:"c"}', schema: 'MAP<FLOAT32,STRING>', value: '{f32:1.6777216E7=s:"b",f32:0.5=s:"c"}', text: '{1.6777216E7:"b",0.5:"c"}' },
  { input: '{"a":1, "b":}', schema: 'STRING', value: 's:"{\\"a\\":1, \\"b\\":}"', text: '{"a":1, "b":}' },
  { input: '{null:1}', schema: 'STRING', value: 's:"{null:1}"', text: '{null:1}' },
  { input: '{:1}', schema: 'STRING', value: 's:"{:1}"', text: '{:1}' },
  { input: '{"a"}', schema: 'STRING', value: 's:"{\\"a\\"}"', text: '{"a"}' },
  { input: '{"k":"v"', schema: 'STRING', value: 's:"{\\"k\\":\\"v\\""', text: '{"k":"v"' },
  { input: '{"a": 1, 2: "b"}', schema: 'MAP<null,null>', value: '{s:"a"=i8:1,i8:2=s:"b"}', text: '{"a":1,2:"b"}' },
  { input: '\u00e9t\u00e9', schema: 'STRING', value: 's:"\\u00e9t\\u00e9"', text: '\u00e9t\u00e9' },
  { input: '\u0001abc', schema: 'STRING', value: 's:"\\u0001abc"', text: '\u0001abc' },
]

/** Describes a schema in the notation above. */
function schemaText (schema: Schema | null): string {
  if (schema == null) return 'null'
  let text: string = schema.type
  if (schema.optional) text += '?'
  if (schema.name != null) text += ':' + schema.name
  const parameters = schema.parameters ?? {}
  const keys = Object.keys(parameters).sort()
  if (keys.length > 0) text += '{' + keys.map(key => `${key}=${parameters[key]}`).join(', ') + '}'
  if (schema.type === 'ARRAY') text += `<${schemaText(schema.valueSchema)}>`
  if (schema.type === 'MAP') text += `<${schemaText(schema.keySchema)},${schemaText(schema.valueSchema)}>`
  return text
}

/** Describes a value in the notation above; a number's Java class comes from the schema it was parsed with. */
function valueText (schema: Schema | null, value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Date) return `date:${value.getTime()}`
  if (value instanceof BigDecimal) return `dec:${value.unscaled}/${value.scale}`
  if (typeof value === 'bigint') return `i64:${value}`
  if (typeof value === 'string') return 's:' + JSON.stringify(value).replace(/[^\x20-\x7e]/g, c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
  if (typeof value === 'boolean') return `b:${value}`
  if (Array.isArray(value)) {
    const hints = arrayElementSchemasOf(value)
    return '[' + value.map((element, i) => valueText(hints?.[i] ?? schema?.valueSchema ?? null, element)).join(',') + ']'
  }
  if (value instanceof Map) {
    const hints = mapEntrySchemasOf(value)
    return '{' + [...value].map(([k, v]) =>
      valueText(hints?.get(k)?.[0] ?? schema?.keySchema ?? null, k) + '=' + valueText(hints?.get(k)?.[1] ?? schema?.valueSchema ?? null, v)).join(',') + '}'
  }
  if (typeof value === 'number') {
    switch (schema?.type) {
      case 'INT8': return `i8:${value}`
      case 'INT16': return `i16:${value}`
      case 'INT32': return `i32:${value}`
      case 'FLOAT32': return `f32:${javaFloatToString(value)}`
      case 'FLOAT64': return `f64:${javaDoubleToString(value)}`
    }
  }
  throw new Error(`no schema tells the Java class of ${String(value)}`)
}

describe('Values.parseString', () => {
  for (const testCase of PARSE_CASES) {
    it(`reads ${JSON.stringify(testCase.input)} as Kafka Connect does`, () => {
      const parsed = Values.parseString(testCase.input)
      assert.equal(schemaText(parsed.schema), testCase.schema)
      assert.equal(valueText(parsed.schema, parsed.value), testCase.value)
      if (testCase.text !== undefined) assert.equal(Values.convertToString(parsed.schema, parsed.value), testCase.text)
    })
  }

  it('gives SchemaAndValue.NULL for null and the literal null, and a STRING for the empty string', () => {
    assert.equal(Values.parseString(null), SchemaAndValue.NULL)
    assert.equal(Values.parseString('null'), SchemaAndValue.NULL)
    const empty = Values.parseString('')
    assert.equal(empty.schema, Schema.STRING_SCHEMA)
    assert.equal(empty.value, '')
  })

  it('rejects a non-string with a DataException', () => {
    assert.throws(() => Values.parseString(42 as unknown as string), { name: 'DataException', message: /takes a string, not number/ })
  })

  it('gives INT64 values as bigint, decimals as BigDecimal, temporal values as Date', () => {
    assert.equal(Values.parseString('9223372036854775807').value, 9223372036854775807n)
    const decimal = Values.parseString('12345678901234567890').value
    assert.ok(decimal instanceof BigDecimal)
    assert.equal(decimal.toString(), '12345678901234567890')
    assert.deepEqual(Values.parseString('2020-01-01').value, new Date(Date.UTC(2020, 0, 1)))
    assert.deepEqual(Values.parseString('[1, 10000000000]').value, [1n, 10000000000n])
  })

  it('reads a float32 with Java\'s single rounding, also exactly halfway between two floats', () => {
    // 1 + 2^-24 lies exactly between the floats 1 and 1 + 2^-23; the digits after it decide.
    assert.equal(Values.parseString('1.000000059604644775390625').value, 1)
    assert.equal(Values.parseString('1.0000000596046447753906250001').value, 1 + 2 ** -23)
    // 1 + 3 * 2^-24 lies between 1 + 2^-23 and 1 + 2^-22: the tie goes to the even one.
    assert.equal(Values.parseString('1.0000001788139343261718750').value, 1 + 2 ** -22)
    // Just below the halfway point between the largest float and 2^128: still the largest float;
    // exactly on it, the float overflows and the value becomes a FLOAT64.
    assert.equal(Values.parseString('340282356779733661637539395458142568447.5').value, 3.4028234663852886e38)
    const overflowing = Values.parseString('340282356779733661637539395458142568448.0')
    assert.equal(overflowing.schema, Schema.FLOAT64_SCHEMA)
    assert.equal(overflowing.value, 3.4028235677973366e38)
  })

  it('costs nothing for an exponent of a billion', () => {
    const parsed = Values.parseString('1e999999999')
    assert.equal(schemaText(parsed.schema), 'BYTES:org.apache.kafka.connect.data.Decimal{scale=-999999999}')
    assert.equal(Values.convertToString(parsed.schema, parsed.value), '1E+999999999')
    assert.equal(Values.parseString('1e-999999999').value, 0)
  })

  it('keeps text whose date lies beyond a JavaScript Date as a string (Java would read year 999999)', () => {
    const parsed = Values.parseString('999999-1-1')
    assert.equal(parsed.schema, Schema.STRING_SCHEMA)
  })
})

describe('Values.convertToString', () => {
  it('gives null for null and undefined', () => {
    assert.equal(Values.convertToString(null, null), null)
    assert.equal(Values.convertToString(Schema.STRING_SCHEMA, undefined), null)
  })

  it('prints numbers as Java prints their schema\'s type', () => {
    assert.equal(Values.convertToString(Schema.FLOAT32_SCHEMA, 1), '1.0')
    assert.equal(Values.convertToString(Schema.FLOAT32_SCHEMA, Math.fround(0.1)), '0.1')
    assert.equal(Values.convertToString(Schema.FLOAT64_SCHEMA, 1e10), '1.0E10')
    assert.equal(Values.convertToString(Schema.FLOAT64_SCHEMA, Math.fround(0.1)), '0.10000000149011612')
    assert.equal(Values.convertToString(Schema.FLOAT64_SCHEMA, -0), '-0.0')
    assert.equal(Values.convertToString(Schema.FLOAT64_SCHEMA, NaN), 'NaN')
    assert.equal(Values.convertToString(Schema.INT32_SCHEMA, -5), '-5')
    assert.equal(Values.convertToString(Schema.INT64_SCHEMA, -9223372036854775808n), '-9223372036854775808')
  })

  it('prints a number without a schema as an integer when whole, else as a double or a float', () => {
    assert.equal(Values.convertToString(null, 10000000000), '10000000000')
    assert.equal(Values.convertToString(null, 0.1), '0.1')
    assert.equal(Values.convertToString(null, Math.fround(0.1)), '0.1')
    assert.equal(Values.convertToString(null, 1e300), '1.0E300')
    assert.equal(Values.convertToString(null, -0), '-0.0')
    assert.equal(Values.convertToString(null, Infinity), 'Infinity')
  })

  it('writes strings bare at the top and quoted and escaped inside structures', () => {
    assert.equal(Values.convertToString(null, 'a "b" \\c'), 'a "b" \\c')
    assert.equal(Values.convertToString(null, ['a "b" \\c', '']), '["a \\"b\\" \\\\c",""]')
  })

  it('writes bytes as base64, quoted inside structures', () => {
    assert.equal(Values.convertToString(Schema.BYTES_SCHEMA, new Uint8Array([1, 2])), 'AQI=')
    assert.equal(Values.convertToString(null, [Buffer.from('hi')]), '["aGk="]')
  })

  it('writes maps (Map or plain object) as {key:value} and BigDecimal as Java\'s toString', () => {
    assert.equal(Values.convertToString(null, new Map<unknown, unknown>([['a', 1], [2, null]])), '{"a":1,2:null}')
    assert.equal(Values.convertToString(null, { a: [true, false] }), '{"a":[true,false]}')
    assert.equal(Values.convertToString(Decimal.schema(-30), new BigDecimal(1n, -30)), '1E+30')
    assert.equal(Values.convertToString(null, new BigDecimal(12345n, 2)), '123.45')
  })

  it('prints elements with their array or map schema', () => {
    const floats = SchemaBuilder.array(Schema.FLOAT32_SCHEMA).build()
    assert.equal(Values.convertToString(floats, [1, 2.5]), '[1.0,2.5]')
    const map = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.FLOAT64_SCHEMA).build()
    assert.equal(Values.convertToString(map, new Map([[1, 2]])), '{1:2.0}')
  })

  it('writes a struct as a map of its fields, in order, with defaults applied', () => {
    const schema = SchemaBuilder.struct()
      .field('name', Schema.STRING_SCHEMA)
      .field('score', SchemaBuilder.float64().optional().defaultValue(0.5).build())
      .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
      .build()
    const struct = new Struct(schema).put('name', 'x')
    assert.equal(Values.convertToString(schema, struct), '{"name":"x","score":0.5,"tags":null}')
  })

  it('writes dates in the layout their instant calls for, in UTC', () => {
    assert.equal(Values.convertToString(null, new Date(Date.UTC(2020, 0, 1))), '2020-01-01')
    assert.equal(Values.convertToString(null, new Date(Date.UTC(2020, 0, 1, 12, 34, 56, 789))), '2020-01-01T12:34:56.789Z')
    assert.equal(Values.convertToString(null, new Date(45296789)), '12:34:56.789Z')
    // The whole first day, and every instant before the epoch, prints as a time of day (as Java).
    assert.equal(Values.convertToString(null, new Date(0)), '00:00:00.000Z')
    assert.equal(Values.convertToString(null, new Date(-1)), '23:59:59.999Z')
    assert.equal(Values.convertToString(null, new Date(86400000)), '1970-01-02')
  })

  it('writes dates before 1582-10-15 in the Julian calendar, as Java\'s GregorianCalendar does', () => {
    assert.equal(Values.convertToString(null, [new Date(-30609792000000)]), '[00:00:00.000Z]')
    assert.equal(Values.convertToString(null, new Date(Date.UTC(3000, 0, 1))), '3000-01-01')
  })

  it('throws a DataException for what it cannot write', () => {
    assert.throws(() => Values.convertToString(null, new Date(NaN)), DataException)
    assert.throws(() => Values.convertToString(null, Symbol('x')), { name: 'DataException', message: /unexpected value type symbol/ })
    assert.throws(() => Values.convertToString(null, new (class Widget {})()), { name: 'DataException', message: /Widget/ })
  })
})

describe('Values numeric conversions', () => {
  it('converts to boolean as Java: booleans, "true"/"false", numbers as non-zero after truncation', () => {
    assert.equal(Values.convertToBoolean(null, null), null)
    assert.equal(Values.convertToBoolean(null, true), true)
    assert.equal(Values.convertToBoolean(null, 'false'), false)
    assert.equal(Values.convertToBoolean(null, 300), true)
    assert.equal(Values.convertToBoolean(null, 0.5), false)
    assert.equal(Values.convertToBoolean(null, NaN), false)
    assert.equal(Values.convertToBoolean(null, '1.9'), true)
    assert.equal(Values.convertToBoolean(null, new BigDecimal(1n, -30)), true)
    assert.throws(() => Values.convertToBoolean(null, 'abc'), { name: 'DataException', message: 'Unable to convert abc (string) to a number' })
    assert.throws(() => Values.convertToBoolean(ConnectDate.SCHEMA, 'abc'), {
      message: 'Unable to convert abc (string) to Schema{org.apache.kafka.connect.data.Date:INT32}',
    })
  })

  it('truncates and wraps to the target width as Java\'s casts do', () => {
    assert.equal(Values.convertToByte(null, 300), 44)
    assert.equal(Values.convertToByte(null, 9223372036854775807n), -1)
    assert.equal(Values.convertToByte(null, -2.7), -2)
    assert.equal(Values.convertToByte(null, 1e300), -1)
    assert.equal(Values.convertToByte(null, '300'), 44)
    assert.equal(Values.convertToByte(null, '1e20'), 0)
    assert.equal(Values.convertToByte(null, '\u0663'), 3)
    assert.equal(Values.convertToByte(null, new BigDecimal(12345n, 2)), 123)
    assert.equal(Values.convertToShort(null, 40000), -25536)
    assert.equal(Values.convertToInteger(null, '1e20'), 1661992960)
    assert.equal(Values.convertToInteger(null, new BigDecimal(1n, -30)), 1073741824)
    assert.equal(Values.convertToInteger(null, 5), 5)
    assert.equal(Values.convertToByte(null, null), null)
  })

  it('converts to long as a bigint, saturating doubles and wrapping decimals', () => {
    assert.equal(Values.convertToLong(null, 5), 5n)
    assert.equal(Values.convertToLong(null, 1e300), 9223372036854775807n)
    assert.equal(Values.convertToLong(null, -1e300), -9223372036854775808n)
    assert.equal(Values.convertToLong(null, '-3.99'), -3n)
    assert.equal(Values.convertToLong(null, '1e20'), 7766279631452241920n)
    assert.equal(Values.convertToLong(null, new BigDecimal(1n, -64)), 0n)
    assert.equal(Values.convertToLong(null, null), null)
  })

  it('reads a logical value\'s raw number when its schema is given', () => {
    const day = new Date(86400000)
    assert.equal(Values.convertToLong(ConnectDate.SCHEMA, day), 1n)
    assert.equal(Values.convertToLong(Timestamp.SCHEMA, day), 86400000n)
    assert.equal(Values.convertToInteger(Time.SCHEMA, new Date(45296789)), 45296789)
    assert.equal(Values.convertToByte(Timestamp.SCHEMA, new Date(45296789)), -107)
    assert.throws(() => Values.convertToLong(ConnectDate.SCHEMA, new Date(45296789)), {
      message: 'Kafka Connect Date type should not have any time fields set to non-zero values.',
    })
    assert.throws(() => Values.convertToLong(null, day), { message: /^Unable to convert 1970-01-02T00:00:00.000Z \(Date\) to a number$/ })
  })

  it('rejects booleans and structures as numbers', () => {
    assert.throws(() => Values.convertToInteger(null, true), { message: 'Unable to convert true (boolean) to a number' })
    assert.throws(() => Values.convertToLong(null, [1, 2]), { message: 'Unable to convert [1, 2] (Array) to a number' })
    assert.throws(() => Values.convertToDouble(null, new Uint8Array([1])), DataException)
  })

  it('converts to float and double as Java', () => {
    assert.equal(Values.convertToFloat(null, 0.1), Math.fround(0.1))
    assert.equal(Values.convertToFloat(null, 9223372036854775807n), 2 ** 63)
    assert.equal(Values.convertToFloat(null, 1e300), Infinity)
    assert.equal(Values.convertToFloat(null, '1.9'), Math.fround(1.9))
    assert.equal(Values.convertToDouble(null, 9223372036854775807n), 2 ** 63)
    assert.equal(Values.convertToDouble(null, '1e20'), 1e20)
    assert.equal(Values.convertToDouble(null, new BigDecimal(12345n, 2)), 123.45)
    assert.ok(Number.isNaN(Values.convertToDouble(null, NaN)))
    assert.equal(Values.convertToDouble(null, null), null)
    assert.throws(() => Values.convertToDouble(null, 'abc'), { message: 'Unable to convert abc (string) to a number' })
  })
})

describe('Values structure conversions', () => {
  it('converts to a list from an array or array text, and nothing else', () => {
    const list = [1, 'x']
    assert.equal(Values.convertToList(null, list), list)
    assert.deepEqual(Values.convertToList(null, '[1,2]'), [1, 2])
    assert.throws(() => Values.convertToList(null, null), { message: 'Unable to convert a null value to a schema that requires a value' })
    assert.throws(() => Values.convertToList(null, 'abc'), { message: 'Unable to convert abc (string) to Schema{ARRAY}' })
    assert.throws(() => Values.convertToList(null, '300'), { message: 'Unable to convert 300 (number) to Schema{ARRAY}' })
    assert.throws(() => Values.convertToList(null, new Map()), { message: 'Unable to convert {} (Map) to Schema{ARRAY}' })
  })

  it('converts to a map from a Map, a plain object or map text', () => {
    const map = new Map([['a', 1]])
    assert.equal(Values.convertToMap(null, map), map)
    assert.deepEqual(Values.convertToMap(null, { a: 1 }), new Map([['a', 1]]))
    assert.deepEqual(Values.convertToMap(null, '{"a":1}'), new Map([['a', 1]]))
    assert.throws(() => Values.convertToMap(null, null), DataException)
    assert.throws(() => Values.convertToMap(null, '[1,2]'), { message: 'Unable to convert [1, 2] (Array) to Schema{MAP}' })
  })

  it('converts only a struct to a struct', () => {
    const struct = new Struct(SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build()).put('a', 1)
    assert.equal(Values.convertToStruct(null, struct), struct)
    assert.throws(() => Values.convertToStruct(null, null), DataException)
    assert.throws(() => Values.convertToStruct(null, '{"a":1}'), { message: 'Unable to convert {"a":1} (string) to Schema{STRUCT}' })
  })
})

describe('Values temporal conversions', () => {
  it('converts to a time from numbers, ISO text and a timestamp\'s time of day', () => {
    assert.equal(Values.convertToTime(null, 300).getTime(), 300)
    assert.equal(Values.convertToTime(null, 1.5).getTime(), 1)
    assert.equal(Values.convertToTime(null, '12:34:56.789Z').getTime(), 45296789)
    // Without a schema a Date passes through whatever day it is on, as in Java.
    assert.equal(Values.convertToTime(null, '2020-01-01T12:34:56.789Z').getTime(), 1577882096789)
    assert.equal(Values.convertToTime(Timestamp.SCHEMA, new Date(1577882096789)).getTime(), 45296789)
    assert.equal(Values.convertToTime(Timestamp.SCHEMA, new Date(-1)).getTime(), 86399999)
    assert.throws(() => Values.convertToTime(null, -1), {
      message: 'Time values must use number of milliseconds greater than 0 and less than 86400000',
    })
    assert.throws(() => Values.convertToTime(null, null), { message: 'Unable to convert a null value to a schema that requires a value' })
  })

  it('converts to a date from day counts, ISO text and a timestamp\'s day (truncated towards zero)', () => {
    assert.equal(Values.convertToDate(null, 1).getTime(), 86400000)
    assert.equal(Values.convertToDate(null, '2020-01-01').getTime(), 1577836800000)
    assert.equal(Values.convertToDate(Timestamp.SCHEMA, new Date(1577882096789)).getTime(), 1577836800000)
    assert.equal(Values.convertToDate(Timestamp.SCHEMA, new Date(-1)).getTime(), 0)
    assert.equal(Values.convertToDate(Timestamp.SCHEMA, '1.9').getTime(), 86400000)
    assert.throws(() => Values.convertToDate(null, 3000000000n), { name: 'DataException', message: /beyond what a JavaScript Date holds/ })
  })

  it('converts to a timestamp from milliseconds, ISO text and the other temporal types', () => {
    assert.equal(Values.convertToTimestamp(null, 3000000000n).getTime(), 3000000000)
    assert.equal(Values.convertToTimestamp(null, -2.7).getTime(), -2)
    assert.equal(Values.convertToTimestamp(null, '2020-01-01T12:34:56.789Z').getTime(), 1577882096789)
    assert.equal(Values.convertToTimestamp(ConnectDate.SCHEMA, new Date(86400000)).getTime(), 86400000)
    assert.equal(Values.convertToTimestamp(Time.SCHEMA, new Date(45296789)).getTime(), 45296789)
    assert.throws(() => Values.convertToTimestamp(null, 9223372036854775807n), { name: 'DataException', message: /cannot be a JavaScript Date/ })
  })

  it('keeps Java\'s refusal of ISO text given with a STRING schema', () => {
    assert.throws(() => Values.convertToTimestamp(Schema.STRING_SCHEMA, '2020-01-01T12:34:56.789Z'), {
      message: 'Unable to convert 2020-01-01T12:34:56.789Z (Date) to Schema{STRING}',
    })
    assert.equal(Values.convertToTimestamp(Schema.STRING_SCHEMA, '1.9').getTime(), 1)
  })
})

describe('Values.convertToDecimal', () => {
  it('reads bytes at the scale, passes a BigDecimal, and goes through the double for numbers', () => {
    assert.deepEqual(Values.convertToDecimal(null, new Uint8Array([1, 2]), 2), new BigDecimal(258n, 2))
    const decimal = new BigDecimal(12345n, 2)
    assert.equal(Values.convertToDecimal(null, decimal, 7), decimal)
    assert.deepEqual(Values.convertToDecimal(null, 5, 2), new BigDecimal(50n, 1))
    assert.deepEqual(Values.convertToDecimal(null, 0.1, 2), new BigDecimal(1n, 1))
    assert.deepEqual(Values.convertToDecimal(null, 9223372036854775807n, 2), new BigDecimal(9223372036854776n, -3))
    assert.deepEqual(Values.convertToDecimal(null, '-3.99', 2), new BigDecimal(-399n, 2))
    assert.deepEqual(Values.convertToDecimal(null, '\u0663', 2), new BigDecimal(3n, 0))
  })

  it('throws a DataException where Java throws NumberFormatException or DataException', () => {
    assert.throws(() => Values.convertToDecimal(null, 'abc', 2), { name: 'DataException', message: /^Unable to convert abc \(string\) to Schema\{org.apache.kafka.connect.data.Decimal:BYTES\}/ })
    assert.throws(() => Values.convertToDecimal(null, NaN, 2), DataException)
    assert.throws(() => Values.convertToDecimal(null, true, 2), { message: 'Unable to convert true (boolean) to Schema{org.apache.kafka.connect.data.Decimal:BYTES}' })
    assert.throws(() => Values.convertToDecimal(null, null, 2), { message: 'Unable to convert a null value to a schema that requires a value' })
  })
})

describe('convertTo', () => {
  it('gives null for an optional schema and refuses it for a required one', () => {
    assert.equal(convertTo(Schema.OPTIONAL_INT32_SCHEMA, null, null), null)
    assert.throws(() => convertTo(Schema.INT32_SCHEMA, null, null), { message: 'Unable to convert a null value to a schema that requires a value' })
  })

  it('converts to each type, logical types by their name', () => {
    assert.equal(convertTo(Schema.STRING_SCHEMA, null, [1]), '[1]')
    assert.equal(convertTo(Schema.INT16_SCHEMA, null, '7'), 7)
    assert.equal(convertTo(Schema.INT64_SCHEMA, null, 7), 7n)
    assert.equal((convertTo(ConnectDate.SCHEMA, null, 1) as Date).getTime(), 86400000)
    assert.equal((convertTo(Time.SCHEMA, null, 5) as Date).getTime(), 5)
    assert.equal((convertTo(Timestamp.SCHEMA, null, 5n) as Date).getTime(), 5)
    assert.deepEqual(convertTo(Decimal.schema(2), null, '1.50'), new BigDecimal(150n, 2))
    assert.deepEqual(convertTo(Schema.BYTES_SCHEMA, null, new Uint8Array([1])), new Uint8Array([1]))
    assert.throws(() => convertTo(Schema.BYTES_SCHEMA, null, 'x'), { message: 'Unable to convert x (string) to Schema{BYTES}' })
  })
})

describe('Values.inferSchema', () => {
  it('infers primitive schemas from the JavaScript type', () => {
    assert.equal(Values.inferSchema('x'), Schema.STRING_SCHEMA)
    assert.equal(Values.inferSchema(true), Schema.BOOLEAN_SCHEMA)
    assert.equal(Values.inferSchema(5n), Schema.INT64_SCHEMA)
    assert.equal(Values.inferSchema(5), Schema.INT32_SCHEMA)
    assert.equal(Values.inferSchema(3000000000), Schema.FLOAT64_SCHEMA)
    assert.equal(Values.inferSchema(1.5), Schema.FLOAT64_SCHEMA)
    assert.equal(Values.inferSchema(new Uint8Array(0)), Schema.BYTES_SCHEMA)
  })

  it('infers a struct\'s own schema and nothing for values without one', () => {
    const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build()
    assert.equal(Values.inferSchema(new Struct(schema)), schema)
    assert.equal(Values.inferSchema(null), null)
    assert.equal(Values.inferSchema(new Date()), null)
    assert.equal(Values.inferSchema(new BigDecimal(1n)), null)
  })

  it('infers arrays and maps whose elements share a type, optional when a null is among them', () => {
    assert.equal(schemaText(Values.inferSchema(['a', 'b'])), 'ARRAY<STRING>')
    assert.equal(schemaText(Values.inferSchema(['a', null])), 'ARRAY<STRING?>')
    assert.equal(schemaText(Values.inferSchema(new Map([['a', 1n]]))), 'MAP<STRING,INT64>')
    assert.equal(schemaText(Values.inferSchema({ a: true, b: null })), 'MAP<STRING,BOOLEAN?>')
    // Java's detector keeps only the element type, so nested arrays lose their element schema.
    assert.equal(schemaText(Values.inferSchema([[1]])), 'ARRAY<ARRAY<null>>')
  })

  it('infers nothing for empty, mixed or all-null collections', () => {
    assert.equal(Values.inferSchema([]), null)
    assert.equal(Values.inferSchema(['a', 1]), null)
    assert.equal(Values.inferSchema([null]), null)
    assert.equal(Values.inferSchema(new Map()), null)
    assert.equal(Values.inferSchema(new Map([['a', new Date()]])), null)
  })
})
