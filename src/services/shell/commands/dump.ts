/**
 * Byte dumpers attackers point at binaries and payloads: od(1), hexdump(1) and xxd(1), in their
 * default layouts and the options one-liners use (-c, -x, -t TYPE, -A, -N/-n, -j/-s, -v, -C, -p, -r -p).
 */
import type { CommandContext } from '../command.js';
import { coreTool, packaged } from './lib/availability.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { coreutilsVersion, defineCommand, parseOrReport, readInputs } from './lib/program.js';

/** Bytes of input a dump looks at: its text is about four times larger and must fit the output bound. */
const MAX_DUMP_BYTES = Math.floor(COMMAND_LIMITS.maxOutputBytes / 5);

/** Input of all operands (or stdin), skipped and cut; null when a file could not be read. */
function dumpInput(
  ctx: CommandContext,
  prog: string,
  operands: readonly string[],
  skip: number,
  length: number | null,
): { data: Buffer; failed: boolean } {
  const { inputs, failed } = readInputs(ctx, prog, operands);
  const all = Buffer.concat(inputs.map((i) => i.data));
  const end = Math.min(all.length, length === null ? all.length : skip + length, skip + MAX_DUMP_BYTES);
  return { data: all.subarray(Math.min(skip, all.length), Math.max(skip, end)), failed };
}

/** A byte count with od/hexdump suffixes (b 512, k/K 1024, m/M 1048576, 0x hex). */
function byteCount(text: string | undefined): number | null {
  if (text === undefined) return null;
  const m = /^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)(b|k|K|kB|m|M|MB)?$/i.exec(text);
  if (!m) return Number.NaN;
  const base = m[1]!.toLowerCase().startsWith('0x')
    ? Number.parseInt(m[1]!.slice(2), 16)
    : m[1]!.length > 1 && m[1]!.startsWith('0')
      ? Number.parseInt(m[1]!, 8)
      : Number(m[1]);
  const unit = m[2] ?? '';
  const factor =
    unit === 'b'
      ? 512
      : /^k$/i.test(unit)
        ? 1024
        : unit === 'kB'
          ? 1000
          : /^m$/i.test(unit)
            ? 1 << 20
            : unit === 'MB'
              ? 1e6
              : 1;
  return base * factor;
}

const C_ESCAPES: Readonly<Record<number, string>> = {
  0: '\\0',
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
};

/** One od output type: how wide a unit is and how it prints. */
interface OdType {
  size: number;
  width: number;
  format: (chunk: Buffer, at: number) => string;
  /** -t x1z: the printable characters after the line. */
  printable?: boolean;
}

function odType(spec: string): OdType | null {
  const m = /^([acdoux])(\d*)(z?)$/.exec(spec);
  if (!m) return null;
  const kind = m[1]!;
  const z = m[3] === 'z';
  if (kind === 'c' || kind === 'a')
    return {
      size: 1,
      width: 4,
      format: (b, at) => {
        const c = b[at]!;
        if (C_ESCAPES[c] !== undefined) return C_ESCAPES[c]!.padStart(4);
        if (c >= 32 && c < 127) return String.fromCharCode(c).padStart(4);
        return ` ${c.toString(8).padStart(3, '0')}`;
      },
      printable: z,
    };
  const size = m[2] ? Number(m[2]) : kind === 'd' || kind === 'u' ? 4 : 2;
  if (![1, 2, 4, 8].includes(size)) return null;
  const read = (b: Buffer, at: number): bigint => {
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i] ?? 0);
    return v;
  };
  const digits = {
    o: Math.ceil((size * 8) / 3),
    x: size * 2,
    u: String(2n ** BigInt(size * 8) - 1n).length,
    d: String(2n ** BigInt(size * 8 - 1)).length + 1,
  }[kind as 'o' | 'x' | 'u' | 'd'];
  return {
    size,
    width: digits + 1,
    printable: z,
    format: (b, at) => {
      const v = read(b, at);
      if (kind === 'o') return ` ${v.toString(8).padStart(digits, '0')}`;
      if (kind === 'x') return ` ${v.toString(16).padStart(digits, '0')}`;
      if (kind === 'u') return ` ${v.toString().padStart(digits)}`;
      const signed = v >= 2n ** BigInt(size * 8 - 1) ? v - 2n ** BigInt(size * 8) : v;
      return ` ${signed.toString().padStart(digits)}`;
    },
  };
}

function printableText(chunk: Buffer): string {
  let out = '';
  for (const c of chunk) out += c >= 32 && c < 127 ? String.fromCharCode(c) : '.';
  return out;
}

