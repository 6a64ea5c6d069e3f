/** `timeout /t N`: waits (within the line's bounds); with no console it refuses, as the real tool does. */
import { defineCmd } from '../command.js';
import { hasSwitch, switchValue } from './lib/switches.js';

/** The longest wait timeout accepts (its documented range is -1 to 99999 seconds). */
const MAX_TIMEOUT_SECONDS = 99_999;

export const timeoutCommand = defineCmd({
  name: 'timeout',
  path: 'C:\\Windows\\System32\\timeout.exe',
  run: async (ctx) => {
    const value = switchValue(ctx.args, 't') ?? ctx.args.find((a) => /^-?\d+$/.test(a)) ?? null;
    const seconds = value === null ? Number.NaN : Number(value);
    if (!Number.isInteger(seconds) || seconds < -1 || seconds > MAX_TIMEOUT_SECONDS) {
      ctx.stderr(
        value === null
          ? 'ERROR: Invalid syntax. Default option is not allowed more than \'1\' time(s).\r\nType "TIMEOUT /?" for usage.\r\n'
          : `ERROR: Invalid value for timeout (/T) specified. Valid range is -1 to 99999.\r\n`,
      );
      return 1;
    }
    if (!ctx.terminal.isTty && !hasSwitch(ctx.args, 'nobreak')) {
      ctx.stderr('ERROR: Input redirection is not supported, exiting the process immediately.\r\n');
      return 1;
    }
    ctx.stdout(`\r\nWaiting for ${seconds} seconds, press a key to continue ...`);
    if (seconds > 0) await ctx.sleep(seconds * 1000);
    ctx.stdout('\r\n');
    return 0;
  },
});
