/**
 * sysctl(8) over /proc/sys: reads keys (`kernel.hostname`, `-n`, `-a`), and accepts writes from root
 * without changing anything (the session's /proc is generated), refusing them to others.
 */
import type { CommandContext } from '../command.js';
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

export const sysctlCommand = defineCommand({
  name: 'sysctl',
  path: '/usr/sbin/sysctl',
  availableOn: coreTool('sysctl'),
  run: (ctx) => {
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
