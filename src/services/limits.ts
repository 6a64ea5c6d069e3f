/**
 * Every bound a service works within, in one place (STYLE.md "Names and numbers"). The fabric builds each
 * service's `ServiceLimits` from `defaultServiceLimits` and the operator's config; the connection guard
 * and the writers take the rest from here.
 */
import type { ServiceLimits } from './service.js';

export const SERVICE_LIMITS = {
  /**
   * Concurrent connections one source IP may hold to one decky. Enough for a scanner's parallel probes
   * (nmap -sV opens a handful per port) and a brute-forcer's pool, while one source can never take the
   * whole decky (sshd's MaxStartups begins dropping at 10 unauthenticated connections; a decky serves
   * many protocols, so more).
   */
  maxConnectionsPerSource: 64,
  /**
   * Concurrent connections one decky holds. One fabric process serves every decky, so this bounds the
   * file descriptors and memory one noisy decky can take from the others.
   */
  maxConnectionsPerDecky: 1024,
  /** Idle time before a connection is closed: OpenSSH's LoginGraceTime default, the longest wait a real login phase allows. */
  idleTimeoutMs: 120_000,
  /**
   * Bytes read from one connection. The pre-authentication exchanges these services speak need a few
   * KiB; 1 MiB leaves room for a pasted script or an upload probe and cuts a flood early.
   */
  maxBytesPerConnection: 1024 * 1024,
  /**
   * Bytes of a client's first data kept in a log line: a request line with headers, an SSH ident, a
   * TLS ClientHello or an SMB negotiate fits, and an escaped line stays a few KiB.
   */
  maxLoggedBytes: 1024,
  /** How long after its first byte a client's first message may take to complete before it is logged as is. */
  firstBytesWindowMs: 5_000,
  /**
   * Bytes a writer holds for a client that does not read (its own queue plus the socket's buffer, once
   * the kernel's is full). Greetings and replies are a few KiB; a client that lets this fill is dropped.
   */
  maxQueuedWriteBytes: 64 * 1024,
  /**
   * Bytes sent per tarpit delay: a greeting dripped a few bytes at a time holds a scanner for
   * (length / 16) delays, the way endlessh holds SSH clients (spec: "drip banners in the service").
   */
  tarpitDripBytes: 16,
} as const;

/** The limits a service gets when the operator sets none. */
export const defaultServiceLimits: Readonly<ServiceLimits> = Object.freeze({
  idleTimeoutMs: SERVICE_LIMITS.idleTimeoutMs,
  maxBytesPerConnection: SERVICE_LIMITS.maxBytesPerConnection,
  maxLoggedBytes: SERVICE_LIMITS.maxLoggedBytes,
});
