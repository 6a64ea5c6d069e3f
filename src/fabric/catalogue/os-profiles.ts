/**
 * OS fingerprint profiles: the per-namespace sysctls that make a decky's TCP/IP stack answer like the
 * operating system it pretends to be (spec/decnet-services-and-deckies.md §5.2).
 *
 * Every key here is one a fresh, non-init network namespace accepts and keeps to itself (checked on
 * kernel 6.18 as root, and pinned by os-profiles.test.ts). Namespace-wide-only knobs such as
 * `net.ipv4.tcp_congestion_control` (refused with EPERM outside the init namespace) and the global
 * `net.core.rmem_max` are deliberately absent: setting them would fail or touch the host.
 */

export type OsFamily = 'linux' | 'windows' | 'bsd' | 'embedded' | 'cisco';

export interface OsProfile {
  name: string;
  family: OsFamily;
  description: string;
  /** The IP TTL the stack starts from; the first thing every OS guesser reads. */
  ttl: number;
  /** sysctl name (relative to /proc/sys, dotted) → value as `sysctl -w` takes it. */
  sysctls: Readonly<Record<string, string>>;
}

/**
 * The knobs, and why each is here:
 * - ip_default_ttl: initial TTL (64 Linux/BSD, 128 Windows, 255 network gear and RTOS stacks).
 * - tcp_timestamps, tcp_window_scaling, tcp_sack: which options a SYN-ACK carries.
 * - tcp_ecn: whether a SYN-ACK answers an ECN-setup SYN with ECE (nmap's ECN probe).
 * - tcp_rmem: its middle value sets the SYN-ACK window (about half of it, rounded down to whole
 *   segments) and its top value the window-scale shift. Measured on a veth pair: 131072 gives 65160
 *   with timestamps / 64240 without; a 8388608 top gives WScale 8 (Windows); 11680 gives 5840 and
 *   8760 gives 4380 (small embedded stacks). The shift never drops below what net.core.rmem_max
 *   implies, which is the host's to choose, so BSD's WScale 6 is out of reach.
 * - tcp_wmem: send buffer sizing, kept proportionate to the receive side.
 * - tcp_syn_retries, tcp_synack_retries, tcp_fin_timeout: retransmission and teardown timing that
 *   slow scanners and the T-series probes observe.
 * - tcp_dsack: duplicate-SACK reporting, absent from stacks without SACK.
 * - ip_no_pmtu_disc: path-MTU discovery off, as on small embedded stacks.
 * - icmp_ratelimit, icmp_ratemask: how many ICMP errors come back to a UDP scan, and of which types.
 */
const LINUX_SYSCTLS = {
  'net.ipv4.ip_default_ttl': '64',
  'net.ipv4.tcp_syn_retries': '6',
  'net.ipv4.tcp_synack_retries': '5',
  'net.ipv4.tcp_timestamps': '1',
  'net.ipv4.tcp_window_scaling': '1',
  'net.ipv4.tcp_sack': '1',
  'net.ipv4.tcp_dsack': '1',
  'net.ipv4.tcp_ecn': '2',
  'net.ipv4.tcp_rmem': '4096 131072 6291456',
  'net.ipv4.tcp_wmem': '4096 16384 4194304',
  'net.ipv4.ip_no_pmtu_disc': '0',
  'net.ipv4.tcp_fin_timeout': '60',
  'net.ipv4.icmp_ratelimit': '1000',
  'net.ipv4.icmp_ratemask': '6168',
} as const satisfies Record<string, string>;

