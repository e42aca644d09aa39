// Reading the source offsets the runtime has committed (Kafka's OffsetStorageReader). A source
// partition and a source offset are plain objects, such as { filename: 'in.txt' } and
// { position: 120 }, the same as a SourceRecord's sourcePartition and sourceOffset.

/** Looks up committed source offsets; a task uses it on start to resume where it left off. */
export interface OffsetStorageReader {
  /** The committed offset of `partition`, or null if none was committed. */
  offset (partition: Record<string, unknown>): Promise<Record<string, unknown> | null>
  /**
   * The committed offsets of several partitions at once, keyed by the very partition objects
   * passed in; a partition with no committed offset maps to null. Rejects only when the whole
   * lookup failed (the offset store unreachable).
   */
  offsets (partitions: ReadonlyArray<Record<string, unknown>>): Promise<Map<Record<string, unknown>, Record<string, unknown> | null>>
}
