/** `exit`, `logout`, `return`, `break`, `continue`, `:`, `true`, `false` (bash(1) SHELL BUILTIN COMMANDS). */
import type { BuiltinContext } from '../shell.js';
import { ExitSignal, LoopSignal, ReturnSignal } from '../signals.js';

function statusArgument(ctx: BuiltinContext, arg: string | undefined): number | null {
  if (arg === undefined) return ctx.shell.state.lastStatus;
  if (!/^\s*[-+]?[0-9]+\s*$/.test(arg)) return null;
  return Number(BigInt.asUintN(8, BigInt(arg.trim())));
}

export function exit(ctx: BuiltinContext): never | number {
  const { state } = ctx.shell;
  if (ctx.argv.length > 2) {
    ctx.error('too many arguments');
    return 1;
  }
  let status = statusArgument(ctx, ctx.argv[1]);
  if (state.mode === 'interactive' && state.subshell === 0) ctx.err(state.login ? 'logout\n' : 'exit\n');
  if (status === null) {
    ctx.error(`${ctx.argv[1]}: numeric argument required`);
    status = 2;
  }
  throw new ExitSignal(status);
}

export function logout(ctx: BuiltinContext): number {
  if (!ctx.shell.state.login) {
    ctx.error("not login shell: use `exit'");
    return 1;
  }
  return exit(ctx);
}

export function returnBuiltin(ctx: BuiltinContext): number {
  const { state } = ctx.shell;
  if (state.functionDepth === 0 && state.sourceDepth === 0) {
    ctx.error("can only `return' from a function or sourced script");
    return 1;
  }
  const status = statusArgument(ctx, ctx.argv[1]);
  if (status === null) {
    ctx.error(`${ctx.argv[1]}: numeric argument required`);
    throw new ReturnSignal(2);
  }
  throw new ReturnSignal(status);
}

function loopControl(ctx: BuiltinContext, kind: 'break' | 'continue'): number {
  const { state } = ctx.shell;
  const arg = ctx.argv[1];
  let levels = 1;
  if (arg !== undefined) {
    if (!/^[0-9]+$/.test(arg)) {
      ctx.error(`${arg}: numeric argument required`);
      return 128;
    }
    levels = Number(arg);
    if (levels < 1) {
      ctx.error(`${arg}: loop count out of range`);
      return 1;
    }
  }
  if (state.loopDepth === 0) {
    ctx.error("only meaningful in a `for', `while', or `until' loop");
    return 0;
  }
  throw new LoopSignal(kind, Math.min(levels, state.loopDepth));
}

export function breakBuiltin(ctx: BuiltinContext): number {
  return loopControl(ctx, 'break');
}

export function continueBuiltin(ctx: BuiltinContext): number {
  return loopControl(ctx, 'continue');
}

export const colon = (): number => 0;
export const trueBuiltin = (): number => 0;
export const falseBuiltin = (): number => 1;
