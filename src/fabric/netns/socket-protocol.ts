/**
 * Messages between the socket broker (parent, root namespace) and the socket helper (child inside a
 * decky's namespace), over Node's IPC channel. Listening sockets cross it as handles, the way `cluster`
 * hands servers to workers (DESIGN.md "Decky fabric").
 *
 * A listen goes: parent `listen` → helper `listening` + handle → parent `release` → helper closes its
 * own copy of the socket, `released`. The helper keeps its copy until the parent has the handle, because
 * Node re-sends a handle the receiver did not acknowledge; until then whatever the helper's copy takes in
 * (a connection, a datagram) is forwarded to the parent rather than lost.
 */

export type BrokerRequest =
  | { op: 'sysctl'; values: Record<string, string> }
  | { op: 'listen'; id: number; protocol: 'tcp' | 'udp'; host: string; port: number }
  | { op: 'release'; id: number }
  | { op: 'exit' };

export type HelperReply =
  | { op: 'ready' }
  | { op: 'sysctl'; ok: true }
  | { op: 'sysctl'; ok: false; error: string }
  | { op: 'listening'; id: number; ok: true }
  | { op: 'listening'; id: number; ok: false; code: string; message: string }
  /** A TCP connection the helper's copy accepted before release; the socket is the handle. */
  | { op: 'connection'; id: number }
  /** A datagram the helper's copy received before release. */
  | { op: 'datagram'; id: number; data: string; address: string; family: string; port: number; size: number }
  | { op: 'released'; id: number };

/**
 * A sysctl key: dotted words, no empty segment, so `net.ipv4.ip_default_ttl` becomes
 * /proc/sys/net/ipv4/ip_default_ttl and nothing can climb out of /proc/sys.
 */
export const SYSCTL_KEY_PATTERN = /^[a-z0-9_]+(?:\.[a-z0-9_]+)*$/;
/** A sysctl value: numbers separated by blanks (`ip_local_port_range` is "32768 60999"). */
export const SYSCTL_VALUE_PATTERN = /^[0-9 \t]+$/;
