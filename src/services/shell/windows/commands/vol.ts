/** `vol`: the volume label and serial number of C:. */
import { defineCmd } from '../command.js';
import { SYSTEM_DRIVE } from '../drive.js';
import { driveOf } from '../paths.js';
import { identityOf } from '../system.js';

export const volCommand = defineCmd({
  name: 'vol',
  run: (ctx) => {
    const drive = ctx.args[0] ? driveOf(ctx.args[0]) : driveOf(ctx.cwd);
    if (drive !== SYSTEM_DRIVE) {
      ctx.stderr('The system cannot find the path specified.\r\n');
      return 1;
    }
    ctx.stdout(
      ` Volume in drive C has no label.\r\n Volume Serial Number is ${identityOf(ctx.machine).volumeSerial}\r\n`,
    );
    return 0;
  },
});
