/** `history` (bash(1) "history"): numbered entries, `-c` clears, `-d N` deletes one. */
import { toBytes } from '../../syntax/bytes.js';
import type { BuiltinContext } from '../shell.js';

export function history(ctx: BuiltinContext): number {
  const list = ctx.shell.runtime.history;
  const args = ctx.argv.slice(1);
  if (args[0] === '-c') {
    list.clear();
    return 0;
  }
  if (args[0] === '-d') {
    const n = args[1];
    if (n === undefined || !/^-?[0-9]+$/.test(n) || !list.delete(Number(n))) {
      ctx.error(`${n ?? ''}: history position out of range`);
      return 1;
    }
    return 0;
  }
  if (args[0] !== undefined && /^-[awrnsp]$/.test(args[0])) return 0;
  let entries = list.entries.map((line, i) => ({ n: list.firstNumber + i, line }));
  if (args[0] !== undefined) {
    if (!/^[0-9]+$/.test(args[0])) {
      ctx.error(`${args[0]}: numeric argument required`);
      return 1;
    }
    entries = entries.slice(Math.max(0, entries.length - Number(args[0])));
  }
  for (const { n, line } of entries) ctx.out(`${String(n).padStart(5)}  ${toBytes(line)}\n`);
  return 0;
}