export const odCommand = defineCommand({
  name: 'od',
  path: '/usr/bin/od',
  availableOn: coreTool('od'),
  run: (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'od',
      [
        { key: 'A', short: 'A', long: 'address-radix', arg: 'required' },
        { key: 'j', short: 'j', long: 'skip-bytes', arg: 'required' },
        { key: 'N', short: 'N', long: 'read-bytes', arg: 'required' },
        { key: 't', short: 't', long: 'format', arg: 'required' },
        { key: 'v', short: 'v', long: 'output-duplicates' },
        { key: 'c', short: 'c' },
        { key: 'x', short: 'x' },
        { key: 'o', short: 'o' },
        { key: 'd', short: 'd' },
        { key: 'b', short: 'b' },
        { key: 'help', long: 'help' },
        { key: 'version', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[-aBbcDdeFfHhIiLlOovXx] [-t TYPE] [FILE]...' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'od', 'Jim Meyering'));
      return 0;
    }
    const types: OdType[] = [];
    for (const o of args.options) {
      const spec = o.key === 't' ? o.value! : { c: 'c', x: 'x2', o: 'o2', d: 'u2', b: 'o1' }[o.key as 'c'];
      if (spec === undefined) continue;
      const type = odType(spec);
      if (!type) {
        ctx.stderr(`${prog}: invalid type string '${spec}'\n`);
        return 1;
      }
      types.push(type);
    }
    if (types.length === 0) types.push(odType('o2')!);
    const radix = args.value('A') ?? 'o';
    if (!['o', 'd', 'x', 'n'].includes(radix)) {
      ctx.stderr(`${prog}: invalid output address radix '${radix}'; it must be one character from [doxn]\n`);
      return 1;
    }
    const skip = byteCount(args.value('j')) ?? 0;
    const length = byteCount(args.value('N'));
    if (Number.isNaN(skip) || (length !== null && Number.isNaN(length))) {
      ctx.stderr(`${prog}: invalid number '${Number.isNaN(skip) ? args.value('j') : args.value('N')}'\n`);
      return 1;
    }
    const { data, failed } = dumpInput(ctx, prog, args.operands, skip, length);
    const address = (n: number) =>
      radix === 'n'
        ? ''
        : radix === 'x'
          ? n.toString(16).padStart(6, '0')
          : radix === 'd'
            ? String(n).padStart(7, '0')
            : n.toString(8).padStart(7, '0');
    const lines: string[] = [];
    let previous: Buffer | null = null;
    let starred = false;
    for (let at = 0; at < data.length; at += 16) {
      const chunk = data.subarray(at, at + 16);
      if (!args.has('v') && previous && chunk.length === 16 && chunk.equals(previous)) {
        if (!starred) lines.push('*');
        starred = true;
        continue;
      }
      starred = false;
      previous = chunk;
      types.forEach((type, i) => {
        let line = i === 0 ? address(skip + at) : ' '.repeat(address(0).length);
        // A short last chunk is padded with zero bytes to whole units, as od does.
        const padded = Buffer.concat([chunk, Buffer.alloc(type.size)]);
        for (let j = 0; j < chunk.length; j += type.size) line += type.format(padded, j);
        if (type.printable)
          line += `${' '.repeat(Math.max(0, ((16 - chunk.length) / type.size) * type.width))}  >${printableText(chunk)}<`;
        lines.push(line);
      });
    }
    if (radix !== 'n') lines.push(address(skip + data.length));
    ctx.stdout(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    return failed ? 1 : 0;
  },
});

export const hexdumpCommand = defineCommand({
  name: 'hexdump',
  path: '/usr/bin/hexdump',
  availableOn: packaged(['debian', 'rhel', 'arch'], 'hexdump'),
  run: (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'hexdump',
      [
        { key: 'C', short: 'C', long: 'canonical' },
        { key: 'n', short: 'n', long: 'length', arg: 'required' },
        { key: 's', short: 's', long: 'skip', arg: 'required' },
        { key: 'v', short: 'v', long: 'no-squeezing' },
        { key: 'x', short: 'x', long: 'two-bytes-hex' },
        { key: 'help', short: 'h', long: 'help' },
        { key: 'version', short: 'V', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[-bcdoxCv] [-n LEN] [-s OFS] [FILE]...' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(`${prog} from util-linux 2.38.1\n`);
      return 0;
    }
    const skip = byteCount(args.value('s')) ?? 0;
    const length = byteCount(args.value('n'));
    if (Number.isNaN(skip) || (length !== null && Number.isNaN(length))) {
      ctx.stderr(
        `${prog}: failed to parse ${Number.isNaN(skip) ? 'offset' : 'length'}: '${Number.isNaN(skip) ? args.value('s') : args.value('n')}'\n`,
      );
      return 1;
    }
    const { data, failed } = dumpInput(ctx, prog, args.operands, skip, length);
    const canonical = args.has('C');
    const lines: string[] = [];
    let previous: Buffer | null = null;
    let starred = false;
    for (let at = 0; at < data.length; at += 16) {
      const chunk = data.subarray(at, at + 16);
      if (!args.has('v') && previous && chunk.length === 16 && chunk.equals(previous)) {
        if (!starred) lines.push('*');
        starred = true;
        continue;
      }
      starred = false;
      previous = chunk;
      const offset = skip + at;
      if (canonical) {
        let hex = '';
        for (let i = 0; i < 16; i++) {
          hex += i < chunk.length ? `${chunk[i]!.toString(16).padStart(2, '0')} ` : '   ';
          if (i === 7) hex += ' ';
        }
        lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${printableText(chunk)}|`);
      } else {
        let words = '';
        for (let i = 0; i < chunk.length; i += 2)
          words += ` ${((chunk[i + 1] ?? 0) * 256 + chunk[i]!).toString(16).padStart(4, '0')}`;
        // The format string pads a short last line to the full eight words.
        lines.push(`${offset.toString(16).padStart(7, '0')}${words.padEnd(40)}`);
      }
    }
    if (data.length > 0 || skip > 0)
      lines.push((skip + data.length).toString(16).padStart(canonical ? 8 : 7, '0'));
    ctx.stdout(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    return failed ? 1 : 0;
  },
});

export const xxdCommand = defineCommand({
  name: 'xxd',
  path: '/usr/bin/xxd',
  availableOn: packaged(['ubuntu22', 'ubuntu20', 'kali', 'fedora39', 'arch'], 'xxd'),
  run: (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'xxd',
      [
        { key: 'l', short: 'l', arg: 'required' },
        { key: 's', short: 's', arg: 'required' },
        { key: 'c', short: 'c', arg: 'required' },
        { key: 'g', short: 'g', arg: 'required' },
        { key: 'p', short: 'p', long: 'ps' },
        { key: 'r', short: 'r', long: 'revert' },
        { key: 'u', short: 'u' },
        { key: 'version', short: 'v', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[-pri] [-g N] [-c N] [-l LEN] [-s OFS] [-o OFS] [FILE]' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stderr('xxd 2022-01-14 by Juergen Weigert et al.\n');
      return 0;
    }
    if (args.has('r')) {
      const { inputs, failed } = readInputs(ctx, prog, args.operands.slice(0, 1));
      const text = Buffer.concat(inputs.map((i) => i.data)).toString('latin1');
      const hex = args.has('p')
        ? text.replace(/[^0-9a-fA-F]/g, '')
        : text
            .split('\n')
            .map((l) =>
              l
                .replace(/^[0-9a-fA-F]+:\s*/, '')
                .slice(0, 40)
                .replace(/[^0-9a-fA-F]/g, ''),
            )
            .join('');
      ctx.stdout(Buffer.from(hex.slice(0, hex.length - (hex.length % 2)), 'hex'));
      return failed ? 1 : 0;
    }
    const skip = byteCount(args.value('s')) ?? 0;
    const length = byteCount(args.value('l'));
    const plain = args.has('p');
    const cols = Number(args.value('c') ?? (plain ? 30 : 16));
    const group = Number(args.value('g') ?? 2);
    if ([skip, cols, group].some((n) => !Number.isFinite(n) || n < 0) || Number.isNaN(length)) {
      ctx.stderr(`${prog}: invalid number\n`);
      return 1;
    }
    const { data, failed } = dumpInput(ctx, prog, args.operands.slice(0, 1), skip, length);
    const width = Math.min(Math.max(cols || 16, 1), 256);
    const hexOf = (b: Buffer) => (args.has('u') ? b.toString('hex').toUpperCase() : b.toString('hex'));
    const lines: string[] = [];
    for (let at = 0; at < data.length; at += width) {
      const chunk = data.subarray(at, at + width);
      if (plain) {
        lines.push(hexOf(chunk));
        continue;
      }
      let hex = '';
      for (let i = 0; i < width; i++) {
        hex += i < chunk.length ? hexOf(chunk.subarray(i, i + 1)) : '  ';
        if (group > 0 && (i + 1) % group === 0 && i + 1 < width) hex += ' ';
      }
      lines.push(`${(skip + at).toString(16).padStart(8, '0')}: ${hex}  ${printableText(chunk)}`);
    }
    ctx.stdout(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    return failed ? 2 : 0;
  },
});
