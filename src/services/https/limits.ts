/** Every bound the HTTPS service works within beyond HTTP's own (STYLE.md "Names and numbers"). */
export const HTTPS_LIMITS = {
  /**
   * Time from connect to a finished TLS handshake, ClientHello included, however steadily the client
   * drips it (nginx's ssl_handshake_timeout default, 60 s; before 1.25.3 client_header_timeout, also 60 s).
   */
  handshakeTimeoutMs: 60_000,
  /**
   * Bytes of a plain-text request kept before answering it: a request head. Past it the client is
   * answered anyway (nginx reads one client_header_buffer_size, 1 KiB, then a large buffer of 8 KiB).
   */
  maxPlainRequestBytes: 8 * 1024,
} as const;
