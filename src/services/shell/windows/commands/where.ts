/** `where`: where a program lives on PATH (internal commands are nowhere, as in cmd). */
import { defineCmd } from '../command.js';
import { operands } from './lib/switches.js';

export const whereCommand = defineCmd({
  name: 'where',
  path: 'C:\\Windows\\System32\\where.exe',
  run: (ctx) => {
    const names = operands(ctx.args);
    if (names.length === 0) {
      ctx.stderr('ERROR: A search pattern must be specified.\r\n');
      return 2;
    }
    const dirs = (ctx.env.get('PATH') ?? '').split(';').filter((d) => d !== '');
    const extensions = (ctx.env.get('PATHEXT') ?? '.EXE').split(';').map((e) => e.toLowerCase());
    let missing = false;
    for (const name of names) {
      const found: string[] = [];
      const candidates = /\.[a-z0-9]+$/i.test(name) ? [name] : extensions.map((e) => `${name}${e}`);
      for (const dir of [ctx.cwd, ...dirs]) {
        for (const candidate of candidates) {
          const path = ctx.drive.resolve(`${dir.replace(/\\$/, '')}\\${candidate}`);
          if (ctx.drive.stat(path)?.type === 'file' && !found.includes(path)) found.push(path);
        }
      }
      if (found.length === 0) missing = true;
      for (const path of found) ctx.stdout(`${path}\r\n`);
    }
    if (missing) ctx.stderr('INFO: Could not find files for the given pattern(s).\r\n');
    return missing ? 1 : 0;
  },
});
