// The settings every distributed worker on a one-broker test or benchmark cluster needs, whichever
// engine runs it: its group, and three internal topics of its own with one replica each (a single
// broker cannot hold Kafka's default of three).

/** bootstrap.servers, group.id `groupId`, and the internal topics `<groupId>-configs`, `-offsets`, `-status` with one replica. */
export function oneBrokerClusterSettings (bootstrap: string, groupId: string): Record<string, string> {
  return {
    'bootstrap.servers': bootstrap,
    'group.id': groupId,
    'config.storage.topic': `${groupId}-configs`,
    'offset.storage.topic': `${groupId}-offsets`,
    'status.storage.topic': `${groupId}-status`,
    'config.storage.replication.factor': '1',
    'offset.storage.replication.factor': '1',
    'status.storage.replication.factor': '1',
  }
}
