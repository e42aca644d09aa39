// The names that mark a primitive schema as one of Connect's logical types. They live apart from
// decimal.ts, date.ts, time.ts and timestamp.ts so that connect-schema.ts can know them without
// importing those modules (which build schemas when they load, and would form an import cycle).

/** The schema name of Decimal: BYTES holding a BigDecimal's unscaled value. */
export const DECIMAL_LOGICAL_NAME = 'org.apache.kafka.connect.data.Decimal'

/** The schema name of Date: INT32 days since the Unix epoch. */
export const DATE_LOGICAL_NAME = 'org.apache.kafka.connect.data.Date'

/** The schema name of Time: INT32 milliseconds since midnight. */
export const TIME_LOGICAL_NAME = 'org.apache.kafka.connect.data.Time'

/** The schema name of Timestamp: INT64 milliseconds since the Unix epoch. */
export const TIMESTAMP_LOGICAL_NAME = 'org.apache.kafka.connect.data.Timestamp'
