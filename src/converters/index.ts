// The converters kconnect ships, under the Java class names that worker and connector configs
// use, so `value.converter=org.apache.kafka.connect.json.JsonConverter` works unchanged. The plugin
// registry resolves full and simple class names from this list.

import type { Converter, HeaderConverter } from '../api/converter/converter.ts'
import { ByteArrayConverter } from './byte-array-converter.ts'
import { JsonConverter } from './json/json-converter.ts'
import {
  BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter,
} from './number-converters.ts'
import { SimpleHeaderConverter } from './simple-header-converter.ts'
import { StringConverter } from './string-converter.ts'

/** A built-in converter: its Java class name, what it can be used as, and how to make one. */
export interface ConverterPlugin {
  /** The fully qualified Java class name configs refer to it by. */
  readonly className: string
  /** Usable as key.converter / value.converter. */
  readonly isConverter: boolean
  /** Usable as header.converter. */
  readonly isHeaderConverter: boolean
  /** A new, unconfigured instance. */
  create (): Converter | HeaderConverter
}

function both (className: string, create: () => Converter & HeaderConverter): ConverterPlugin {
  return { className, isConverter: true, isHeaderConverter: true, create }
}

/** Every built-in converter and header converter. */
export const BUILTIN_CONVERTERS: readonly ConverterPlugin[] = Object.freeze([
  both('org.apache.kafka.connect.json.JsonConverter', () => new JsonConverter()),
  both('org.apache.kafka.connect.storage.StringConverter', () => new StringConverter()),
  both('org.apache.kafka.connect.converters.ByteArrayConverter', () => new ByteArrayConverter()),
  both('org.apache.kafka.connect.converters.ShortConverter', () => new ShortConverter()),
  both('org.apache.kafka.connect.converters.IntegerConverter', () => new IntegerConverter()),
  both('org.apache.kafka.connect.converters.LongConverter', () => new LongConverter()),
  both('org.apache.kafka.connect.converters.FloatConverter', () => new FloatConverter()),
  both('org.apache.kafka.connect.converters.DoubleConverter', () => new DoubleConverter()),
  both('org.apache.kafka.connect.converters.BooleanConverter', () => new BooleanConverter()),
  {
    className: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
    isConverter: false,
    isHeaderConverter: true,
    create: () => new SimpleHeaderConverter(),
  },
])

export { BooleanConverter, ByteArrayConverter, DoubleConverter, FloatConverter, IntegerConverter, JsonConverter, LongConverter }
export { ShortConverter, SimpleHeaderConverter, StringConverter }
