/** `nltest`: the decky is in a workgroup, so every domain question fails the way it does there. */
import { defineCmd } from '../command.js';

export const nltestCommand = defineCmd({
  name: 'nltest',
  path: 'C:\\Windows\\System32\\nltest.exe',
  run: (ctx) => {
    const option = (ctx.args[0] ?? '').toLowerCase();
    if (option === '') {
      ctx.stdout('Usage: nltest [/OPTIONS]\r\n');
      return 0;
    }
    const what = option.startsWith('/domain_trusts')
      ? 'Getting domain trusts'
      : option.startsWith('/dclist')
        ? "Get list of DCs in domain '' from ''"
        : 'Getting DC name';
    ctx.stderr(`${what} failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN\r\n`);
    return 1355;
  },
});
