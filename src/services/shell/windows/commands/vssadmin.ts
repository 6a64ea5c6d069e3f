/** `vssadmin`: there are no shadow copies to list or delete (what ransomware checks before encrypting). */
import { defineCmd } from '../command.js';

const HEADER =
  'vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\r\n(C) Copyright 2001-2013 Microsoft Corp.\r\n\r\n';

export const vssadminCommand = defineCmd({
  name: 'vssadmin',
  path: 'C:\\Windows\\System32\\vssadmin.exe',
  run: (ctx) => {
    const verb = ctx.args.slice(0, 2).join(' ').toLowerCase();
    if (/^(list|delete) shadows$/.test(verb)) {
      ctx.stdout(`${HEADER}No items found that satisfy the query.\r\n`);
      return verb.startsWith('delete') ? 1 : 0;
    }
    if (verb === 'list writers' || verb === 'list providers' || verb === 'list volumes') {
      ctx.stdout(HEADER);
      return 0;
    }
    if (verb.startsWith('resize shadowstorage')) {
      ctx.stdout(`${HEADER}Error: The specified shadow copy storage association not found.\r\n`);
      return 2;
    }
    ctx.stdout(`${HEADER}Error: Invalid command.\r\n\r\n`);
    return 1;
  },
});
