// How a running connector talks back to the runtime (Kafka's ConnectorContext).

/** Given to a connector by initialize(); lets it ask for new task configs or report failure. */
export interface ConnectorContext {
  /**
   * Asks the runtime to call taskConfigs() again and restart the tasks with the result, e.g.
   * after the connector noticed that tables or partitions were added in the source system.
   */
  requestTaskReconfiguration (): void
  /** Reports an unrecoverable error: the connector moves to FAILED. */
  raiseError (error: Error): void
}
