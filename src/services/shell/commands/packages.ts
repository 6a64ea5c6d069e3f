/**
 * Package managers (apt/apt-get and dpkg, yum/dnf and rpm, apk, pacman). Queries answer from the
 * installed list; anything that needs the network ends the way it does on a machine whose resolver
 * reaches nothing: "Temporary failure resolving 'archive.ubuntu.com'", Curl error (6) …
 */
import type { CommandContext } from '../command.js';
import { onlyOn } from './lib/availability.js';
import { debianPackages, isInstalled, rpmPackages } from './lib/packages.js';
import { defineCommand, progName } from './lib/program.js';

/** How long a resolver lookup takes to fail with no route (the stub resolver's retries). */
const RESOLVE_FAILURE_MS = 4_000;

function mirrors(ctx: CommandContext): Array<{ host: string; url: string; suites: string[] }> {
  const d = ctx.machine.distro.name;
  if (d === 'debian12')
    return [
      {
        host: 'deb.debian.org',
        url: 'http://deb.debian.org/debian',
        suites: ['bookworm', 'bookworm-updates'],
      },
      {
        host: 'security.debian.org',
        url: 'http://security.debian.org/debian-security',
        suites: ['bookworm-security'],
      },
    ];
  if (d === 'kali')
    return [{ host: 'http.kali.org', url: 'http://http.kali.org/kali', suites: ['kali-rolling'] }];
  const code = d === 'ubuntu20' ? 'focal' : 'jammy';
  return [
    {
      host: 'archive.ubuntu.com',
      url: 'http://archive.ubuntu.com/ubuntu',
      suites: [code, `${code}-updates`, `${code}-backports`],
    },
    { host: 'security.ubuntu.com', url: 'http://security.ubuntu.com/ubuntu', suites: [`${code}-security`] },
  ];
}

async function aptUpdate(ctx: CommandContext, modern: boolean): Promise<number> {
  const ms = mirrors(ctx);
  let n = 0;
  const lines: string[] = [];
  const ids = new Map<string, number>();
  for (const m of ms) for (const s of m.suites) ids.set(`${m.url} ${s}`, ++n);
  for (const [k, id] of ids) lines.push(`Ign:${id} ${k} InRelease`);
  ctx.stdout(`${lines.join('\n')}\n`);
  await ctx.sleep(RESOLVE_FAILURE_MS);
  const errs: string[] = [];
  const warns: string[] = [];
  for (const m of ms) {
    for (const s of m.suites) {
      errs.push(
        `Err:${ids.get(`${m.url} ${s}`)} ${m.url} ${s} InRelease\n  Temporary failure resolving '${m.host}'`,
      );
      warns.push(`W: Failed to fetch ${m.url}/dists/${s}/InRelease  Temporary failure resolving '${m.host}'`);
    }
  }
  ctx.stdout(`${errs.join('\n')}\nReading package lists...${modern ? ' Done' : ''}\n`);
  if (modern)
    ctx.stdout(
      'Building dependency tree... Done\nReading state information... Done\nAll packages are up to date.\n',
    );
  ctx.stderr(
    `${warns.join('\n')}\nW: Some index files failed to download. They have been ignored, or old ones used instead.\n`,
  );
  return 0;
}

