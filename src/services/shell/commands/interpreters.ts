/**
 * Language runtimes and compilers: python/python3, perl, gcc/cc, make. Nothing is ever executed: they
 * answer --version, complain about missing files like the real ones, and otherwise end quietly, as a
 * script with no visible output would. gcc "builds" an ELF so the attacker's next step (running it) follows.
 */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { elfImage } from '../vfs/elf.js';
import { onlyOn } from './lib/availability.js';
import { absolute, defineCommand, progName } from './lib/program.js';

function pythonVersion(ctx: CommandContext, prog: string): string | null {
  const d = ctx.machine.distro.name;
  if (prog === 'python' || prog === 'python2') return d === 'centos7' ? '2.7.5' : null;
  return (
    {
      debian12: '3.11.2',
      ubuntu22: '3.10.12',
      ubuntu20: '3.8.10',
      rocky9: '3.9.21',
      fedora39: '3.12.7',
      kali: '3.12.7',
    }[d] ?? null
  );
}

async function python(ctx: CommandContext): Promise<number> {
  const prog = progName(ctx, 'python3');
  const version = pythonVersion(ctx, prog.replace(/\d+\.\d+$/, '3'));
  if (!version) {
    ctx.stderr(`-bash: ${prog}: command not found\n`);
    return 127;
  }
  const args = ctx.argv.slice(1);
  const py2 = version.startsWith('2');
  if (args[0] === '--version' || args[0] === '-V') {
    // Python 2 prints its version on stderr.
    (py2 ? ctx.stderr : ctx.stdout)(`Python ${version}\n`);
    return 0;
  }
  const c = args.indexOf('-c');
  if (c >= 0) {
    if (args[c + 1] === undefined) {
      ctx.stderr(
        `Argument expected for the -c option\nusage: ${prog} [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry \`python -h' for more information.\n`,
      );
      return 2;
    }
    return 0;
  }
  const m = args.indexOf('-m');
  if (m >= 0) {
    const mod = args[m + 1] ?? '';
    if (mod === 'http.server' || mod === 'SimpleHTTPServer') {
      ctx.stdout(
        `Serving HTTP on 0.0.0.0 port ${args[m + 2] ?? 8000} (http://0.0.0.0:${args[m + 2] ?? 8000}/) ...\n`,
      );
      await ctx.sleep(3_600_000);
      return 0;
    }
    if (!['pip', 'venv', 'json.tool', 'base64'].includes(mod)) {
      ctx.stderr(`/usr/bin/${prog}: No module named ${mod}\n`);
      return 1;
    }
    return 0;
  }
  const script = args.find((a) => !a.startsWith('-'));
  if (script !== undefined) {
    if (!ctx.fs.stat(absolute(ctx, script))) {
      ctx.stderr(
        `/usr/bin/${prog}: can't open file '${absolute(ctx, script)}': [Errno 2] No such file or directory\n`,
      );
      return 2;
    }
    return 0;
  }
  if (ctx.stdin.length > 0) return 0;
  const build = version.startsWith('3.10')
    ? '(main, Nov  6 2024, 20:22:13) [GCC 11.4.0]'
    : version.startsWith('3.11')
      ? '(main, Nov 30 2024, 21:22:50) [GCC 12.2.0]'
      : version.startsWith('2')
        ? '(default, Nov 16 2020, 22:23:17) \n[GCC 4.8.5 20150623 (Red Hat 4.8.5-44)]'
        : '(main, Dec  3 2024, 00:00:00) [GCC 11.5.0 20240719 (Red Hat 11.5.0-2)]';
  ctx.stdout(
    `Python ${version} ${build} on linux\nType "help", "copyright", "credits" or "license" for more information.\n>>> \n`,
  );
  return 0;
}

export const python3Command = defineCommand({
  name: 'python3',
  path: '/usr/bin/python3',
  availableOn: onlyOn('debian12', 'ubuntu22', 'ubuntu20', 'rocky9', 'fedora39', 'kali'),
  run: python,
});
export const pythonCommand = defineCommand({
  name: 'python',
  path: '/usr/bin/python',
  availableOn: onlyOn('centos7'),
  run: python,
});

