/**
 * What the service embedding a fake shell (SSH, Telnet) provides to it: where commands and files go.
 * The shell calls these; it never emits events or touches storage itself.
 */

export interface FetchRequest {
  url: string;
  /** The command that asked (`wget`, `curl`, `tftp`, `busybox wget`). */
  tool: string;
}

export type FetchResult =
  | { ok: true; status: number; body: Buffer; contentType: string | null }
  /** How the download failed, as the tool would report it. */
  | { ok: false; error: 'timeout' | 'refused' | 'unresolved' | 'not_found' };

export interface ShellHost {
  /** A command line the user entered (once per line read, as typed), with the shell state it ran in. */
  commandEntered(line: string, state: { cwd: string; user: string; uid: number }): void;
  /**
   * The attacker left a regular file changed (a write closed: redirection, download, upload, cp, …):
   * keep a copy in quarantine.
   */
  fileWritten(path: string, content: Buffer): void;
  /**
   * A download command asked for a URL. The host logs it; it answers with content only when the operator
   * enabled fetching, and otherwise with the failure a machine without that route would see.
   */
  fetch(request: FetchRequest): Promise<FetchResult>;
}
