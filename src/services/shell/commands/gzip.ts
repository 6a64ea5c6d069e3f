/** gzip(1), gunzip and zcat: real DEFLATE (node:zlib), bounded on decompression. */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CommandContext } from '../command.js';
import { coreTool } from './lib/availability.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { absolute, codeOf, defineCommand, errorText, isBusybox, progName } from './lib/program.js';

/** Inflates at most the command output bound (a decompression bomb stops there). */
export function gunzipBounded(data: Buffer): Buffer {
  return gunzipSync(data, { maxOutputLength: COMMAND_LIMITS.maxOutputBytes * 4 });
}

export function isGzip(data: Buffer): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

async function gzip(ctx: CommandContext, mode: 'gzip' | 'gunzip' | 'zcat'): Promise<number> {
  const prog = progName(ctx, mode);
  const flags = new Set<string>();
  const files: string[] = [];
  for (const a of ctx.argv.slice(1)) {
    if (a === '--version' || a === '-V') {
      ctx.stdout(
        'gzip 1.12\nCopyright (C) 2018 Free Software Foundation, Inc.\nCopyright (C) 1993 Jean-loup Gailly.\nThis is free software.  You may redistribute copies of it under the terms of\nthe GNU General Public License <https://www.gnu.org/licenses/gpl.html>.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Jean-loup Gailly.\n',
      );
      return 0;
    }
    const long: Record<string, string> = {
      '--decompress': 'd',
      '--stdout': 'c',
      '--to-stdout': 'c',
      '--keep': 'k',
      '--force': 'f',
      '--verbose': 'v',
      '--list': 'l',
      '--quiet': 'q',
      '--test': 't',
      '--best': '9',
      '--fast': '1',
      '--uncompress': 'd',
    };
    if (a.startsWith('--')) {
      const f = long[a];
      if (!f) {
        ctx.stderr(`${prog}: unrecognized option '${a}'\nTry \`${prog} --help' for more information.\n`);
        return 1;
      }
      flags.add(f);
    } else if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (!'dckfvlqtnNr123456789'.includes(c)) {
          ctx.stderr(
            isBusybox(ctx)
              ? `${prog}: unrecognized option: ${c}\n`
              : `${prog}: invalid option -- '${c}'\nTry \`${prog} --help' for more information.\n`,
          );
          return 1;
        }
        flags.add(c);
      }
    } else files.push(a);
  }
  const decompress = mode !== 'gzip' || flags.has('d');
  const toStdout = mode === 'zcat' || flags.has('c');
  if (files.length === 0) {
    if (!decompress && ctx.terminal.isTty && ctx.stdin.length === 0) {
      ctx.stderr(
        `${prog}: compressed data not written to a terminal. Use -f to force compression.\nFor help, type: ${prog} -h\n`,
      );
      return 1;
    }
    try {
      ctx.stdout(decompress ? gunzipBounded(ctx.stdin) : gzipSync(ctx.stdin));
      return 0;
    } catch {
      ctx.stderr(`${prog}: stdin: not in gzip format\n`);
      return 1;
    }
  }
  let status = 0;
  for (const file of files) {
    const path = absolute(ctx, file);
    let data: Buffer;
    try {
      const st = ctx.fs.stat(path);
      if (st?.type === 'dir') {
        ctx.stderr(`${prog}: ${file} is a directory -- ignored\n`);
        status = 2;
        continue;
      }
      data = ctx.fs.readFile(path);
    } catch (err) {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: can't open '${file}': ${errorText(codeOf(err))}\n`
          : `${prog}: ${file}: ${errorText(codeOf(err))}\n`,
      );
      status = 1;
      continue;
    }
    if (decompress) {
      if (!toStdout && !/\.(gz|tgz|z)$/i.test(file)) {
        ctx.stderr(`${prog}: ${file}: unknown suffix -- ignored\n`);
        status = 2;
        continue;
      }
      let out: Buffer;
      try {
        if (!isGzip(data)) throw new Error('format');
        out = gunzipBounded(data);
      } catch {
        ctx.stderr(`${prog}: ${file}: not in gzip format\n`);
        status = 1;
        continue;
      }
      if (toStdout) ctx.stdout(out);
      else {
        const target = path.replace(/\.tgz$/i, '.tar').replace(/\.(gz|z)$/i, '');
        try {
          if (ctx.fs.lstat(target) && !flags.has('f')) {
            ctx.stderr(
              `${prog}: ${target.slice(target.lastIndexOf('/') + 1)} already exists;\tnot overwritten\n`,
            );
            status = 2;
            continue;
          }
          ctx.fs.writeFile(target, out);
          if (!flags.has('k')) ctx.fs.remove(path);
        } catch (err) {
          ctx.stderr(`${prog}: ${target}: ${errorText(codeOf(err))}\n`);
          status = 1;
        }
      }
      continue;
    }
    if (/\.gz$/.test(file) && !flags.has('f')) {
      ctx.stderr(`${prog}: ${file} already has .gz suffix -- unchanged\n`);
      status = 2;
      continue;
    }
    const packed = gzipSync(data);
    if (toStdout) ctx.stdout(packed);
    else {
      try {
        ctx.fs.writeFile(`${path}.gz`, packed);
        if (!flags.has('k')) ctx.fs.remove(path);
        if (flags.has('v'))
          ctx.stderr(
            `${file}:\t${data.length === 0 ? '0.0' : (100 - (packed.length / data.length) * 100).toFixed(1)}% -- replaced with ${file}.gz\n`,
          );
      } catch (err) {
        ctx.stderr(`${prog}: ${file}.gz: ${errorText(codeOf(err))}\n`);
        status = 1;
      }
    }
  }
  return status;
}

export const gzipCommand = defineCommand({
  name: 'gzip',
  path: '/usr/bin/gzip',
  availableOn: coreTool('gzip'),
  run: (ctx) => gzip(ctx, 'gzip'),
});
export const gunzipCommand = defineCommand({
  name: 'gunzip',
  path: '/usr/bin/gunzip',
  availableOn: coreTool('gunzip'),
  run: (ctx) => gzip(ctx, 'gunzip'),
});
export const zcatCommand = defineCommand({
  name: 'zcat',
  path: '/usr/bin/zcat',
  availableOn: coreTool('zcat'),
  run: (ctx) => gzip(ctx, 'zcat'),
});
