// An in-memory Herder for the REST route tests: enough behaviour to exercise every endpoint fast,
// with Kafka's messages for the errors the routes pass through. The real herder is tested
// end to end in test/rest/standalone.test.ts and test/parity/rest.test.ts.

import { AlreadyExistsException, NotFoundException } from '../../src/api/errors.ts'
import type { ConfigInfos, ConfigKeyInfo } from '../../src/api/config/config-infos.ts'
import { BadRequestException } from '../../src/herder/errors.ts'
import type {
  ActiveTopics, ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, Herder, PluginInfo, PutConnectorOptions,
  PutConnectorResult, RestartRequest, ServerInfo, TargetState, TaskInfo, TaskStatus,
} from '../../src/herder/herder.ts'

interface FakeConnector {
  config: Record<string, string>
  target: TargetState
  offsets: ConnectorOffsets
  failedTask?: string
}

/** A herder that keeps connectors in a Map and runs nothing. */
export class FakeHerder implements Herder {
  readonly connectorsByName = new Map<string, FakeConnector>()
  /** Set to make every call wait forever (request timeout tests) or fail (500 tests). */
  behaviour: 'normal' | 'hang' | 'throw' = 'normal'
  readonly workerId = '127.0.0.1:8083'
  readonly calls: string[] = []

  async start (): Promise<void> {}
  async stop (): Promise<void> {}
  health (): { status: 'healthy' | 'starting' | 'unhealthy', message: string } {
    return { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' }
  }

  async #enter (call: string): Promise<void> {
    this.calls.push(call)
    if (this.behaviour === 'hang') await new Promise(() => {})
    if (this.behaviour === 'throw') throw new TypeError("Cannot read properties of undefined (reading 'x')")
  }

