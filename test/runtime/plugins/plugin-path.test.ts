// Loading connector packages from plugin.path: the example connector (as a folder of packages, as
// a package itself, and installed npm-style under node_modules, where .ts needs the module hooks),
// plugins of every kind, .js packages, and broken packages, each logged and skipped with a message
// naming the package and the field, while the rest still load.

import assert from 'node:assert/strict'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { SourceConnector } from '../../../src/api/source/source-connector.ts'
import { LoggerRegistry } from '../../../src/logging/index.ts'
import { loadPluginPath, type PluginPathReport } from '../../../src/runtime/plugins/plugin-path.ts'
import { PluginRegistry } from '../../../src/runtime/plugins/plugin-registry.ts'

const REPO = resolve(import.meta.dirname, '..', '..', '..')
const EXAMPLES = join(REPO, 'examples')
const EXAMPLE = join(EXAMPLES, 'random-source')
const EXAMPLE_CLASS = 'com.example.kconnect.RandomSourceConnector'

let dir: string
before(async () => { dir = await mkdtemp(join(tmpdir(), 'kconnect-plugin-path-')) })
after(async () => { await rm(dir, { recursive: true, force: true }) })

interface Loaded {
  registry: PluginRegistry
  report: PluginPathReport
  /** The lines logged while loading. */
  lines: string[]
}

async function load (pluginPath: readonly string[] | string): Promise<Loaded> {
  const registry = new PluginRegistry()
  const lines: string[] = []
  const log = new LoggerRegistry({ write: line => { lines.push(line) }, now: () => 0 })
    .getLogger('org.apache.kafka.connect.runtime.isolation.PluginScanner')
  const report = await loadPluginPath(pluginPath, registry, log)
  return { registry, report, lines }
}

/** Writes a package: package.json from `packageJson`, and files (path -> text). */
async function writePackage (root: string, packageJson: unknown, files: Record<string, string> = {}): Promise<string> {
  await mkdir(root, { recursive: true })
  await writeFile(join(root, 'package.json'), typeof packageJson === 'string' ? packageJson : JSON.stringify(packageJson, null, 2))
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true })
    await writeFile(join(root, path), text)
  }
  return root
}

const SOURCE_TS = `import { SourceConnector, SourceTask, ConfigDef } from 'kconnect/api'
class NoopTask extends SourceTask {
  version (): string { return '0' }
  start (): void {}
  poll (): null { return null }
  stop (): void {}
}
export class NoopSource extends SourceConnector {
  version (): string { return '2.0.0-noop' }
  start (): void {}
  taskClass () { return NoopTask }
  taskConfigs (): Array<Record<string, string>> { return [{}] }
  stop (): void {}
  config (): ConfigDef { return new ConfigDef() }
}
`

function manifest (name: string, kconnect: unknown, version = '1.0.0'): unknown {
  return { name, version, type: 'module', kconnect }
}

