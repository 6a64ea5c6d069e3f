/**
 * tar(1): real ustar archives of session files (create, list, extract), gzip through zlib, GNU tar's
 * messages (BusyBox's on firmware), old-style bundled options (`tar xzvf x.tgz`). Extracted files go
 * through the filesystem's write hook like any other write.
 */
import { gzipSync } from 'node:zlib';
import type { CommandContext } from '../command.js';
import type { FileStat } from '../filesystem.js';
import { accountNames, groupNames } from '../vfs/accounts.js';
import { gunzipBounded, isGzip } from './gzip.js';
import { coreTool } from './lib/availability.js';
import { modeString, strftime } from './lib/format.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { absolute, codeOf, defineCommand, errorText, isBusybox, progName } from './lib/program.js';
import { walk } from './lib/walk.js';

interface Entry {
  name: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: number;
  data: Buffer;
  link: string;
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function header(e: Entry): Buffer {
  const h = Buffer.alloc(512);
  let name = e.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut > 0) {
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
  }
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write(octal(e.mode & 0o7777, 8), 100, 'latin1');
  h.write(octal(e.uid, 8), 108, 'latin1');
  h.write(octal(e.gid, 8), 116, 'latin1');
  h.write(octal(e.type === 'file' ? e.data.length : 0, 12), 124, 'latin1');
  h.write(octal(Math.floor(e.mtime / 1000), 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(e.type === 'dir' ? '5' : e.type === 'symlink' ? '2' : '0', 156, 'latin1');
  h.write(e.link.slice(0, 100), 157, 'utf8');
  h.write('ustar  \0', 257, 'latin1');
  h.write(e.uname.slice(0, 31), 265, 'utf8');
  h.write(e.gname.slice(0, 31), 297, 'utf8');
  h.write(prefix.slice(0, 155), 345, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

export function packTar(entries: readonly Entry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e));
    if (e.type === 'file') {
      parts.push(e.data);
      const pad = (512 - (e.data.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const record = 10240;
  if (total % record) parts.push(Buffer.alloc(record - (total % record)));
  return Buffer.concat(parts);
}

function field(h: Buffer, start: number, length: number): string {
  const raw = h.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

export function unpackTar(data: Buffer): Entry[] | null {
  const out: Entry[] = [];
  let at = 0;
  while (at + 512 <= data.length && out.length < COMMAND_LIMITS.maxArchiveEntries) {
    const h = data.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const magic = h.toString('latin1', 257, 262);
    if (magic !== 'ustar') return out.length > 0 ? out : null;
    const size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
    const typeflag = String.fromCharCode(h[156]!);
    const prefix = field(h, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(h, 0, 100);
    const type = typeflag === '5' ? 'dir' : typeflag === '2' ? 'symlink' : 'file';
    at += 512;
    const body = data.subarray(at, at + size);
    at += Math.ceil(size / 512) * 512;
    if (typeflag === 'L' || typeflag === 'x' || typeflag === 'g') continue;
    out.push({
      name,
      type,
      mode: Number.parseInt(field(h, 100, 8).trim() || '644', 8),
      uid: Number.parseInt(field(h, 108, 8).trim() || '0', 8),
      gid: Number.parseInt(field(h, 116, 8).trim() || '0', 8),
      uname: field(h, 265, 32),
      gname: field(h, 297, 32),
      mtime: Number.parseInt(field(h, 136, 12).trim() || '0', 8) * 1000,
      data: Buffer.from(body),
      link: field(h, 157, 100),
    });
  }
  return out;
}

function listLine(e: Entry): string {
  const owner = `${e.uname || e.uid}/${e.gname || e.gid}`;
  const size = String(e.type === 'file' ? e.data.length : 0);
  const pad = Math.max(1, 19 - owner.length - size.length);
  const mode = modeString({
    type: e.type === 'dir' ? 'dir' : e.type === 'symlink' ? 'symlink' : 'file',
    mode: e.mode,
  });
  return `${mode} ${owner}${' '.repeat(pad)}${size} ${strftime('%Y-%m-%d %H:%M', e.mtime)} ${e.name}${e.type === 'symlink' ? ` -> ${e.link}` : ''}\n`;
}

export const tarCommand = defineCommand({
  name: 'tar',
  path: '/usr/bin/tar',
  availableOn: coreTool('tar'),
  run: (ctx: CommandContext) => {
    const prog = progName(ctx, 'tar');
    const busybox = isBusybox(ctx);
    let argv = ctx.argv.slice(1);
    // Old style: the first word is a bundle of letters without a dash.
    if (argv[0] && !argv[0].startsWith('-') && /^[a-zA-Z]+$/.test(argv[0]))
      argv = [`-${argv[0]}`, ...argv.slice(1)];
    let mode: 'c' | 'x' | 't' | null = null;
    let archive: string | null = null;
    let gz = false;
    let verbose = false;
    let dir: string | null = null;
    let strip = 0;
    const operands: string[] = [];
    const fail = (text: string, code = 2) => {
      ctx.stderr(text);
      return code;
    };
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--version') {
        ctx.stdout(
          'tar (GNU tar) 1.34\nCopyright (C) 2021 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by John Gilmore and Jay Fenlason.\n',
        );
        return 0;
      }
      if (a.startsWith('--')) {
        const [name, value] = a.slice(2).split('=');
        if (name === 'create' || name === 'extract' || name === 'get' || name === 'list')
          mode = name === 'create' ? 'c' : name === 'list' ? 't' : 'x';
        else if (name === 'file') archive = value ?? argv[++i] ?? null;
        else if (name === 'gzip' || name === 'gunzip' || name === 'ungzip') gz = true;
        else if (name === 'verbose') verbose = true;
        else if (name === 'directory') dir = value ?? argv[++i] ?? null;
        else if (name === 'strip-components') strip = Number(value ?? argv[++i] ?? 0);
        else if (
          [
            'no-same-owner',
            'same-owner',
            'preserve-permissions',
            'overwrite',
            'no-overwrite-dir',
            'warning',
            'exclude',
            'wildcards',
          ].includes(name ?? '')
        )
          continue;
        else
          return fail(
            `${prog}: unrecognized option '${a}'\nTry '${prog} --help' or '${prog} --usage' for more information.\n`,
          );
        continue;
      }
      if (a.startsWith('-') && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j]!;
          if (c === 'c' || c === 'x' || c === 't') mode = c;
          else if (c === 'z') gz = true;
          else if (c === 'v') verbose = true;
          else if (c === 'f' || c === 'C') {
            const rest = a.slice(j + 1);
            const v = rest !== '' ? rest : argv[++i];
            if (c === 'f') archive = v ?? null;
            else dir = v ?? null;
            break;
          } else if ('pPkmoOwjJah'.includes(c)) continue;
          else
            return fail(
              busybox
                ? `${prog}: unrecognized option: ${c}\n`
                : `${prog}: invalid option -- '${c}'\nTry '${prog} --help' or '${prog} --usage' for more information.\n`,
            );
        }
        continue;
      }
      operands.push(a);
    }
    if (mode === null)
      return fail(
        `${prog}: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry '${prog} --help' or '${prog} --usage' for more information.\n`,
      );
    const users = accountNames(ctx.fs);
    const groups = groupNames(ctx.fs);
    const base = dir ? absolute(ctx, dir) : ctx.cwd;
    if (dir && !ctx.fs.stat(base))
      return fail(
        `${prog}: ${dir}: Cannot open: No such file or directory\n${prog}: Error is not recoverable: exiting now\n`,
      );
    let failed = false;

    if (mode === 'c') {
      if (operands.length === 0)
        return fail(
          `${prog}: Cowardly refusing to create an empty archive\nTry '${prog} --help' or '${prog} --usage' for more information.\n`,
        );
      const entries: Entry[] = [];
      let warnedSlash = false;
      for (const operand of operands) {
        const path = operand.startsWith('/') ? operand : `${base === '/' ? '' : base}/${operand}`;
        let stat: FileStat | null;
        try {
          stat = ctx.fs.lstat(path);
        } catch {
          stat = null;
        }
        if (!stat) {
          ctx.stderr(`${prog}: ${operand}: Cannot stat: No such file or directory\n`);
          failed = true;
          continue;
        }
        if (operand.startsWith('/') && !warnedSlash) {
          ctx.stderr(`${prog}: Removing leading \`/' from member names\n`);
          warnedSlash = true;
        }
        walk(
          ctx,
          { display: operand.replace(/^\/+/, ''), path, stat, depth: 0 },
          {
            enter: (e) => {
              entries.push({
                name: `${e.display.replace(/\/$/, '')}/`,
                type: 'dir',
                mode: e.stat.mode,
                uid: e.stat.uid,
                gid: e.stat.gid,
                uname: users.get(e.stat.uid) ?? '',
                gname: groups.get(e.stat.gid) ?? '',
                mtime: e.stat.mtimeMs,
                data: Buffer.alloc(0),
                link: '',
              });
              if (verbose) ctx.stdout(`${e.display.replace(/\/$/, '')}/\n`);
              return true;
            },
            leave: (e) => {
              if (e.stat.type === 'dir' || e.stat.type === 'chardev') return;
              let data: Buffer = Buffer.alloc(0);
              if (e.stat.type === 'file') {
                try {
                  data = ctx.fs.readFile(e.path);
                } catch (err) {
                  ctx.stderr(`${prog}: ${e.display}: Cannot open: ${errorText(codeOf(err))}\n`);
                  failed = true;
                  return;
                }
              }
              entries.push({
                name: e.display,
                type: e.stat.type === 'symlink' ? 'symlink' : 'file',
                mode: e.stat.mode,
                uid: e.stat.uid,
                gid: e.stat.gid,
                uname: users.get(e.stat.uid) ?? '',
                gname: groups.get(e.stat.gid) ?? '',
                mtime: e.stat.mtimeMs,
                data,
                link: e.stat.target ?? '',
              });
              if (verbose) ctx.stdout(`${e.display}\n`);
            },
            error: (e, code) => {
              ctx.stderr(`${prog}: ${e.display}: Cannot open: ${errorText(code)}\n`);
              failed = true;
            },
          },
        );
      }
      let packed: Buffer<ArrayBufferLike> = packTar(entries);
      if (gz || /\.(tgz|tar\.gz)$/.test(archive ?? '')) packed = gzipSync(packed);
      if (archive === null || archive === '-') {
        if (ctx.terminal.isTty && archive === null)
          return fail(
            `${prog}: Refusing to write archive contents to terminal (missing -f option?)\n${prog}: Error is not recoverable: exiting now\n`,
          );
        ctx.stdout(packed);
      } else {
        try {
          ctx.fs.writeFile(absolute(ctx, archive), packed);
        } catch (err) {
          return fail(
            `${prog}: ${archive}: Cannot open: ${errorText(codeOf(err))}\n${prog}: Error is not recoverable: exiting now\n`,
          );
        }
      }
      if (failed) ctx.stderr(`${prog}: Exiting with failure status due to previous errors\n`);
      return failed ? 2 : 0;
    }

    let data: Buffer;
    if (archive === null || archive === '-') data = ctx.stdin;
    else {
      try {
        data = ctx.fs.readFile(absolute(ctx, archive));
      } catch (err) {
        return fail(
          busybox
            ? `${prog}: can't open '${archive}': ${errorText(codeOf(err))}\n`
            : `${prog}: ${archive}: Cannot open: ${errorText(codeOf(err))}\n${prog}: Error is not recoverable: exiting now\n`,
        );
      }
    }
    if (isGzip(data)) {
      try {
        data = gunzipBounded(data);
      } catch {
        return fail(
          `\ngzip: stdin: unexpected end of file\n${prog}: Child returned status 1\n${prog}: Error is not recoverable: exiting now\n`,
        );
      }
    } else if (gz) {
      return fail(
        `\ngzip: stdin: not in gzip format\n${prog}: Child returned status 1\n${prog}: Error is not recoverable: exiting now\n`,
      );
    }
    const entries = unpackTar(data);
    if (entries === null)
      return fail(
        busybox
          ? `${prog}: invalid tar magic\n`
          : `${prog}: This does not look like a tar archive\n${prog}: Exiting with failure status due to previous errors\n`,
      );
    const wanted = operands.length > 0 ? operands : null;
    for (const e of entries) {
      if (
        wanted &&
        !wanted.some(
          (w) => e.name === w || e.name === `${w}/` || e.name.startsWith(`${w.replace(/\/$/, '')}/`),
        )
      )
        continue;
      const parts = e.name.split('/').filter((p) => p !== '' && p !== '.');
      if (parts.length <= strip) continue;
      const rel = parts.slice(strip).join('/');
      if (mode === 't') {
        ctx.stdout(verbose ? listLine(e) : `${e.name}\n`);
        continue;
      }
      if (verbose) ctx.stdout(`${e.name}\n`);
      if (parts.includes('..')) {
        ctx.stderr(`${prog}: ${e.name}: Member name contains '..'\n`);
        failed = true;
        continue;
      }
      const target = `${base === '/' ? '' : base}/${rel}`;
      try {
        const parent = target.slice(0, target.lastIndexOf('/')) || '/';
        if (!ctx.fs.stat(parent)) ctx.fs.mkdir(parent, { parents: true });
        if (e.type === 'dir') {
          if (!ctx.fs.stat(target)) ctx.fs.mkdir(target, { parents: true, mode: e.mode & 0o7777 });
        } else if (e.type === 'symlink') {
          if (ctx.fs.lstat(target)) ctx.fs.remove(target);
          ctx.fs.symlink(e.link, target);
        } else {
          ctx.fs.writeFile(target, e.data, { mode: e.mode & 0o7777 });
          ctx.fs.chmod(target, e.mode & (ctx.user.uid === 0 ? 0o7777 : 0o777));
          ctx.fs.utimes(target, e.mtime);
        }
      } catch (err) {
        ctx.stderr(`${prog}: ${e.name}: Cannot open: ${errorText(codeOf(err))}\n`);
        failed = true;
      }
    }
    if (failed) ctx.stderr(`${prog}: Exiting with failure status due to previous errors\n`);
    return failed ? 2 : 0;
  },
});
