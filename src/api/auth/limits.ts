/**
 * Every number the API's authentication depends on, with where it comes from.
 */
export const AUTH_LIMITS = {
  /**
   * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 30 ms here, and a
   * bounded memory cost per hash.
   */
  argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  /** Hashes computed at once; the rest wait in line, so a login flood cannot take the machine's memory. */
  concurrentHashes: 2,
  /** Hashes waiting in line before a login is refused with 503. */
  queuedHashes: 64,
  /** The reference's login limit: 10 attempts per 5 minutes, per client address and per user name. */
  loginAttempts: { max: 10, windowMs: 5 * 60_000 },
  /** The reference's change-password limit: 5 per minute per user. */
  passwordChanges: { max: 5, windowMs: 60_000 },
  /** Keys (addresses, names) a limiter tracks before it forgets the oldest. */
  limiterKeys: 10_000,
  /** OWASP ASVS 2.1.1 asks for at least 8 characters (12 recommended); 1,024 keeps hashing bounded. */
  password: { minLength: 8, maxLength: 1024 },
  username: { pattern: /^[A-Za-z0-9._@-]{1,64}$/, description: '1-64 characters of A-Z a-z 0-9 . _ @ -' },
  /** An SSE ticket is good for one connection, within a minute (the reference's 60 s). */
  streamTicketTtlMs: 60_000,
  /** Outstanding SSE tickets; the oldest are dropped beyond it. */
  streamTickets: 10_000,
  /** A token's revocation state and its user row are re-read at most this often per token. */
  sessionCacheMs: 1_000,
  sessionCacheEntries: 10_000,
  /**
   * A token whose signature and claims were checked is trusted as that exact string for at most this long
   * (and never past its expiry): HMAC verification through WebCrypto was ~8 % of a busy API's time.
   */
  verifiedTokenCacheMs: 1_000,
  verifiedTokenCacheEntries: 10_000,
  /** HS256 keys shorter than the hash output weaken it (RFC 7518 §3.2). */
  minSecretBytes: 32,
} as const;
