/** `tracert`: the gateway answers the first hop; beyond it every probe times out (nothing leaves the decky). */
import { defineCmd } from '../command.js';
import { CMD_LIMITS } from '../limits.js';
import { resolveLocalName } from './ping.js';

const HOP_TIMEOUT_MS = 3 * 4000;

export const tracertCommand = defineCmd({
  name: 'tracert',
  path: 'C:\\Windows\\System32\\TRACERT.EXE',
  run: async (ctx) => {
    const target = ctx.args.filter(
      (a, i) => !/^[-/]/.test(a) && !/^[-/][hjw]$/i.test(ctx.args[i - 1] ?? ''),
    )[0];
    if (target === undefined) {
      ctx.stdout(
        '\r\nUsage: tracert [-d] [-h maximum_hops] [-j host-list] [-w timeout]\r\n               [-R] [-S srcaddr] [-4] [-6] target_name\r\n',
      );
      return 1;
    }
    const ip = resolveLocalName(ctx, target);
    if (ip === null) {
      ctx.stdout(`Unable to resolve target system name ${target}.\r\n`);
      return 1;
    }
    ctx.stdout(
      `\r\nTracing route to ${ip === target ? ip : `${target} [${ip}]`}\r\nover a maximum of 30 hops:\r\n\r\n`,
    );
    const { network } = ctx.machine;
    if (ip.startsWith('127.') || ip === network.ip || ip === network.gateway) {
      ctx.stdout(`  1    <1 ms    <1 ms    <1 ms  ${ip}\r\n\r\nTrace complete.\r\n`);
      return 0;
    }
    ctx.stdout(`  1    <1 ms    <1 ms    <1 ms  ${network.gateway}\r\n`);
    for (let hop = 2; hop <= CMD_LIMITS.maxHopsDrawn; hop++) {
      await ctx.sleep(HOP_TIMEOUT_MS);
      ctx.stdout(`${String(hop).padStart(3)}     *        *        *     Request timed out.\r\n`);
    }
    return 0;
  },
});
