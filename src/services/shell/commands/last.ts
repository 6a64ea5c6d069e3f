/** last(1) and lastlog(8): logins from the session's /var/log/wtmp plus the attacker's own, still logged in. */
import { parsePasswd } from '../vfs/accounts.js';
import { decodeUtmp, UT_TYPE } from '../vfs/wtmp.js';
import { coreTool, gnuOnly } from './lib/availability.js';
import { strftime } from './lib/format.js';
import { defineCommand, progName } from './lib/program.js';
import { sessionInfo } from './lib/session.js';

function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hm = `${String(Math.floor((minutes % 1440) / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return days > 0 ? `(${days}+${hm})` : `(${hm})`;
}

export const lastCommand = defineCommand({
  name: 'last',
  path: '/usr/bin/last',
  availableOn: coreTool('last'),
  run: (ctx) => {
    const prog = progName(ctx, 'last');
    const args = ctx.argv.slice(1);
    let limit = Number.POSITIVE_INFINITY;
    const filters: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-n') limit = Number(args[++i] ?? Infinity);
      else if (/^-\d+$/.test(a)) limit = Number(a.slice(1));
      else if (a.startsWith('-')) continue;
      else filters.push(a);
    }
    let data: Buffer;
    try {
      data = ctx.fs.readFile('/var/log/wtmp');
    } catch {
      ctx.stderr(`${prog}: cannot open /var/log/wtmp: No such file or directory\n`);
      return 1;
    }
    const records = decodeUtmp(data);
    const rows: Array<{ user: string; line: string; host: string; start: number; end: string }> = [];
    const info = sessionInfo(ctx);
    rows.push({
      user: ctx.user.name === 'root' && info.from ? 'root' : ctx.user.name,
      line: info.tty ?? 'pts/0',
      host: info.from ?? '',
      start: info.loginAt,
      end: '  still logged in',
    });
    const opened = new Map<string, number>();
    const sorted = [...records].sort((a, b) => a.time - b.time);
    const sessions: typeof rows = [];
    let lastBoot: number | null = null;
    for (const r of sorted) {
      if (r.type === UT_TYPE.USER_PROCESS)
        opened.set(
          r.line,
          sessions.push({ user: r.user, line: r.line, host: r.host, start: r.time * 1000, end: '' }) - 1,
        );
      else if (r.type === UT_TYPE.DEAD_PROCESS) {
        const idx = opened.get(r.line);
        if (idx !== undefined) {
          const s = sessions[idx]!;
          s.end = ` - ${strftime('%H:%M', r.time * 1000)}  ${duration(r.time * 1000 - s.start)}`;
          opened.delete(r.line);
        }
      } else if (r.type === UT_TYPE.BOOT_TIME) {
        for (const idx of opened.values()) sessions[idx]!.end = ' - crash';
        opened.clear();
        sessions.push({
          user: 'reboot',
          line: 'system boot',
          host: r.host,
          start: r.time * 1000,
          end: '  still running',
        });
        lastBoot = r.time * 1000;
      }
    }
    rows.push(...sessions.reverse());
    const shown = rows
      .filter((r) => filters.length === 0 || filters.includes(r.user) || filters.includes(r.line))
      .slice(0, limit);
    let out = shown
      .map(
        (r) =>
          `${r.user.slice(0, 8).padEnd(8)} ${r.line.slice(0, 12).padEnd(12)} ${r.host.slice(0, 16).padEnd(16)} ${strftime('%a %b %e %H:%M', r.start)}${r.end}\n`,
      )
      .join('');
    const begins = sorted[0]?.time ?? Math.floor((lastBoot ?? ctx.clock.now()) / 1000);
    out += `\nwtmp begins ${strftime('%a %b %e %H:%M:%S %Y', begins * 1000)}\n`;
    ctx.stdout(out);
    return 0;
  },
});

export const lastlogCommand = defineCommand({
  name: 'lastlog',
  path: '/usr/bin/lastlog',
  availableOn: gnuOnly,
  run: (ctx) => {
    let users: ReturnType<typeof parsePasswd>;
    try {
      users = parsePasswd(ctx.fs.readFile('/etc/passwd').toString());
    } catch {
      return 1;
    }
    const only = ctx.argv.indexOf('-u') >= 0 ? ctx.argv[ctx.argv.indexOf('-u') + 1] : undefined;
    const records = (() => {
      try {
        return decodeUtmp(ctx.fs.readFile('/var/log/wtmp'));
      } catch {
        return [];
      }
    })();
    const info = sessionInfo(ctx);
    let out = 'Username         Port     From             Latest\n';
    for (const u of users) {
      if (only && u.name !== only) continue;
      let last: { line: string; host: string; time: number } | null = null;
      if (u.name === ctx.user.name)
        last = { line: info.tty ?? 'pts/0', host: info.from ?? '', time: info.loginAt };
      else {
        const r = [...records].reverse().find((x) => x.type === UT_TYPE.USER_PROCESS && x.user === u.name);
        if (r) last = { line: r.line, host: r.host, time: r.time * 1000 };
      }
      out += last
        ? `${u.name.padEnd(16)} ${last.line.padEnd(8)} ${last.host.padEnd(16)} ${strftime('%a %b %e %H:%M:%S %z %Y', last.time)}\n`
        : `${u.name.padEnd(16)}                           **Never logged in**\n`;
    }
    ctx.stdout(out);
    return 0;
  },
});
