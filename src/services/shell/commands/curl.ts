/**
 * curl(1): the body to stdout (or -o/-O files), the progress meter when output is not a terminal,
 * `-s/-S/-f/-L/-k/-I`, curl's error lines and exit codes (6 resolve, 7 connect, 28 timeout, 22 with -f,
 * 23 write). The fetch goes through the host; written files reach quarantine through the write hook.
 */
import type { CommandContext } from '../command.js';
import { packaged } from './lib/availability.js';
import { isIpAddress, parseUrl, remoteName } from './lib/download.js';
import { absolute, codeOf, defineCommand, errorText, progName } from './lib/program.js';

/** Ubuntu, Red Hat family (curl-minimal), Fedora, Arch, Kali ship curl; Debian 12 standard and Alpine do not. */
export const CURL_AVAILABLE = packaged(['ubuntu22', 'ubuntu20', 'rhel', 'arch', 'kali']);

function version(ctx: CommandContext): { short: string; banner: string } {
  switch (ctx.machine.distro.name) {
    case 'ubuntu22':
      return {
        short: '7.81.0',
        banner:
          'curl 7.81.0 (x86_64-pc-linux-gnu) libcurl/7.81.0 OpenSSL/3.0.2 zlib/1.2.11 brotli/1.0.9 zstd/1.4.8 libidn2/2.3.2 libpsl/0.21.0 (+libidn2/2.3.2) libssh/0.9.6/openssl/zlib nghttp2/1.43.0 librtmp/2.3 OpenLDAP/2.5.18\nRelease-Date: 2022-01-05',
      };
    case 'ubuntu20':
      return {
        short: '7.68.0',
        banner:
          'curl 7.68.0 (x86_64-pc-linux-gnu) libcurl/7.68.0 OpenSSL/1.1.1f zlib/1.2.11 brotli/1.0.7 libidn2/2.2.0 libpsl/0.21.0 (+libidn2/2.2.0) libssh/0.9.3/openssl/zlib nghttp2/1.40.0 librtmp/2.3\nRelease-Date: 2020-01-08',
      };
    case 'rocky9':
      return {
        short: '7.76.1',
        banner:
          'curl 7.76.1 (x86_64-redhat-linux-gnu) libcurl/7.76.1 OpenSSL/3.2.2 zlib/1.2.11 nghttp2/1.43.0\nRelease-Date: 2021-04-14',
      };
    case 'centos7':
      return {
        short: '7.29.0',
        banner:
          'curl 7.29.0 (x86_64-redhat-linux-gnu) libcurl/7.29.0 NSS/3.90 zlib/1.2.7 libidn/1.28 libssh2/1.8.0\nProtocols: dict file ftp ftps gopher http https imap imaps ldap ldaps pop3 pop3s rtsp scp sftp smtp smtps telnet tftp \nFeatures: AsynchDNS GSS-Negotiate IDN IPv6 Largefile NTLM NTLM_WB SSL libz unix-sockets ',
      };
    default:
      return {
        short: '7.88.1',
        banner:
          'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.15 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13\nRelease-Date: 2023-02-20, security patched: 7.88.1-10+deb12u8',
      };
  }
}

function meter(bytes: number): string {
  const size = (n: number) =>
    n < 100_000
      ? String(n)
      : n < 1_048_576 * 10
        ? `${Math.round(n / 1024)}k`
        : `${(n / 1_048_576).toFixed(1)}M`;
  const speed = size(Math.round(bytes * 37.3) + 1);
  return `  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100 ${size(bytes).padStart(5)}  100 ${size(bytes).padStart(5)}    0     0  ${speed.padStart(5)}      0 --:--:-- --:--:-- --:--:-- ${speed.padStart(5)}\n`;
}

