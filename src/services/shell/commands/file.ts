/** file(1) 5.4x: classifies by content (ELF, scripts, text, archives, images, keys) the way libmagic words it. */
import type { CommandContext } from '../command.js';
import { describeElf } from '../vfs/elf.js';
import { onlyOn } from './lib/availability.js';
import { absolute, defineCommand, progName } from './lib/program.js';

/** The description of a file's content (without the "name: " prefix). */
export function describe(data: Buffer): string {
  if (data.length === 0) return 'empty';
  const elf = describeElf(data);
  if (elf) return elf.summary;
  const head = data.subarray(0, 8);
  if (head[0] === 0x1f && head[1] === 0x8b)
    return `gzip compressed data, from Unix, original size modulo 2^32 ${data.length >= 4 ? data.readUInt32LE(data.length - 4) : 0}`;
  if (head.toString('latin1', 0, 4) === 'PK\x03\x04')
    return 'Zip archive data, at least v2.0 to extract, compression method=deflate';
  if (data.length >= 262 && data.toString('latin1', 257, 262) === 'ustar') return 'POSIX tar archive (GNU)';
  if (head.toString('latin1', 0, 3) === 'BZh') return 'bzip2 compressed data, block size = 900k';
  if (head[0] === 0xfd && head.toString('latin1', 1, 6) === '7zXZ\0')
    return 'XZ compressed data, checksum CRC64';
  if (head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG') {
    const w = data.length >= 24 ? data.readUInt32BE(16) : 0;
    const h = data.length >= 24 ? data.readUInt32BE(20) : 0;
    return `PNG image data, ${w} x ${h}, 8-bit/color RGBA, non-interlaced`;
  }
  if (head[0] === 0xff && head[1] === 0xd8) return 'JPEG image data, JFIF standard 1.01';
  if (head.toString('latin1', 0, 4) === 'GIF8') return 'GIF image data, version 89a';
  if (head.toString('latin1', 0, 4) === '%PDF') return 'PDF document, version 1.4';
  if (head.toString('latin1', 0, 2) === 'MZ') return 'PE32 executable (GUI) Intel 80386, for MS Windows';
  if (data.includes(0)) return 'data';
  const text = data.toString('utf8');
  const ascii = !/[^\x09\x0a\x0d\x20-\x7e]/.test(text);
  if (!ascii && text.includes('\ufffd'))
    return /[\x80-\xff]/.test(data.toString('latin1')) ? 'ISO-8859 text' : 'data';
  const charset = ascii ? 'ASCII text' : 'Unicode text, UTF-8 text';
  const lines = text.split('\n');
  const longest = Math.max(...lines.map((l) => l.length));
  const suffixes = [
    longest > 300 ? `with very long lines (${longest})` : '',
    text.includes('\r\n') ? 'with CRLF line terminators' : '',
    text.endsWith('\n') ? '' : 'with no line terminators',
  ].filter((x) => x !== '');
  const tail = suffixes.length > 0 ? `, ${suffixes.join(', ')}` : '';
  const first = lines[0] ?? '';
  if (first.startsWith('#!')) {
    const interp = first.slice(2).trim().split(/\s+/);
    const prog =
      (interp[0]?.endsWith('/env') ? interp[1] : interp[0]?.slice(interp[0].lastIndexOf('/') + 1)) ?? 'sh';
    const kind =
      prog === 'bash'
        ? 'Bourne-Again shell script'
        : prog === 'sh' || prog === 'dash' || prog === 'ash'
          ? 'POSIX shell script'
          : prog.startsWith('python')
            ? 'Python script'
            : prog.startsWith('perl')
              ? 'Perl script text'
              : `a ${interp.join(' ')} script`;
    return `${kind}, ${charset} executable${tail}`;
  }
  if (/^-----BEGIN OPENSSH PRIVATE KEY-----/.test(text)) return 'OpenSSH private key';
  if (/^-----BEGIN RSA PRIVATE KEY-----/.test(text)) return 'PEM RSA private key';
  if (/^-----BEGIN CERTIFICATE-----/.test(text)) return 'PEM certificate';
  if (/^ssh-(rsa|ed25519|dss) /.test(text))
    return `OpenSSH ${text.startsWith('ssh-rsa') ? 'RSA' : 'ED25519'} public key`;
  if (/^\s*<!DOCTYPE html|^\s*<html/i.test(text)) return `HTML document, ${charset}${tail}`;
  if (/^\s*<\?xml/.test(text)) return `XML 1.0 document, ${charset}${tail}`;
  if (/^\s*\{[\s\S]*\}\s*$/.test(text) && text.includes('"')) return `JSON text data`;
  return `${charset}${tail}`;
}

export const fileCommand = defineCommand({
  name: 'file',
  path: '/usr/bin/file',
  // glibc distros (never BusyBox) and FreeBSD's base system.
  availableOn: onlyOn('debian', 'rhel', 'arch', 'bsd'),
  run: (ctx: CommandContext) => {
    const prog = progName(ctx, 'file');
    const args = ctx.argv.slice(1);
    if (args.includes('--version') || args.includes('-v')) {
      ctx.stdout(`${prog}-5.44\nmagic file from /usr/share/file/magic.mgc\n`);
      return 0;
    }
    const brief = args.includes('-b') || args.includes('--brief');
    const follow = args.includes('-L') || args.includes('--dereference');
    const mime = args.includes('-i') || args.includes('--mime');
    const names = args.filter((a) => !a.startsWith('-') || a === '-');
    if (names.length === 0) {
      ctx.stderr(
        `Usage: ${prog} [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n            [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>]\n            [-m <magicfiles>] [-P <parameter=value>] [--exclude-quiet]\n            <file> ...\n       ${prog} -C [-m <magicfiles>]\n       ${prog} [--help]\n`,
      );
      return 1;
    }
    const width = Math.max(...names.map((n) => n.length)) + 1;
    for (const name of names) {
      const prefix = brief ? '' : `${`${name}:`.padEnd(width)} `;
      if (name === '-') {
        ctx.stdout(`${brief ? '' : '/dev/stdin: '}${describe(ctx.stdin)}\n`);
        continue;
      }
      const path = absolute(ctx, name);
      let result: string;
      try {
        const st = follow ? ctx.fs.stat(path) : ctx.fs.lstat(path);
        if (!st) result = `cannot open \`${name}' (No such file or directory)`;
        else if (st.type === 'dir')
          result = mime
            ? 'inode/directory; charset=binary'
            : path === '/tmp' || st.mode & 0o1000
              ? 'sticky, directory'
              : 'directory';
        else if (st.type === 'symlink') result = `symbolic link to ${st.target}`;
        else if (st.type === 'chardev') result = 'character special (1/3)';
        else {
          const data = ctx.fs.readFile(path).subarray(0, 65_536);
          const desc = describe(data);
          result = mime
            ? desc.startsWith('ELF')
              ? 'application/x-pie-executable; charset=binary'
              : desc.includes('text')
                ? 'text/plain; charset=us-ascii'
                : 'application/octet-stream; charset=binary'
            : desc;
          if (path.startsWith('/proc/')) result = 'empty';
        }
      } catch {
        result = `cannot open \`${name}' (Permission denied)`;
      }
      ctx.stdout(`${prefix}${result}\n`);
    }
    return 0;
  },
});
