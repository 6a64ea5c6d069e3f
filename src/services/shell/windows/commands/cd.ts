/** `cd`/`chdir`: prints or changes the current directory; `/d` is needed to change drive, as in cmd. */
import { defineCmd } from '../command.js';
import { SYSTEM_DRIVE } from '../drive.js';
import { driveOf } from '../paths.js';

export const cdCommand = defineCmd({
  name: 'cd',
  aliases: ['chdir'],
  run: (ctx) => {
    let target = ctx.rawArgs.trim();
    let changeDrive = false;
    const option = /^\/d\s*/i.exec(target);
    if (option) {
      changeDrive = true;
      target = target.slice(option[0].length);
    }
    // cd takes the rest of the line as one path (spaces and all), quotes removed.
    target = target.replace(/"/g, '').replace(/\s+$/, '');
    if (target === '') {
      ctx.stdout(`${ctx.cwd}\r\n`);
      return 0;
    }
    if (/^[A-Za-z]:$/.test(target)) {
      // `cd D:` prints D:'s current directory; only C: exists.
      if (driveOf(target) !== SYSTEM_DRIVE) {
        ctx.stderr('The system cannot find the drive specified.\r\n');
        return 1;
      }
      ctx.stdout(`${ctx.cwd}\r\n`);
      return 0;
    }
    if (/^[A-Za-z]:/.test(target) && driveOf(target) !== SYSTEM_DRIVE) {
      ctx.stderr('The system cannot find the path specified.\r\n');
      return 1;
    }
    if (!changeDrive && /^[A-Za-z]:/.test(target) && driveOf(target) !== driveOf(ctx.cwd)) return 0;
    if (ctx.drive.stat(target)?.type === 'file') {
      ctx.stderr('The directory name is invalid.\r\n');
      return 1;
    }
    if (!ctx.chdir(target)) {
      ctx.stderr('The system cannot find the path specified.\r\n');
      return 1;
    }
    return 0;
  },
});
