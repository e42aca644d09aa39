// What the worker gives a task's error handling: the class names error reports show, the secrets
// they must hide, and the way to open the dead letter queue (its own producer on the worker's
// log, with the task's producer settings, as Kafka's Worker.sinkTaskReporters builds it).

import type { AbstractConfig } from '../../api/config/abstract-config.ts'
import type { ConfigDef } from '../../api/config/config-def.ts'
import type { ConnectorTaskId } from '../../herder/herder.ts'
import type { Log } from '../../log/log.ts'
import { getLogger } from '../../logging/index.ts'
import { HEADER_CONVERTER_CLASS_CONFIG, KEY_CONVERTER_CLASS_CONFIG, VALUE_CONVERTER_CLASS_CONFIG } from '../config/worker-config.ts'
import type { PluginRegistry, PluginType } from '../plugins/plugin-registry.ts'
import type { TaskClassNames } from '../sink/worker-sink-task.ts'
import { DeadLetterQueue } from './dead-letter-queue.ts'
import { SecretScrubber } from './secret-scrubber.ts'
import { deadLetterQueueClientId, type DeadLetterQueueOpener } from './task-error-handling.ts'

const dlqLog = getLogger('org.apache.kafka.connect.runtime.errors.DeadLetterQueueReporter')

/** The registered class name of the plugin a setting names (the connector's setting, else the worker's). */
function pluginClassName (registry: PluginRegistry, connectorConfig: AbstractConfig, workerConfig: AbstractConfig,
  property: string, type: PluginType): string {
  const configured = connectorConfig.originals()[property] ?? workerConfig.originals()[property] ?? workerConfig.get(property)
  const name = String(configured ?? '').trim()
  return registry.find(name, type)?.className ?? name
}

/** The task's class (task.class, Java-style for built-ins) and its converters' registered class names. */
export function taskClassNames (registry: PluginRegistry, connectorConfig: AbstractConfig, workerConfig: AbstractConfig,
  taskClass: string): TaskClassNames {
  return {
    task: taskClass,
    keyConverter: pluginClassName(registry, connectorConfig, workerConfig, KEY_CONVERTER_CLASS_CONFIG, 'converter'),
    valueConverter: pluginClassName(registry, connectorConfig, workerConfig, VALUE_CONVERTER_CLASS_CONFIG, 'converter'),
    headerConverter: pluginClassName(registry, connectorConfig, workerConfig, HEADER_CONVERTER_CLASS_CONFIG, 'header_converter'),
  }
}

/** Hides the secrets of the worker's, the connector's and the task's settings. */
export function taskSecretScrubber (workerConfig: AbstractConfig, connectorConfig: AbstractConfig, taskConfig: Readonly<Record<string, string>>,
  connectorDefinition: ConfigDef | null): SecretScrubber {
  return SecretScrubber.forConfigs(
    [workerConfig.originals(), connectorConfig.originals(), taskConfig],
    [workerConfig.definition, connectorConfig.definition, connectorDefinition])
}

/** Opens a task's dead letter queue on `log`, with the task's producer settings. */
export function deadLetterQueueOpener (log: Log, id: ConnectorTaskId, producerConfig: Readonly<Record<string, string>>): DeadLetterQueueOpener {
  return async (settings, metrics) => await DeadLetterQueue.open({
    log,
    topic: settings.topic,
    replicationFactor: settings.replicationFactor,
    producerConfig,
    clientId: deadLetterQueueClientId(id),
    metrics,
    logger: dlqLog.withContext(`[${id.connector}|task-${id.task}] `),
  })
}
