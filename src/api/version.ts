// The Apache Kafka release kconnect reproduces: its Connect REST API, configs, converters and
// FileStream connectors. The built-in plugins report it as their version, as Kafka's report the
// release they ship in, so GET /connector-plugins reads the same on both; a connector package may
// report it too. It must equal KAFKA_VERSION in scripts/servers/versions.ts, the release the tests
// run against (src/ cannot import scripts/; test/api/version.test.ts checks that the two agree).

/** The Apache Kafka release whose Connect kconnect reproduces. */
export const KAFKA_COMPAT_VERSION = '4.3.1'
