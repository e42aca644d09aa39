// connect.protocol and the subprotocols of Connect's group (Kafka's ConnectProtocolCompatibility).
// A worker offers, in order of preference, every subprotocol its setting allows; the broker picks
// the first one all members offer, so one eager worker turns a whole group eager, and a group of
// workers that all allow `sessioned` signs its internal requests (KIP-507).

import { ConnectException } from '../../../api/errors.ts'

/** connect.protocol: eager (v0 only), compatible (v1, then v0), sessioned (v2, v1, v0). */
export type ConnectProtocolCompatibility = 'eager' | 'compatible' | 'sessioned'

/** The eager protocol, Connect's first: every rebalance revokes everything. */
export const CONNECT_PROTOCOL_V0 = 0
/** Incremental cooperative rebalancing (KIP-415). */
export const CONNECT_PROTOCOL_V1 = 1
/** V1 on the wire, with session keys and signed internal requests (KIP-507). */
export const CONNECT_PROTOCOL_V2 = 2

const SUBPROTOCOLS: ReadonlyArray<{ readonly mode: ConnectProtocolCompatibility, readonly name: string, readonly version: number }> = [
  { mode: 'eager', name: 'default', version: CONNECT_PROTOCOL_V0 },
  { mode: 'compatible', name: 'compatible', version: CONNECT_PROTOCOL_V1 },
  { mode: 'sessioned', name: 'sessioned', version: CONNECT_PROTOCOL_V2 },
]

/** The JoinGroup protocol name of a mode: default, compatible or sessioned. */
export function protocolName (mode: ConnectProtocolCompatibility): string {
  return SUBPROTOCOLS.find(entry => entry.mode === mode)!.name
}

/** The protocol version of a mode: 0, 1 or 2. */
export function protocolVersion (mode: ConnectProtocolCompatibility): number {
  return SUBPROTOCOLS.find(entry => entry.mode === mode)!.version
}

/** The mode whose JoinGroup protocol name is `name` (case aside, as Java matches it). */
export function fromProtocolName (name: string): ConnectProtocolCompatibility {
  const found = SUBPROTOCOLS.find(entry => entry.name.toLowerCase() === name.toLowerCase())
  if (found === undefined) throw new ConnectException(`Not found Connect protocol compatibility mode for protocol: ${name}`)
  return found.mode
}

/** The mode of a protocol version. */
export function fromProtocolVersion (version: number): ConnectProtocolCompatibility {
  const found = SUBPROTOCOLS.find(entry => entry.version === version)
  if (found === undefined) throw new ConnectException(`Unknown Connect protocol version: ${version}`)
  return found.mode
}

/** The modes a worker with this setting offers in JoinGroup, most preferred first. */
export function offeredModes (mode: ConnectProtocolCompatibility): ConnectProtocolCompatibility[] {
  switch (mode) {
    case 'eager': return ['eager']
    case 'compatible': return ['compatible', 'eager']
    case 'sessioned': return ['sessioned', 'compatible', 'eager']
  }
}