export const curlCommand = defineCommand({
  name: 'curl',
  path: '/usr/bin/curl',
  availableOn: CURL_AVAILABLE,
  run: async (ctx) => {
    const prog = progName(ctx, 'curl');
    const argv = ctx.argv.slice(1);
    const v = version(ctx);
    const old = v.short === '7.29.0';
    let silent = false;
    let showError = false;
    let fail = false;
    /** -m / --connect-timeout seconds: a timeout then reports the limit, not the kernel's connect timeout. */
    let timeLimit: number | null = null;
    let output: string | null = null;
    let remote = false;
    let head = false;
    let include = false;
    const urls: string[] = [];
    const withArg = new Set([
      '-o',
      '--output',
      '-A',
      '--user-agent',
      '-H',
      '--header',
      '-d',
      '--data',
      '--data-raw',
      '--data-binary',
      '-X',
      '--request',
      '-u',
      '--user',
      '-x',
      '--proxy',
      '-m',
      '--max-time',
      '--connect-timeout',
      '-e',
      '--referer',
      '-b',
      '--cookie',
      '-c',
      '--cookie-jar',
      '-F',
      '--form',
      '-T',
      '--upload-file',
      '-w',
      '--write-out',
      '-r',
      '--range',
      '--retry',
      '-U',
      '--proxy-user',
      '--resolve',
      '--interface',
      '-E',
      '--cert',
      '--cacert',
      '-K',
      '--config',
      '--limit-rate',
      '-Y',
      '-y',
      '-z',
    ]);
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-V' || a === '--version') {
        ctx.stdout(
          `${v.banner}\n${old ? '' : 'Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\nFeatures: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n'}`,
        );
        return 0;
      }
      if (a === '-h' || a === '--help') {
        ctx.stdout(
          `Usage: ${prog} [options...] <url>\n -d, --data <data>          HTTP POST data\n -f, --fail                 Fail fast with no output on HTTP errors\n -h, --help <category>      Get help for commands\n -i, --include              Include protocol response headers in the output\n -o, --output <file>        Write to file instead of stdout\n -O, --remote-name          Write output to a file named as the remote file\n -s, --silent               Silent mode\n -T, --upload-file <file>   Transfer local FILE to destination\n -u, --user <user:password> Server user and password\n -A, --user-agent <name>    Send User-Agent <name> to server\n -v, --verbose              Make the operation more talkative\n -V, --version              Show version number and quit\n\nThis is not the full help, this menu is stripped into categories.\nUse "--help category" to get an overview of all categories.\nFor all options use the manual or "--help all".\n`,
        );
        return 0;
      }
      if (withArg.has(a) || a === '-o' || a === '--output') {
        const value = argv[++i];
        if (value === undefined) {
          ctx.stderr(
            `${prog}: option ${a}: requires parameter\n${prog}: try '${prog} --help' or '${prog} --manual' for more information\n`,
          );
          return 2;
        }
        if (a === '-o' || a === '--output') output = value;
        if (a === '-m' || a === '--max-time' || a === '--connect-timeout') {
          const seconds = Number(value);
          if (Number.isFinite(seconds) && seconds > 0) timeLimit = seconds;
        }
        continue;
      }
      if (a.startsWith('--')) {
        if (a === '--silent') silent = true;
        else if (a === '--show-error') showError = true;
        else if (a === '--fail') fail = true;
        else if (a === '--remote-name') remote = true;
        else if (a === '--head') head = true;
        else if (a === '--include') include = true;
        else if (
          a.includes('=') ||
          [
            '--location',
            '--insecure',
            '--compressed',
            '--verbose',
            '--progress-bar',
            '--no-progress-meter',
            '--globoff',
            '--http1.1',
            '--ipv4',
            '--ssl',
            '--tlsv1.2',
            '--fail-with-body',
            '--retry-connrefused',
          ].includes(a)
        )
          continue;
        else {
          ctx.stderr(
            `${prog}: option ${a}: is unknown\n${prog}: try '${prog} --help' or '${prog} --manual' for more information\n`,
          );
          return 2;
        }
        continue;
      }
      if (a.startsWith('-') && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j]!;
          // An option with a value ends the cluster: `-sLo file`, `-m5`.
          if ('oAHdXuxmebcFTwrUEKYyzCDQt'.includes(c)) {
            const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
            if (value === undefined) {
              ctx.stderr(
                `${prog}: option -${c}: requires parameter\n${prog}: try '${prog} --help' or '${prog} --manual' for more information\n`,
              );
              return 2;
            }
            if (c === 'o') output = value;
            else if (c === 'm') {
              const seconds = Number(value);
              if (Number.isFinite(seconds) && seconds > 0) timeLimit = seconds;
            }
            break;
          }
          if (c === 's') silent = true;
          else if (c === 'S') showError = true;
          else if (c === 'f') fail = true;
          else if (c === 'O') remote = true;
          else if (c === 'I') head = true;
          else if (c === 'i') include = true;
          else if ('LkvgN#q4620'.includes(c)) continue;
          else {
            ctx.stderr(
              `${prog}: option -${c}: is unknown\n${prog}: try '${prog} --help' or '${prog} --manual' for more information\n`,
            );
            return 2;
          }
        }
        continue;
      }
      urls.push(a);
    }
    if (urls.length === 0) {
      ctx.stderr(`${prog}: try '${prog} --help' or '${prog} --manual' for more information\n`);
      return 2;
    }
    const report = (code: number, text: string) => {
      if (!silent || showError) ctx.stderr(`${prog}: (${code}) ${text}\n`);
      return code;
    };
    let status = 0;
    for (const raw of urls) {
      const url = parseUrl(raw);
      if (!url) {
        status = report(3, old ? `<url> malformed` : 'URL using bad/illegal format or missing URL');
        continue;
      }
      if (!['http', 'https', 'ftp', 'tftp'].includes(url.scheme)) {
        status = report(1, `Protocol "${url.scheme}" not supported or disabled in libcurl`);
        continue;
      }
      let result = await ctx.host.fetch({ url: url.full, tool: 'curl' });
      if (!result.ok && result.error === 'unresolved' && isIpAddress(url.host))
        result = { ok: false, error: 'timeout' };
      const ms = 3 + (url.host.length % 40);
      if (!result.ok) {
        if (result.error === 'unresolved')
          status = report(
            6,
            old
              ? `Could not resolve host: ${url.host}; Name or service not known`
              : `Could not resolve host: ${url.host}`,
          );
        else if (result.error === 'refused')
          status = report(
            7,
            old
              ? `Failed connect to ${url.host}:${url.port}; Connection refused`
              : `Failed to connect to ${url.host} port ${url.port}${v.short >= '7.80' ? ` after ${ms} ms` : ''}: Connection refused`,
          );
        else if (result.error === 'timeout' && timeLimit !== null)
          status = report(28, `Connection timed out after ${Math.round(timeLimit * 1000) + 1} milliseconds`);
        else if (result.error === 'timeout')
          status = report(
            28,
            old
              ? `Failed connect to ${url.host}:${url.port}; Connection timed out`
              : `Failed to connect to ${url.host} port ${url.port}${v.short >= '7.80' ? ` after 129${String(ms).padStart(3, '0')} ms` : ''}: Connection timed out`,
          );
        else if (fail)
          status = report(
            22,
            v.short >= '7.82'
              ? 'The requested URL returned error: 404'
              : 'The requested URL returned error: 404 Not Found',
          );
        else
          ctx.stdout(
            '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
          );
        continue;
      }
      if (fail && result.status >= 400) {
        status = report(22, `The requested URL returned error: ${result.status}`);
        continue;
      }
      const headers = `HTTP/1.1 ${result.status} ${result.status === 200 ? 'OK' : ''}\r\n${result.contentType ? `Content-Type: ${result.contentType}\r\n` : ''}Content-Length: ${result.body.length}\r\n\r\n`;
      const body = head
        ? Buffer.from(headers)
        : include
          ? Buffer.concat([Buffer.from(headers), result.body])
          : result.body;
      const file = remote ? remoteName(url) : output;
      if (remote && (url.path === '/' || url.path.endsWith('/'))) {
        status = report(23, 'Remote file name has no length!');
        continue;
      }
      if (file && file !== '-') {
        try {
          ctx.fs.writeFile(absolute(ctx, file), body);
          if (!silent) ctx.stderr(meter(body.length));
        } catch (err) {
          // The file is opened when the first bytes arrive: the warning cuts into the meter's first line.
          if (!silent) ctx.stderr(meter(0).replace(/\r100 .*\n$/, ''));
          if (!silent || showError)
            ctx.stderr(`Warning: Failed to open the file ${file}: ${errorText(codeOf(err))}\n`);
          if (!silent)
            ctx.stderr(
              `  0 ${String(body.length).padStart(5)}    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n`,
            );
          status = report(23, `Failure writing output to destination`);
        }
        continue;
      }
      if (!silent && !ctx.terminal.isTty) ctx.stderr(meter(body.length));
      ctx.stdout(body);
    }
    return status;
  },
});
