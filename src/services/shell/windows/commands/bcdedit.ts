/** `bcdedit`: changes to the boot configuration (recovery off, safe boot) are acknowledged and not made. */
import { defineCmd } from '../command.js';

export const bcdeditCommand = defineCmd({
  name: 'bcdedit',
  path: 'C:\\Windows\\System32\\bcdedit.exe',
  run: (ctx) => {
    if (ctx.args.length === 0 || /^\/enum$/i.test(ctx.args[0] ?? '')) {
      ctx.stdout(
        '\r\nWindows Boot Manager\r\n--------------------\r\nidentifier              {bootmgr}\r\ndevice                  partition=\\Device\\HarddiskVolume1\r\ndescription             Windows Boot Manager\r\nlocale                  en-US\r\ndefault                 {current}\r\ntimeout                 30\r\n\r\nWindows Boot Loader\r\n-------------------\r\nidentifier              {current}\r\ndevice                  partition=C:\r\npath                    \\Windows\\system32\\winload.exe\r\ndescription             Windows Server\r\nlocale                  en-US\r\nrecoveryenabled         Yes\r\nosdevice                partition=C:\r\nsystemroot              \\Windows\r\nnx                      OptOut\r\n',
      );
      return 0;
    }
    ctx.stdout('The operation completed successfully.\r\n');
    return 0;
  },
});
