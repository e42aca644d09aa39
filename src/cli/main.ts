// The kconnect command. bin/kconnect runs this file on Node 24.
//
//   kconnect standalone worker.properties [connector1.properties connector2.json …]
//   kconnect distributed worker.properties
//   kconnect topics list|tail|produce …
//   kconnect --help | --version
//
// Exit codes: 0 done (or stopped by a signal), 1 a problem with the input or at run time (the
// message says what to fix), 2 wrong usage.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { ConnectException } from '../api/errors.ts'
import { KAFKA_COMPAT_VERSION } from '../api/version.ts'
import { configureLogging } from '../logging/index.ts'
import { CliError, UsageError } from './cli-error.ts'
import { listTopics, produceLines, tailTopic, type LogSelection } from './topics.ts'

const USAGE = `Usage: kconnect <command> [options]

Kafka Connect, in TypeScript: the same REST API, configs and bytes as Apache Kafka Connect.

Commands:
  standalone <worker.properties> [connector1.properties connector2.json ...]
      Run a standalone worker, as Kafka's connect-standalone.sh does. Connector files are
      .properties, or JSON: {"name": ..., "config": {...}} or a flat map of settings.
      Ctrl-C (SIGINT) or SIGTERM stops it gracefully: tasks stop and offsets are flushed.

  distributed <worker.properties>
      Run a worker of a distributed cluster, as Kafka's connect-distributed.sh does. Workers
      with the same group.id share the connectors through Kafka: start as many as needed, on
      any machines, and use the REST API of any of them. Ctrl-C (SIGINT) or SIGTERM stops it
      gracefully: tasks stop, offsets are flushed, and the others take over its work.

  quickstart
      Kafka Connect's file quickstart on the embedded log (no broker): runs the worker of
      config/connect-standalone.properties with config/connect-file-{source,sink}.properties,
      appends lines to the source file and shows them arriving in the sink file.

  topics list    (--worker <worker.properties> | --bootstrap-server <host:port>)
      List the topics of the worker's log (embedded or Kafka), or of a Kafka cluster.
  topics tail    (--worker <file> | --bootstrap-server <host:port>) <topic>
                 [--from-beginning] [--max-messages <n>] [--timeout-ms <ms>] [--print-key]
      Print a topic's records as they arrive, one value per line (like kafka-console-consumer).
  topics produce (--worker <file> | --bootstrap-server <host:port>) <topic> [--key-separator <s>]
      Send each line of standard input as a record (like kafka-console-producer).

Options:
  -h, --help      Show this help.
  -V, --version   Show kconnect's version.

Environment:
  KCONNECT_LOG_LEVEL  Log levels: a root level and name=level pairs, such as
                      WARN or INFO,org.apache.kafka.connect.runtime=DEBUG.
`

/** kconnect's version line. */
export function versionText (): string {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
  return `kconnect ${pkg.version} (compatible with Apache Kafka Connect ${KAFKA_COMPAT_VERSION}), Node.js ${process.versions.node}`
}

/** parseArgs, with its errors turned into usage errors. */
function parse<T extends ParseArgsConfig['options']> (args: string[], options: T): ReturnType<typeof parseArgs<{ args: string[], options: T, allowPositionals: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

function optionalInteger (value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`--${name} must be a whole number, not '${value}'`)
  return number
}

