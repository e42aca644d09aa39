// The converters of a task (Kafka's Plugins.newConverter and newHeaderConverter, as Worker uses
// them): the connector's key.converter / value.converter / header.converter when it sets one,
// configured with its `<property>.` settings, else the worker's, configured with the worker's.

import type { AbstractConfig } from '../api/config/abstract-config.ts'
import type { Converter, HeaderConverter } from '../api/converter/converter.ts'
import { ConnectException } from '../api/errors.ts'
import { HEADER_CONVERTER_CLASS_CONFIG, KEY_CONVERTER_CLASS_CONFIG, VALUE_CONVERTER_CLASS_CONFIG } from './config/worker-config.ts'
import type { PluginRegistry } from './plugins/plugin-registry.ts'

/** A task's three converters. */
export interface TaskConverters {
  readonly key: Converter
  readonly value: Converter
  readonly header: HeaderConverter
}

function isConverter (value: unknown): value is Converter {
  const candidate = value as Partial<Converter> | null
  return typeof candidate?.configure === 'function' && typeof candidate.fromConnectData === 'function' && typeof candidate.toConnectData === 'function'
}

function isHeaderConverter (value: unknown): value is HeaderConverter {
  const candidate = value as Partial<HeaderConverter> | null
  return typeof candidate?.configure === 'function' && typeof candidate.fromConnectHeader === 'function' && typeof candidate.toConnectHeader === 'function'
}

function className (config: AbstractConfig, property: string): string | null {
  const original = config.originals()[property]
  if (original !== undefined && original !== null) return String(original).trim()
  const parsed = config.get(property)
  return typeof parsed === 'string' ? parsed : null
}

/**
 * The plugin of `type` that `property` names in `config`, created but not configured; null when
 * the config names none (or, with `onlyWhenSet`, does not set the property itself).
 */
function createNamedPlugin<T> (registry: PluginRegistry, config: AbstractConfig, property: string, onlyWhenSet: boolean,
  type: 'converter' | 'header_converter', isPlugin: (value: unknown) => value is T, expected: string): T | null {
  if (onlyWhenSet && !(property in config.originals())) return null
  const name = className(config, property)
  if (name === null) return null
  const plugin = registry.find(name, type)
  if (plugin === undefined) throw new ConnectException(registry.notFoundMessage(name, type))
  const instance = plugin.create()
  if (!isPlugin(instance)) throw new ConnectException(`${plugin.className} does not implement ${expected}`)
  return instance
}

/** A configured key or value converter named by `property` in `config`, or null when `config` does not set it (and has no default). */
export function newConverter (registry: PluginRegistry, config: AbstractConfig, property: typeof KEY_CONVERTER_CLASS_CONFIG | typeof VALUE_CONVERTER_CLASS_CONFIG,
  onlyWhenSet: boolean): Converter | null {
  const converter = createNamedPlugin(registry, config, property, onlyWhenSet, 'converter', isConverter,
    'Converter (configure, fromConnectData, toConnectData)')
  converter?.configure(config.originalsWithPrefix(property + '.'), property === KEY_CONVERTER_CLASS_CONFIG)
  return converter
}

/** A configured header converter named by header.converter in `config`, or null when `config` does not set it. */
export function newHeaderConverter (registry: PluginRegistry, config: AbstractConfig, onlyWhenSet: boolean): HeaderConverter | null {
  const converter = createNamedPlugin(registry, config, HEADER_CONVERTER_CLASS_CONFIG, onlyWhenSet, 'header_converter', isHeaderConverter,
    'HeaderConverter (configure, fromConnectHeader, toConnectHeader)')
  converter?.configure({ ...config.originalsWithPrefix(HEADER_CONVERTER_CLASS_CONFIG + '.'), 'converter.type': 'header' })
  return converter
}

/** The connector's converters where it sets them, the worker's otherwise. */
export function taskConverters (registry: PluginRegistry, connectorConfig: AbstractConfig, workerConfig: AbstractConfig): TaskConverters {
  const key = newConverter(registry, connectorConfig, KEY_CONVERTER_CLASS_CONFIG, true) ??
    newConverter(registry, workerConfig, KEY_CONVERTER_CLASS_CONFIG, false)
  const value = newConverter(registry, connectorConfig, VALUE_CONVERTER_CLASS_CONFIG, true) ??
    newConverter(registry, workerConfig, VALUE_CONVERTER_CLASS_CONFIG, false)
  const header = newHeaderConverter(registry, connectorConfig, true) ?? newHeaderConverter(registry, workerConfig, false)
  if (key === null || value === null || header === null) {
    throw new ConnectException('The worker has no key.converter, value.converter or header.converter to fall back on')
  }
  return { key, value, header }
}

/** Closes the converters that have close(), ignoring their errors. */
export function closeConverters (converters: TaskConverters | null): void {
  for (const converter of [converters?.key, converters?.value, converters?.header]) {
    try {
      converter?.close?.()
    } catch {
      // A converter that fails to close leaks at most its own resources.
    }
  }
}
