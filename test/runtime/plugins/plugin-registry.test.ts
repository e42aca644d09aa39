import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConnectException } from '../../../src/api/errors.ts'
import { builtinPluginRegistry } from '../../../src/runtime/plugins/builtin-plugins.ts'
import { PluginRegistry, prunedName, simpleName } from '../../../src/runtime/plugins/plugin-registry.ts'

test('a connector resolves by full name, simple name and simple name without "Connector"', () => {
  const registry = builtinPluginRegistry()
  for (const name of ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'FileStreamSourceConnector', 'FileStreamSource']) {
    assert.equal(registry.find(name, 'source', 'sink')?.className, 'org.apache.kafka.connect.file.FileStreamSourceConnector', name)
  }
  assert.equal(registry.find('FileStreamSink', 'source', 'sink')?.type, 'sink')
  // A connector name does not resolve to a converter, nor the other way round.
  assert.equal(registry.find('FileStreamSource', 'converter'), undefined)
  assert.equal(registry.find('JsonConverter', 'source', 'sink'), undefined)
})

test('converters resolve by alias, and one class can be both a converter and a header converter', () => {
  const registry = builtinPluginRegistry()
  assert.equal(registry.find('JsonConverter', 'converter')?.type, 'converter')
  assert.equal(registry.find('JsonConverter', 'header_converter')?.type, 'header_converter')
  assert.equal(registry.find('Json', 'converter')?.className, 'org.apache.kafka.connect.json.JsonConverter')
  assert.equal(registry.find('Simple', 'header_converter')?.className, 'org.apache.kafka.connect.storage.SimpleHeaderConverter')
  assert.equal(registry.find('SimpleHeaderConverter', 'converter'), undefined)
})

test('aliases claimed by two plugins resolve to neither, and the error says so', () => {
  const registry = new PluginRegistry()
  const plugin = (className: string) => ({ className, type: 'source' as const, create: () => ({}) })
  registry.register(plugin('com.a.MySourceConnector'))
  registry.register(plugin('com.b.MySourceConnector'))
  registry.register(plugin('com.b.OtherSourceConnector'))
  assert.equal(registry.find('MySource'), undefined)
  assert.equal(registry.find('com.b.MySourceConnector')?.className, 'com.b.MySourceConnector')
  assert.equal(registry.find('OtherSource')?.className, 'com.b.OtherSourceConnector')
  assert.match(registry.notFoundMessage('MySource', 'source'), /^More than one connector matches alias MySource\. Please use full package and class name instead\. Classes found: com\.a\.MySourceConnector, com\.b\.MySourceConnector$/)
})

test('an unknown name fails with Java\'s message plus the closest names', () => {
  const registry = builtinPluginRegistry()
  assert.throws(() => registry.resolve('FileStreamSorce', 'source', 'sink'), ConnectException)
  const message = registry.notFoundMessage('FileStreamSorce', 'source', 'sink')
  assert.match(message, /^Failed to find any class that implements Connector and which name matches FileStreamSorce, available connectors are: /)
  assert.match(message, /org\.apache\.kafka\.connect\.file\.FileStreamSinkConnector, org\.apache\.kafka\.connect\.file\.FileStreamSourceConnector/)
  assert.match(message, /Did you mean FileStreamSource\b/)
  assert.deepEqual(registry.closeMatches('jsonconverter', 'converter'), ['JsonConverter'])
  assert.deepEqual(registry.closeMatches('nothing-like-it', 'converter'), [])
})

test('GET /connector-plugins lists sinks, sources, transformations, predicates, then converters and header converters, sorted, with versions', () => {
  const registry = builtinPluginRegistry()
  assert.deepEqual(registry.pluginInfos(true), [
    { class: 'org.apache.kafka.connect.file.FileStreamSinkConnector', type: 'sink', version: '4.3.1' },
    { class: 'org.apache.kafka.connect.file.FileStreamSourceConnector', type: 'source', version: '4.3.1' },
  ])
  const all = registry.pluginInfos(false)
  assert.deepEqual([...new Set(all.map(p => p.type))], ['sink', 'source', 'transformation', 'predicate', 'converter', 'header_converter'])
  const converters = all.filter(p => p.type === 'converter').map(p => p.class)
  assert.deepEqual(converters, [...converters].sort())
  assert.ok(all.some(p => p.type === 'header_converter' && p.class === 'org.apache.kafka.connect.storage.SimpleHeaderConverter'))
})

test('registering twice, without a create function, or with an unknown type is refused', () => {
  const registry = new PluginRegistry()
  registry.register({ className: 'a.B', type: 'sink', create: () => ({}) })
  assert.throws(() => registry.register({ className: 'a.B', type: 'sink', create: () => ({}) }), /already registered/)
  registry.register({ className: 'a.B', type: 'source', create: () => ({}) })
  assert.throws(() => registry.register({ className: 'a.C', type: 'sink' } as never), /no create\(\) function/)
  assert.throws(() => registry.register({ className: 'a.D', type: 'thing', create: () => ({}) } as never), /unknown type 'thing'/)
})

test('simple and pruned names follow Java (nested classes use the part after $)', () => {
  assert.equal(simpleName('org.apache.kafka.connect.transforms.InsertField$Value'), 'Value')
  assert.equal(prunedName('org.apache.kafka.connect.json.JsonConverter', 'converter'), 'Json')
  assert.equal(prunedName('com.x.FooHeaderConverter', 'header_converter'), 'Foo')
  assert.equal(prunedName('com.x.Connector', 'source'), 'Connector')
})