/** A promise that resolves at the first SIGINT or SIGTERM. */
function untilSignal (): Promise<void> {
  return new Promise(resolve => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
}

async function topics (args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    worker: { type: 'string' },
    'bootstrap-server': { type: 'string' },
    'from-beginning': { type: 'boolean' },
    'max-messages': { type: 'string' },
    'timeout-ms': { type: 'string' },
    'print-key': { type: 'boolean' },
    'key-separator': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help === true) {
    process.stdout.write(USAGE)
    return 0
  }
  const [action, topic, ...extra] = positionals
  const selection: LogSelection = { workerFile: values.worker, bootstrapServer: values['bootstrap-server'] }
  const write = (line: string): void => { process.stdout.write(line + '\n') }
  const needTopic = (): string => {
    if (topic === undefined) throw new UsageError(`'kconnect topics ${action}' needs a topic name`)
    if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}`)
    return topic
  }
  switch (action) {
    case 'list':
      if (topic !== undefined) throw new UsageError(`Unexpected arguments: ${[topic, ...extra].join(' ')}`)
      await listTopics(selection, write)
      return 0
    case 'tail': {
      const name = needTopic()
      const count = await tailTopic(selection, name, {
        fromBeginning: values['from-beginning'],
        maxMessages: optionalInteger(values['max-messages'], 'max-messages'),
        timeoutMs: optionalInteger(values['timeout-ms'], 'timeout-ms'),
        printKey: values['print-key'],
        stopped: untilSignal(),
      }, write)
      process.stderr.write(`Processed a total of ${count} messages\n`)
      return 0
    }
    case 'produce':
      await produceLines(selection, needTopic(), process.stdin, { keySeparator: values['key-separator'] })
      return 0
    case undefined:
      throw new UsageError("'kconnect topics' needs an action: list, tail or produce")
    default:
      throw new UsageError(`Unknown topics action '${action}': use list, tail or produce`)
  }
}

async function standalone (args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { help: { type: 'boolean', short: 'h' } })
  if (values.help === true) {
    process.stdout.write(USAGE)
    return 0
  }
  const [workerFile, ...connectorFiles] = positionals
  if (workerFile === undefined) throw new UsageError("'kconnect standalone' needs the worker config: kconnect standalone worker.properties [connector.properties ...]")
  // Loaded on demand: --help, --version and the topics commands need none of the runtime.
  const { runStandalone } = await import('./standalone.ts')
  return await runStandalone(workerFile, connectorFiles)
}

async function distributed (args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { help: { type: 'boolean', short: 'h' } })
  if (values.help === true) {
    process.stdout.write(USAGE)
    return 0
  }
  const [workerFile, ...extra] = positionals
  if (workerFile === undefined) throw new UsageError("'kconnect distributed' needs the worker config: kconnect distributed worker.properties")
  if (extra.length > 0) throw new UsageError(`'kconnect distributed' takes one worker config; connectors are created through the REST API. Unexpected: ${extra.join(' ')}`)
  const { runDistributed } = await import('./distributed.ts')
  return await runDistributed(workerFile)
}

/** Runs the command line `argv` (without node and the script); resolves with the exit code. */
export async function main (argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined) throw new UsageError('Say what to run')
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE)
      return 0
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      process.stdout.write(versionText() + '\n')
      return 0
    }
    const levels = process.env.KCONNECT_LOG_LEVEL
    switch (command) {
      case 'standalone':
        configureLogging({ destination: 'stdout', levels: levels ?? undefined })
        return await standalone(rest)
      case 'distributed':
        configureLogging({ destination: 'stdout', levels: levels ?? undefined })
        return await distributed(rest)
      case 'quickstart': {
        configureLogging({ destination: 'stdout', levels: levels ?? 'WARN' })
        const { runQuickstart } = await import('./quickstart.ts')
        const interactive = process.stdout.isTTY === true && process.env.CI === undefined
        return await runQuickstart({ interactive, write: text => { process.stdout.write(text) } })
      }
      case 'topics':
        // Records go to stdout; keep the log out of the way.
        configureLogging({ destination: 'stderr', levels: levels ?? 'WARN' })
        return await topics(rest)
      default:
        throw new UsageError(`Unknown command '${command}'`)
    }
  } catch (error) {
    return report(error)
  }
}

/** Prints a failure for a human and gives its exit code. */
function report (error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`kconnect: ${error.message}\n\n${USAGE}`)
    return error.exitCode
  }
  if (error instanceof CliError || error instanceof ConnectException) {
    const cause = error.cause instanceof Error && !(error instanceof CliError) && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : ''
    process.stderr.write(`kconnect: ${error.message}${cause}\n`)
    return error instanceof CliError ? error.exitCode : 1
  }
  process.stderr.write(`kconnect: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  return 1
}

/** Runs the process's command line and sets its exit code. */
export async function run (): Promise<void> {
  process.exitCode = await main(process.argv.slice(2))
  // Whatever is still open (a socket a client failed to close) must not keep a finished command alive.
  setTimeout(() => process.exit(), 2000).unref()
}

if (import.meta.main) await run()
