/** `find "text" [files]`: lines containing a string (`/i` any case, `/v` not containing, `/c` count, `/n` numbered). */
import { defineCmd } from '../command.js';
import { readSources } from './lib/input.js';
import { hasSwitch } from './lib/switches.js';

export const findCommand = defineCmd({
  name: 'find',
  path: 'C:\\Windows\\System32\\find.exe',
  run: (ctx) => {
    // The string must be quoted on the command line; the C runtime's split has removed the quotes.
    const quoted = /"([^"]*)"/.exec(ctx.rawArgs);
    if (!quoted) {
      ctx.stderr('FIND: Parameter format not correct\r\n');
      return 2;
    }
    const needle = quoted[1] as string;
    const rest = ctx.rawArgs.slice((quoted.index ?? 0) + quoted[0].length);
    const files = rest.split(/\s+/).filter((w) => w !== '' && !w.startsWith('/'));
    const ignoreCase = hasSwitch(ctx.args, 'i');
    const invert = hasSwitch(ctx.args, 'v');
    const count = hasSwitch(ctx.args, 'c');
    const numbered = hasSwitch(ctx.args, 'n');
    const sources = readSources(ctx, files, (name) => `File not found - ${name.toUpperCase()}\r\n`);
    if (sources === null) return 1;
    let matchedAny = false;
    for (const source of sources) {
      const matches: string[] = [];
      source.lines.forEach((line, i) => {
        // An empty string matches no line (so `find /v /c ""` counts them all).
        const hit =
          needle !== '' &&
          (ignoreCase ? line.toLowerCase().includes(needle.toLowerCase()) : line.includes(needle));
        if (hit !== invert) matches.push(numbered ? `[${i + 1}]${line}` : line);
      });
      if (matches.length > 0) matchedAny = true;
      const heading = source.name === null ? '' : `\r\n---------- ${source.name.toUpperCase()}`;
      if (count)
        ctx.stdout(source.name === null ? `${matches.length}\r\n` : `${heading}: ${matches.length}\r\n`);
      else {
        if (heading) ctx.stdout(`${heading}\r\n`);
        ctx.stdout(matches.map((m) => `${m}\r\n`).join(''));
      }
    }
    return matchedAny ? 0 : 1;
  },
});
