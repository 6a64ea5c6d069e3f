/**
 * ssh(1) and scp(1) for attackers pivoting onward. Nothing leaves the decky: names do not resolve,
 * addresses time out, and the decky itself asks about its host key, which a session without a
 * terminal to answer on refuses.
 */
import { createHash } from 'node:crypto';
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { onlyOn } from './lib/availability.js';
import { isIpAddress } from './lib/download.js';
import { defineCommand, progName } from './lib/program.js';

/** How long the kernel keeps trying a connect nobody answers, shortened as the shell's sleeps are. */
const CONNECT_TIMEOUT_MS = 20_000;

/** OpenSSH client version banner (`ssh -V`) of each distro. */
const VERSION: Readonly<Record<string, string>> = {
  debian12: 'OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024',
  ubuntu22: 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.10, OpenSSL 3.0.2 15 Mar 2022',
  ubuntu20: 'OpenSSH_8.2p1 Ubuntu-4ubuntu0.11, OpenSSL 1.1.1f  31 Mar 2020',
  kali: 'OpenSSH_9.9p1 Debian-3, OpenSSL 3.3.2 3 Sep 2024',
  rocky9: 'OpenSSH_8.7p1, OpenSSL 3.2.2 4 Jun 2024',
  centos7: 'OpenSSH_7.4p1, OpenSSL 1.0.2k-fips  26 Jan 2017',
  fedora39: 'OpenSSH_9.3p1, OpenSSL 3.1.4 24 Oct 2023',
  arch: 'OpenSSH_9.9p1, OpenSSL 3.4.0 22 Oct 2024',
  alpine319: 'OpenSSH_9.6p1, OpenSSL 3.1.7 3 Sep 2024',
};

const SSH_USAGE = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]
           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]
           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]
           [-J destination] [-L address] [-l login_name] [-m mac_spec]
           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]
           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]
           destination [command [argument ...]]
`;

/** Options of ssh that take an argument. */
const WITH_ARG = new Set('BbcDEeFIiJLlmOoPpQRSWw'.split(''));

/** Where a destination (`user@host`, `ssh://user@host:port`) points. */
function hostOf(destination: string): string {
  let host = destination.replace(/^ssh:\/\//, '');
  host = host.slice(host.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.replace(/:\d*$/, '');
}

/** The failure a connection from the decky to `host` meets, as ssh reports it; null when it reaches the decky itself. */
async function connect(ctx: CommandContext, host: string, port: string): Promise<string | null> {
  const self = ['localhost', '127.0.0.1', '::1', ctx.machine.hostname, ctx.machine.network.ip];
  if (self.includes(host)) return null;
  if (!isIpAddress(host)) {
    const reason =
      familyOf(ctx.machine.distro) === 'alpine'
        ? 'Name does not resolve'
        : 'Temporary failure in name resolution';
    return `ssh: Could not resolve hostname ${host.toLowerCase()}: ${reason}\r\n`;
  }
  await ctx.sleep(CONNECT_TIMEOUT_MS);
  return `ssh: connect to host ${host} port ${port}: Connection timed out\r\n`;
}

/** SHA256 fingerprint of the decky's ED25519 host key, as ssh prints it. */
function hostKeyFingerprint(ctx: CommandContext): string {
  let blob = Buffer.from(ctx.machine.hostname);
  try {
    const line = ctx.fs.readFile('/etc/ssh/ssh_host_ed25519_key.pub').toString();
    blob = Buffer.from(line.split(' ')[1] ?? '', 'base64');
  } catch {
    // No readable host key: a stable stand-in from the name.
  }
  return createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The host key question the decky asks about itself, refused for want of a terminal to answer on. */
function hostKeyRefusal(ctx: CommandContext, host: string): string {
  const address = host === 'localhost' ? '127.0.0.1' : host;
  return `The authenticity of host '${host} (${address})' can't be established.\nED25519 key fingerprint is SHA256:${hostKeyFingerprint(ctx)}.\nThis key is not known by any other names.\nAre you sure you want to continue connecting (yes/no/[fingerprint])? \nHost key verification failed.\r\n`;
}

export const sshCommand = defineCommand({
  name: 'ssh',
  path: '/usr/bin/ssh',
  availableOn: onlyOn('debian', 'rhel', 'arch', 'alpine'),
  run: async (ctx) => {
    const prog = progName(ctx, 'ssh');
    const argv = ctx.argv.slice(1);
    let port = '22';
    let destination: string | undefined;
    for (let i = 0; i < argv.length && destination === undefined; i++) {
      const a = argv[i]!;
      if (!a.startsWith('-') || a === '-') {
        destination = a;
        break;
      }
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === 'V') {
          ctx.stderr(`${VERSION[ctx.machine.distro.name] ?? VERSION.debian12}\n`);
          return 0;
        }
        if (WITH_ARG.has(c)) {
          const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (value === undefined) {
            ctx.stderr(`${prog}: option requires an argument -- ${c}\n${SSH_USAGE}`);
            return 255;
          }
          if (c === 'p') port = value;
          break;
        }
        if (!'46AaCfGgKkMNnqsTtvXxYy'.includes(c)) {
          ctx.stderr(`${prog}: illegal option -- ${c}\n${SSH_USAGE}`);
          return 255;
        }
      }
    }
    if (destination === undefined) {
      ctx.stderr(SSH_USAGE);
      return 255;
    }
    const host = hostOf(destination);
    const failure = await connect(ctx, host, port);
    if (failure !== null) {
      ctx.stderr(failure);
      return 255;
    }
    ctx.stderr(hostKeyRefusal(ctx, host));
    return 255;
  },
});

export const scpCommand = defineCommand({
  name: 'scp',
  path: '/usr/bin/scp',
  availableOn: onlyOn('debian', 'rhel', 'arch', 'alpine'),
  run: async (ctx) => {
    const argv = ctx.argv.slice(1);
    const operands: string[] = [];
    let port = '22';
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (!a.startsWith('-')) operands.push(a);
      else if (a === '-P') port = argv[++i] ?? port;
      else if (['-i', '-o', '-F', '-c', '-l', '-S', '-J'].includes(a)) i++;
    }
    if (operands.length < 2) {
      ctx.stderr(
        'usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]\n           [-P port] [-S program] [-X sftp_option] source ... target\n',
      );
      return 1;
    }
    const remote = operands.find((o) => /^[^/]*:/.test(o));
    // Two local paths: scp copies like cp.
    if (!remote) return ctx.run(['cp', ...operands]);
    const host = hostOf(remote.slice(0, remote.indexOf(':')));
    const failure = await connect(ctx, host, port);
    const closed = ['centos7', 'ubuntu20'].includes(ctx.machine.distro.name)
      ? 'lost connection\n'
      : 'scp: Connection closed\r\n';
    ctx.stderr(`${failure ?? hostKeyRefusal(ctx, host)}${closed}`);
    return closed === 'lost connection\n' ? 1 : 255;
  },
});
