/** `icacls`: the ACL of a file or directory as a stock install has it; grants succeed in words. */
import { defineCmd } from '../command.js';

export const icaclsCommand = defineCmd({
  name: 'icacls',
  path: 'C:\\Windows\\System32\\icacls.exe',
  run: (ctx) => {
    const target = ctx.args[0];
    if (target === undefined) {
      ctx.stderr('ICACLS name /save aclfile [/T] [/C] [/L] [/Q]\r\n');
      return 87;
    }
    const path = ctx.drive.resolve(target);
    const stat = ctx.drive.stat(path);
    if (stat === null) {
      ctx.stderr(
        `${target}: The system cannot find the file specified.\r\nSuccessfully processed 0 files; Failed processing 1 files\r\n`,
      );
      return 2;
    }
    if (ctx.args.slice(1).some((a) => /^\/(grant|deny|remove|reset|setowner|inheritance)/i.test(a))) {
      ctx.stdout(
        `processed file: ${target}\r\nSuccessfully processed 1 files; Failed processing 0 files\r\n`,
      );
      return 0;
    }
    const inherit = stat.type === 'dir' ? '(OI)(CI)' : '';
    const lower = path.toLowerCase();
    const owner =
      lower.startsWith('c:\\users\\') && !lower.startsWith('c:\\users\\public')
        ? `${ctx.machine.hostname.split('.')[0]?.toUpperCase()}\\${ctx.user.name}`
        : null;
    const aces = owner
      ? [
          `NT AUTHORITY\\SYSTEM:${inherit}(F)`,
          `BUILTIN\\Administrators:${inherit}(F)`,
          `${owner}:${inherit}(F)`,
        ]
      : [
          `NT SERVICE\\TrustedInstaller:${inherit}(F)`,
          `NT AUTHORITY\\SYSTEM:${inherit}(F)`,
          `BUILTIN\\Administrators:${inherit}(F)`,
          `BUILTIN\\Users:${inherit}(RX)`,
          `APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES:${inherit}(RX)`,
        ];
    const pad = ' '.repeat(target.length + 1);
    ctx.stdout(
      `${target} ${aces[0]}\r\n${aces
        .slice(1)
        .map((a) => `${pad}${a}\r\n`)
        .join('')}\r\nSuccessfully processed 1 files; Failed processing 0 files\r\n`,
    );
    return 0;
  },
});
