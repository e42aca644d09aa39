// The REST API's response entities, rebuilt with their fields in the order Kafka Connect's Jackson
// writes them, whatever order a herder built them in. Optional fields follow Kafka's inclusion
// rules: a status's `trace` only when not empty, a plugin's `version` unless it is undefined.

import type { ConfigInfos, ConfigKeyInfo, ConfigValueInfo } from '../api/config/config-infos.ts'
import type {
  ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, ConnectorStatus, PluginInfo, ServerInfo, TaskInfo, TaskStatus,
} from '../herder/herder.ts'
import type { LoggerLevelInfo } from '../logging/logger-registry.ts'

/** ServerInfo: version, commit, kafka_cluster_id. */
export function serverInfoEntity (info: ServerInfo): object {
  return { version: info.version, commit: info.commit, kafka_cluster_id: info.kafka_cluster_id }
}

/** ConnectorInfo: name, config, tasks [{connector, task}], type. */
export function connectorInfoEntity (info: ConnectorInfo): object {
  return {
    name: info.name,
    config: info.config,
    tasks: info.tasks.map(id => ({ connector: id.connector, task: id.task })),
    type: info.type,
  }
}

function stateFields (status: ConnectorStatus | TaskStatus): object {
  // Kafka writes version even when null, but never an "undefined" version; trace only when non-empty.
  const version = (status as { version?: string | null }).version
  const trace = (status as { trace?: string | null }).trace
  return {
    state: status.state,
    worker_id: status.worker_id,
    version: version === 'undefined' ? undefined : version,
    trace: trace === null || trace === '' ? undefined : trace,
  }
}

/** A task's state: id, state, worker_id, version, trace. */
export function taskStateEntity (status: TaskStatus): object {
  return { id: status.id, ...stateFields(status) }
}

/** ConnectorStateInfo: name, connector {state, worker_id, version, trace}, tasks sorted by id, type. */
export function connectorStateEntity (info: ConnectorStateInfo): object {
  return {
    name: info.name,
    connector: stateFields(info.connector),
    tasks: [...info.tasks].sort((a, b) => a.id - b.id).map(taskStateEntity),
    type: info.type,
  }
}

/** TaskInfo: id {connector, task}, config. */
export function taskInfoEntity (info: TaskInfo): object {
  return { id: { connector: info.id.connector, task: info.id.task }, config: info.config }
}

/** PluginInfo: class, type, version (left out when undefined). */
export function pluginInfoEntity (info: PluginInfo): object {
  return { class: info.class, type: info.type, version: info.version === 'undefined' ? undefined : info.version }
}

/** ConfigKeyInfo, fields in Kafka 4.2+ order. */
export function configKeyInfoEntity (key: ConfigKeyInfo): object {
  return {
    name: key.name,
    type: key.type,
    required: key.required,
    default_value: key.default_value,
    importance: key.importance,
    documentation: key.documentation,
    group: key.group,
    order_in_group: key.order_in_group,
    width: key.width,
    display_name: key.display_name,
    dependents: key.dependents,
  }
}

function configValueInfoEntity (value: ConfigValueInfo): object {
  return {
    name: value.name,
    value: value.value,
    recommended_values: value.recommended_values,
    errors: value.errors,
    visible: value.visible,
  }
}

/** ConfigInfos: name, error_count, groups, configs [{definition, value}]. */
export function configInfosEntity (infos: ConfigInfos): object {
  return {
    name: infos.name,
    error_count: infos.error_count,
    groups: infos.groups,
    configs: infos.configs.map(c => ({
      definition: c.definition === null ? null : configKeyInfoEntity(c.definition),
      value: c.value === null ? null : configValueInfoEntity(c.value),
    })),
  }
}

/** ConnectorOffsets: offsets [{partition, offset}]. */
export function connectorOffsetsEntity (offsets: ConnectorOffsets): object {
  return { offsets: offsets.offsets.map(o => ({ partition: o.partition, offset: o.offset })) }
}

/** LoggerLevel: level, last_modified. */
export function loggerLevelEntity (level: LoggerLevelInfo): object {
  return { level: level.level, last_modified: level.last_modified }
}
