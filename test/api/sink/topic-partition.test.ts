import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ConnectException } from '../../../src/api/errors.ts'
import { OffsetAndMetadata } from '../../../src/api/sink/offset-and-metadata.ts'
import { TopicPartition, TopicPartitionMap } from '../../../src/api/sink/topic-partition.ts'

describe('TopicPartition', () => {
  test('compares by value and prints as Kafka does', () => {
    const tp = new TopicPartition('orders-eu', 3)
    assert.ok(tp.equals(new TopicPartition('orders-eu', 3)))
    assert.ok(!tp.equals(new TopicPartition('orders-eu', 4)))
    assert.equal(String(tp), 'orders-eu-3')
    assert.equal(TopicPartition.from(tp), tp)
    assert.ok(TopicPartition.from({ topic: 'a', partition: 1 }).equals(new TopicPartition('a', 1)))
  })

  test('refuses a partition that is not an integer', () => {
    assert.throws(() => new TopicPartition('a', 1.5), ConnectException)
    assert.throws(() => new TopicPartition('a', Number('x')), ConnectException)
  })
})

describe('TopicPartitionMap', () => {
  test('treats equal topic partitions, and literals, as the same key', () => {
    const map = new TopicPartitionMap<bigint>()
    map.set(new TopicPartition('t', 0), 1n)
    map.set({ topic: 't', partition: 0 }, 2n)
    map.set(new TopicPartition('t', 1), 3n)
    assert.equal(map.size, 2)
    assert.equal(map.get(new TopicPartition('t', 0)), 2n)
    assert.ok(map.has({ topic: 't', partition: 1 }))
    assert.ok(!map.has({ topic: 't', partition: 2 }))
    assert.ok([...map.keys()].every(k => k instanceof TopicPartition))
  })

  test('keeps a topic ending in a dash and digits apart from a partition number', () => {
    const map = new TopicPartitionMap([[{ topic: 'a-1', partition: 2 }, 'x'], [{ topic: 'a', partition: 12 }, 'y']])
    assert.equal(map.size, 2)
    assert.equal(map.get({ topic: 'a-1', partition: 2 }), 'x')
  })

  test('iterates in insertion order like a Map, and deletes and clears', () => {
    const map = new TopicPartitionMap<string>([[{ topic: 'b', partition: 0 }, 'first'], [{ topic: 'a', partition: 0 }, 'second']])
    assert.deepEqual([...map].map(([tp, v]) => [String(tp), v]), [['b-0', 'first'], ['a-0', 'second']])
    assert.deepEqual([...map.values()], ['first', 'second'])
    const seen: string[] = []
    map.forEach((value, tp) => seen.push(`${tp}=${value}`))
    assert.deepEqual(seen, ['b-0=first', 'a-0=second'])
    assert.equal(String(map), '{b-0=first, a-0=second}')
    assert.ok(map.delete({ topic: 'b', partition: 0 }))
    assert.ok(!map.delete({ topic: 'b', partition: 0 }))
    map.clear()
    assert.equal(map.size, 0)
  })
})

describe('OffsetAndMetadata', () => {
  test('holds a non-negative bigint offset', () => {
    const offset = new OffsetAndMetadata(5n, 'meta', 3)
    assert.equal(offset.offset, 5n)
    assert.ok(offset.equals(new OffsetAndMetadata(5n, 'meta', 3)))
    assert.ok(!offset.equals(new OffsetAndMetadata(5n)))
    assert.equal(String(new OffsetAndMetadata(7n)), "OffsetAndMetadata{offset=7, leaderEpoch=null, metadata=''}")
    assert.throws(() => new OffsetAndMetadata(-1n), { message: 'Invalid negative offset -1' })
    assert.throws(() => new OffsetAndMetadata(5 as unknown as bigint), ConnectException)
  })
})
