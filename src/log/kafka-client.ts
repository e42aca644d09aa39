// Loads the Kafka log's module, and with it the Kafka client (@platformatic/kafka), once per
// process, as cheaply as the client allows.
//
// Importing the client is most of a worker's start-up: its 500-odd modules, and the JSON schemas
// of every option of every client (admin, producer, consumer: about 40), which it compiles with
// ajv when it is imported, 200-300 ms on a 2-core machine. Those validators run only for a client
// created with `strict: true` (kconnect never sets it) and in the library's own Consumer (kconnect
// has its own), so kconnect paid for code that never runs. While the client is being imported,
// ajv's compile() is replaced by one that compiles each schema the first time its validator is
// called: a validator behaves as before (the same answer, the same `errors` afterwards), and one
// never called costs nothing. compile() is restored as soon as the import ends, so nothing else
// is affected. Whatever imports the client must be loaded after loadKafkaClient() for this to
// apply (loaded otherwise, the client works the same, only slower to import).
//
// Starting the import earlier, alongside kconnect's own modules, gains nothing: both are CPU work
// on the one thread (measured; bench/README.md).

import { createRequire } from 'node:module'

/** The module src/log/kafka/index.ts. */
export type KafkaLogModule = typeof import('./kafka/index.ts')

/** The part of an ajv instance this module relies on. */
interface AjvPrototype {
  compile: (this: unknown, schema: unknown, meta?: boolean) => ValidateFunction
}

/** A compiled ajv validator: a function with the errors of its last call. */
type ValidateFunction = ((this: unknown, ...args: unknown[]) => unknown) & { errors?: unknown }

let loading: Promise<KafkaLogModule> | null = null

/** Imports the Kafka log's module (once); later calls return the same promise. */
export function loadKafkaClient (): Promise<KafkaLogModule> {
  loading ??= importWithDeferredSchemas()
  return loading
}

async function importWithDeferredSchemas (): Promise<KafkaLogModule> {
  const ajv = clientAjvPrototype()
  const compile = ajv?.compile
  if (ajv === null || typeof compile !== 'function') return await import('./kafka/index.ts')
  ajv.compile = function deferredCompile (schema, meta) {
    // An async schema's validator is told apart by its $async property: compile it now.
    if (typeof schema === 'object' && schema !== null && (schema as { $async?: unknown }).$async === true) return compile.call(this, schema, meta)
    return deferredValidator(() => compile.call(this, schema, meta))
  }
  try {
    return await import('./kafka/index.ts')
  } finally {
    ajv.compile = compile
  }
}

/** A validator that compiles its schema (with `compileSchema`) when it is first called. */
function deferredValidator (compileSchema: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | null = null
  const validate: ValidateFunction = function (this: unknown, ...args: unknown[]) {
    compiled ??= compileSchema()
    const valid = compiled.apply(this, args)
    validate.errors = compiled.errors
    return valid
  }
  validate.errors = null
  return validate
}

/** The prototype of the ajv the Kafka client uses (its own copy, resolved from the client), or null. */
function clientAjvPrototype (): AjvPrototype | null {
  try {
    const require = createRequire(import.meta.resolve('@platformatic/kafka'))
    const core = require('ajv/dist/core.js') as { default?: { prototype?: AjvPrototype } }
    return core.default?.prototype ?? null
  } catch {
    // Not where it was (another client version): import the client as it is.
    return null
  }
}
