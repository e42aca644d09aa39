// The versions of the real servers that tests and benchmarks run. One place, so that the broker,
// Java Kafka Connect and the Java parity drivers always agree.

/**
 * Apache Kafka (broker, clients, Connect). 4.3.1 is the newest 4.x release that Maven Central
 * serves whole: 4.4.0 is listed there, but its connect-*, kafka-tools and kafka-tools-api jars are
 * missing (checked 2026-11-22), so neither the broker nor Java Connect of 4.4.0 can be resolved.
 */
export const KAFKA_VERSION = '4.3.1'

/** The log4j 2 release Kafka 4.3 is built with; its slf4j 1.x binding gives the broker a log. */
export const LOG4J_VERSION = '2.25.4'
