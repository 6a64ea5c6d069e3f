/** `nslookup`: the configured server (the gateway) answers for the decky's own name; other names time out. */
import { defineCmd } from '../command.js';
import { identityOf } from '../system.js';
import { resolveLocalName } from './ping.js';

const QUERY_TIMEOUT_MS = 2000;

export const nslookupCommand = defineCmd({
  name: 'nslookup',
  path: 'C:\\Windows\\System32\\nslookup.exe',
  run: async (ctx) => {
    const names = ctx.args.filter((a) => !a.startsWith('-'));
    const server = ctx.machine.network.gateway;
    const header = `Server:  UnKnown\r\nAddress:  ${server}\r\n\r\n`;
    if (names.length === 0) {
      ctx.stdout(`Default Server:  UnKnown\r\nAddress:  ${server}\r\n\r\n> `);
      return 0;
    }
    const name = names[0] as string;
    const ip = resolveLocalName(ctx, name);
    if (ip !== null && !/^\d/.test(name)) {
      ctx.stdout(`${header}Name:    ${identityOf(ctx.machine).computerName}\r\nAddress:  ${ip}\r\n\r\n`);
      return 0;
    }
    await ctx.sleep(QUERY_TIMEOUT_MS);
    ctx.stdout(header);
    ctx.stderr(
      `DNS request timed out.\r\n    timeout was 2 seconds.\r\n*** Request to UnKnown timed-out\r\n`,
    );
    return 1;
  },
});
