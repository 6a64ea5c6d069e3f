/** `bitsadmin /transfer NAME [/download] [/priority p] URL FILE`: a BITS job, downloading through the host. */
import { defineCmd } from '../command.js';
import { download, WINHTTP_ERRORS } from './lib/download.js';

export const bitsadminCommand = defineCmd({
  name: 'bitsadmin',
  path: 'C:\\Windows\\System32\\bitsadmin.exe',
  run: async (ctx) => {
    const banner =
      '\r\nBITSADMIN version 3.0\r\nBITS administration utility.\r\n(C) Copyright Microsoft Corp.\r\n\r\n';
    const lower = ctx.args.map((a) => a.toLowerCase());
    if (!lower.includes('/transfer')) {
      ctx.stdout(`${banner}${lower.includes('/list') ? 'Listed 0 job(s).\r\n' : 'Unknown command.\r\n'}`);
      return lower.includes('/list') ? 0 : 1;
    }
    const operands = ctx.args.filter(
      (a, i) => !a.startsWith('/') && !/^\/priority$/i.test(ctx.args[i - 1] ?? ''),
    );
    const [job = 'job', url, file] = operands;
    if (url === undefined || file === undefined) {
      ctx.stdout(`${banner}Unable to add file - 0x80070057\r\nThe parameter is incorrect.\r\n`);
      return 1;
    }
    const guid = '{6F4E2D11-9B2A-4C52-A7E1-3B5D0A8C9E42}';
    ctx.stdout(`${banner}DISPLAY: '${job}' TRANSFERRING 0 / UNKNOWN WITH 0 / UNKNOWN BYTES COMPLETE\r\n`);
    const outcome = await download(ctx, url, 'bitsadmin', file);
    if (outcome.ok) {
      ctx.stdout(
        `DISPLAY: '${job}' TRANSFERRED 1 / 1 WITH ${outcome.body.length} / ${outcome.body.length} BYTES COMPLETE\r\nTransfer complete.\r\n`,
      );
      return 0;
    }
    const error = WINHTTP_ERRORS[outcome.error] ?? WINHTTP_ERRORS.timeout!;
    ctx.stdout(
      `ERROR FILE:    ${url} -> ${ctx.drive.resolve(file)}\r\nERROR CODE:    ${error.hresult} - ${error.text}\r\nERROR CONTEXT: 0x00000005 - The error occurred while the remote file was being processed.\r\nJob ${guid} canceled.\r\n`,
    );
    return 1;
  },
});
