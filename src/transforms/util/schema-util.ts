// Copying a schema's name, version, doc and parameters onto a builder (Kafka's
// transforms.util.SchemaUtil), which transforms do when they rebuild a struct schema with other
// fields but want it to keep its identity.

import type { Schema } from '../../api/data/schema.ts'
import { SchemaBuilder } from '../../api/data/schema-builder.ts'

/** Sets `source`'s name, version, doc and parameters on `builder` (a builder of source's type when none is given). */
export function copySchemaBasics (source: Schema, builder?: SchemaBuilder): SchemaBuilder {
  const target = builder ?? (source.type === 'ARRAY' && source.valueSchema !== null
    ? SchemaBuilder.array(source.valueSchema)
    : new SchemaBuilder(source.type))
  target.name(source.name)
  target.version(source.version)
  target.doc(source.doc)
  if (source.parameters !== null) target.parameters(source.parameters)
  return target
}
