// Kafka's RangeAssignor ("range"), the first assignor of Java's default
// partition.assignment.strategy and so the one a group of Java consumers and kconnect agree on.
// For each topic, the members subscribed to it are sorted (static members by group.instance.id
// first, then by member id) and each takes a contiguous range of partitions; the first
// (partitions % members) members take one more.

/** One group member's subscription, as the group leader sees it. */
export interface MemberSubscription {
  readonly memberId: string
  readonly groupInstanceId: string | null
  readonly topics: readonly string[]
}

/** The protocol name of this assignor in JoinGroup. */
export const RANGE_ASSIGNOR_NAME = 'range'

function compareMembers (a: MemberSubscription, b: MemberSubscription): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null) return compareStrings(a.groupInstanceId, b.groupInstanceId)
  if (a.groupInstanceId !== null) return -1
  if (b.groupInstanceId !== null) return 1
  return compareStrings(a.memberId, b.memberId)
}

// Java's String.compareTo compares UTF-16 code units, as JavaScript's < does.
function compareStrings (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The partitions of each member: memberId → topic → partitions (ascending). Topics missing from
 * `partitionCounts` (not existing) assign nothing. Every member appears, possibly with nothing.
 */
export function rangeAssign (members: readonly MemberSubscription[], partitionCounts: ReadonlyMap<string, number>): Map<string, Map<string, number[]>> {
  const assignment = new Map<string, Map<string, number[]>>()
  for (const member of members) assignment.set(member.memberId, new Map())

  const topics = new Set(members.flatMap(member => member.topics))
  for (const topic of [...topics].sort(compareStrings)) {
    const partitions = partitionCounts.get(topic) ?? 0
    if (partitions === 0) continue
    const subscribers = members.filter(member => member.topics.includes(topic)).sort(compareMembers)
    const perMember = Math.floor(partitions / subscribers.length)
    const withExtra = partitions % subscribers.length
    subscribers.forEach((member, i) => {
      const start = perMember * i + Math.min(i, withExtra)
      const length = perMember + (i < withExtra ? 1 : 0)
      if (length === 0) return
      assignment.get(member.memberId)!.set(topic, Array.from({ length }, (_, j) => start + j))
    })
  }
  return assignment
}
