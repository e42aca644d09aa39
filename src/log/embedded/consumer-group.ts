// In-process consumer groups: the consumers of one process that share a group.id split the
// partitions of their subscriptions, as Kafka's classic group protocol does with the range
// assignor and eager rebalancing. When a member joins or leaves (or a subscribed topic appears),
// a new generation starts: every member gives up all its partitions (its revoke callback runs in
// its next poll), and only when all have done so does each get its new share. So no partition is
// ever read by two members at once, and a member can commit what it processed before losing it.
//
// A member that does not come back to poll() within its max.poll.interval.ms while the others
// wait is dropped from the group, as Kafka's coordinator drops it; it finds out at its next poll.

import { TopicPartition } from '../../api/sink/topic-partition.ts'

/** What the group needs of one of its consumers. */
export interface GroupMember {
  readonly memberId: string
  /** max.poll.interval.ms: how long a rebalance waits for this member to give up its partitions. */
  readonly rebalanceTimeoutMs: number
  /** Which of the existing topics this member subscribes to. */
  subscribedTopics (existingTopics: readonly string[]): string[]
  /** Wakes the member's poll(): the group has news for it. */
  groupChanged (): void
}

/** The topics a group assigns from: their names and partition counts. */
export interface GroupTopics {
  names (): string[]
  partitions (topic: string): number | undefined
}

/** One consumer group of this process. */
export class ConsumerGroup {
  readonly groupId: string
  readonly #topics: GroupTopics
  readonly #members = new Map<string, GroupMember>()
  #generation = 0
  /** Members of the current generation that have not given up their old partitions yet. */
  #awaiting = new Set<string>()
  /** The current generation's assignment; null while the rebalance waits for members. */
  #assignment: Map<string, TopicPartition[]> | null = new Map()
  #timeout: NodeJS.Timeout | undefined

  constructor (groupId: string, topics: GroupTopics) {
    this.groupId = groupId
    this.#topics = topics
  }

  /** The current generation; it changes with every rebalance. */
  get generation (): number {
    return this.#generation
  }

  /** Whether the group has no members (only then may an admin alter its offsets). */
  get isEmpty (): boolean {
    return this.#members.size === 0
  }

  /** Whether this member is in the group (false once it left or was dropped). */
  has (memberId: string): boolean {
    return this.#members.has(memberId)
  }

  /** Whether a member subscribes to this topic. */
  isSubscribedTo (topic: string): boolean {
    return [...this.#members.values()].some(member => member.subscribedTopics([topic]).length > 0)
  }

  /** Adds a member and starts a rebalance. */
  join (member: GroupMember): void {
    this.#members.set(member.memberId, member)
    this.#rebalance()
  }

  /** Removes a member (which has given up its partitions) and starts a rebalance for the others. */
  leave (memberId: string): void {
    if (!this.#members.delete(memberId)) return
    this.#rebalance()
  }

  /** A member changed its subscription. */
  subscriptionChanged (memberId: string): void {
    if (this.#members.has(memberId)) this.#rebalance()
  }

  /** Topics were created: rebalance when a member subscribes to one of them. */
  topicsCreated (names: readonly string[]): void {
    if ([...this.#members.values()].some(member => member.subscribedTopics(names).length > 0)) this.#rebalance()
  }

  /** The member holds no partitions of generations before `generation` any more. */
  revoked (memberId: string, generation: number): void {
    if (generation !== this.#generation || !this.#awaiting.delete(memberId)) return
    if (this.#awaiting.size === 0) this.#assign()
  }

  /** The member's partitions in `generation`, or undefined while that generation is not assigned yet. */
  assignmentOf (memberId: string, generation: number): TopicPartition[] | undefined {
    if (generation !== this.#generation || this.#assignment === null) return undefined
    return this.#assignment.get(memberId) ?? []
  }

  /** Stops the timer of a pending rebalance (the log is closing). */
  close (): void {
    clearTimeout(this.#timeout)
  }

  #rebalance (): void {
    this.#generation++
    this.#assignment = null
    this.#awaiting = new Set(this.#members.keys())
    clearTimeout(this.#timeout)
    if (this.#awaiting.size === 0) {
      this.#assign()
      return
    }
    const timeoutMs = Math.max(...[...this.#members.values()].map(member => member.rebalanceTimeoutMs))
    const generation = this.#generation
    this.#timeout = setTimeout(() => this.#dropLaggards(generation), timeoutMs)
    this.#timeout.unref()
    for (const member of this.#members.values()) member.groupChanged()
  }

  #dropLaggards (generation: number): void {
    if (generation !== this.#generation || this.#assignment !== null) return
    for (const memberId of this.#awaiting) this.#members.get(memberId)?.groupChanged()
    for (const memberId of this.#awaiting) this.#members.delete(memberId)
    this.#awaiting.clear()
    this.#assign()
  }

  // Kafka's RangeAssignor: per topic, the members subscribed to it in member id order each get a
  // contiguous range of partitions, the first (partitions % members) of them one more.
  #assign (): void {
    clearTimeout(this.#timeout)
    const assignment = new Map<string, TopicPartition[]>()
    const existing = this.#topics.names()
    const membersByTopic = new Map<string, string[]>()
    for (const member of this.#members.values()) {
      assignment.set(member.memberId, [])
      for (const topic of member.subscribedTopics(existing)) {
        let subscribers = membersByTopic.get(topic)
        if (subscribers === undefined) membersByTopic.set(topic, subscribers = [])
        subscribers.push(member.memberId)
      }
    }
    for (const [topic, subscribers] of membersByTopic) {
      const partitions = this.#topics.partitions(topic) ?? 0
      subscribers.sort()
      const perMember = Math.floor(partitions / subscribers.length)
      const extra = partitions % subscribers.length
      for (const [i, memberId] of subscribers.entries()) {
        const start = perMember * i + Math.min(i, extra)
        const length = perMember + (i < extra ? 1 : 0)
        for (let p = start; p < start + length; p++) assignment.get(memberId)?.push(new TopicPartition(topic, p))
      }
    }
    this.#assignment = assignment
    for (const member of this.#members.values()) member.groupChanged()
  }
}
