/** `shutdown`: a remote session may ask; the decky answers as a host whose shutdown is blocked by policy. */
import { defineCmd } from '../command.js';

export const shutdownCommand = defineCmd({
  name: 'shutdown',
  path: 'C:\\Windows\\System32\\shutdown.exe',
  run: (ctx) => {
    if (ctx.args.length === 0 || ctx.args.some((a) => a === '/?')) {
      ctx.stdout(
        'Usage: shutdown [/i | /l | /s | /sg | /r | /g | /a | /p | /h | /e | /o] [/hybrid] [/soft] [/fw] [/f]\r\n    [/m \\\\computer][/t xxx][/d [p|u:]xx:yy [/c "comment"]]\r\n',
      );
      return 0;
    }
    if (ctx.args.some((a) => a.toLowerCase() === '/a')) {
      ctx.stderr('Unable to abort the system shutdown because no shutdown was in progress.(1116)\r\n');
      return 1116;
    }
    // Nothing is shut down: the honeypot stays up, as a host whose shutdown a policy holds back.
    ctx.stderr(
      `${ctx.machine.hostname.split('.')[0]?.toUpperCase()}: A system shutdown is in progress.(1115)\r\n`,
    );
    return 1115;
  },
});