export const perlCommand = defineCommand({
  name: 'perl',
  path: '/usr/bin/perl',
  availableOn: onlyOn('debian', 'centos7', 'arch'),
  run: (ctx) => {
    const args = ctx.argv.slice(1);
    const v =
      ctx.machine.distro.name === 'debian12'
        ? ['36', '0']
        : ctx.machine.distro.name === 'ubuntu22'
          ? ['34', '0']
          : ctx.machine.distro.name === 'ubuntu20'
            ? ['30', '0']
            : ctx.machine.distro.name === 'centos7'
              ? ['16', '3']
              : ['40', '0'];
    if (args[0] === '-v') {
      ctx.stdout(
        `\nThis is perl 5, version ${v[0]}, subversion ${v[1]} (v5.${v[0]}.${v[1]}) built for x86_64-linux-gnu-thread-multi\n\nCopyright 1987-2022, Larry Wall\n\nPerl may be copied only under the terms of either the Artistic License or the\nGNU General Public License, which may be found in the Perl 5 source kit.\n\nComplete documentation for Perl, including FAQ lists, should be found on\nthis system using "man perl" or "perldoc perl".  If you have access to the\nInternet, point your browser at https://www.perl.org/, the Perl Home Page.\n\n`,
      );
      return 0;
    }
    if (args[0] === '-V') {
      ctx.stdout(`Summary of my perl5 (revision 5 version ${v[0]} subversion ${v[1]}) configuration:\n`);
      return 0;
    }
    const script = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-e' && args[i - 1] !== '-E');
    if (
      !args.includes('-e') &&
      !args.includes('-E') &&
      script !== undefined &&
      !ctx.fs.stat(absolute(ctx, script))
    ) {
      ctx.stderr(`Can't open perl script "${script}": No such file or directory\n`);
      return 2;
    }
    return 0;
  },
});

/** Compilers exist where developers work (Kali, Arch, Fedora); elsewhere "command not found". */
const COMPILER = onlyOn('kali', 'arch', 'fedora39');

export const gccCommand = defineCommand({
  name: 'gcc',
  path: '/usr/bin/gcc',
  availableOn: COMPILER,
  run: (ctx) => {
    const prog = progName(ctx, 'gcc');
    const args = ctx.argv.slice(1);
    if (args.includes('--version') || args.includes('-v')) {
      ctx.stdout(
        `${prog} (${familyOf(ctx.machine.distro) === 'debian' ? 'Debian 14.2.0-8) 14.2.0' : 'GCC) 14.2.1 20240910'}\nCopyright (C) 2024 Free Software Foundation, Inc.\nThis is free software; see the source for copying conditions.  There is NO\nwarranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n\n`,
      );
      return 0;
    }
    const sources = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-o');
    if (sources.length === 0) {
      ctx.stderr(`${prog}: fatal error: no input files\ncompilation terminated.\n`);
      return 1;
    }
    for (const s of sources) {
      if (!ctx.fs.stat(absolute(ctx, s))) {
        ctx.stderr(`cc1: fatal error: ${s}: No such file or directory\ncompilation terminated.\n`);
        return 1;
      }
    }
    const out =
      args[args.indexOf('-o') + 1] && args.includes('-o')
        ? args[args.indexOf('-o') + 1]!
        : args.includes('-c')
          ? sources[0]!.replace(/\.\w+$/, '.o')
          : 'a.out';
    try {
      ctx.fs.writeFile(
        absolute(ctx, out),
        elfImage(out, 15_960 + sources.join('').length * 16, 'x86_64-glibc'),
        { mode: 0o755 },
      );
      ctx.fs.chmod(absolute(ctx, out), 0o755);
    } catch {
      ctx.stderr(
        `/usr/bin/ld: cannot open output file ${out}: Permission denied\ncollect2: error: ld returned 1 exit status\n`,
      );
      return 1;
    }
    return 0;
  },
});

export const ccCommand = defineCommand({
  name: 'cc',
  path: '/usr/bin/cc',
  availableOn: COMPILER,
  run: (ctx) => gccCommand.run(ctx),
});

export const makeCommand = defineCommand({
  name: 'make',
  path: '/usr/bin/make',
  availableOn: COMPILER,
  run: (ctx) => {
    if (ctx.argv.includes('--version') || ctx.argv.includes('-v')) {
      ctx.stdout(
        'GNU Make 4.4.1\nBuilt for x86_64-pc-linux-gnu\nCopyright (C) 1988-2023 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n',
      );
      return 0;
    }
    const hasMakefile = ['Makefile', 'makefile', 'GNUmakefile'].some((f) => ctx.fs.stat(absolute(ctx, f)));
    if (!hasMakefile) {
      ctx.stderr(
        ctx.argv.length > 1
          ? `make: *** No rule to make target '${ctx.argv[1]}'.  Stop.\n`
          : 'make: *** No targets specified and no makefile found.  Stop.\n',
      );
      return 2;
    }
    ctx.stdout(`make: Nothing to be done for '${ctx.argv[1] ?? 'all'}'.\n`);
    return 0;
  },
});
