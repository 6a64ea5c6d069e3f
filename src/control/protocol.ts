/**
 * The control channel speaks newline-delimited JSON over a UNIX socket:
 *   request  {"id": 1, "method": "status", "params": {...}}
 *   response {"id": 1, "ok": true, "result": ...} | {"id": 1, "ok": false, "error": {"code", "message"}}
 * Only the owner of DECNET_HOME can connect (the socket is mode 0600).
 */

export interface ControlRequest {
  id: number;
  method: string;
  params?: unknown;
}

export type ControlResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };

export const CONTROL_LIMITS = {
  /** Largest request or response line: an import chunk of 1 MiB of lines, base64-encoded, fits. */
  maxFrameBytes: 4 * 1024 * 1024,
  /** Raw bytes of log lines per `ingest.append` request. */
  importChunkBytes: 1024 * 1024,
  /** Concurrent control connections (CLI commands) one instance serves. */
  maxConnections: 64,
} as const;

export class ControlError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
