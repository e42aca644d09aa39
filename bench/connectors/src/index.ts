// The benchmark connectors: bench/run.ts puts this folder on plugin.path for the engine-overhead scenario.

export { GeneratorSourceConnector, GeneratorSourceTask } from './generator-source.ts'
export { DiscardSinkConnector, DiscardSinkTask } from './discard-sink.ts'
export { DONE_MARKER } from './done-marker.ts'
