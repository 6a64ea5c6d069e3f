/** Every bound an HTTP/2 connection works within (STYLE.md "Names and numbers"). */
export const H2_LIMITS = {
  /**
   * Largest non-DATA frame held in memory. DATA is streamed and never held; a header block is bounded
   * by `maxHeaderBlockBytes` across its CONTINUATIONs; SETTINGS, PING, GOAWAY … are a few bytes.
   */
  maxBufferedFrameBytes: 65_536,
  /** One request's header block, HEADERS and CONTINUATIONs together (nghttp2's default max header list is 64k). */
  maxHeaderBlockBytes: 65_536,
  /** CONTINUATION frames in one header block (CVE-2024-27316 style floods send endless empty ones). */
  maxContinuationFrames: 32,
  /** Entries in one SETTINGS frame: RFC 9113 §6.5.2 defines 6, browsers send up to 8 with GREASE. */
  maxSettingsEntries: 32,
  /** PRIORITY frames before the first request kept for the fingerprint (old Firefox sent 5). */
  maxFingerprintPriorities: 16,
  /** Requests on one connection before a graceful GOAWAY (nginx's keepalive_requests default 1000). */
  maxRequestsPerConnection: 1000,
  /** Request body bytes kept across all streams of a connection (each stream keeps up to HTTP_LIMITS.maxKeptBodyBytes). */
  maxKeptBodyBytesPerConnection: 256 * 1024,
  /** Streams we reset whose late frames are still ignored rather than treated as errors (RFC 9113 §5.1 "closed"). */
  maxRememberedResets: 64,
  /**
   * Token buckets against floods, `burst` frames at once refilled at `perSecond`. Rapid reset
   * (CVE-2023-44487): nghttp2 allows a burst of 1000 resets refilled at 33/s; a decoy needs far less.
   * Control frames that make us answer (PING, SETTINGS: CVE-2019-9512/9515), empty frames
   * (CVE-2019-9518) and all frames together (PRIORITY floods, CVE-2019-9513) each get their own bucket.
   */
  resetFlood: { burst: 200, perSecond: 33 },
  controlFlood: { burst: 500, perSecond: 100 },
  emptyFrameFlood: { burst: 100, perSecond: 10 },
  frameFlood: { burst: 10_000, perSecond: 2_000 },
} as const;

/** RFC 9113 §6.9.1: a flow-control window never exceeds 2^31-1. */
export const MAX_WINDOW = 2 ** 31 - 1;
/** RFC 9113 §6.9.2: windows start at 65,535 until SETTINGS say otherwise. */
export const DEFAULT_WINDOW = 65_535;
/** RFC 9113 §4.2: frames are at most 16,384 bytes until the receiver announces more. */
export const DEFAULT_MAX_FRAME_SIZE = 16_384;
/** RFC 9113 §6.5.2: the largest SETTINGS_MAX_FRAME_SIZE. */
export const MAX_MAX_FRAME_SIZE = 16_777_215;
