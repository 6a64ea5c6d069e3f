/** uname(1) and arch(1): the kernel identity of the decky's distro (coreutils field order, BusyBox's on Alpine). */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { coreTool } from './lib/availability.js';
import { coreutilsVersion, defineCommand, isBusybox, parseOrReport } from './lib/program.js';

const OPTIONS = [
  { key: 'a', short: 'a', long: 'all' },
  { key: 's', short: 's', long: 'kernel-name' },
  { key: 'n', short: 'n', long: 'nodename' },
  { key: 'r', short: 'r', long: 'kernel-release' },
  { key: 'v', short: 'v', long: 'kernel-version' },
  { key: 'm', short: 'm', long: 'machine' },
  { key: 'p', short: 'p', long: 'processor' },
  { key: 'i', short: 'i', long: 'hardware-platform' },
  { key: 'o', short: 'o', long: 'operating-system' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

interface Fields {
  s: string;
  n: string;
  r: string;
  v: string;
  m: string;
  p: string;
  i: string;
  o: string;
}

function fields(ctx: CommandContext): Fields {
  const d = ctx.machine.distro;
  const family = familyOf(d);
  const bsd = family === 'bsd';
  // Debian's coreutils reports "unknown" for -p and -i; Ubuntu and Red Hat patch them to the machine name.
  const rh = family === 'rhel' || d.name.startsWith('ubuntu');
  return {
    s: bsd ? 'FreeBSD' : 'Linux',
    n: ctx.machine.hostname,
    r: d.kernel,
    v: d.kernelVersion,
    m: d.arch,
    // FreeBSD: -p is the processor architecture, -i the kernel configuration (ident).
    p: bsd ? d.arch : rh ? d.arch : 'unknown',
    i: bsd ? 'GENERIC' : rh ? d.arch : 'unknown',
    o: bsd ? 'FreeBSD' : family === 'alpine' ? 'Linux' : 'GNU/Linux',
  };
}

async function uname(ctx: CommandContext): Promise<number> {
  const parsed = parseOrReport(ctx, 'uname', OPTIONS, { gnuStatus: 1, busybox: '[-amnrspvio]' });
  if (!parsed.ok) return parsed.status;
  const { args, prog } = parsed;
  if (args.has('help')) {
    ctx.stdout(
      `Usage: ${prog} [OPTION]...\nPrint certain system information.  With no OPTION, same as -s.\n\n  -a, --all                print all information, in the following order,\n                             except omit -p and -i if unknown:\n  -s, --kernel-name        print the kernel name\n  -n, --nodename           print the network node hostname\n  -r, --kernel-release     print the kernel release\n  -v, --kernel-version     print the kernel version\n  -m, --machine            print the machine hardware name\n  -p, --processor          print the processor type (non-portable)\n  -i, --hardware-platform  print the hardware platform (non-portable)\n  -o, --operating-system   print the operating system\n      --help        display this help and exit\n      --version     output version information and exit\n`,
    );
    return 0;
  }
  if (args.has('version')) {
    ctx.stdout(coreutilsVersion(ctx, 'uname', 'David MacKenzie'));
    return 0;
  }
  if (args.operands.length > 0) {
    ctx.stderr(`${prog}: extra operand '${args.operands[0]}'\nTry '${prog} --help' for more information.\n`);
    return 1;
  }
  const f = fields(ctx);
  const order: Array<keyof Fields> = ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'];
  let wanted: Array<keyof Fields>;
  if (args.has('a')) {
    // -a omits -p and -i when they are "unknown" (coreutils); BusyBox prints everything it knows.
    wanted = order.filter((k) => !((k === 'p' || k === 'i') && f[k] === 'unknown' && !isBusybox(ctx)));
    if (isBusybox(ctx)) wanted = ['s', 'n', 'r', 'v', 'm', 'o'];
    // FreeBSD's -a is -mnrsv.
    if (familyOf(ctx.machine.distro) === 'bsd') wanted = ['s', 'n', 'r', 'v', 'm'];
  } else {
    wanted = order.filter((k) => args.has(k));
    if (wanted.length === 0) wanted = ['s'];
  }
  ctx.stdout(`${wanted.map((k) => f[k]).join(' ')}\n`);
  return 0;
}

export const unameCommand = defineCommand({
  name: 'uname',
  path: '/usr/bin/uname',
  availableOn: coreTool('uname'),
  run: uname,
});

export const archCommand = defineCommand({
  name: 'arch',
  path: '/usr/bin/arch',
  availableOn: coreTool('arch'),
  run: (ctx) => {
    ctx.stdout(`${ctx.machine.distro.arch}\n`);
    return 0;
  },
});
