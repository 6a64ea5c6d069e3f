/** Limits and timings of the netns driver, in one place. */
export const NETNS_LIMITS = {
  /** Hex characters of an installation tag: 65 536 tags, so two installations on one host rarely share one. */
  tagHexChars: 4,
  /**
   * Hex characters of a decky's hash in its host link name: `dn` + tag + hash fills IFNAMSIZ - 1 = 15.
   * With 9 (36 bits) two of 1,000 deckies share a name about once in 140,000 fleets; creation still checks.
   */
  hostLinkHashHexChars: 9,
  /** Longest interface name the kernel accepts (IFNAMSIZ 16 includes the terminating NUL). */
  maxInterfaceNameChars: 15,
  /** Longest decky name in a namespace name: `decnet-<tag>-` plus this stays short enough to read in `ip netns`. */
  maxDeckyNameChars: 40,
  /** Longest token on an `ip -batch` line: the longest we write is an IPv4 CIDR or a 52-char namespace name. */
  maxBatchTokenChars: 64,
  /** An `ip` run that takes longer is stuck (a namespace mount blocked, rtnl held): kill it and fail. */
  ipCommandTimeoutMs: 30_000,
  /** Per-namespace `ip -n NS -batch -` processes run at once: enough to hide process start-up on 2 cores. */
  namespaceConfigConcurrency: 16,
  /** A socket helper with no request for this long exits by itself, so a crashed parent leaves none behind. */
  helperIdleMs: 30_000,
  /** A helper that has not said it is ready by then failed to start (node under `ip netns exec` takes ~60-300 ms). */
  helperStartTimeoutMs: 10_000,
  /** Wait this long for a helper told to exit before killing it. */
  helperExitTimeoutMs: 2_000,
  /** Bytes of a helper's stderr kept for error messages. */
  helperStderrMaxChars: 4_096,
} as const;
