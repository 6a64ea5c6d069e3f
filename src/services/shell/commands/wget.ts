/**
 * wget(1): GNU Wget's transcript (resolving, connecting, request, length, progress bar on a terminal or
 * dots without one, "saved"), its errors and exit codes (4 network, 8 server error, 3 file); BusyBox
 * wget's on Alpine and firmware. The fetch goes through the host; a successful body is written to the
 * session filesystem, whose write hook quarantines it.
 */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { packaged } from './lib/availability.js';
import { addressFor, freshName, isIpAddress, localeQuote, parseUrl, remoteName } from './lib/download.js';
import { strftime } from './lib/format.js';
import { absolute, codeOf, defineCommand, errorText, isBusybox, progName } from './lib/program.js';

/** Where wget is installed by default: Debian family and Kali yes; RHEL 8+, Fedora and Arch minimal no. */
export const WGET_AVAILABLE = packaged(['debian', 'centos7'], 'wget');

function sizeText(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G'];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
}

/** The size column of wget's bar: bytes below 1 KiB, else two decimals and a unit (10.43K, 1.21M). */
function barSize(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G'];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)}${units[i]}`;
}

/** wget's retr_rate: a transfer of `bytes` on a fast link (a few hundred µs of latency, then ~40 MB/s). */
function speedText(bytes: number): string {
  const seconds = 0.0002 + (bytes % 89) / 1_000_000 + bytes / 40_000_000;
  let rate = bytes / seconds;
  let unit = 'B/s';
  for (const next of ['KB/s', 'MB/s', 'GB/s']) {
    if (rate < 1024) break;
    rate /= 1024;
    unit = next;
  }
  const digits = rate >= 99.95 ? 0 : rate >= 9.995 ? 1 : 2;
  return `${rate.toFixed(digits)} ${unit}`;
}

/** GNU Wget's version on each distro that installs it. */
const WGET_VERSION: Readonly<Record<string, string>> = {
  debian12: '1.21.3',
  ubuntu22: '1.21.2',
  ubuntu20: '1.20.3',
  centos7: '1.14',
  kali: '1.24.5',
  arch: '1.24.5',
  fedora39: '1.21.4',
};

/** Short options that take an argument (getopt string of wget's main.c, the ones attackers meet). */
const SHORT_WITH_ARG = new Set('OPtTUeoaiBwQlARDIXn'.split(''));
const SHORT_FLAGS = new Set('qvdcNSrkKmpxbEHLF46hV'.split(''));
const LONG_WITH_ARG = new Set([
  '--output-document',
  '--directory-prefix',
  '--tries',
  '--timeout',
  '--user-agent',
  '--header',
  '--user',
  '--password',
  '--http-user',
  '--http-password',
  '--execute',
  '--output-file',
  '--append-output',
  '--referer',
  '--post-data',
  '--post-file',
  '--bind-address',
  '--wait',
  '--input-file',
  '--level',
  '--limit-rate',
  '--ca-certificate',
]);

