// The range assignor against the assignments Kafka's RangeAssignor documents and its unit tests
// expect (RangeAssignorTest: one consumer, two consumers over two topics, uneven counts, static members).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { rangeAssign } from '../../../src/log/kafka/range-assignor.ts'

function plain (assignment: Map<string, Map<string, number[]>>): Record<string, Record<string, number[]>> {
  return Object.fromEntries([...assignment].map(([member, topics]) => [member, Object.fromEntries(topics)]))
}

describe('the range assignor', () => {
  test('two consumers, two topics of three partitions: the first takes two of each (Kafka\'s javadoc example)', () => {
    const members = [
      { memberId: 'C1', groupInstanceId: null, topics: ['t0', 't1'] },
      { memberId: 'C0', groupInstanceId: null, topics: ['t1', 't0'] },
    ]
    assert.deepEqual(plain(rangeAssign(members, new Map([['t0', 3], ['t1', 3]]))), {
      C0: { t0: [0, 1], t1: [0, 1] },
      C1: { t0: [2], t1: [2] },
    })
  })

  test('each topic is split among its own subscribers only', () => {
    const members = [
      { memberId: 'a', groupInstanceId: null, topics: ['x'] },
      { memberId: 'b', groupInstanceId: null, topics: ['x', 'y'] },
      { memberId: 'c', groupInstanceId: null, topics: ['y'] },
    ]
    assert.deepEqual(plain(rangeAssign(members, new Map([['x', 5], ['y', 2]]))), {
      a: { x: [0, 1, 2] },
      b: { x: [3, 4], y: [0] },
      c: { y: [1] },
    })
  })

  test('more members than partitions: the last ones get nothing; missing topics assign nothing', () => {
    const members = ['m3', 'm1', 'm2'].map(memberId => ({ memberId, groupInstanceId: null, topics: ['t', 'gone'] }))
    assert.deepEqual(plain(rangeAssign(members, new Map([['t', 2]]))), { m1: { t: [0] }, m2: { t: [1] }, m3: {} })
  })

  test('static members sort first, by group.instance.id, as Java\'s MemberInfo does', () => {
    const members = [
      { memberId: 'a', groupInstanceId: null, topics: ['t'] },
      { memberId: 'z', groupInstanceId: 'instance-2', topics: ['t'] },
      { memberId: 'y', groupInstanceId: 'instance-1', topics: ['t'] },
    ]
    assert.deepEqual(plain(rangeAssign(members, new Map([['t', 3]]))), { y: { t: [0] }, z: { t: [1] }, a: { t: [2] } })
  })
})
