/** `curl.exe` (shipped since Windows 10 1803 / Server 2019): fetches through the host; `-o`/`-O` save to the drive. */
import { defineCmd } from '../command.js';
import { download, fileNameOf } from './lib/download.js';

const METER_HEADER =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\r\n                                 Dload  Upload   Total   Spent    Left  Speed\r\n';

/** Options of curl that take a value (so the value is not taken for the URL). */
const WITH_VALUE = new Set([
  '-o',
  '--output',
  '-H',
  '--header',
  '-A',
  '--user-agent',
  '-d',
  '--data',
  '-X',
  '--request',
  '-u',
  '--user',
  '-m',
  '--max-time',
  '-e',
  '--referer',
  '-x',
  '--proxy',
  '--connect-timeout',
  '-T',
  '--upload-file',
  '-b',
  '--cookie',
  '-c',
  '--cookie-jar',
  '-w',
  '--write-out',
]);

export const curlCommand = defineCmd({
  name: 'curl',
  path: 'C:\\Windows\\System32\\curl.exe',
  run: async (ctx) => {
    const args = ctx.args;
    let output: string | null = null;
    let remoteName = false;
    let silent = false;
    let showError = false;
    let url: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] as string;
      if (arg === '-o' || arg === '--output') output = args[++i] ?? null;
      else if (arg === '-O' || arg === '--remote-name') remoteName = true;
      else if (arg === '-V' || arg === '--version') {
        ctx.stdout(
          'curl 8.9.1 (Windows) libcurl/8.9.1 Schannel zlib/1.3 WinIDN\r\nRelease-Date: 2024-07-31\r\nProtocols: dict file ftp ftps http https imap imaps ipfs ipns mqtt pop3 pop3s smb smbs smtp smtps telnet tftp\r\nFeatures: alt-svc AsynchDNS HSTS HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM SPNEGO SSL SSPI threadsafe Unicode UnixSockets\r\n',
        );
        return 0;
      } else if (/^-[a-zA-Z]+$/.test(arg) && !WITH_VALUE.has(arg)) {
        if (arg.includes('s')) silent = true;
        if (arg.includes('S')) showError = true;
        if (arg.includes('O')) remoteName = true;
      } else if (WITH_VALUE.has(arg)) i++;
      else if (!arg.startsWith('-')) url ??= arg;
    }
    if (url === undefined) {
      ctx.stderr("curl: try 'curl --help' for more information\r\n");
      return 2;
    }
    const target = output ?? (remoteName ? fileNameOf(url) : null);
    const meter = target !== null && !silent;
    if (meter) ctx.stderr(METER_HEADER);
    const outcome = await download(ctx, url, 'curl', target);
    const host = url.replace(/^[a-z]+:\/\//i, '').replace(/[/:?#].*$/, '');
    const port = /^https:/i.test(url) ? 443 : 80;
    if (outcome.ok) {
      const size = outcome.body.length;
      if (meter)
        ctx.stderr(
          `100 ${String(size).padStart(5)}  100 ${String(size).padStart(5)}    0     0  ${String(size * 4).padStart(6)}      0 --:--:-- --:--:-- --:--:-- ${String(size * 4).padStart(6)}\r\n`,
        );
      if (target === null) ctx.stdout(outcome.body);
      return 0;
    }
    if (meter)
      ctx.stderr('  0     0    0     0    0     0      0      0 --:--:--  0:00:21 --:--:--     0\r\n');
    const quiet = silent && !showError;
    switch (outcome.error) {
      case 'unresolved':
        if (!quiet) ctx.stderr(`curl: (6) Could not resolve host: ${host}\r\n`);
        return 6;
      case 'refused':
        if (!quiet)
          ctx.stderr(
            `curl: (7) Failed to connect to ${host} port ${port} after 2 ms: Couldn't connect to server\r\n`,
          );
        return 7;
      case 'not_found':
        return 0;
      case 'write_failed':
        if (!quiet) ctx.stderr(`curl: (23) Failure writing output to destination\r\n`);
        return 23;
      default:
        if (!quiet)
          ctx.stderr(`curl: (28) Failed to connect to ${host} port ${port} after 21045 ms: Timed out\r\n`);
        return 28;
    }
  },
});
