/** dd(1): copies blocks between session files, /dev/zero and /dev/urandom, with coreutils' statistics. */
import { coreTool } from './lib/availability.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { absolute, codeOf, defineCommand, errorText, isBusybox, progName } from './lib/program.js';

function size(text: string): number | null {
  const m = /^(\d+)(c|w|b|kB|K|KiB|MB|M|MiB|GB|G|GiB|k)?$/.exec(text);
  if (!m) return null;
  const mult: Record<string, number> = {
    c: 1,
    w: 2,
    b: 512,
    kB: 1000,
    K: 1024,
    k: 1024,
    KiB: 1024,
    MB: 1e6,
    M: 1_048_576,
    MiB: 1_048_576,
    GB: 1e9,
    G: 1_073_741_824,
    GiB: 1_073_741_824,
  };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}

function human(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const si = ['kB', 'MB', 'GB'];
  const iec = ['KiB', 'MiB', 'GiB'];
  let s = bytes;
  let i = -1;
  while (s >= 1000 && i < 2) {
    s /= 1000;
    i++;
  }
  let b = bytes;
  let j = -1;
  while (b >= 1024 && j < 2) {
    b /= 1024;
    j++;
  }
  return `${bytes} bytes (${s.toPrecision(s < 10 ? 2 : 3).replace(/\.0$/, '')} ${si[i]}, ${b.toPrecision(b < 10 ? 2 : 3).replace(/\.0$/, '')} ${iec[j]}) copied`;
}

export const ddCommand = defineCommand({
  name: 'dd',
  path: '/usr/bin/dd',
  availableOn: coreTool('dd'),
  run: async (ctx) => {
    const prog = progName(ctx, 'dd');
    const ops: Record<string, string> = {};
    for (const a of ctx.argv.slice(1)) {
      const eq = a.indexOf('=');
      if (eq <= 0) {
        ctx.stderr(`${prog}: unrecognized operand '${a}'\nTry '${prog} --help' for more information.\n`);
        return 1;
      }
      ops[a.slice(0, eq)] = a.slice(eq + 1);
    }
    const bs = size(ops.bs ?? ops.ibs ?? '512');
    const count = ops.count !== undefined ? size(ops.count) : null;
    const skip = size(ops.skip ?? '0') ?? 0;
    if (bs === null || bs === 0 || (ops.count !== undefined && count === null)) {
      ctx.stderr(`${prog}: invalid number: '${ops.bs ?? ops.count}'\n`);
      return 1;
    }
    let input: Buffer;
    if (ops.if === undefined) input = ctx.stdin;
    else {
      try {
        input = ctx.fs.readFile(absolute(ctx, ops.if));
      } catch (err) {
        ctx.stderr(`${prog}: failed to open '${ops.if}': ${errorText(codeOf(err))}\n`);
        return 1;
      }
    }
    // Devices give a bounded chunk per read; keep reading them to fill the requested count.
    const wanted = count !== null ? count * bs : input.length - skip * bs;
    const limit = Math.min(Math.max(0, wanted), COMMAND_LIMITS.maxOutputBytes);
    let data = input.subarray(skip * bs);
    if (ops.if === '/dev/zero' || ops.if === '/dev/urandom' || ops.if === '/dev/random') {
      const parts: Buffer[] = [];
      let have = 0;
      while (have < limit) {
        const chunk = ctx.fs.readFile(ops.if);
        parts.push(chunk);
        have += chunk.length;
      }
      data = Buffer.concat(parts);
    }
    data = data.subarray(0, limit);
    if (ops.of === undefined) ctx.stdout(data);
    else {
      try {
        ctx.fs.writeFile(absolute(ctx, ops.of), data, {
          append: ops.oflag === 'append' || ops.conv === 'notrunc',
        });
      } catch (err) {
        ctx.stderr(`${prog}: failed to open '${ops.of}': ${errorText(codeOf(err))}\n`);
        return 1;
      }
    }
    const full = Math.floor(data.length / bs);
    const partial = data.length % bs ? 1 : 0;
    if (ops.status !== 'none') {
      const seconds = 0.000_05 + data.length / 1.2e9;
      const rate = data.length / seconds;
      const rateText = rate > 1e9 ? `${(rate / 1e9).toFixed(1)} GB/s` : `${Math.round(rate / 1e6)} MB/s`;
      ctx.stderr(
        isBusybox(ctx)
          ? `${full}+${partial} records in\n${full}+${partial} records out\n${data.length} bytes (${(data.length / 1024).toFixed(1)}KB) copied, ${seconds.toFixed(6)} seconds, ${rateText}\n`
          : `${full}+${partial} records in\n${full}+${partial} records out\n${human(data.length)}, ${seconds.toFixed(6).replace(/0+$/, '')} s, ${rateText}\n`,
      );
    }
    return 0;
  },
});
