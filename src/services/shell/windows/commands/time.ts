/** `time` and `date`: with `/t` the current time or date; without it they ask for a new one, which is refused. */
import { defineCmd } from '../command.js';
import { shortDate, shortTime } from '../system.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export const timeCommand = defineCmd({
  name: 'time',
  run: (ctx) => {
    const now = ctx.clock.now();
    if (/^\s*\/t\s*$/i.test(ctx.rawArgs)) {
      ctx.stdout(`${shortTime(now)}\r\n`);
      return 0;
    }
    const d = new Date(now);
    const two = (n: number) => String(n).padStart(2, '0');
    ctx.stdout(
      `The current time is: ${String(d.getUTCHours()).padStart(2, ' ')}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${two(Math.floor(d.getUTCMilliseconds() / 10))}\r\nEnter the new time: `,
    );
    if (ctx.stdin.length > 0 && ctx.stdin.toString('utf8').trim() !== '') {
      ctx.stderr('A required privilege is not held by the client.\r\n');
      return 1;
    }
    ctx.stdout('\r\n');
    return 0;
  },
});

export const dateCommand = defineCmd({
  name: 'date',
  run: (ctx) => {
    const now = ctx.clock.now();
    const today = `${DAYS[new Date(now).getUTCDay()]} ${shortDate(now)}`;
    if (/^\s*\/t\s*$/i.test(ctx.rawArgs)) {
      ctx.stdout(`${today} \r\n`);
      return 0;
    }
    ctx.stdout(`The current date is: ${today}\r\nEnter the new date: (mm-dd-yy) `);
    if (ctx.stdin.length > 0 && ctx.stdin.toString('utf8').trim() !== '') {
      ctx.stderr('A required privilege is not held by the client.\r\n');
      return 1;
    }
    ctx.stdout('\r\n');
    return 0;
  },
});
