// The partitioner against values computed by Kafka 4.3.1's own Utils.murmur2 and
// BuiltInPartitioner.partitionForKey (a scratch Java program run once; the numbers are below), so
// a key lands on the partition a Java producer would choose.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DefaultPartitioner, murmur2, partitionForKey, toPositive } from '../../src/log/partitioner.ts'

// [key, Utils.murmur2, partitionForKey with 3, 7 and 100 partitions]
const STRING_KEYS: Array<[string, number, number, number, number]> = [
  ['', 275646681, 0, 2, 81],
  ['a', -1563381124, 1, 5, 24],
  ['ab', 316155434, 2, 0, 34],
  ['abc', 479470107, 0, 4, 7],
  ['abcd', -1323649548, 2, 5, 0],
  ['key-1', 193331640, 0, 5, 40],
  ['key-2', 852269702, 2, 4, 2],
  ['hello world', 1221641059, 1, 2, 59],
  ['ünïcødé ✓', 1258380168, 0, 3, 68],
  ['connector-config-1', -1744905412, 1, 4, 36],
  ['{"schema":null,"payload":"x"}', 1403976618, 0, 2, 18],
]

// Bytes 0xF0 + 7i (high bits set, every tail length 0..3 twice), Java's results as above.
const BYTE_KEYS: Array<[number, number, number, number, number]> = [
  [0, 275646681, 0, 2, 81],
  [1, -1219306261, 1, 4, 87],
  [2, 883289792, 2, 0, 92],
  [3, 786332355, 0, 4, 55],
  [4, 526473383, 2, 2, 83],
  [5, -1632245101, 1, 5, 47],
  [6, 1124366786, 2, 4, 86],
  [7, 766875061, 1, 1, 61],
  [8, -2075495006, 0, 5, 42],
  [9, -1907290031, 0, 6, 17],
]

function bytesOfLength (length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (0xF0 + i * 7) & 0xff)
}

describe('murmur2 and the default partitioner', () => {
  test('murmur2 of UTF-8 keys equals Java\'s Utils.murmur2', () => {
    for (const [key, hash] of STRING_KEYS) assert.equal(murmur2(Buffer.from(key, 'utf8')), hash, `key ${JSON.stringify(key)}`)
  })

  test('murmur2 of bytes with the high bit set, for every tail length, equals Java\'s', () => {
    for (const [length, hash] of BYTE_KEYS) assert.equal(murmur2(bytesOfLength(length)), hash, `length ${length}`)
  })

  test('a key lands on the partition Java\'s BuiltInPartitioner.partitionForKey chooses', () => {
    const cases = [
      ...STRING_KEYS.map(([key, , p3, p7, p100]) => [Buffer.from(key, 'utf8'), p3, p7, p100] as const),
      ...BYTE_KEYS.map(([length, , p3, p7, p100]) => [bytesOfLength(length), p3, p7, p100] as const),
    ]
    for (const [key, p3, p7, p100] of cases) {
      assert.deepEqual([partitionForKey(key, 3), partitionForKey(key, 7), partitionForKey(key, 100)], [p3, p7, p100])
    }
  })

  test('toPositive drops the sign bit as Java\'s Utils.toPositive does', () => {
    assert.equal(toPositive(-1), 0x7fffffff)
    assert.equal(toPositive(-2147483648), 0)
    assert.equal(toPositive(123), 123)
  })

  test('unkeyed records go round-robin per topic; keyed ones by hash', () => {
    const partitioner = new DefaultPartitioner()
    assert.deepEqual([0, 1, 2, 3, 4].map(() => partitioner.partition('a', null, 3)), [0, 1, 2, 0, 1])
    assert.equal(partitioner.partition('b', null, 3), 0, 'each topic has its own turn')
    assert.equal(partitioner.partition('a', Buffer.from('key-1'), 7), 5)
    assert.equal(partitioner.partition('a', null, 3), 2, 'a keyed record does not take a turn')
  })
})
