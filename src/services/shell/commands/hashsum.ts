/** md5sum(1), sha1sum, sha256sum and sha512sum: digests of files and stdin, and -c checking. */
import { createHash } from 'node:crypto';
import type { CommandSpec } from '../command.js';
import { coreTool } from './lib/availability.js';
import {
  absolute,
  codeOf,
  coreutilsVersion,
  defineCommand,
  errorText,
  parseOrReport,
  readInputs,
} from './lib/program.js';

function hashCommand(name: string, algorithm: string): CommandSpec {
  return defineCommand({
    name,
    path: `/usr/bin/${name}`,
    availableOn: coreTool(name),
    run: (ctx) => {
      const parsed = parseOrReport(
        ctx,
        name,
        [
          { key: 'b', short: 'b', long: 'binary' },
          { key: 'c', short: 'c', long: 'check' },
          { key: 't', short: 't', long: 'text' },
          { key: 'z', short: 'z', long: 'zero' },
          { key: 'tag', long: 'tag' },
          { key: 'quiet', long: 'quiet' },
          { key: 'status', long: 'status' },
          { key: 'w', short: 'w', long: 'warn' },
          { key: 'strict', long: 'strict' },
          { key: 'ignore-missing', long: 'ignore-missing' },
          { key: 'help', long: 'help' },
          { key: 'version', long: 'version' },
        ],
        { gnuStatus: 1, busybox: '[-c[sw]] [FILE]...' },
      );
      if (!parsed.ok) return parsed.status;
      const { args, prog } = parsed;
      if (args.has('version')) {
        ctx.stdout(
          coreutilsVersion(
            ctx,
            name,
            name === 'md5sum'
              ? 'Ulrich Drepper, Scott Miller, and David Madore'
              : 'Ulrich Drepper, Scott Miller, and David Madore',
          ),
        );
        return 0;
      }
      const digest = (data: Buffer) => createHash(algorithm).update(data).digest('hex');
      if (args.has('c')) {
        const { inputs, failed } = readInputs(ctx, prog, args.operands);
        let bad = 0;
        let missing = 0;
        for (const { data } of inputs) {
          for (const line of data.toString().split('\n')) {
            const m = /^([0-9a-fA-F]+) [ *](.+)$/.exec(line);
            if (!m) continue;
            try {
              const ok = digest(ctx.fs.readFile(absolute(ctx, m[2]!))) === m[1]!.toLowerCase();
              if (!ok) bad++;
              if (!args.has('status') && (!ok || !args.has('quiet')))
                ctx.stdout(`${m[2]}: ${ok ? 'OK' : 'FAILED'}\n`);
            } catch (err) {
              missing++;
              ctx.stderr(`${prog}: ${m[2]}: ${errorText(codeOf(err))}\n`);
              ctx.stdout(`${m[2]}: FAILED open or read\n`);
            }
          }
        }
        if (missing > 0)
          ctx.stderr(
            `${prog}: WARNING: ${missing} listed file${missing === 1 ? '' : 's'} could not be read\n`,
          );
        if (bad > 0)
          ctx.stderr(`${prog}: WARNING: ${bad} computed checksum${bad === 1 ? '' : 's'} did NOT match\n`);
        return failed || bad > 0 || missing > 0 ? 1 : 0;
      }
      const { inputs, failed } = readInputs(ctx, prog, args.operands);
      let out = '';
      for (const { name: file, data } of inputs) {
        out += args.has('tag')
          ? `${algorithm.toUpperCase()} (${file}) = ${digest(data)}\n`
          : `${digest(data)}  ${file}\n`;
      }
      ctx.stdout(out);
      return failed ? 1 : 0;
    },
  });
}

export const md5sumCommand = hashCommand('md5sum', 'md5');
export const sha1sumCommand = hashCommand('sha1sum', 'sha1');
export const sha256sumCommand = hashCommand('sha256sum', 'sha256');
export const sha512sumCommand = hashCommand('sha512sum', 'sha512');
