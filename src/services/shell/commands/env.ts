/** env(1) and printenv(1): the shell's exported variables; `env VAR=value cmd` runs cmd with them set. */
import { coreTool } from './lib/availability.js';
import { defineCommand, progName } from './lib/program.js';

export const envCommand = defineCommand({
  name: 'env',
  path: '/usr/bin/env',
  availableOn: coreTool('env'),
  run: async (ctx) => {
    const prog = progName(ctx, 'env');
    const args = ctx.argv.slice(1);
    let ignore = false;
    const unset: string[] = [];
    const assignments: Array<[string, string]> = [];
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-i' || a === '-' || a === '--ignore-environment') ignore = true;
      else if (a === '-u' || a === '--unset') unset.push(args[++i] ?? '');
      else if (a === '-0' || a === '--null') continue;
      else if (a === '--version') {
        ctx.stdout('env (GNU coreutils) 9.1\n');
        return 0;
      } else if (a.startsWith('-') && a.length > 1 && !a.includes('=')) {
        ctx.stderr(
          `${prog}: invalid option -- '${a.slice(1, 2)}'\nTry '${prog} --help' for more information.\n`,
        );
        return 125;
      } else if (/^[^=]+=/.test(a))
        assignments.push([a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]);
      else break;
    }
    const command = args.slice(i);
    if (command.length === 0) {
      const vars = new Map(ignore ? [] : ctx.env.exported());
      for (const u of unset) vars.delete(u);
      for (const [k, v] of assignments) vars.set(k, v);
      ctx.stdout([...vars].map(([k, v]) => `${k}=${v}\n`).join(''));
      return 0;
    }
    const saved = assignments.map(([k]) => [k, ctx.env.get(k)] as const);
    for (const [k, v] of assignments) ctx.env.export(k, v);
    try {
      const status = await ctx.run(command);
      if (status === 127) {
        ctx.stderr(`${prog}: '${command[0]}': No such file or directory\n`);
        return 127;
      }
      return status;
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) ctx.env.unset(k);
        else ctx.env.set(k, v);
      }
    }
  },
});

export const printenvCommand = defineCommand({
  name: 'printenv',
  path: '/usr/bin/printenv',
  availableOn: coreTool('printenv'),
  run: (ctx) => {
    const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    const vars = ctx.env.exported();
    if (names.length === 0) {
      ctx.stdout([...vars].map(([k, v]) => `${k}=${v}\n`).join(''));
      return 0;
    }
    let status = 0;
    for (const n of names) {
      const v = vars.get(n);
      if (v === undefined) status = 1;
      else ctx.stdout(`${v}\n`);
    }
    return status;
  },
});
