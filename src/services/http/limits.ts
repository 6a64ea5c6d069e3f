/** Every bound the HTTP service works within (STYLE.md "Names and numbers"). */
export const HTTP_LIMITS = {
  /** Longest request line; past it 414 (nginx's large_client_header_buffers is 8k; Apache's LimitRequestLine 8190). */
  maxRequestLineBytes: 8 * 1024,
  /** Header fields in one request; past it 431 (Apache's LimitRequestFields default 100). */
  maxHeaderCount: 100,
  /** Bytes of all header lines together; past it 431 (Apache's LimitRequestFieldSize 8190, doubled for the whole block). */
  maxHeaderBytes: 16 * 1024,
  /** Largest body, by Content-Length or chunked; past it 413 (nginx's client_max_body_size default 1m). */
  maxBodyBytes: 1024 * 1024,
  /** Body bytes kept for form parsing and the log; the rest is counted and dropped (a login form is a few hundred bytes). */
  maxKeptBodyBytes: 64 * 1024,
  /** Body characters in the `request` event (the reference logs the first 512 bytes, spec §4.1). */
  maxLoggedBodyChars: 512,
  /** Longest chunk-size line with its extensions (RFC 9112 §7.1.1 sets none; nginx cuts at its buffer). */
  maxChunkLineBytes: 1024,
  /** Time a client may take to send a request once started (nginx's client_header_timeout 60 s). */
  requestTimeoutMs: 60_000,
  /** Idle time between keep-alive requests (nginx's keepalive_timeout 75 s; Apache's KeepAliveTimeout is 5 s). */
  keepAliveTimeoutMs: 15_000,
  /** Bytes read from one keep-alive connection in all (16 requests with the largest body). */
  maxBytesPerConnection: 16 * 1024 * 1024,
  /** Output held for a client that does not read (the largest page is a few KiB; pipelined replies add up). */
  maxQueuedWriteBytes: 256 * 1024,
  /** Characters kept of a credential's user name or secret. */
  maxCredentialChars: 256,
  /** Bytes of the `headers` config (extra response headers) read, and headers kept from it. */
  maxExtraHeadersChars: 8 * 1024,
  maxExtraHeaders: 32,
} as const;
