/** `cmdkey /list`: stored credentials (none on this account); `/add` is acknowledged. */
import { defineCmd } from '../command.js';
import { hasSwitch } from './lib/switches.js';

export const cmdkeyCommand = defineCmd({
  name: 'cmdkey',
  path: 'C:\\Windows\\System32\\cmdkey.exe',
  run: (ctx) => {
    if (hasSwitch(ctx.args, 'add') || hasSwitch(ctx.args, 'generic')) {
      ctx.stdout('\r\nCMDKEY: Credential added successfully.\r\n');
      return 0;
    }
    if (hasSwitch(ctx.args, 'delete')) {
      ctx.stderr('\r\nCMDKEY: Element not found.\r\n');
      return 1;
    }
    if (hasSwitch(ctx.args, 'list')) {
      ctx.stdout('\r\nCurrently stored credentials:\r\n\r\n* NONE *\r\n');
      return 0;
    }
    ctx.stdout(
      '\r\nCreates, displays, and deletes stored user names and passwords.\r\n\r\nThe syntax of this command is:\r\n\r\nCMDKEY [{/add | /generic}:targetname {/smartcard | /user:username {/pass{:password}}} | /delete{:targetname | /ras} | /list{:targetname}]\r\n',
    );
    return 0;
  },
});
