// The version the FileStream connectors report. Kafka's report AppInfoParser.getVersion(), the
// version of the Kafka release they ship in; ours report the Kafka release they are compatible
// with, so GET /connector-plugins reads the same on both. It must match KAFKA_VERSION in
// scripts/servers/versions.ts (src/ cannot import scripts/; test/connectors/file/connectors.test.ts
// checks that the two agree).

/** The Apache Kafka release whose FileStream connectors ours reproduce. */
export const KAFKA_COMPAT_VERSION = '4.3.1'