async function gnuWget(ctx: CommandContext, prog: string): Promise<number> {
  const argv = ctx.argv.slice(1);
  const version = WGET_VERSION[ctx.machine.distro.name] ?? '1.21.1';
  const usageTail = `Usage: ${prog} [OPTION]... [URL]...\n\nTry \`${prog} --help' for more options.\n`;
  let output: string | null = null;
  let quiet = false;
  let noVerbose = false;
  let prefix: string | null = null;
  let tries = 20;
  const urls: string[] = [];
  const apply = (option: string, value: string): void => {
    if (option === 'O' || option === '--output-document') output = value;
    else if (option === 'P' || option === '--directory-prefix') prefix = value;
    else if (option === 't' || option === '--tries') tries = Number(value) || 20;
    else if (option === 'n' && value.includes('v')) noVerbose = true;
  };
  let onlyOperands = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (onlyOperands || !a.startsWith('-') || a === '-') {
      urls.push(a);
      continue;
    }
    if (a === '--') {
      onlyOperands = true;
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (name === '--version') {
        ctx.stdout(
          `GNU Wget ${version} built on linux-gnu.\n\n-cares +digest -gpgme +https +ipv6 +iri +large-file -metalink +nls \n+ntlm +opie +psl +ssl/gnutls \n\nCopyright (C) 2015 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later\n<http://www.gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nOriginally written by Hrvoje Niksic <hniksic@xemacs.org>.\nPlease send bug reports and questions to <bug-wget@gnu.org>.\n`,
        );
        return 0;
      }
      if (name === '--help') {
        ctx.stdout(
          `GNU Wget ${version}, a non-interactive network retriever.\nUsage: ${prog} [OPTION]... [URL]...\n\nMandatory arguments to long options are mandatory for short options too.\n`,
        );
        return 0;
      }
      if (name === '--quiet') quiet = true;
      else if (name === '--no-verbose') noVerbose = true;
      else if (LONG_WITH_ARG.has(name)) {
        const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined) {
          ctx.stderr(`${prog}: option '${name}' requires an argument\n${usageTail}`);
          return 2;
        }
        apply(name, value);
      }
      // Other long options (--no-check-certificate, --continue …) change nothing here.
      continue;
    }
    // A cluster of short options, getopt-style: `-qO-`, `-nv`, `-t3`.
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (SHORT_WITH_ARG.has(c)) {
        const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (value === undefined) {
          ctx.stderr(`${prog}: option requires an argument -- '${c}'\n${usageTail}`);
          return 2;
        }
        apply(c, value);
        break;
      }
      if (!SHORT_FLAGS.has(c)) {
        ctx.stderr(`${prog}: invalid option -- '${c}'\n${usageTail}`);
        return 2;
      }
      if (c === 'V') return gnuWget({ ...ctx, argv: [ctx.argv[0]!, '--version'] }, prog);
      if (c === 'h') return gnuWget({ ...ctx, argv: [ctx.argv[0]!, '--help'] }, prog);
      if (c === 'q') quiet = true;
    }
  }
  if (urls.length === 0) {
    ctx.stderr(`${prog}: missing URL\n${usageTail}`);
    return 1;
  }
  const say = (text: string) => {
    if (!quiet) ctx.stderr(text);
  };
  let status = 0;
  const toStdout = output === '-';
  const collected: Buffer[] = [];
  // -O FILE is opened (created, empty) before anything is fetched, and an unwritable one ends wget there.
  if (output !== null && output !== '' && !toStdout) {
    try {
      ctx.fs.writeFile(absolute(ctx, output), Buffer.alloc(0));
    } catch (err) {
      ctx.stderr(`${output}: ${errorText(codeOf(err))}\n`);
      return 1;
    }
  }
  for (const raw of urls) {
    const url = parseUrl(raw);
    if (!url || !['http', 'https', 'ftp'].includes(url.scheme)) {
      say(
        url
          ? `${raw}: Unsupported scheme ${localeQuote(ctx, url.scheme)}.\n`
          : `${prog}: ${raw}: Invalid host name.\n`,
      );
      status = 1;
      continue;
    }
    const now = ctx.clock.now();
    const stamp = strftime('%Y-%m-%d %H:%M:%S', now);
    if (!noVerbose) say(`--${stamp}--  ${url.full}\n`);
    const ip = addressFor(url.host);
    const named = !isIpAddress(url.host);
    let result = await ctx.host.fetch({ url: url.full, tool: 'wget' });
    // An address needs no lookup: "unresolved" for one means nothing answered.
    if (!result.ok && result.error === 'unresolved' && !named) result = { ok: false, error: 'timeout' };
    if (!result.ok && result.error === 'unresolved') {
      if (!noVerbose)
        say(`Resolving ${url.host} (${url.host})... failed: Temporary failure in name resolution.\n`);
      say(`${prog}: unable to resolve host address ${localeQuote(ctx, url.host)}\n`);
      status = 4;
      continue;
    }
    if (named && !noVerbose) say(`Resolving ${url.host} (${url.host})... ${ip}\n`);
    const connecting = named
      ? `Connecting to ${url.host} (${url.host})|${ip}|:${url.port}... `
      : `Connecting to ${ip}:${url.port}... `;
    if (!result.ok && (result.error === 'refused' || result.error === 'timeout')) {
      const reason = result.error === 'refused' ? 'Connection refused.' : 'Connection timed out.';
      if (!noVerbose) say(`${connecting}failed: ${reason}\n`);
      if (result.error === 'timeout' && tries > 1) {
        say('Retrying.\n\n');
        say(
          `--${strftime('%Y-%m-%d %H:%M:%S', ctx.clock.now())}--  (try: 2)  ${url.full}\n${connecting}failed: ${reason}\nGiving up.\n\n`,
        );
      }
      status = 4;
      continue;
    }
    if (!noVerbose) say(`${connecting}connected.\n`);
    const code = result.ok ? result.status : 404;
    const statusText =
      code === 200
        ? 'OK'
        : code === 404
          ? 'Not Found'
          : code === 403
            ? 'Forbidden'
            : code === 500
              ? 'Internal Server Error'
              : code === 301
                ? 'Moved Permanently'
                : code === 302
                  ? 'Found'
                  : 'Error';
    if (!noVerbose)
      say(
        `${url.scheme === 'ftp' ? 'Logging in as anonymous ... Logged in!\n' : ''}HTTP request sent, awaiting response... ${code} ${statusText}\n`,
      );
    if (!result.ok || code >= 400) {
      say(`${strftime('%Y-%m-%d %H:%M:%S', ctx.clock.now())} ERROR ${code}: ${statusText}.\n\n`);
      status = 8;
      continue;
    }
    const body = result.body;
    const type = result.contentType ? ` [${result.contentType.split(';')[0]}]` : '';
    const lengthText =
      body.length >= 1024 ? `${body.length} (${sizeText(body.length)})` : String(body.length);
    const dir = prefix ? absolute(ctx, prefix) : ctx.cwd;
    const name = toStdout
      ? '-'
      : output !== null && output !== ''
        ? output
        : freshName(ctx, dir, remoteName(url));
    const shown = toStdout ? 'STDOUT' : name;
    if (!noVerbose) say(`Length: ${lengthText}${type}\nSaving to: ${localeQuote(ctx, shown)}\n\n`);
    if (toStdout) collected.push(body);
    else {
      const path = name.startsWith('/') ? name : `${dir === '/' ? '' : dir}/${name}`;
      try {
        if (prefix && !ctx.fs.stat(dir)) ctx.fs.mkdir(dir, { parents: true });
        ctx.fs.writeFile(path, body);
      } catch (err) {
        say(
          `${name}: ${errorText(codeOf(err))}\n\nCannot write to ${localeQuote(ctx, name)} (${errorText(codeOf(err))}).\n`,
        );
        status = 3;
        continue;
      }
    }
    if (!noVerbose) {
      if (ctx.terminal.isTty) {
        const width = Math.max(40, Math.min(ctx.terminal.columns, 200));
        const label = shown.length > 18 ? `${shown.slice(0, 15)}...` : shown;
        const barWidth = width - 1 - 20 - 5 - 2 - 8 - 11 - 13;
        say(
          `${label.padEnd(20)}100%[${'='.repeat(Math.max(1, barWidth - 1))}>]${barSize(body.length).padStart(8)}  --.-KB/s    in 0s      \n\n`,
        );
      } else {
        const dots = Math.max(1, Math.ceil(body.length / 1024));
        say(
          `     0K ${'.'.repeat(Math.min(dots, 50)).padEnd(53)} 100% ${speedText(body.length).replace(' MB/s', 'M').replace(' KB/s', 'K')}=0s\n\n`,
        );
      }
      say(
        `${strftime('%Y-%m-%d %H:%M:%S', ctx.clock.now())} (${speedText(body.length)}) - ${localeQuote(ctx, shown)} saved [${body.length}/${body.length}]\n\n`,
      );
    } else {
      say(
        `${strftime('%Y-%m-%d %H:%M:%S', ctx.clock.now())} URL:${url.full} [${body.length}/${body.length}] -> "${shown}" [1]\n`,
      );
    }
  }
  if (toStdout) ctx.stdout(Buffer.concat(collected));
  return status;
}

