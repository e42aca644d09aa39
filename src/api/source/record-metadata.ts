// Where the producer wrote a source record (the part of Kafka's RecordMetadata a task may use).

/** The topic, partition, offset and timestamp Kafka gave a produced record. */
export interface RecordMetadata {
  readonly topic: string
  readonly partition: number
  /** The record's offset in its partition; -1n when unknown. */
  readonly offset: bigint
  /** The record's timestamp in epoch milliseconds; -1 when unknown. */
  readonly timestamp: number
}