describe('loadPluginPath', () => {
  it('loads the example from a folder of packages, with its version, resolvable by its short names', async () => {
    const { registry, report } = await load([EXAMPLES])
    assert.deepEqual(report.failures, [])
    assert.deepEqual(report.packages.map(p => [p.name, p.version, p.directory]), [['kconnect-example-random-source', '1.0.0', EXAMPLE]])
    const plugin = registry.resolve('RandomSource', 'source', 'sink')
    assert.equal(plugin.className, EXAMPLE_CLASS)
    assert.equal(plugin.type, 'source')
    assert.equal(plugin.version, '1.0.0')
    assert.equal(plugin.location, EXAMPLE)
    assert.equal(registry.find('RandomSourceConnector')?.className, EXAMPLE_CLASS)
    // The package shares the worker's API: its connector is one of our SourceConnectors.
    assert.ok(plugin.create() instanceof SourceConnector)
    assert.deepEqual(registry.pluginInfos(true), [{ class: EXAMPLE_CLASS, type: 'source', version: '1.0.0' }])
  })

  it('loads a plugin.path entry that is a package itself, given as comma-separated text', async () => {
    const { registry, report } = await load(` ${EXAMPLE} , `)
    assert.deepEqual(report.failures, [])
    assert.equal(registry.find(EXAMPLE_CLASS)?.type, 'source')
  })

  it('loads TypeScript packages installed npm-style under node_modules', async () => {
    // What `npm install --prefix <dir> <package>` leaves: <dir>/package.json and <dir>/node_modules/…
    const root = join(dir, 'npm-prefix')
    await writePackage(root, { dependencies: { 'kconnect-example-random-source': '1.0.0' } })
    await cp(EXAMPLE, join(root, 'node_modules', 'kconnect-example-random-source'), { recursive: true })
    await writePackage(join(root, 'node_modules', 'left-pad'), { name: 'left-pad', version: '1.3.0' })
    await writePackage(join(root, 'node_modules', '@acme', 'noop'),
      manifest('@acme/noop', { connectors: [{ class: 'com.acme.NoopSource', module: './index.ts', export: 'NoopSource' }] }),
      { 'index.ts': SOURCE_TS })
    const { registry, report } = await load([root])
    assert.deepEqual(report.failures, [])
    assert.deepEqual(report.packages.map(p => p.name).sort(), ['@acme/noop', 'kconnect-example-random-source'])
    assert.ok(registry.resolve(EXAMPLE_CLASS).create() instanceof SourceConnector)
    // A plugin's own version() wins over its package's, as Kafka shows a connector's version().
    assert.equal(registry.resolve('NoopSource').version, '2.0.0-noop')
  })

  it('loads converters, header converters, transforms and predicates, in .js too', async () => {
    const root = join(dir, 'kinds')
    await writePackage(join(root, 'kinds'), manifest('kinds', {
      module: './plugins.js',
      converters: [{ class: 'com.acme.UpperConverter', export: 'UpperConverter', aliases: ['UpCase'] }],
      headerConverters: [{ class: 'com.acme.UpperHeaderConverter', export: 'UpperHeaderConverter' }],
      transforms: [{ class: 'com.acme.Noop', export: 'NoopTransform' }],
      predicates: [{ class: 'com.acme.Always', export: 'default' }],
    }, '3.1.0'), {
      'plugins.js': `export class UpperConverter { configure () {} fromConnectData () { return null } toConnectData () { return null } }
export class UpperHeaderConverter { configure () {} fromConnectHeader () { return null } toConnectHeader () { return null } }
export class NoopTransform { apply (r) { return r } }
export default class Always { test () { return true } }
`,
    })
    const { registry, report } = await load([root])
    assert.deepEqual(report.failures, [])
    assert.deepEqual(registry.pluginInfos(false), [
      { class: 'com.acme.Noop', type: 'transformation', version: '3.1.0' },
      { class: 'com.acme.Always', type: 'predicate', version: '3.1.0' },
      { class: 'com.acme.UpperConverter', type: 'converter', version: '3.1.0' },
      { class: 'com.acme.UpperHeaderConverter', type: 'header_converter', version: '3.1.0' },
    ])
    assert.equal(registry.find('UpCase', 'converter')?.className, 'com.acme.UpperConverter')
  })

  it('logs and skips broken packages, and loads the rest', async () => {
    const root = join(dir, 'broken')
    const connector = (extra: Record<string, unknown> = {}): unknown =>
      ({ connectors: [{ class: 'com.acme.NoopSource', module: './index.ts', export: 'NoopSource', ...extra }] })
    await writePackage(join(root, 'a-not-json'), '{ "name": "a-not-json", ')
    await writePackage(join(root, 'b-not-object'), manifest('b-not-object', 'yes'))
    await writePackage(join(root, 'c-typo'), manifest('c-typo', { conectors: [] }))
    await writePackage(join(root, 'd-no-class'), manifest('d-no-class', { connectors: [{ module: './index.ts' }] }))
    await writePackage(join(root, 'e-outside'), manifest('e-outside', connector({ module: '../good/index.ts' })))
    await writePackage(join(root, 'f-syntax'), manifest('f-syntax', connector()), { 'index.ts': 'export class NoopSource {' })
    await writePackage(join(root, 'g-no-export'), manifest('g-no-export', connector({ export: 'Nope' })), { 'index.ts': SOURCE_TS })
    await writePackage(join(root, 'h-not-connector'), manifest('h-not-connector', connector()),
      { 'index.ts': 'export class NoopSource {}' })
    await writePackage(join(root, 'i-other-api'), manifest('i-other-api', connector()), {
      'index.ts': 'class SourceConnector {}\nexport class NoopSource extends SourceConnector {}',
    })
    await writePackage(join(root, 'j-converter'), manifest('j-converter',
      { converters: [{ class: 'com.acme.Half', module: './c.js', export: 'Half' }] }), { 'c.js': 'export class Half { configure () {} }' })
    await writePackage(join(root, 'k-throws'), manifest('k-throws', connector()),
      { 'index.ts': 'export class NoopSource { constructor () { throw new Error(\'no licence key\') } }' })
    await writePackage(join(root, 'l-empty'), manifest('l-empty', {}))
    await writePackage(join(root, 'good'), manifest('good', connector()), { 'index.ts': SOURCE_TS })
    await writePackage(join(root, 'z-duplicate'), manifest('z-duplicate', connector()), { 'index.ts': SOURCE_TS })

    const { registry, report, lines } = await load([root, join(dir, 'does-not-exist')])
    assert.deepEqual(report.packages.map(p => p.name), ['good'])
    assert.equal(registry.resolve('com.acme.NoopSource').location, join(root, 'good'))

    const messages = report.failures.map(f => f.message)
    const expected: Array<[string, RegExp]> = [
      ['a-not-json', /^Could not read .*a-not-json\/package\.json: .*JSON.*Ignoring/],
      ['b-not-object', /^Plugin package b-not-object \(.*\) is skipped: "kconnect" must be an object, not "yes"$/],
      ['c-typo', /is skipped: "kconnect\.conectors" is not a manifest field; use module, connectors, converters, headerConverters, transforms, predicates$/],
      ['d-no-class', /is skipped: "kconnect\.connectors\[0\]\.class" must be a class name such as "com\.example\.MySourceConnector", not nothing$/],
      ['e-outside', /is skipped: "kconnect\.connectors\[0\]\.module" \(\.\.\/good\/index\.ts\) points outside the package$/],
      ['f-syntax', /is skipped: "kconnect\.connectors\[0\]\.module" \(.*f-syntax\/index\.ts\) failed to load: /],
      ['g-no-export', /is skipped: .*g-no-export\/index\.ts has no export 'Nope' \(from "kconnect\.connectors\[0\]\.export"\); it exports NoopSource$/],
      ['h-not-connector', /is skipped: com\.acme\.NoopSource \(from "kconnect\.connectors\[0\]"\) is not a connector; a connector must extend SourceConnector or SinkConnector from 'kconnect\/api'\.$/],
      ['i-other-api', /is skipped: .* is not a connector; .* It extends a different copy of the kconnect API: import the base classes from 'kconnect\/api'/],
      ['j-converter', /is skipped: com\.acme\.Half \(from "kconnect\.converters\[0\]"\) is not a converter: it has no fromConnectData, toConnectData method$/],
      ['k-throws', /is skipped: com\.acme\.NoopSource could not be created with no arguments: no licence key$/],
      ['l-empty', /is skipped: "kconnect" declares no plugins; list them in connectors, converters, headerConverters, transforms, predicates$/],
      ['z-duplicate', /^Plugin package z-duplicate \(.*\): A source plugin named com\.acme\.NoopSource is already registered/],
      ['does-not-exist', /^Could not read the plugin\.path entry '.*does-not-exist': ENOENT.*Ignoring it\.$/],
    ]
    assert.equal(messages.length, expected.length, messages.join('\n'))
    for (const [name, pattern] of expected) {
      const message = messages.find(m => m.includes(name))
      assert.ok(message !== undefined, `no failure mentions ${name}:\n${messages.join('\n')}`)
      assert.match(message, pattern)
    }
    // Every failure is logged at ERROR; a module that failed to load also gets its stack.
    assert.equal(lines.filter(l => l.includes(' ERROR ')).length, expected.length)
    assert.ok(lines.some(l => l.includes('SyntaxError')), 'the syntax error is shown')
  })

  it('does nothing for an empty plugin.path', async () => {
    for (const empty of [[], '', ' , ', null, undefined]) {
      const { registry, report } = await load(empty as string)
      assert.deepEqual(report, { packages: [], failures: [] })
      assert.deepEqual(registry.plugins(), [])
    }
  })
})