  #get (name: string, message = `Connector ${name} not found`): FakeConnector {
    const connector = this.connectorsByName.get(name)
    if (connector === undefined) throw new NotFoundException(message)
    return connector
  }

  #type (config: Record<string, string>): 'source' | 'sink' | 'unknown' {
    const cls = config['connector.class'] ?? ''
    return cls.includes('Source') ? 'source' : cls.includes('Sink') ? 'sink' : 'unknown'
  }

  #info (name: string): ConnectorInfo {
    const connector = this.#get(name)
    const tasks = connector.target === 'STOPPED' ? [] : [{ connector: name, task: 0 }]
    return { name, config: { ...connector.config }, tasks, type: this.#type(connector.config) }
  }

  async serverInfo (): Promise<ServerInfo> {
    await this.#enter('serverInfo')
    // Built in a scrambled order on purpose: the REST layer must write Kafka's order.
    return { kafka_cluster_id: 'fake-cluster', commit: 'abc', version: '0.1.0' } as ServerInfo
  }

  async connectors (): Promise<string[]> {
    await this.#enter('connectors')
    return [...this.connectorsByName.keys()].sort()
  }

  async connectorInfo (name: string): Promise<ConnectorInfo> {
    await this.#enter('connectorInfo')
    return this.#info(name)
  }

  async connectorConfig (name: string): Promise<Record<string, string>> {
    await this.#enter('connectorConfig')
    return { ...this.#get(name).config }
  }

  async putConnectorConfig (name: string, config: Record<string, string>, options: PutConnectorOptions): Promise<PutConnectorResult> {
    await this.#enter('putConnectorConfig')
    const existing = this.connectorsByName.get(name)
    if (existing !== undefined && !options.allowReplace) throw new AlreadyExistsException(`Connector ${name} already exists`)
    if (config['connector.class'] === undefined) throw new BadRequestException(`Connector config ${JSON.stringify(config)} contains no connector type`)
    if (existing !== undefined) existing.config = config
    else this.connectorsByName.set(name, { config, target: options.initialState ?? 'STARTED', offsets: { offsets: [] } })
    return { created: existing === undefined, info: this.#info(name) }
  }

  async patchConnectorConfig (name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    await this.#enter('patchConnectorConfig')
    const connector = this.#get(name)
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete connector.config[key]
      else connector.config[key] = value
    }
    return this.#info(name)
  }

  async deleteConnector (name: string): Promise<void> {
    await this.#enter('deleteConnector')
    this.#get(name)
    this.connectorsByName.delete(name)
  }

  async connectorStatus (name: string): Promise<ConnectorStateInfo> {
    await this.#enter('connectorStatus')
    const connector = this.#get(name, `No status found for connector ${name}`)
    const state = connector.target === 'STARTED' ? 'RUNNING' : connector.target
    const tasks: TaskStatus[] = connector.target === 'STOPPED'
      ? []
      // Out of order and with the fields shuffled, to check the REST layer sorts and orders them.
      : [{ worker_id: this.workerId, state: 'RUNNING', id: 1, trace: '' } as TaskStatus,
          { state: connector.failedTask === undefined ? (state === 'PAUSED' ? 'PAUSED' : 'RUNNING') : 'FAILED', id: 0, worker_id: this.workerId, trace: connector.failedTask, version: null } as unknown as TaskStatus]
    return { type: this.#type(connector.config), tasks, connector: { worker_id: this.workerId, state }, name } as ConnectorStateInfo
  }

  async taskStatus (name: string, task: number): Promise<TaskStatus> {
    await this.#enter('taskStatus')
    const status = (await this.connectorStatus(name)).tasks.find(t => t.id === task)
    if (status === undefined) throw new NotFoundException(`No status found for task ${name}-${task}`)
    return status
  }

  async taskConfigs (name: string): Promise<TaskInfo[]> {
    await this.#enter('taskConfigs')
    return this.#info(name).tasks.map(id => ({ config: { 'task.class': 'FakeTask' }, id }))
  }

  async restartConnector (name: string, request: RestartRequest): Promise<ConnectorStateInfo | null> {
    await this.#enter(`restartConnector ${request.includeTasks} ${request.onlyFailed}`)
    if (!request.includeTasks && !request.onlyFailed) {
      this.#get(name)
      return null
    }
    this.#get(name, `Unknown connector: ${name}`)
    const status = await this.connectorStatus(name)
    return { ...status, connector: { ...status.connector, state: 'RESTARTING' } }
  }

  async restartTask (name: string, task: number): Promise<void> {
    await this.#enter(`restartTask ${task}`)
    if (task !== 0) throw new NotFoundException(`Task ${name}-${task} not found`)
    this.#get(name)
  }

  async pauseConnector (name: string): Promise<void> {
    await this.#enter('pauseConnector')
    this.#get(name, `Unknown connector ${name}`).target = 'PAUSED'
  }

  async resumeConnector (name: string): Promise<void> {
    await this.#enter('resumeConnector')
    this.#get(name, `Unknown connector ${name}`).target = 'STARTED'
  }

  async stopConnector (name: string): Promise<void> {
    await this.#enter('stopConnector')
    this.#get(name).target = 'STOPPED'
  }

  async connectorActiveTopics (name: string): Promise<ActiveTopics> {
    await this.#enter('connectorActiveTopics')
    return { [name]: { topics: this.connectorsByName.has(name) ? ['t1'] : [] } }
  }

  async resetConnectorActiveTopics (): Promise<void> {
    await this.#enter('resetConnectorActiveTopics')
  }

  async connectorOffsets (name: string): Promise<ConnectorOffsets> {
    await this.#enter('connectorOffsets')
    return this.#get(name).offsets
  }

  #checkStopped (name: string): FakeConnector {
    const connector = this.#get(name)
    if (connector.target !== 'STOPPED') {
      throw new BadRequestException(`Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`)
    }
    return connector
  }

  async alterConnectorOffsets (name: string, offsets: ConnectorOffsets): Promise<string> {
    await this.#enter('alterConnectorOffsets')
    this.#checkStopped(name).offsets = offsets
    return 'The offsets for this connector have been altered successfully'
  }

  async resetConnectorOffsets (name: string): Promise<string> {
    await this.#enter('resetConnectorOffsets')
    this.#checkStopped(name).offsets = { offsets: [] }
    return 'The offsets for this connector have been reset successfully'
  }

  async validateConnectorConfig (config: Record<string, string>): Promise<ConfigInfos> {
    await this.#enter('validateConnectorConfig')
    const missing = config.topic === undefined
    return {
      configs: [{
        value: { visible: true, errors: missing ? ['Missing required configuration "topic" which has no default value.'] : [], recommended_values: [], value: config.topic ?? null, name: 'topic' },
        definition: null,
      }],
      groups: ['Common'],
      error_count: missing ? 1 : 0,
      name: config['connector.class'],
    } as ConfigInfos
  }

  async plugins (connectorsOnly: boolean): Promise<PluginInfo[]> {
    await this.#enter('plugins')
    const all: PluginInfo[] = [
      { version: '0.1.0', type: 'sink', class: 'org.apache.kafka.connect.file.FileStreamSinkConnector' } as PluginInfo,
      { class: 'org.apache.kafka.connect.file.FileStreamSourceConnector', type: 'source', version: '0.1.0' },
      { class: 'org.apache.kafka.connect.transforms.Filter', type: 'transformation', version: 'undefined' },
    ]
    return connectorsOnly ? all.filter(p => p.type === 'source' || p.type === 'sink') : all
  }

  async pluginConfig (pluginName: string): Promise<ConfigKeyInfo[]> {
    await this.#enter('pluginConfig')
    const secrets: Record<string, string[]> = {
      'com.example.SecretSource': ['db.password'],
      'com.example.MaskTransform': ['api.key'],
      'com.example.AvroConverter': ['basic.auth.user.info'],
    }
    if (secrets[pluginName] !== undefined) {
      return [...secrets[pluginName], 'db.user'].map(name => ({
        name, type: name === 'db.user' ? 'STRING' : 'PASSWORD', required: false, default_value: null, importance: 'HIGH', documentation: '',
        group: null, order_in_group: -1, width: 'NONE', display_name: name, dependents: [],
      }))
    }
    if (!pluginName.startsWith('FileStream')) throw new NotFoundException(`Unknown plugin ${pluginName}.`)
    return [{
      dependents: [], display_name: 'file', width: 'NONE', order_in_group: -1, group: null, documentation: 'Source filename.',
      importance: 'HIGH', default_value: null, required: false, type: 'STRING', name: 'file',
    } as ConfigKeyInfo]
  }

  /** Marks task 0 FAILED with `trace`. */
  failTask (name: string, trace: string): void {
    this.#get(name).failedTask = trace
  }
}