async function apt(ctx: CommandContext, tool: 'apt' | 'apt-get'): Promise<number> {
  const args = ctx.argv.slice(1);
  const yes = args.some(
    (a) => a === '-y' || a === '--yes' || a === '--assume-yes' || a === '-qy' || a === '-yq',
  );
  const positional = args.filter((a) => !a.startsWith('-'));
  const verb = positional[0];
  const names = positional.slice(1);
  const modern = tool === 'apt';
  const root = ctx.user.uid === 0;
  if (args.includes('--version') || args.includes('-v')) {
    ctx.stdout(`apt ${ctx.machine.distro.name === 'debian12' ? '2.6.1' : '2.4.13'} (amd64)\n`);
    return 0;
  }
  if (verb === undefined) {
    ctx.stdout(
      `apt ${ctx.machine.distro.name === 'debian12' ? '2.6.1' : '2.4.13'} (amd64)\nUsage: ${tool} [options] command\n\n${tool} is a commandline package manager and provides commands for\nsearching and managing as well as querying information about packages.\n`,
    );
    return tool === 'apt' ? 1 : 0;
  }
  const lockError = (what: 'lists' | 'dpkg') => {
    if (what === 'lists')
      ctx.stderr(
        `${modern ? 'Reading package lists... Done\n' : ''}E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n`,
      );
    else
      ctx.stderr(
        'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n',
      );
    return 100;
  };
  if (modern && !ctx.terminal.isTty)
    ctx.stderr('\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n');
  switch (verb) {
    case 'update':
      if (!root) return lockError('lists');
      return aptUpdate(ctx, modern);
    case 'install':
    case 'upgrade':
    case 'dist-upgrade':
    case 'full-upgrade':
    case 'remove':
    case 'purge':
    case 'autoremove':
    case 'reinstall': {
      if (!root) return lockError('dpkg');
      ctx.stdout(
        `Reading package lists...${modern ? ' Done' : ''}\nBuilding dependency tree...${modern ? ' Done' : ''}\nReading state information...${modern ? ' Done' : ''}\n`,
      );
      if (verb === 'upgrade' || verb === 'dist-upgrade' || verb === 'full-upgrade' || verb === 'autoremove') {
        ctx.stdout(
          `${verb === 'autoremove' ? '' : 'Calculating upgrade...' + (modern ? ' Done\n' : '\n')}0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n`,
        );
        return 0;
      }
      if (names.length === 0) {
        ctx.stdout('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
        return 0;
      }
      const present = names.filter((n) => isInstalled(ctx.machine, n));
      const missing = names.filter((n) => !isInstalled(ctx.machine, n));
      if (verb === 'remove' || verb === 'purge') {
        for (const n of missing) ctx.stdout(`Package '${n}' is not installed, so not removed\n`);
        if (present.length > 0) {
          ctx.stdout(
            `The following packages will be REMOVED:\n  ${present.join(' ')}\n0 upgraded, 0 newly installed, ${present.length} to remove and 0 not upgraded.\nAfter this operation, ${present.length * 2048} kB disk space will be freed.\n`,
          );
          if (!yes) {
            ctx.stdout('Do you want to continue? [Y/n] ');
            if (!/^y/i.test(ctx.stdin.toString().trim() || 'n')) {
              ctx.stdout('Abort.\n');
              return 1;
            }
          }
          ctx.stdout(
            `(Reading database ... 71284 files and directories currently installed.)\n${present.map((p) => `Removing ${p} ...`).join('\n')}\n`,
          );
        } else ctx.stdout('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
        return 0;
      }
      for (const n of present)
        ctx.stdout(
          `${n} is already the newest version (${debianPackages(ctx.machine).find((p) => p.name === n)?.version}).\n`,
        );
      if (missing.length === 0) {
        ctx.stdout('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
        return 0;
      }
      // With no reachable mirror, the lists have no candidate for a package not yet installed.
      const first = missing[0]!;
      ctx.stderr(`E: Unable to locate package ${first}\n`);
      return 100;
    }
    case 'search':
      ctx.stdout(`Sorting...${modern ? ' Done' : ''}\nFull Text Search...${modern ? ' Done' : ''}\n`);
      return 0;
    case 'list':
      ctx.stdout(
        `Listing...${modern ? ' Done' : ''}\n${debianPackages(ctx.machine)
          .filter((p) => names.length === 0 || names.some((n) => p.name.includes(n.replace(/\*/g, ''))))
          .map((p) => `${p.name}/now ${p.version} ${p.arch} [installed,local]`)
          .join('\n')}\n`,
      );
      return 0;
    case 'show':
    case 'policy':
    case 'clean':
    case 'autoclean':
      return 0;
    default:
      ctx.stderr(`E: Invalid operation ${verb}\n`);
      return 100;
  }
}

export const aptCommand = defineCommand({
  name: 'apt',
  path: '/usr/bin/apt',
  availableOn: onlyOn('debian'),
  run: (ctx) => apt(ctx, 'apt'),
});
export const aptGetCommand = defineCommand({
  name: 'apt-get',
  path: '/usr/bin/apt-get',
  availableOn: onlyOn('debian'),
  run: (ctx) => apt(ctx, 'apt-get'),
});

export const dpkgCommand = defineCommand({
  name: 'dpkg',
  path: '/usr/bin/dpkg',
  availableOn: onlyOn('debian'),
  run: (ctx) => {
    const prog = progName(ctx, 'dpkg');
    const args = ctx.argv.slice(1);
    const pkgs = debianPackages(ctx.machine);
    if (args[0] === '-l' || args[0] === '--list') {
      const filter = args.slice(1);
      const picked = pkgs.filter(
        (p) =>
          filter.length === 0 ||
          filter.some((f) => new RegExp(`^${f.replace(/[.+]/g, '\\$&').replace(/\*/g, '.*')}$`).test(p.name)),
      );
      if (picked.length === 0) {
        ctx.stderr(`dpkg-query: no packages found matching ${filter.join(' ')}\n`);
        return 1;
      }
      const wide = ctx.terminal.isTty && ctx.terminal.columns >= 150;
      const [nw, vw, aw, dw] = wide ? [36, 39, 12, 80] : [14, 12, 12, 33];
      const cut = (s: string, w: number, fill = true) =>
        s.length > w ? s.slice(0, w) : fill ? s.padEnd(w) : s;
      let out =
        'Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n';
      out += `||/ ${cut('Name', nw)} ${cut('Version', vw)} ${cut('Architecture', aw)} Description\n`;
      out += `+++-${'='.repeat(nw)}-${'='.repeat(vw)}-${'='.repeat(aw)}-${'='.repeat(dw)}\n`;
      for (const p of picked)
        out += `ii  ${cut(p.name, nw)} ${cut(p.version, vw)} ${cut(p.arch, aw)} ${cut(p.description, dw, false)}\n`;
      ctx.stdout(out);
      return 0;
    }
    if (args[0] === '-s' || args[0] === '--status') {
      const p = pkgs.find((x) => x.name === args[1]);
      if (!p) {
        ctx.stderr(
          `dpkg-query: package '${args[1]}' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n`,
        );
        return 1;
      }
      ctx.stdout(
        `Package: ${p.name}\nStatus: install ok installed\nPriority: optional\nArchitecture: ${p.arch}\nVersion: ${p.version}\nDescription: ${p.description}\n`,
      );
      return 0;
    }
    if (args[0] === '-i' || args[0] === '--install') {
      if (ctx.user.uid !== 0) {
        ctx.stderr(`${prog}: error: requested operation requires superuser privilege\n`);
        return 2;
      }
      ctx.stderr(`${prog}: error: cannot access archive '${args[1] ?? ''}': No such file or directory\n`);
      return 2;
    }
    if (args[0] === '--print-architecture') {
      ctx.stdout('amd64\n');
      return 0;
    }
    ctx.stderr(
      `${prog}: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe it through 'less' or 'more' !\n`,
    );
    return 2;
  },
});

async function dnf(ctx: CommandContext, tool: 'yum' | 'dnf'): Promise<number> {
  const args = ctx.argv.slice(1);
  const positional = args.filter((a) => !a.startsWith('-'));
  const verb = positional[0];
  const centos = ctx.machine.distro.name === 'centos7';
  if (args.includes('--version')) {
    ctx.stdout(centos ? '3.4.3\n' : '4.14.0\n');
    return 0;
  }
  if (verb === undefined) {
    ctx.stderr(
      centos
        ? `Loaded plugins: fastestmirror\nYou need to give some command\nusage: yum [options] COMMAND\n`
        : `usage: ${tool} [options] COMMAND\n\nList of Main Commands:\n`,
    );
    return 1;
  }
  if (verb === 'list' && positional[1] === 'installed') {
    ctx.stdout(
      `Installed Packages\n${rpmPackages(ctx.machine)
        .map((p) => {
          const m = /^(.+)-([^-]+-[^-]+)\.([^.]+)$/.exec(p);
          return m ? `${`${m[1]}.${m[3]}`.padEnd(40)}${m[2]!.padEnd(26)}@anaconda` : p;
        })
        .join('\n')}\n`,
    );
    return 0;
  }
  if (
    ctx.user.uid !== 0 &&
    ['install', 'update', 'upgrade', 'remove', 'erase', 'makecache', 'groupinstall', 'reinstall'].includes(
      verb,
    )
  ) {
    ctx.stderr(
      centos
        ? 'Loaded plugins: fastestmirror\nYou need to be root to perform this command.\n'
        : 'Error: This command has to be run with superuser privileges (under the root user on most systems).\n',
    );
    return 1;
  }
  await ctx.sleep(RESOLVE_FAILURE_MS);
  if (centos) {
    ctx.stdout('Loaded plugins: fastestmirror\nDetermining fastest mirrors\n');
    ctx.stderr(
      `Could not retrieve mirrorlist http://mirrorlist.centos.org/?release=7&arch=x86_64&repo=os&infra=stock error was\n14: curl#6 - "Could not resolve host: mirrorlist.centos.org; Unknown error"\n\n\n One of the configured repositories failed (Unknown),\n and yum doesn't have enough cached data to continue. At this point the only\n safe thing yum can do is fail. There are a few ways to work "fix" this:\n\n     1. Contact the upstream for the repository and get them to fix the problem.\n\n     2. Reconfigure the baseurl/etc. for the repository, to point to a working\n        upstream. This is most often useful if you are using a newer\n        distribution release than is supported by the repository (and the\n        packages for the previous distribution release still work).\n\n     3. Run the command with the repository temporarily disabled\n            yum --disablerepo=<repoid> ...\n\n     4. Disable the repository permanently, so yum won't use it by default. Yum\n        will then just ignore the repository until you permanently enable it\n        again or use --enablerepo for temporary usage:\n\n            yum-config-manager --disable <repoid>\n        or\n            subscription-manager repos --disable=<repoid>\n\n     5. Configure the failing repository to be skipped, if it is unavailable.\n        Note that yum will try to contact the repo. when it runs most commands,\n        so will have to try and fail each time (and thus. yum will be be much\n        slower). If it is a very temporary problem though, this is often a nice\n        compromise:\n\n            yum-config-manager --save --setopt=<repoid>.skip_if_unavailable=true\n\nCannot find a valid baseurl for repo: base/7/x86_64\n`,
    );
    return 1;
  }
  const fedora = ctx.machine.distro.name === 'fedora39';
  const repo = fedora ? 'fedora' : 'baseos';
  const title = fedora ? 'Fedora 39 - x86_64' : 'Rocky Linux 9 - BaseOS';
  const url = fedora
    ? 'https://mirrors.fedoraproject.org/metalink?repo=fedora-39&arch=x86_64'
    : 'https://mirrors.rockylinux.org/mirrorlist?arch=x86_64&repo=BaseOS-9';
  const host = new URL(url).host;
  ctx.stdout(`${title.padEnd(48)}0.0  B/s |   0  B     00:00    \n`);
  ctx.stderr(
    `Errors during downloading metadata for repository '${repo}':\n  - Curl error (6): Couldn't resolve host name for ${url} [Could not resolve host: ${host}]\nError: Failed to download metadata for repo '${repo}': Cannot prepare internal mirrorlist: Curl error (6): Couldn't resolve host name for ${url} [Could not resolve host: ${host}]\n`,
  );
  return 1;
}

export const yumCommand = defineCommand({
  name: 'yum',
  path: '/usr/bin/yum',
  availableOn: onlyOn('rhel'),
  run: (ctx) => dnf(ctx, 'yum'),
});
export const dnfCommand = defineCommand({
  name: 'dnf',
  path: '/usr/bin/dnf',
  availableOn: onlyOn('rocky9', 'fedora39'),
  run: (ctx) => dnf(ctx, 'dnf'),
});

export const rpmCommand = defineCommand({
  name: 'rpm',
  path: '/usr/bin/rpm',
  availableOn: onlyOn('rhel'),
  run: (ctx) => {
    const args = ctx.argv.slice(1);
    const all = rpmPackages(ctx.machine);
    if (args.includes('--version')) {
      ctx.stdout(`RPM version ${ctx.machine.distro.name === 'centos7' ? '4.11.3' : '4.16.1.3'}\n`);
      return 0;
    }
    if (args.some((a) => /^-q\w*a/.test(a)) || (args.includes('-q') && args.includes('-a'))) {
      ctx.stdout(all.map((p) => `${p}\n`).join(''));
      return 0;
    }
    if (args[0]?.startsWith('-q')) {
      let status = 0;
      for (const name of args.slice(1).filter((a) => !a.startsWith('-'))) {
        const found = all.find((p) => p.startsWith(`${name}-`) && /^\d/.test(p.slice(name.length + 1)));
        if (found) ctx.stdout(`${found}\n`);
        else {
          ctx.stdout(`package ${name} is not installed\n`);
          status = 1;
        }
      }
      return status;
    }
    if (args[0]?.startsWith('-i') || args[0]?.startsWith('-U')) {
      const file = args.find((a, i) => i > 0 && !a.startsWith('-')) ?? '';
      ctx.stderr(
        ctx.user.uid !== 0
          ? `error: can't create transaction lock on /var/lib/rpm/.rpm.lock (Permission denied)\n`
          : `error: open of ${file} failed: No such file or directory\n`,
      );
      return 1;
    }
    ctx.stderr('rpm: no operation specified\n');
    return 1;
  },
});

export const apkCommand = defineCommand({
  name: 'apk',
  path: '/sbin/apk',
  availableOn: onlyOn('alpine'),
  run: async (ctx) => {
    const args = ctx.argv.slice(1);
    const verb = args.find((a) => !a.startsWith('-'));
    const names = args.filter((a) => !a.startsWith('-')).slice(1);
    if (args.includes('--version') || args.includes('-V')) {
      ctx.stdout('apk-tools 2.14.4, compiled for x86_64.\n');
      return 0;
    }
    if (verb === 'info') {
      ctx.stdout(
        [
          'alpine-baselayout',
          'alpine-baselayout-data',
          'alpine-conf',
          'alpine-keys',
          'alpine-release',
          'apk-tools',
          'busybox',
          'busybox-binsh',
          'ca-certificates-bundle',
          'chrony',
          'ifupdown-ng',
          'libc-utils',
          'libcrypto3',
          'libssl3',
          'musl',
          'musl-utils',
          'openrc',
          'openssh',
          'openssh-server',
          'scanelf',
          'ssl_client',
          'zlib',
        ]
          .map((p) => `${p}\n`)
          .join(''),
      );
      return 0;
    }
    if (!verb || !['update', 'add', 'upgrade', 'del', 'fix', 'search', 'cache'].includes(verb)) {
      ctx.stderr(
        'apk-tools 2.14.4, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n',
      );
      return 1;
    }
    if (ctx.user.uid !== 0 && verb !== 'search') {
      ctx.stderr(
        'ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n',
      );
      return 99;
    }
    await ctx.sleep(RESOLVE_FAILURE_MS);
    const repos = ['main', 'community'];
    let out = '';
    for (const r of repos) {
      out += `fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/${r}/x86_64/APKINDEX.tar.gz\n`;
      ctx.stdout(out);
      out = '';
      ctx.stderr(
        `ERROR: https://dl-cdn.alpinelinux.org/alpine/v3.19/${r}: temporary error (try again later)\nWARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.19/${r}: No such file or directory\n`,
      );
    }
    if (verb === 'update') {
      ctx.stdout('2 unavailable, 0 stale; 22 distinct packages available\n');
      return 2;
    }
    if (verb === 'add' && names.length > 0) {
      ctx.stderr(
        `ERROR: unable to select packages:\n${names.map((n) => `  ${n} (no such package):\n    required by: world[${n}]`).join('\n')}\n`,
      );
      return names.length;
    }
    ctx.stdout('OK: 9 MiB in 22 packages\n');
    return 0;
  },
});

export const pacmanCommand = defineCommand({
  name: 'pacman',
  path: '/usr/bin/pacman',
  availableOn: onlyOn('arch'),
  run: async (ctx) => {
    const args = ctx.argv.slice(1);
    const op = args.find((a) => a.startsWith('-')) ?? '';
    if (op.startsWith('-Q')) {
      ctx.stdout(
        'base 3-2\nbash 5.2.037-1\ncoreutils 9.5-2\nfilesystem 2024.11.21-1\nglibc 2.40+r16+gaa533d58ff-2\nlinux 6.12.4.arch1-1\nopenssh 9.9p1-2\npacman 7.0.0.r3.g7736133-1\nsudo 1.9.16.p2-1\nsystemd 256.10-1\n',
      );
      return 0;
    }
    if (op === '-V' || op === '--version') {
      ctx.stdout(
        "\n .--.                  Pacman v7.0.0 - libalpm v15.0.0\n/ _.-' .-.  .-.  .-.   Copyright (C) 2006-2024 Pacman Development Team\n\\  '-. '-'  '-'  '-'   Copyright (C) 2002-2006 Judd Vinet\n '--'\n                        This program may be freely redistributed under\n                        the terms of the GNU General Public License.\n\n",
      );
      return 0;
    }
    if (!op.startsWith('-S') && !op.startsWith('-U') && !op.startsWith('-R')) {
      ctx.stderr('error: no operation specified (use -h for help)\n');
      return 1;
    }
    if (ctx.user.uid !== 0) {
      ctx.stderr('error: you cannot perform this operation unless you are root.\n');
      return 1;
    }
    if (op.includes('y')) {
      ctx.stdout(':: Synchronizing package databases...\n');
      await ctx.sleep(RESOLVE_FAILURE_MS);
      ctx.stderr(
        " core.db failed to download\n extra.db failed to download\nerror: failed retrieving file 'core.db' from geo.mirror.pkgbuild.com : Could not resolve host: geo.mirror.pkgbuild.com\nerror: failed retrieving file 'extra.db' from geo.mirror.pkgbuild.com : Could not resolve host: geo.mirror.pkgbuild.com\nerror: failed to synchronize all databases (invalid url for server)\n",
      );
      return 1;
    }
    const target = args.find((a) => !a.startsWith('-'));
    ctx.stderr(`error: target not found: ${target ?? ''}\n`);
    return 1;
  },
});

/** What pkg(8) reports as installed on a FreeBSD decky: pkg itself, the usual first installs, the web server. */
export function freebsdPackages(ctx: CommandContext): Array<[string, string]> {
  const list: Array<[string, string]> = [
    ['ca_root_nss-3.104', 'Root certificate bundle from the Mozilla Project'],
    ['gettext-runtime-0.22.5', 'GNU gettext runtime libraries and programs'],
    ['indexinfo-0.3.1', 'Utility to regenerate the GNU info page index'],
    ['libevent-2.1.12', 'API for executing callback functions on events or timeouts'],
    ['pkg-1.21.3', 'Package manager'],
    ['tmux-3.5a', 'Terminal Multiplexer'],
    ['utf8proc-2.9.0', 'UTF-8 processing library'],
  ];
  if (ctx.machine.distro.httpServer.startsWith('nginx') && ctx.machine.persona.archetype === 'web-server')
    list.push(
      ['nginx-1.26.2_6,3', 'Robust and small WWW server'],
      ['pcre2-10.43', 'Perl Compatible Regular Expressions library, version 2'],
    );
  return list.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** pkg's exit status for a non-root install or update (sysexits(3) EX_NOPERM). */
const PKG_EX_NOPERM = 77;

const PKG_REPO = 'http://pkg.FreeBSD.org/FreeBSD:14:amd64/quarterly';

async function pkgCatalogueFailure(ctx: CommandContext, prog: string): Promise<number> {
  ctx.stdout('Updating FreeBSD repository catalogue...\n');
  await ctx.sleep(RESOLVE_FAILURE_MS);
  ctx.stderr(
    `${prog}: ${PKG_REPO}/meta.txz: Non-recoverable resolver failure\n` +
      'repository FreeBSD has no meta file, using default settings\n' +
      `${prog}: ${PKG_REPO}/data.pkg: Non-recoverable resolver failure\n` +
      'Unable to update repository FreeBSD\nError updating repositories!\n',
  );
  return 3;
}

export const pkgCommand = defineCommand({
  name: 'pkg',
  path: '/usr/local/sbin/pkg',
  availableOn: onlyOn('bsd'),
  run: async (ctx) => {
    const prog = progName(ctx, 'pkg');
    const args = ctx.argv.slice(1);
    if (args[0] === '-v' || args[0] === '--version') {
      ctx.stdout('1.21.3\n');
      return 0;
    }
    const verb = args.find((a) => !a.startsWith('-'));
    const names = args.filter((a) => !a.startsWith('-')).slice(1);
    const installed = freebsdPackages(ctx);
    const find = (name: string) => installed.find(([p]) => p === name || p.replace(/-[^-]+$/, '') === name);
    switch (verb) {
      case undefined:
      case 'help':
        ctx.stderr(
          'Usage: pkg [-v] [-d] [-l] [-N] [-j <jail name or id>|-c <chroot path>|-r <rootdir>] [-C <configuration file>] [-R <repo config dir>] [-o var=value] [-4|-6] <command> [<args>]\n\n' +
            "For more information on available commands and options see 'pkg help'.\n",
        );
        return 1;
      case 'info':
        if (names.length === 0) {
          ctx.stdout(installed.map(([p, c]) => `${p.padEnd(30)} ${c}\n`).join(''));
          return 0;
        }
        for (const name of names) {
          const p = find(name);
          if (!p) {
            ctx.stderr(`${prog}: No package(s) matching ${name}\n`);
            return 70;
          }
          const dash = p[0].lastIndexOf('-');
          ctx.stdout(
            `${p[0]}\nName           : ${p[0].slice(0, dash)}\nVersion        : ${p[0].slice(dash + 1)}\nOrigin         : ${p[0].slice(0, dash)}\nArchitecture   : FreeBSD:14:amd64\nPrefix         : /usr/local\nComment        : ${p[1]}\n`,
          );
        }
        return 0;
      case 'version':
        ctx.stdout(installed.map(([p]) => `${p.padEnd(35)} =\n`).join(''));
        return 0;
      case 'update':
      case 'install':
      case 'upgrade':
      case 'add':
      case 'fetch':
      case 'delete':
      case 'remove':
        if (ctx.user.uid !== 0) {
          ctx.stderr(
            verb === 'update'
              ? `${prog}: Insufficient privileges to update the repository catalogue.\n`
              : `${prog}: Insufficient privileges to ${verb === 'remove' || verb === 'delete' ? 'delete' : 'install'} packages\n`,
          );
          return PKG_EX_NOPERM;
        }
        if (verb === 'delete' || verb === 'remove') {
          ctx.stdout('Checking integrity... done (0 conflicting)\n');
          ctx.stderr(`${prog}: No packages matched for pattern '${names[0] ?? ''}'\n`);
          return 1;
        }
        return pkgCatalogueFailure(ctx, prog);
      default:
        ctx.stderr(
          `${prog}: unknown command: ${verb}\nFor more information on available commands and options see 'pkg help'.\n`,
        );
        return 1;
    }
  },
});
