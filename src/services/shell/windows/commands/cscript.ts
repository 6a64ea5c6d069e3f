/** `cscript`/`wscript`: Windows Script Host; a script that is there "runs", a missing one is reported. */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';

const LOGO =
  'Microsoft (R) Windows Script Host Version 5.812\r\nCopyright (C) Microsoft Corporation. All rights reserved.\r\n\r\n';

function host(ctx: CmdContext): number {
  const script = ctx.args.find((a) => !a.startsWith('/') && !a.startsWith('//'));
  if (!ctx.args.some((a) => a.toLowerCase() === '//nologo')) ctx.stdout(LOGO);
  if (script === undefined) {
    ctx.stdout('Usage: CScript scriptname.extension [option...] [arguments...]\r\n');
    return 0;
  }
  if (!ctx.drive.exists(script)) {
    ctx.stdout(`Input Error: Can not find script file "${ctx.drive.resolve(script)}".\r\n`);
    return 1;
  }
  return 0;
}

export const cscriptCommand = defineCmd({
  name: 'cscript',
  path: 'C:\\Windows\\System32\\cscript.exe',
  run: host,
});
export const wscriptCommand = defineCmd({
  name: 'wscript',
  path: 'C:\\Windows\\System32\\wscript.exe',
  run: host,
});
