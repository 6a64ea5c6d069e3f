/** `pushd`/`popd`: change directory, remembering where from (a stack bounded like the shell's history). */
import { defineCmd } from '../command.js';
import { CMD_LIMITS } from '../limits.js';

/** Each session's stack, keyed by its environment (one per session). */
const stacks = new WeakMap<object, string[]>();

export const pushdCommand = defineCmd({
  name: 'pushd',
  run: (ctx) => {
    const target = ctx.rawArgs.trim().replace(/"/g, '');
    const stack = stacks.get(ctx.env) ?? [];
    stacks.set(ctx.env, stack);
    if (target === '') {
      for (const dir of [...stack].reverse()) ctx.stdout(`${dir}\r\n`);
      return 0;
    }
    const from = ctx.cwd;
    if (!ctx.chdir(target)) {
      ctx.stderr('The system cannot find the path specified.\r\n');
      return 1;
    }
    if (stack.length >= CMD_LIMITS.maxPushedDirectories) stack.shift();
    stack.push(from);
    return 0;
  },
});

export const popdCommand = defineCmd({
  name: 'popd',
  run: (ctx) => {
    const dir = stacks.get(ctx.env)?.pop();
    if (dir !== undefined) ctx.chdir(dir);
    return 0;
  },
});
