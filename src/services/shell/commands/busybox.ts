/**
 * busybox(1): the multi-call binary itself — its help with the applet list, --list, and `busybox NAME
 * ARGS` running the applet through the shell; an unknown name is "applet not found" (the probe Mirai
 * and its descendants send to tell a real device from a honeypot).
 */
import { familyOf } from '../machine.js';
import { busyboxFor } from '../vfs/busybox.js';
import { defineCommand } from './lib/program.js';

function functionsList(names: readonly string[]): string {
  const lines: string[] = [];
  let line = '\t';
  let col = 8;
  names.forEach((name, i) => {
    const piece = i === names.length - 1 ? name : `${name}, `;
    if (col + piece.length > 78 && line !== '\t') {
      lines.push(line.trimEnd());
      line = '\t';
      col = 8;
    }
    line += piece;
    col += piece.length;
  });
  lines.push(line.trimEnd());
  return `${lines.join('\n')}\n`;
}

export const busyboxCommand = defineCommand({
  name: 'busybox',
  path: '/bin/busybox',
  multiCall: true,
  availableOn: (d) => busyboxFor(d) !== null,
  run: async (ctx) => {
    const build = busyboxFor(ctx.machine.distro);
    if (!build) return 127;
    const names = [...build.applets.keys()].sort();
    const args = ctx.argv.slice(1);
    const first = args[0];
    if (first === undefined || first === '--help') {
      ctx.stdout(
        `${build.banner}\nBusyBox is copyrighted by many authors between 1998-2015.\nLicensed under GPLv2. See source distribution for detailed\ncopyright notices.\n\nUsage: busybox [function [arguments]...]\n   or: busybox --list${familyOf(ctx.machine.distro) === 'debian' ? '' : '[-full]'}\n   or: busybox --show SCRIPT\n   or: busybox --install [-s] [DIR]\n   or: function [arguments]...\n\n\tBusyBox is a multi-call binary that combines many common Unix\n\tutilities into a single executable.  Most people will create a\n\tlink to busybox for each function they wish to use and BusyBox\n\twill act like whatever it was invoked as.\n\nCurrently defined functions:\n${functionsList(names)}`,
      );
      return 0;
    }
    if (first === '--list') {
      ctx.stdout(names.map((n) => `${n}\n`).join(''));
      return 0;
    }
    if (first === '--list-full') {
      ctx.stdout(names.map((n) => `${(build.applets.get(n) ?? '/bin').slice(1)}/${n}\n`).join(''));
      return 0;
    }
    if (first === '--install') {
      if (ctx.user.uid !== 0) {
        ctx.stderr('busybox: /bin/[: Permission denied\n');
        return 1;
      }
      return 0;
    }
    if (!build.applets.has(first)) {
      ctx.stderr(`${first}: applet not found\n`);
      return 127;
    }
    if (first === 'sh' || first === 'ash') return ctx.run(args);
    return ctx.run(args, { stdin: ctx.stdin });
  },
});
