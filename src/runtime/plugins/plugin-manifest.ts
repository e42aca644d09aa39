// The "kconnect" manifest of a connector package: the field of its package.json that names the
// plugins it provides. Checked strictly, with errors that name the package and the field, because
// a typo here otherwise shows up much later as "unknown connector class".
//
//   "kconnect": {
//     "module": "./src/index.ts",                 default module for the entries below (optional)
//     "connectors": [
//       { "class": "com.example.RandomSourceConnector",   the name configs use (required)
//         "export": "RandomSourceConnector",              the module's export ("default" if left out)
//         "module": "./src/random-source.ts",             overrides the default module
//         "aliases": ["RandomSource"] }                   more names (optional)
//     ],
//     "converters": [...], "headerConverters": [...], "transforms": [...], "predicates": [...]
//   }

import { isAbsolute, relative, resolve } from 'node:path'

/** The manifest's lists, and the kind of plugin each holds. */
export const MANIFEST_LISTS = {
  connectors: 'connector',
  converters: 'converter',
  headerConverters: 'header_converter',
  transforms: 'transformation',
  predicates: 'predicate',
} as const

/** What a manifest list holds: a connector (source or sink, told apart once loaded) or another plugin type. */
export type ManifestKind = (typeof MANIFEST_LISTS)[keyof typeof MANIFEST_LISTS]

/** One plugin a manifest declares. */
export interface ManifestEntry {
  readonly kind: ManifestKind
  readonly className: string
  readonly aliases: readonly string[]
  /** The module's absolute path, inside the package. */
  readonly modulePath: string
  /** The name of the export that holds the class. */
  readonly exportName: string
  /** Where the entry is in package.json, for messages: kconnect.connectors[0]. */
  readonly field: string
}

/** A manifest that cannot be used; the message names the package.json field at fault. */
export class PluginManifestError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'PluginManifestError'
  }
}

const ENTRY_KEYS = ['class', 'export', 'module', 'aliases']
const CLASS_NAME = /^[A-Za-z_$][\w$]*(?:[.$][A-Za-z_$][\w$]*)*$/

/**
 * The entries of `manifest` (the value of package.json's "kconnect") of the package in
 * `packageDir`. Throws PluginManifestError for the first problem found.
 */
export function parseManifest (manifest: unknown, packageDir: string): ManifestEntry[] {
  if (!isRecord(manifest)) throw new PluginManifestError(`"kconnect" must be an object, not ${describe(manifest)}`)
  const known = new Set<string>(['module', ...Object.keys(MANIFEST_LISTS)])
  for (const key of Object.keys(manifest)) {
    if (!known.has(key)) {
      throw new PluginManifestError(`"kconnect.${key}" is not a manifest field; use ${[...known].join(', ')}`)
    }
  }
  const defaultModule = manifest.module === undefined ? undefined : modulePath(manifest.module, 'kconnect.module', packageDir)

  const entries: ManifestEntry[] = []
  for (const [list, kind] of Object.entries(MANIFEST_LISTS) as Array<[keyof typeof MANIFEST_LISTS, ManifestKind]>) {
    const value = manifest[list]
    if (value === undefined) continue
    if (!Array.isArray(value)) throw new PluginManifestError(`"kconnect.${list}" must be an array, not ${describe(value)}`)
    value.forEach((entry: unknown, index: number) => {
      entries.push(parseEntry(entry, kind, `kconnect.${list}[${index}]`, packageDir, defaultModule))
    })
  }
  if (entries.length === 0) {
    throw new PluginManifestError(`"kconnect" declares no plugins; list them in ${Object.keys(MANIFEST_LISTS).join(', ')}`)
  }
  return entries
}

function parseEntry (entry: unknown, kind: ManifestKind, field: string, packageDir: string,
  defaultModule: string | undefined): ManifestEntry {
  if (!isRecord(entry)) throw new PluginManifestError(`"${field}" must be an object, not ${describe(entry)}`)
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.includes(key)) {
      throw new PluginManifestError(`"${field}.${key}" is not a plugin field; use ${ENTRY_KEYS.join(', ')}`)
    }
  }
  const className = entry.class
  if (typeof className !== 'string' || !CLASS_NAME.test(className)) {
    throw new PluginManifestError(`"${field}.class" must be a class name such as "com.example.MySourceConnector", ` +
      `not ${describe(className)}`)
  }
  const exportName = entry.export ?? 'default'
  if (typeof exportName !== 'string' || exportName === '') {
    throw new PluginManifestError(`"${field}.export" must name an export of the module, not ${describe(exportName)}`)
  }
  const aliases = entry.aliases ?? []
  if (!Array.isArray(aliases) || !aliases.every(a => typeof a === 'string' && CLASS_NAME.test(a))) {
    throw new PluginManifestError(`"${field}.aliases" must be an array of names, not ${describe(aliases)}`)
  }
  let path = defaultModule
  if (entry.module !== undefined) path = modulePath(entry.module, `${field}.module`, packageDir)
  if (path === undefined) {
    throw new PluginManifestError(`"${field}.module" is missing, and there is no "kconnect.module" to default to`)
  }
  return { kind, className, aliases, modulePath: path, exportName, field }
}

/** The absolute path of a module named relative to the package, which must stay inside it. */
function modulePath (value: unknown, field: string, packageDir: string): string {
  if (typeof value !== 'string' || !(value.startsWith('./') || value.startsWith('../'))) {
    throw new PluginManifestError(`"${field}" must be a path relative to the package, such as "./src/index.ts", ` +
      `not ${describe(value)}`)
  }
  const path = resolve(packageDir, value)
  const inside = relative(packageDir, path)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new PluginManifestError(`"${field}" (${value}) points outside the package`)
  }
  return path
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe (value: unknown): string {
  if (value === undefined) return 'nothing'
  return JSON.stringify(value) ?? String(value)
}
