/**
 * sysctl(8) over /proc/sys: reads keys (`kernel.hostname`, `-n`, `-a`), and accepts writes from root
 * without changing anything (the session's /proc is generated), refusing them to others. On FreeBSD,
 * the kernel's MIB (`hw.model: …`) from the machine model, so it agrees with dmesg, top and ps.
 */
import { seededRandom } from '../../shared/seeded-random.js';
import type { CommandContext } from '../command.js';
import { familyOf, freebsdMemory } from '../machine.js';
import { ctime } from '../motd.js';
import { loadAverage } from '../vfs/system-state.js';
import { coreTool } from './lib/availability.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';
import { walk } from './lib/walk.js';

const ROOT = '/proc/sys';

function pathOf(key: string): string {
  return `${ROOT}/${key.replace(/\./g, '/')}`;
}

function keyOf(path: string): string {
  return path.slice(ROOT.length + 1).replace(/\//g, '.');
}

function read(ctx: CommandContext, key: string): string | null {
  try {
    return ctx.fs.readFile(pathOf(key)).toString().replace(/\n$/, '');
  } catch {
    return null;
  }
}

/** FreeBSD 14.1's __FreeBSD_version (sys/sys/param.h of releng/14.1). */
const FREEBSD_OSRELDATE = 1401000;

/** The FreeBSD MIB entries a decky answers, in `sysctl -a` order; the few root may set are marked. */
export function freebsdMib(ctx: CommandContext): Array<{ name: string; value: string; writable?: boolean }> {
  const m = ctx.machine;
  const now = ctx.clock.now();
  const memory = freebsdMemory(m);
  const random = seededRandom(m.persona.seed, 'sysctl');
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[random.int(0, 15)]).join('');
  const bootSeconds = Math.floor(m.bootMs / 1000);
  const [a, b, c] = loadAverage(m, now);
  const maxproc = Math.min(99_999, Math.max(4_000, Math.floor(memory.physBytes / 1024 / 1024) * 4 + 1_000));
  return [
    { name: 'kern.ostype', value: 'FreeBSD' },
    { name: 'kern.osrelease', value: m.distro.kernel },
    { name: 'kern.osrevision', value: '199506' },
    { name: 'kern.version', value: `${m.distro.kernelVersion}\n` },
    { name: 'kern.maxproc', value: String(maxproc) },
    { name: 'kern.maxfiles', value: String(maxproc * 32) },
    { name: 'kern.argmax', value: '524288' },
    { name: 'kern.securelevel', value: '-1', writable: true },
    { name: 'kern.hostname', value: m.hostname, writable: true },
    { name: 'kern.clockrate', value: '{ hz = 1000, tick = 1000, profhz = 8128, stathz = 127 }' },
    {
      name: 'kern.boottime',
      value: `{ sec = ${bootSeconds}, usec = ${random.int(0, 999_999)} } ${ctime(m.bootMs)}`,
    },
    { name: 'kern.domainname', value: '', writable: true },
    { name: 'kern.osreldate', value: String(FREEBSD_OSRELDATE) },
    { name: 'kern.bootfile', value: '/boot/kernel/kernel' },
    { name: 'kern.module_path', value: '/boot/kernel;/boot/modules' },
    { name: 'kern.hostuuid', value: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}` },
    { name: 'kern.vm_guest', value: 'kvm' },
    { name: 'kern.ipc.soacceptqueue', value: '128', writable: true },
    { name: 'vm.loadavg', value: `{ ${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)} }` },
    { name: 'vm.swap_enabled', value: '1' },
    { name: 'hw.machine', value: 'amd64' },
    { name: 'hw.model', value: m.cpu.model },
    { name: 'hw.ncpu', value: String(m.cpu.cores) },
    { name: 'hw.byteorder', value: '1234' },
    { name: 'hw.physmem', value: String(memory.physBytes) },
    { name: 'hw.usermem', value: String(memory.availBytes - Math.floor(memory.physBytes * 0.08)) },
    { name: 'hw.pagesize', value: '4096' },
    { name: 'hw.floatingpoint', value: '1' },
    { name: 'hw.machine_arch', value: 'amd64' },
    { name: 'hw.realmem', value: String(memory.realBytes) },
    { name: 'hw.clockrate', value: String(Math.round(m.cpu.mhz)) },
    { name: 'net.inet.ip.forwarding', value: '0', writable: true },
    { name: 'net.inet.tcp.blackhole', value: '0', writable: true },
    { name: 'net.inet.udp.blackhole', value: '0', writable: true },
    { name: 'security.bsd.see_other_uids', value: '1', writable: true },
    { name: 'security.jail.jailed', value: '0' },
  ];
}

/** sysctl(8) of FreeBSD: `name: value`, -n, -a, a node name lists its leaves, "unknown oid" for the rest. */
function freebsdSysctl(ctx: CommandContext): number {
  const prog = progName(ctx, 'sysctl');
  let valuesOnly = false;
  let namesOnly = false;
  let all = false;
  let equals = false;
  let quiet = false;
  const names: string[] = [];
  for (const a of ctx.argv.slice(1)) {
    if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 'n') valuesOnly = true;
        else if (c === 'N') namesOnly = true;
        else if (c === 'a' || c === 'A' || c === 'o' || c === 'X') all = true;
        else if (c === 'e') equals = true;
        else if (c === 'q') quiet = true;
        else if (!'bdhiTW'.includes(c)) {
          ctx.stderr(
            `${prog}: illegal option -- ${c}\nusage: sysctl [-bdehiNnoqTtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n       sysctl [-bdehNnoqTtWx] [ -B <bufsize> ] -a\n`,
          );
          return 1;
        }
      }
    } else names.push(a);
  }
  const mib = freebsdMib(ctx);
  const show = (name: string, value: string) =>
    ctx.stdout(
      namesOnly ? `${name}\n` : valuesOnly ? `${value}\n` : `${name}${equals ? '=' : ': '}${value}\n`,
    );
  if (names.length === 0) {
    if (!all) {
      ctx.stderr(
        'usage: sysctl [-bdehiNnoqTtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n       sysctl [-bdehNnoqTtWx] [ -B <bufsize> ] -a\n',
      );
      return 1;
    }
    for (const e of mib) show(e.name, e.value);
    return 0;
  }
  let status = 0;
  for (const item of names) {
    const eq = item.indexOf('=');
    const name = eq >= 0 ? item.slice(0, eq) : item;
    const matches = mib.filter((e) => e.name === name || e.name.startsWith(`${name}.`));
    if (matches.length === 0) {
      if (!quiet) ctx.stderr(`${prog}: unknown oid '${name}'\n`);
      status = 1;
      continue;
    }
    if (eq < 0) {
      for (const e of matches) show(e.name, e.value);
      continue;
    }
    const entry = matches.find((e) => e.name === name);
    if (!entry?.writable) {
      ctx.stderr(`${prog}: oid '${name}' is read only\n`);
      status = 1;
      continue;
    }
    if (ctx.user.uid !== 0) {
      ctx.stderr(`${prog}: ${name}=${item.slice(eq + 1)}: Operation not permitted\n`);
      status = 1;
      continue;
    }
    if (!quiet) ctx.stdout(`${name}: ${entry.value} -> ${item.slice(eq + 1)}\n`);
  }
  return status;
}

export const sysctlCommand = defineCommand({
  name: 'sysctl',
  path: '/usr/sbin/sysctl',
  availableOn: coreTool('sysctl'),
  run: (ctx) => {
    if (familyOf(ctx.machine.distro) === 'bsd') return freebsdSysctl(ctx);
    const prog = progName(ctx, 'sysctl');
    const args = ctx.argv.slice(1);
    let valuesOnly = false;
    let write = false;
    let all = false;
    let quiet = false;
    const keys: string[] = [];
    for (const a of args) {
      if (a === '--version' || a === '-V') {
        ctx.stdout(isBusybox(ctx) ? '' : 'sysctl from procps-ng 4.0.2\n');
        return 0;
      }
      if (a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
        for (const c of a.slice(1)) {
          if (c === 'n') valuesOnly = true;
          else if (c === 'w') write = true;
          else if (c === 'a' || c === 'A' || c === 'X') all = true;
          else if (c === 'q') quiet = true;
          else if (c === 'e' || c === 'N' || c === 'p') continue;
          else {
            ctx.stderr(
              `${prog}: invalid option -- '${c}'\n\nUsage:\n ${prog} [options] [variable[=value] ...]\n`,
            );
            return 255;
          }
        }
      } else if (a === '--all') all = true;
      else if (a === '--values') valuesOnly = true;
      else if (a === '--write') write = true;
      else if (a === '--quiet') quiet = true;
      else keys.push(a);
    }
    const show = (key: string, value: string) =>
      ctx.stdout(valuesOnly ? `${value}\n` : `${key} = ${value}\n`);
    if (all) {
      const stat = ctx.fs.stat(ROOT);
      if (!stat) return 0;
      walk(
        ctx,
        { display: ROOT, path: ROOT, stat, depth: 0 },
        {
          leave: (entry) => {
            if (entry.stat.type !== 'file') return;
            const value = read(ctx, keyOf(entry.path));
            if (value !== null) show(keyOf(entry.path), value);
          },
        },
      );
      return 0;
    }
    if (keys.length === 0) {
      ctx.stderr(`${prog}: no variables specified\nTry \`${prog} --help' for more information.\n`);
      return 255;
    }
    let status = 0;
    for (const item of keys) {
      const eq = item.indexOf('=');
      const key = (eq >= 0 ? item.slice(0, eq) : item).trim().replace(/\//g, '.');
      if (eq >= 0 || write) {
        if (eq < 0) {
          ctx.stderr(`${prog}: "${key}" must be of the form name=value\n`);
          status = 255;
          continue;
        }
        if (read(ctx, key) === null) {
          ctx.stderr(`${prog}: cannot stat ${pathOf(key)}: No such file or directory\n`);
          status = 255;
          continue;
        }
        if (ctx.user.uid !== 0) {
          ctx.stderr(`${prog}: permission denied on key "${key}"\n`);
          status = 255;
          continue;
        }
        if (!quiet) show(key, item.slice(eq + 1).trim());
        continue;
      }
      const value = read(ctx, key);
      if (value === null) {
        ctx.stderr(`${prog}: cannot stat ${pathOf(key)}: No such file or directory\n`);
        status = 255;
        continue;
      }
      show(key, value);
    }
    return status;
  },
});