const WINDOWS_SYSCTLS = {
  'net.ipv4.ip_default_ttl': '128',
  'net.ipv4.tcp_syn_retries': '2',
  'net.ipv4.tcp_synack_retries': '2',
  // Windows leaves RFC 1323 timestamps off unless an application asks (spec §5.2, base revision).
  'net.ipv4.tcp_timestamps': '0',
  'net.ipv4.tcp_window_scaling': '1',
  'net.ipv4.tcp_sack': '1',
  'net.ipv4.tcp_dsack': '1',
  'net.ipv4.tcp_ecn': '0',
  // 64240 / WScale 8 in the SYN-ACK, the values a Windows 10 host advertises.
  'net.ipv4.tcp_rmem': '4096 131072 8388608',
  'net.ipv4.tcp_wmem': '4096 65536 4194304',
  'net.ipv4.ip_no_pmtu_disc': '0',
  'net.ipv4.tcp_fin_timeout': '30',
  // Windows does not rate-limit ICMP errors the way Linux does.
  'net.ipv4.icmp_ratelimit': '0',
  'net.ipv4.icmp_ratemask': '0',
} as const satisfies Record<string, string>;

const EMBEDDED_SYSCTLS = {
  'net.ipv4.ip_default_ttl': '255',
  'net.ipv4.tcp_syn_retries': '3',
  'net.ipv4.tcp_synack_retries': '3',
  'net.ipv4.tcp_timestamps': '0',
  'net.ipv4.tcp_window_scaling': '0',
  'net.ipv4.tcp_sack': '0',
  'net.ipv4.tcp_dsack': '0',
  'net.ipv4.tcp_ecn': '0',
  // A 5840-byte SYN-ACK window with MSS as the only option: the classic small-device answer.
  'net.ipv4.tcp_rmem': '4096 11680 65536',
  'net.ipv4.tcp_wmem': '4096 8192 65536',
  'net.ipv4.ip_no_pmtu_disc': '1',
  'net.ipv4.tcp_fin_timeout': '15',
  'net.ipv4.icmp_ratelimit': '0',
  'net.ipv4.icmp_ratemask': '0',
} as const satisfies Record<string, string>;

export const OS_PROFILES: readonly OsProfile[] = [
  {
    name: 'linux',
    family: 'linux',
    description: 'Linux 5.x/6.x defaults',
    ttl: 64,
    sysctls: LINUX_SYSCTLS,
  },
  {
    name: 'windows',
    family: 'windows',
    description: 'Windows 10/11 workstation',
    ttl: 128,
    sysctls: WINDOWS_SYSCTLS,
  },
  {
    name: 'windows_server',
    family: 'windows',
    description: 'Windows Server 2016-2022 (ECN negotiation on)',
    ttl: 128,
    // Server editions negotiate ECN by default (spec §5.2, HEAD revision).
    sysctls: { ...WINDOWS_SYSCTLS, 'net.ipv4.tcp_ecn': '1' },
  },
  {
    name: 'bsd',
    family: 'bsd',
    description: 'FreeBSD/OpenBSD-like stack',
    ttl: 64,
    sysctls: {
      ...LINUX_SYSCTLS,
      'net.ipv4.tcp_ecn': '0',
      'net.ipv4.tcp_synack_retries': '3',
      'net.ipv4.tcp_rmem': '4096 131072 4194304',
      // The reference uses 250 ms, but the kernel keeps this in jiffies: at HZ=250 it reads back as 252.
      // 200 ms is exact at HZ 100, 250, 300 and 1000, and still a quarter of Linux's 1000.
      'net.ipv4.icmp_ratelimit': '200',
    },
  },
  {
    name: 'embedded',
    family: 'embedded',
    description: 'small embedded stack: printers, cameras, PLCs, IoT',
    ttl: 255,
    sysctls: EMBEDDED_SYSCTLS,
  },
  {
    name: 'cisco',
    family: 'cisco',
    description: 'Cisco IOS router',
    ttl: 255,
    sysctls: {
      ...EMBEDDED_SYSCTLS,
      'net.ipv4.tcp_syn_retries': '2',
      'net.ipv4.tcp_synack_retries': '2',
      // IOS advertises 4128; 4380 (three segments) is the nearest Linux will send.
      'net.ipv4.tcp_rmem': '4096 8760 32768',
    },
  },
];

const BY_NAME = new Map(OS_PROFILES.map((p) => [p.name, p]));

export function osProfile(name: string): OsProfile | undefined {
  return BY_NAME.get(name);
}
