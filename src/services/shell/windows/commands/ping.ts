/**
 * `ping`: like the Linux side, only the decky itself, localhost and its gateway answer; anything else
 * times out (nothing leaves the honeypot), and names other than the decky's do not resolve.
 */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { CMD_LIMITS } from '../limits.js';
import { identityOf } from '../system.js';
import { switchValue } from './lib/switches.js';

/** How long Windows ping waits for each reply by default (`-w 4000`). */
const REPLY_TIMEOUT_MS = 4000;
const INTERVAL_MS = 1000;

export function resolveLocalName(ctx: CmdContext, target: string): string | null {
  const lower = target.toLowerCase();
  if (lower === 'localhost') return '127.0.0.1';
  if (
    lower === ctx.machine.hostname.toLowerCase() ||
    lower === identityOf(ctx.machine).computerName.toLowerCase()
  )
    return ctx.machine.network.ip;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(target)) return target;
  return null;
}

export function answersFrom(ctx: CmdContext, ip: string): boolean {
  return ip.startsWith('127.') || ip === ctx.machine.network.ip || ip === ctx.machine.network.gateway;
}

export const pingCommand = defineCmd({
  name: 'ping',
  path: 'C:\\Windows\\System32\\PING.EXE',
  run: async (ctx) => {
    const target = ctx.args.filter(
      (a, i) => !/^[-/]/.test(a) && !/^[-/][nlwi]$/i.test(ctx.args[i - 1] ?? ''),
    )[0];
    if (target === undefined) {
      ctx.stdout(
        '\r\nUsage: ping [-t] [-a] [-n count] [-l size] [-f] [-i TTL] [-v TOS]\r\n            [-r count] [-s count] [[-j host-list] | [-k host-list]]\r\n            [-w timeout] [-R] [-S srcaddr] [-c compartment] [-p]\r\n            [-4] [-6] target_name\r\n',
      );
      return 1;
    }
    const ip = resolveLocalName(ctx, target);
    if (ip === null) {
      ctx.stdout(`Ping request could not find host ${target}. Please check the name and try again.\r\n`);
      return 1;
    }
    const requested = Number(switchValue(ctx.args, 'n') ?? '4');
    const count = ctx.args.some((a) => /^[-/]t$/i.test(a))
      ? CMD_LIMITS.maxPingCount
      : Math.min(Math.max(1, Number.isInteger(requested) ? requested : 4), CMD_LIMITS.maxPingCount);
    const size = Math.min(Math.max(0, Number(switchValue(ctx.args, 'l') ?? '32') || 32), 65500);
    const shown = ip === target ? ip : `${target} [${ip}]`;
    ctx.stdout(`\r\nPinging ${shown} with ${size} bytes of data:\r\n`);
    const replies = answersFrom(ctx, ip);
    const local = ip.startsWith('127.') || ip === ctx.machine.network.ip;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      if (replies) {
        const ms = local ? 0 : 1 + (i % 2);
        times.push(ms);
        ctx.stdout(
          `Reply from ${ip}: bytes=${size} time${ms === 0 ? '<1' : `=${ms}`}ms TTL=${local ? 128 : 64}\r\n`,
        );
        if (i < count - 1) await ctx.sleep(INTERVAL_MS);
      } else {
        await ctx.sleep(REPLY_TIMEOUT_MS);
        ctx.stdout('Request timed out.\r\n');
      }
    }
    const lost = count - times.length;
    let summary = `\r\nPing statistics for ${ip}:\r\n    Packets: Sent = ${count}, Received = ${times.length}, Lost = ${lost} (${Math.round((lost / count) * 100)}% loss),\r\n`;
    if (times.length > 0) {
      const min = Math.min(...times);
      const max = Math.max(...times);
      const avg = Math.round(times.reduce((a, b) => a + b, 0) / times.length);
      summary += `Approximate round trip times in milli-seconds:\r\n    Minimum = ${min}ms, Maximum = ${max}ms, Average = ${avg}ms\r\n`;
    }
    ctx.stdout(summary);
    return times.length > 0 ? 0 : 1;
  },
});
