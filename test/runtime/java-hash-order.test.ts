// Expected orders printed by Java 17's java.util.HashMap for the same keys, put in the same order.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { javaHashCode, javaHashMapOrder, javaStringHashCode } from '../../src/runtime/java-hash-order.ts'

test('task configs: new HashMap<>(connectorConfig) plus task.class, as Worker.connectorTaskConfigs builds them', () => {
  const keys = ['connector.class', 'file', 'topic', 'tasks.max', 'name']
  assert.deepEqual(javaHashMapOrder([...keys, 'task.class'], javaStringHashCode, { kind: 'copy', size: keys.length }),
    ['connector.class', 'name', 'topic', 'file', 'task.class', 'tasks.max'])
  const more = ['connector.class', 'file', 'topics', 'tasks.max', 'name', 'key.converter', 'value.converter', 'errors.tolerance', 'a', 'b', 'c', 'd']
  assert.deepEqual(javaHashMapOrder([...more, 'task.class'], javaStringHashCode, { kind: 'copy', size: more.length }),
    ['connector.class', 'a', 'b', 'c', 'd', 'topics', 'tasks.max', 'file', 'task.class', 'name', 'errors.tolerance', 'value.converter', 'key.converter'])
})

test('a default HashMap, small and after resizes', () => {
  assert.deepEqual(javaHashMapOrder(['kafka_topic', 'kafka_partition'], javaStringHashCode), ['kafka_partition', 'kafka_topic'])
  const names = Array.from({ length: 30 }, (_, i) => `connector-${i}`)
  assert.deepEqual(javaHashMapOrder(names, javaStringHashCode), [21, 20, 16, 15, 18, 17, 12, 11, 14, 13, 19, 10, 27, 26, 29, 28, 23, 22, 8, 25, 9, 24, 6, 7, 4, 5, 2, 3, 0, 1].map(i => `connector-${i}`))
})

test('maps as keys hash like Java maps of Strings and Longs', () => {
  const partitions = [0, 1, 2, 3, 4].map(i => ({ filename: `/tmp/f${i}` }) as Record<string, unknown>)
    .concat([0n, 1n, 2n].map(i => ({ position: i })))
  const order = javaHashMapOrder(partitions, javaHashCode).map(p => 'filename' in p ? p.filename : `position=${p.position}`)
  assert.deepEqual(order, ['/tmp/f0', 'position=2', '/tmp/f2', 'position=1', '/tmp/f1', 'position=0', '/tmp/f4', '/tmp/f3'])
})

test('a copy of a copy: the task configs the herder stores (Worker copies, AbstractHerder.reverseTransform copies again)', async () => {
  const { inJavaHashMapOrder } = await import('../../src/runtime/java-hash-order.ts')
  const first = inJavaHashMapOrder({ 'connector.class': 'x', file: 'x', topic: 'x', 'tasks.max': '1', name: 'x', 'task.class': 'y' }, { kind: 'copy', size: 5 })
  // What Java Connect 4.3.1 answers for a FileStreamSource's GET /connectors/{c}/tasks.
  assert.deepEqual(Object.keys(inJavaHashMapOrder(first, { kind: 'copy', size: 6 })), ['connector.class', 'file', 'task.class', 'tasks.max', 'name', 'topic'])
})
