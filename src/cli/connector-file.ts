// Reads a connector config file given to `kconnect standalone`, as Kafka's ConnectStandalone
// does: a JSON object of settings (a flat map, which must hold "name"), or a JSON creation
// request {"name", "config", "initial_state"}, or else a .properties file (which must hold name).
//
// Better than Kafka here: a file that starts like JSON but is not valid JSON is reported as such,
// instead of being read as a .properties file and failing for a missing name.

import { readFile } from 'node:fs/promises'
import { ConnectException } from '../api/errors.ts'
import { JsonParseError, parseJson } from '../converters/json/json-parser.ts'
import { JsonNumber, type JsonValue } from '../converters/json/json-tree.ts'
import type { TargetState } from '../herder/herder.ts'
import { decodeProperties, parseProperties } from './properties.ts'

/** A connector to create at start. */
export interface ConnectorFile {
  name: string
  config: Record<string, string>
  initialState?: TargetState
}

const INITIAL_STATES: Readonly<Record<string, TargetState>> = { RUNNING: 'STARTED', PAUSED: 'PAUSED', STOPPED: 'STOPPED' }

function missingName (path: string): ConnectException {
  return new ConnectException(`Connector configuration at '${path}' is missing the mandatory 'name' configuration`)
}

/** A JSON scalar as text (as Jackson reads it into a String); undefined for arrays and objects. */
function scalarText (value: JsonValue): string | null | undefined {
  if (value === null || typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof JsonNumber) return value.text
  return undefined
}

/** The object as a flat map of strings, or undefined if some value is an array or object. */
function flatMap (object: Map<string, JsonValue>): Record<string, string> | undefined {
  const result: Record<string, string> = {}
  for (const [key, value] of object) {
    const text = scalarText(value)
    if (text === undefined) return undefined
    // Kafka would refuse a null setting when creating the connector; leaving it out gives it its default.
    if (text !== null) result[key] = text
  }
  return result
}

function fromJson (path: string, root: JsonValue): ConnectorFile {
  if (!(root instanceof Map)) {
    throw new ConnectException(`Connector configuration at '${path}' must be a JSON object: either the settings themselves, or {"name": …, "config": {…}}`)
  }
  const flat = flatMap(root)
  if (flat !== undefined) {
    if (flat.name === undefined) throw missingName(path)
    return { name: flat.name, config: flat }
  }
  const name = root.get('name')
  const config = root.get('config')
  if (typeof name !== 'string' || !(config instanceof Map)) {
    throw new ConnectException(`Connector configuration at '${path}' must be either a flat JSON object of settings or {"name": "…", "config": {…}}`)
  }
  const settings = flatMap(config)
  if (settings === undefined) {
    throw new ConnectException(`Connector configuration at '${path}' has a setting in "config" whose value is an array or object; every value must be a string`)
  }
  if (settings.name !== undefined && settings.name !== name) {
    throw new ConnectException(`Connector name configuration in 'config' doesn't match the one specified in 'name' at '${path}'`)
  }
  settings.name = name
  const rawState = root.get('initial_state')
  let initialState: TargetState | undefined
  if (rawState !== undefined && rawState !== null) {
    initialState = typeof rawState === 'string' ? INITIAL_STATES[rawState.toUpperCase()] : undefined
    if (initialState === undefined) {
      throw new ConnectException(`Connector configuration at '${path}' has initial_state ${JSON.stringify(scalarText(rawState) ?? '')}; use RUNNING, PAUSED or STOPPED`)
    }
  }
  return { name, config: settings, initialState }
}

/** Parses a connector file's content; `path` names it in messages. Throws ConnectException. */
export function parseConnectorFile (path: string, bytes: Uint8Array): ConnectorFile {
  const text = decodeProperties(bytes)
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let root: JsonValue | undefined
    try {
      root = parseJson(text)
    } catch (error) {
      if (!(error instanceof JsonParseError)) throw error
      throw new ConnectException(`Connector configuration at '${path}' is not valid JSON: ${error.message}`)
    }
    return fromJson(path, root ?? null)
  }
  const config = parseProperties(text)
  if (config.name === undefined) throw missingName(path)
  return { name: config.name, config }
}

/** Reads and parses a connector file. Throws ConnectException, also for a file that cannot be read. */
export async function readConnectorFile (path: string): Promise<ConnectorFile> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw new ConnectException(`Cannot read the connector configuration '${path}': ${describeFileError(error)}`)
  }
  return parseConnectorFile(path, bytes)
}

/** What went wrong opening a file, in words. */
export function describeFileError (error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT': return 'no such file'
    case 'EACCES': return 'permission denied'
    case 'EISDIR': return 'it is a directory'
    default: return (error as Error).message
  }
}
