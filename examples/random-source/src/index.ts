// What the package exports; its package.json "kconnect" manifest names the connector class here.

export { RandomSourceConnector } from './random-source-connector.ts'
export { RandomSourceTask, VALUE_SCHEMA } from './random-source-task.ts'
export { CONFIG_DEF, RandomSourceConfig } from './config.ts'
export { randomAt } from './random.ts'
