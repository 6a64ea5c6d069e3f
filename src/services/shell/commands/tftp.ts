/** BusyBox tftp and ftpget (what IoT droppers fetch with): downloads through the host into the session filesystem. */
import type { CommandContext } from '../command.js';
import { packaged } from './lib/availability.js';
import { addressFor } from './lib/download.js';
import { absolute, busyboxUsage, codeOf, defineCommand, errorText, progName } from './lib/program.js';

function isIpv4(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

async function save(
  ctx: CommandContext,
  prog: string,
  url: string,
  tool: string,
  local: string,
  failures: Record<'unresolved' | 'refused' | 'timeout' | 'not_found', string>,
): Promise<number> {
  const result = await ctx.host.fetch({ url, tool });
  if (!result.ok) {
    ctx.stderr(`${prog}: ${failures[result.error]}\n`);
    return 1;
  }
  try {
    ctx.fs.writeFile(absolute(ctx, local), result.body);
    return 0;
  } catch (err) {
    ctx.stderr(`${prog}: can't open '${local}': ${errorText(codeOf(err))}\n`);
    return 1;
  }
}

export const tftpCommand = defineCommand({
  name: 'tftp',
  path: '/usr/bin/tftp',
  // BusyBox applets: glibc distros ship no tftp client by default.
  availableOn: packaged([], 'tftp'),
  run: async (ctx) => {
    const prog = progName(ctx, 'tftp');
    const usage =
      '[OPTIONS] HOST [PORT]\n\nTransfer a file from/to tftp server\n\n\t-l FILE\tLocal FILE\n\t-r FILE\tRemote FILE\n\t-g\tGet file\n\t-p\tPut file\n\t-b SIZE\tTransfer blocks in bytes\n';
    const argv = ctx.argv.slice(1);
    let local: string | undefined;
    let remote: string | undefined;
    let get = false;
    let put = false;
    const rest: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-l') local = argv[++i];
      else if (a === '-r') remote = argv[++i];
      else if (a === '-b') i++;
      else if (a.startsWith('-l')) local = a.slice(2);
      else if (a.startsWith('-r')) remote = a.slice(2);
      else if (a === '-g') get = true;
      else if (a === '-p') put = true;
      else if (a.startsWith('-') && /^-[gp]+$/.test(a)) {
        get ||= a.includes('g');
        put ||= a.includes('p');
      } else if (a.startsWith('-')) {
        ctx.stderr(`${prog}: unrecognized option: ${a.slice(1, 2)}\n${busyboxUsage(ctx, prog, usage)}`);
        return 1;
      } else rest.push(a);
    }
    const host = rest[0];
    if (!host || (!get && !put) || (get && put) || (!local && !remote)) {
      ctx.stderr(busyboxUsage(ctx, prog, usage));
      return 1;
    }
    const port = rest[1] ?? '69';
    const remoteName = remote ?? local!;
    if (put) {
      // Uploads leave the decky through nothing: the server "times out".
      ctx.stderr(`${prog}: timeout\n`);
      return 1;
    }
    return save(
      ctx,
      prog,
      `tftp://${host}:${port}/${remoteName}`,
      'tftp',
      local ?? remoteName.slice(remoteName.lastIndexOf('/') + 1),
      {
        // A literal address needs no resolver: with no route the server just never answers.
        unresolved: isIpv4(host) ? 'timeout' : `bad address '${host}'`,
        refused: 'timeout',
        timeout: 'timeout',
        not_found: `server error: (1) File not found`,
      },
    );
  },
});

export const ftpgetCommand = defineCommand({
  name: 'ftpget',
  path: '/usr/sbin/ftpget',
  availableOn: packaged([], 'ftpget'),
  run: async (ctx) => {
    const prog = progName(ctx, 'ftpget');
    const usage =
      '[OPTIONS] HOST [LOCAL_FILE] REMOTE_FILE\n\nDownload a file via FTP\n\n\t-c\tContinue previous transfer\n\t-v\tVerbose\n\t-u USER\tUsername\n\t-p PASS\tPassword\n\t-P PORT\n';
    const argv = ctx.argv.slice(1);
    let user = 'anonymous';
    let pass = 'anonymous';
    let port = '21';
    const rest: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-u') user = argv[++i] ?? user;
      else if (a === '-p') pass = argv[++i] ?? pass;
      else if (a === '-P') port = argv[++i] ?? port;
      else if (a === '-c' || a === '-v') continue;
      else if (a.startsWith('-')) {
        ctx.stderr(`${prog}: unrecognized option: ${a.slice(1, 2)}\n${busyboxUsage(ctx, prog, usage)}`);
        return 1;
      } else rest.push(a);
    }
    if (rest.length < 2) {
      ctx.stderr(busyboxUsage(ctx, prog, usage));
      return 1;
    }
    const host = rest[0]!;
    const remote = rest[rest.length - 1]!;
    const local = rest.length >= 3 ? rest[1]! : remote.slice(remote.lastIndexOf('/') + 1);
    const ip = addressFor(host);
    return save(
      ctx,
      prog,
      `ftp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@${host}:${port}/${remote.replace(/^\//, '')}`,
      'ftpget',
      local,
      {
        unresolved: isIpv4(host)
          ? `can't connect to remote host (${ip}): Connection timed out`
          : `bad address '${host}'`,
        refused: `can't connect to remote host (${ip}): Connection refused`,
        timeout: `can't connect to remote host (${ip}): Connection timed out`,
        not_found: `unexpected server response to RETR: 550 Failed to open file.`,
      },
    );
  },
});
