// Paths to fields inside a struct or map (KIP-821). With field.syntax.version=V1 (the default) a
// path is one field name at the top level, whatever it contains. With V2, dots separate nested
// fields ("address.city"), and a name that itself holds dots is wrapped in backticks
// ("`geo.point`.lat"); a backtick inside such a name is escaped with a backslash.

import { ConfigDef } from '../../api/config/config-def.ts'
import { CaseInsensitiveValidString } from '../../api/config/validators.ts'
import type { AbstractConfig } from '../../api/config/abstract-config.ts'
import { ConfigException } from '../../api/errors.ts'
import type { Field } from '../../api/data/field.ts'
import type { Schema } from '../../api/data/schema.ts'
import type { Struct } from '../../api/data/struct.ts'
import { requireMapOrNull, requireStructOrNull } from './requirements.ts'

/** The field path syntaxes. */
export type FieldSyntaxVersion = 'V1' | 'V2'

export const FIELD_SYNTAX_VERSION_CONFIG = 'field.syntax.version'
const FIELD_SYNTAX_VERSION_DOC = 'Defines the version of the syntax to access fields. ' +
  'If set to <code>V1</code>, then the field paths are limited to access the elements at the root level of the struct or map. ' +
  'If set to <code>V2</code>, the syntax will support accessing nested elements. ' +
  'To access nested elements, dotted notation is used. ' +
  'If dots are already included in the field name, ' +
  'then backtick pairs can be used to wrap field names containing dots. ' +
  'E.g. to access the subfield <code>baz</code> from a field named "foo.bar" in a struct/map ' +
  'the following format can be used to access its elements: "<code>foo.bar</code>.baz".'

/** Adds the field.syntax.version setting to a transform's settings. */
export function defineFieldSyntaxVersion (def: ConfigDef): ConfigDef {
  return def.define({
    name: FIELD_SYNTAX_VERSION_CONFIG,
    type: 'STRING',
    defaultValue: 'V1',
    validator: CaseInsensitiveValidString.in('V1', 'V2'),
    importance: 'HIGH',
    documentation: FIELD_SYNTAX_VERSION_DOC,
  })
}

/** The syntax a parsed config asks for. */
export function fieldSyntaxVersionOf (config: AbstractConfig): FieldSyntaxVersion {
  const text = config.getString(FIELD_SYNTAX_VERSION_CONFIG) ?? ''
  const version = text.toUpperCase()
  if (version !== 'V1' && version !== 'V2') throw new ConfigException(FIELD_SYNTAX_VERSION_CONFIG, text, 'Unrecognized field syntax version')
  return version
}

/** A path to one field, parsed once and used on every record. */
export class SingleFieldPath {
  readonly version: FieldSyntaxVersion
  /** The field names from the top down; never empty. */
  readonly steps: readonly string[]

  constructor (path: string, version: FieldSyntaxVersion) {
    this.version = version
    this.steps = Object.freeze(version === 'V1' ? [path] : parseV2(path))
  }

  /** The field the path names in `schema`, or null when a step is missing. */
  fieldFrom (schema: Schema | null): Field | null {
    if (schema === null) return null
    let current = schema
    for (const step of this.#parents()) {
      const field = current.field(step)
      if (field === null) return null
      current = field.schema
    }
    return current.field(this.#last())
  }

  /** The value at the path in a struct (a default applies where the value is null, unless `withDefault` is false); null when absent. */
  valueFromStruct (struct: Struct | null, withDefault = true): unknown {
    if (struct === null) return null
    let current: Struct | null = struct
    for (const step of this.#parents()) {
      if (current.schema.field(step) === null) return null
      current = requireStructOrNull(current.get(step), 'nested field access')
      if (current === null) return null
    }
    const last = this.#last()
    if (current.schema.field(last) === null) return null
    return withDefault ? current.get(last) : current.getWithoutDefault(last)
  }

  /** The value at the path in a schemaless map; null when absent. */
  valueFromMap (map: ReadonlyMap<unknown, unknown> | null): unknown {
    let current = map
    for (const step of this.#parents()) {
      if (current === null) return null
      current = requireMapOrNull(current.get(step), 'nested field access')
    }
    if (current === null) return null
    return current.get(this.#last()) ?? null
  }

  toString (): string {
    return `SingleFieldPath{version=${this.version}, path=${this.steps.join('.')}}`
  }

  #parents (): readonly string[] {
    return this.steps.slice(0, -1)
  }

  #last (): string {
    return this.steps[this.steps.length - 1]
  }
}

const BACKTICK = '`'
const DOT = '.'
const BACKSLASH = '\\'

/**
 * Splits a V2 path into steps. A step that starts with a backtick runs to the next backtick that
 * is followed by a dot or ends the path and is not escaped by a backslash; other backticks in it
 * are part of the name. A trailing dot adds an empty last step, as in Kafka.
 */
function parseV2 (path: string): string[] {
  const steps: string[] = []
  let index = 0
  while (index < path.length) {
    if (path[index] !== BACKTICK) {
      const dot = path.indexOf(DOT, index)
      if (dot < 0) {
        steps.push(path.slice(index))
        index = path.length
      } else {
        steps.push(path.slice(index, dot))
        index = dot + 1
      }
      continue
    }
    const openedAt = index
    let name = ''
    let segmentStart = index + 1
    let search = segmentStart
    while (true) {
      const closing = path.indexOf(BACKTICK, search)
      if (closing < 0) throw incompleteBacktickPair(path, openedAt)
      const escaped = path[closing - 1] === BACKSLASH
      if (closing === path.length - 1) {
        if (escaped) throw incompleteBacktickPair(path, openedAt)
        steps.push(name + path.slice(segmentStart, closing))
        index = closing + 1
        break
      }
      if (path[closing + 1] !== DOT) {
        // Not the end of the name: the backtick belongs to it.
        search = closing + 1
        continue
      }
      if (escaped) {
        name += path.slice(segmentStart, closing - 1) + BACKTICK
        segmentStart = closing + 1
        search = segmentStart
        continue
      }
      steps.push(name + path.slice(segmentStart, closing))
      index = closing + 2
      break
    }
  }
  // A trailing dot names an empty last field; so does an empty path (where Kafka fails on use).
  if (path.endsWith(DOT) || path === '') steps.push('')
  return steps
}

function incompleteBacktickPair (path: string, position: number): ConfigException {
  return new ConfigException(`Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${position} to escape it`)
}
