/**
 * Downloads by the Windows tools (certutil, bitsadmin, curl.exe, PowerShell's web cmdlets): every URL
 * goes to the host, which logs it as a download attempt and answers with content only when the operator
 * allows fetching. A body that arrives is written to the drive, where the session captures it.
 */

import type { FetchResult } from '../../../host.js';
import type { CmdContext } from '../../command.js';
import { driveMessage } from '../../drive.js';
import { CMD_LIMITS } from '../../limits.js';

export type DownloadOutcome =
  | { ok: true; body: Buffer; status: number; contentType: string | null }
  | { ok: false; error: Extract<FetchResult, { ok: false }>['error'] | 'write_failed'; message?: string };

export async function download(
  ctx: CmdContext,
  url: string,
  tool: string,
  destination: string | null,
): Promise<DownloadOutcome> {
  const result = await ctx.host.fetch({ url: url.slice(0, CMD_LIMITS.maxUrlChars), tool });
  if (!result.ok) return { ok: false, error: result.error };
  if (destination !== null) {
    try {
      ctx.drive.write(destination, result.body);
    } catch (err) {
      return { ok: false, error: 'write_failed', message: driveMessage(err) };
    }
  }
  return { ok: true, body: result.body, status: result.status, contentType: result.contentType };
}

/** WinHTTP's error for each failure, as certutil and bitsadmin print it. */
export const WINHTTP_ERRORS: Readonly<Record<string, { hresult: string; name: string; text: string }>> = {
  unresolved: {
    hresult: '0x80072ee7',
    name: 'WinHttp: 12007 ERROR_WINHTTP_NAME_NOT_RESOLVED',
    text: 'The server name or address could not be resolved',
  },
  timeout: {
    hresult: '0x80072ee2',
    name: 'WinHttp: 12002 ERROR_WINHTTP_TIMEOUT',
    text: 'The operation timed out',
  },
  refused: {
    hresult: '0x80072efd',
    name: 'WinHttp: 12029 ERROR_WINHTTP_CANNOT_CONNECT',
    text: 'A connection with the server could not be established',
  },
  not_found: { hresult: '0x80190194', name: '-2145844844 HTTP_E_STATUS_NOT_FOUND', text: 'Not found (404).' },
};

/** The file name a URL would be saved as (its last path segment). */
export function fileNameOf(url: string): string {
  const path = url.replace(/[?#].*$/, '');
  const leaf = path.slice(path.lastIndexOf('/') + 1);
  return leaf === '' ? 'index.html' : leaf;
}
