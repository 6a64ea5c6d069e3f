/** `getmac`: the adapter's physical address and transport name. */
import { defineCmd } from '../command.js';
import { identityOf } from '../system.js';

export const getmacCommand = defineCmd({
  name: 'getmac',
  path: 'C:\\Windows\\System32\\getmac.exe',
  run: (ctx) => {
    const mac = ctx.machine.network.mac.toUpperCase().replace(/:/g, '-');
    ctx.stdout(
      `\r\nPhysical Address    Transport Name                                            \r\n=================== ==========================================================\r\n${mac.padEnd(19)} \\Device\\Tcpip_${identityOf(ctx.machine).adapterGuid}\r\n`,
    );
    return 0;
  },
});
