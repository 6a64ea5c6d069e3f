/** Switches as Windows tools take them: `/x` or `-x`, any case, sometimes with a `:value`. */
import type { CmdContext } from '../../command.js';

export function isSwitch(arg: string): boolean {
  return /^[/-]./.test(arg);
}

/** Whether `name` was given (`/s`, `-S`, `/S:value`). */
export function hasSwitch(args: readonly string[], name: string): boolean {
  const lower = name.toLowerCase();
  return args.some((arg) => {
    if (!isSwitch(arg)) return false;
    const body = arg.slice(1).toLowerCase();
    return body === lower || body.startsWith(`${lower}:`);
  });
}

/** The value after a switch: `/fo csv` or `/fo:csv`; null when absent. */
export function switchValue(args: readonly string[], name: string): string | null {
  const lower = name.toLowerCase();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!isSwitch(arg)) continue;
    const body = arg.slice(1).toLowerCase();
    if (body === lower) return args[i + 1] ?? '';
    if (body.startsWith(`${lower}:`)) return arg.slice(lower.length + 2);
  }
  return null;
}

/** Arguments that are not switches. */
export function operands(args: readonly string[]): string[] {
  return args.filter((arg) => !isSwitch(arg));
}

/** What most internal commands say about a switch they do not take. */
export function syntaxError(ctx: CmdContext): number {
  ctx.stderr('The syntax of the command is incorrect.\r\n');
  return 1;
}

/** `ERROR: Invalid argument/option - '/x'.` and the usage hint the Windows tools print. */
export function invalidOption(ctx: CmdContext, tool: string, option: string): number {
  ctx.stderr(
    `ERROR: Invalid argument/option - '${option}'.\r\nType "${tool.toUpperCase()} /?" for usage.\r\n`,
  );
  return 1;
}

/** Lines joined with CRLF, ending with one. */
export function crlf(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}
