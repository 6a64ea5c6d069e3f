/** Whether this host can run the netns driver, with a reason an operator can act on when not. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Capability bits (linux/capability.h): links and addresses need NET_ADMIN, `ip netns add` mounts (SYS_ADMIN). */
const CAP_NET_ADMIN = 12n;
const CAP_SYS_ADMIN = 21n;

const ALTERNATIVE = 'use --driver loopback, or run as root';

function effectiveCapabilities(): bigint | null {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((text) => text.startsWith('CapEff:'));
    return line ? BigInt(`0x${line.slice('CapEff:'.length).trim()}`) : null;
  } catch {
    return null;
  }
}

function hasCapability(capabilities: bigint, bit: bigint): boolean {
  return ((capabilities >> bit) & 1n) === 1n;
}

export function netnsAvailability(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux')
    return {
      ok: false,
      reason: `network namespaces need Linux, this is ${process.platform}; ${ALTERNATIVE}`,
    };
  if (!existsSync('/proc/self/ns/net'))
    return {
      ok: false,
      reason: `this kernel has no network namespaces (/proc/self/ns/net missing); ${ALTERNATIVE}`,
    };
  const capabilities = effectiveCapabilities();
  if (
    process.getuid?.() !== 0 &&
    (capabilities === null ||
      !hasCapability(capabilities, CAP_NET_ADMIN) ||
      !hasCapability(capabilities, CAP_SYS_ADMIN))
  )
    return {
      ok: false,
      reason: `not running as root (creating namespaces needs CAP_NET_ADMIN and CAP_SYS_ADMIN); ${ALTERNATIVE}`,
    };
  const version = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (version.error)
    return {
      ok: false,
      reason: `iproute2 \`ip\` cannot be run (${version.error.message}); install iproute2, or use --driver loopback`,
    };
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (list.status !== 0)
    return {
      ok: false,
      reason: `\`ip netns list\` failed: ${(list.stderr || list.error?.message || `exit ${list.status}`).trim()}; ${ALTERNATIVE}`,
    };
  return { ok: true };
}
