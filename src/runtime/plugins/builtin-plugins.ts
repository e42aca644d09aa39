// The plugins every worker has without plugin.path: the converters of src/converters, the
// connectors of src/connectors, and the transformations and predicates of src/transforms, under
// the Java class names configs use.

import { BUILTIN_CONNECTORS } from '../../connectors/index.ts'
import { BUILTIN_CONVERTERS } from '../../converters/index.ts'
import { BUILTIN_PREDICATES, BUILTIN_TRANSFORMS } from '../../transforms/index.ts'
import { KAFKA_COMPAT_VERSION } from '../../api/version.ts'
import { PluginRegistry, type PluginDescriptor } from './plugin-registry.ts'

/** The built-in converters, as plugin descriptors (a converter usable for headers too is listed twice, as in Kafka). */
export function builtinConverterPlugins (): PluginDescriptor[] {
  const descriptors: PluginDescriptor[] = []
  for (const converter of BUILTIN_CONVERTERS) {
    const common = { className: converter.className, version: KAFKA_COMPAT_VERSION, location: 'builtin', create: () => converter.create() }
    if (converter.isConverter) descriptors.push({ ...common, type: 'converter' })
    if (converter.isHeaderConverter) descriptors.push({ ...common, type: 'header_converter' })
  }
  return descriptors
}

/** A registry holding the built-in converters, connectors, transformations and predicates, plus `more` (a test's plugins, say). */
export function builtinPluginRegistry (more: readonly PluginDescriptor[] = []): PluginRegistry {
  const registry = new PluginRegistry()
  for (const descriptor of [...builtinConverterPlugins(), ...BUILTIN_CONNECTORS, ...BUILTIN_TRANSFORMS, ...BUILTIN_PREDICATES, ...more]) {
    registry.register(descriptor)
  }
  return registry
}
