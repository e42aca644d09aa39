// The connectors kconnect ships, under the Java class names that connector configs use, so that
// `connector.class=org.apache.kafka.connect.file.FileStreamSourceConnector` (or FileStreamSource,
// or FileStreamSourceConnector: the registry derives those) works unchanged. The plugin registry
// (src/runtime/plugins/plugin-registry.ts) registers every entry at worker start.

import type { PluginDescriptor } from '../runtime/plugins/plugin-registry.ts'
import { FileStreamSinkConnector } from './file/file-stream-sink-connector.ts'
import { FileStreamSourceConnector } from './file/file-stream-source-connector.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'

/** Every built-in connector. */
export const BUILTIN_CONNECTORS: readonly PluginDescriptor[] = Object.freeze([
  {
    className: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
    type: 'source',
    version: KAFKA_COMPAT_VERSION,
    location: 'builtin',
    create: () => new FileStreamSourceConnector(),
  },
  {
    className: 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    type: 'sink',
    version: KAFKA_COMPAT_VERSION,
    location: 'builtin',
    create: () => new FileStreamSinkConnector(),
  },
])

export { FileStreamSinkConnector, FileStreamSourceConnector }