async function busyboxWget(ctx: CommandContext, prog: string): Promise<number> {
  const argv = ctx.argv.slice(1);
  let output: string | null = null;
  let quiet = false;
  const urls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-O') output = argv[++i] ?? null;
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a === '-q') quiet = true;
    else if (['-U', '-T', '-t', '--header', '-P', '-Y', '--user-agent'].includes(a)) i++;
    else if (a.startsWith('-') && !/^-[csq]+$/.test(a) && !a.startsWith('--')) {
      ctx.stderr(
        `${prog}: unrecognized option: ${a.slice(1, 2)}\nBusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n`,
      );
      return 1;
    } else if (!a.startsWith('-')) urls.push(a);
  }
  if (urls.length === 0) {
    ctx.stderr(
      `BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n`,
    );
    return 1;
  }
  for (const raw of urls) {
    const url = parseUrl(raw);
    if (!url) {
      ctx.stderr(`${prog}: bad address '${raw}'\n`);
      return 1;
    }
    const ip = addressFor(url.host);
    let result = await ctx.host.fetch({ url: url.full, tool: 'busybox wget' });
    if (!result.ok && result.error === 'unresolved' && isIpAddress(url.host))
      result = { ok: false, error: 'timeout' };
    if (!result.ok && result.error === 'unresolved') {
      ctx.stderr(`${prog}: bad address '${url.host}'\n`);
      return 1;
    }
    if (!quiet) ctx.stderr(`Connecting to ${url.host} (${ip}:${url.port})\n`);
    if (!result.ok && result.error === 'refused') {
      ctx.stderr(`${prog}: can't connect to remote host (${ip}): Connection refused\n`);
      return 1;
    }
    if (!result.ok && result.error === 'timeout') {
      ctx.stderr(`${prog}: can't connect to remote host (${ip}): Connection timed out\n`);
      return 1;
    }
    if (!result.ok || result.status >= 400) {
      const code = result.ok ? result.status : 404;
      ctx.stderr(
        `${prog}: server returned error: HTTP/1.1 ${code} ${code === 404 ? 'Not Found' : 'Error'}\n`,
      );
      return 1;
    }
    const name = output ?? remoteName(url);
    if (name === '-') {
      ctx.stdout(result.body);
      continue;
    }
    if (!quiet) ctx.stderr(`saving to '${name}'\n`);
    try {
      ctx.fs.writeFile(absolute(ctx, name), result.body);
    } catch (err) {
      ctx.stderr(`${prog}: can't open '${name}': ${errorText(codeOf(err))}\n`);
      return 1;
    }
    if (!quiet) {
      const size = String(result.body.length).padStart(7);
      ctx.stderr(
        `${name.slice(0, 20).padEnd(20)} 100% |${'*'.repeat(32)}|${size}  0:00:00 ETA\n'${name}' saved\n`,
      );
    }
  }
  return 0;
}

export const wgetCommand = defineCommand({
  name: 'wget',
  path: '/usr/bin/wget',
  availableOn: WGET_AVAILABLE,
  run: (ctx) => {
    const prog = progName(ctx, 'wget');
    return isBusybox(ctx) || familyOf(ctx.machine.distro) === 'busybox'
      ? busyboxWget(ctx, prog)
      : gnuWget(ctx, prog);
  },
});
