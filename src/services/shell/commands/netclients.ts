/**
 * Network clients that never reach the network: nc/ncat/telnet connections time out after the connect
 * timeout, listeners wait, and ping answers only from the gateway, localhost and the decky itself.
 */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { coreTool, onlyOn, packaged } from './lib/availability.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';

/** How long an unanswered TCP connect takes to give up here (the kernel's is about two minutes). */
const CONNECT_TIMEOUT_MS = 20_000;

export const ncCommand = defineCommand({
  name: 'nc',
  path: '/usr/bin/nc',
  availableOn: packaged(['ubuntu22', 'ubuntu20', 'kali'], 'nc'),
  run: async (ctx) => {
    const prog = progName(ctx, 'nc');
    const args = ctx.argv.slice(1);
    const flags = args.filter((a) => a.startsWith('-')).join('');
    const operands = args.filter(
      (a, i) =>
        !a.startsWith('-') &&
        !['-p', '-s', '-w', '-e', '-c', '-q', '-i', '-X', '-x'].includes(args[i - 1] ?? ''),
    );
    if (flags.includes('h')) {
      ctx.stderr(
        `OpenBSD netcat (Debian patchlevel 1.218-5ubuntu1)\nusage: ${prog} [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n`,
      );
      return 1;
    }
    if (flags.includes('l')) {
      const port = args[args.indexOf('-p') + 1] ?? operands[operands.length - 1] ?? '0';
      if (ctx.user.uid !== 0 && Number(port) < 1024) {
        ctx.stderr(`${prog}: Permission denied\n`);
        return 1;
      }
      if (flags.includes('v'))
        ctx.stderr(isBusybox(ctx) ? `listening on [::]:${port} ...\n` : `Listening on 0.0.0.0 ${port}\n`);
      await ctx.sleep(COMMAND_LIMITS.maxSleepSeconds * 1000);
      return 0;
    }
    const [host, port] = operands;
    if (!host || !port) {
      ctx.stderr(
        isBusybox(ctx)
          ? `BusyBox v1.36.1 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n`
          : `usage: ${prog} [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n`,
      );
      return 1;
    }
    if (!/^[\d.]+$/.test(host) && host !== 'localhost') {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: bad address '${host}'\n`
          : `${prog}: getaddrinfo for host "${host}" port ${port}: Temporary failure in name resolution\n`,
      );
      return 1;
    }
    const limited = args.indexOf('-w') >= 0;
    const timeout = limited ? Number(args[args.indexOf('-w') + 1]) * 1000 : CONNECT_TIMEOUT_MS;
    await ctx.sleep(Math.min(timeout || CONNECT_TIMEOUT_MS, CONNECT_TIMEOUT_MS));
    // A port scan (-z) reports failures only when verbose.
    if (flags.includes('z') && !flags.includes('v')) return 1;
    if (isBusybox(ctx)) ctx.stderr(`${prog}: can't connect to remote host (${host}): Connection timed out\n`);
    // OpenBSD nc gives up on its own -w timer with the non-blocking connect still pending.
    else if (limited)
      ctx.stderr(`${prog}: connect to ${host} port ${port} (tcp) timed out: Operation now in progress\n`);
    else ctx.stderr(`${prog}: connect to ${host} port ${port} (tcp) failed: Connection timed out\n`);
    return 1;
  },
});

export const ncatCommand = defineCommand({
  name: 'ncat',
  path: '/usr/bin/ncat',
  availableOn: onlyOn('kali'),
  run: async (ctx) => {
    const args = ctx.argv.slice(1);
    if (args.includes('--version') || args.includes('-V')) {
      ctx.stdout('Ncat: Version 7.94SVN ( https://nmap.org/ncat )\n');
      return 0;
    }
    if (args.some((a) => a.startsWith('-') && a.includes('l'))) {
      ctx.stderr('Ncat: Version 7.94SVN ( https://nmap.org/ncat )\n');
      await ctx.sleep(COMMAND_LIMITS.maxSleepSeconds * 1000);
      return 0;
    }
    await ctx.sleep(CONNECT_TIMEOUT_MS / 2);
    ctx.stderr('Ncat: TIMEOUT.\n');
    return 1;
  },
});

export const telnetCommand = defineCommand({
  name: 'telnet',
  path: '/usr/bin/telnet',
  availableOn: packaged(['kali', 'centos7'], 'telnet'),
  run: async (ctx) => {
    const [host, port = '23'] = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (!host) {
      ctx.stdout('telnet> \n');
      return 0;
    }
    if (!/^[\d.]+$/.test(host)) {
      ctx.stderr(
        isBusybox(ctx)
          ? `telnet: bad address '${host}'\n`
          : `telnet: could not resolve ${host}/${port}: Temporary failure in name resolution\n`,
      );
      return 1;
    }
    if (!isBusybox(ctx)) ctx.stdout(`Trying ${host}...\n`);
    await ctx.sleep(CONNECT_TIMEOUT_MS);
    ctx.stderr(
      isBusybox(ctx)
        ? `telnet: can't connect to remote host (${host}): Connection timed out\n`
        : 'telnet: Unable to connect to remote host: Connection timed out\n',
    );
    return 1;
  },
});

function answers(ctx: CommandContext, ip: string): boolean {
  const n = ctx.machine.network;
  return ip === n.gateway || ip === n.ip || ip.startsWith('127.');
}

export const pingCommand = defineCommand({
  name: 'ping',
  path: '/usr/bin/ping',
  availableOn: coreTool('ping'),
  run: async (ctx) => {
    const prog = progName(ctx, 'ping');
    const args = ctx.argv.slice(1);
    let count = Number.POSITIVE_INFINITY;
    let interval = 1000;
    let target: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-c') count = Number(args[++i]);
      else if (a.startsWith('-c')) count = Number(a.slice(2));
      else if (a === '-i') interval = Number(args[++i]) * 1000;
      else if (['-W', '-w', '-s', '-t', '-I', '-p'].includes(a)) i++;
      else if (a === '-V') {
        ctx.stdout(
          'ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n',
        );
        return 0;
      } else if (!a.startsWith('-')) target = a;
    }
    const busybox = isBusybox(ctx);
    if (!target) {
      ctx.stderr(
        busybox
          ? `BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n`
          : `${prog}: usage error: Destination address required\n`,
      );
      return busybox ? 1 : 2;
    }
    if (!Number.isFinite(count) && !ctx.terminal.isTty) count = COMMAND_LIMITS.maxPingCount;
    count = Math.min(
      Number.isFinite(count) && count > 0 ? count : COMMAND_LIMITS.maxPingCount,
      COMMAND_LIMITS.maxPingCount,
    );
    let ip = target;
    if (target === 'localhost') ip = '127.0.0.1';
    else if (target === ctx.machine.hostname) ip = ctx.machine.network.ip;
    else if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(target)) {
      ctx.stderr(
        busybox
          ? `${prog}: bad address '${target}'\n`
          : `${prog}: ${target}: Temporary failure in name resolution\n`,
      );
      return busybox ? 1 : 2;
    }
    const replies = answers(ctx, ip);
    const local = ip.startsWith('127.') || ip === ctx.machine.network.ip;
    const times: number[] = [];
    ctx.stdout(
      busybox ? `PING ${target} (${ip}): 56 data bytes\n` : `PING ${target} (${ip}) 56(84) bytes of data.\n`,
    );
    const started = ctx.clock.now();
    let sent = 0;
    for (let seq = 1; seq <= count; seq++) {
      sent++;
      if (replies) {
        const t = local ? 0.025 + ((seq * 7) % 13) / 1000 : 0.3 + ((seq * 37) % 29) / 100;
        times.push(t);
        ctx.stdout(
          busybox
            ? `64 bytes from ${ip}: seq=${seq - 1} ttl=64 time=${t.toFixed(3)} ms\n`
            : `64 bytes from ${ip}: icmp_seq=${seq} ttl=64 time=${t < 1 ? t.toFixed(3) : t.toFixed(2)} ms\n`,
        );
      }
      if (seq < count) await ctx.sleep(interval);
    }
    const elapsed = Math.max(0, ctx.clock.now() - started + (replies ? 3 : 55));
    const loss = Math.round(((sent - times.length) / sent) * 100);
    let summary = `\n--- ${target} ping statistics ---\n`;
    summary += busybox
      ? `${sent} packets transmitted, ${times.length} packets received, ${loss}% packet loss\n`
      : `${sent} packets transmitted, ${times.length} received, ${loss}% packet loss, time ${elapsed}ms\n`;
    if (times.length > 0) {
      const min = Math.min(...times);
      const max = Math.max(...times);
      const avg = times.reduce((a, b) => a + b, 0) / times.length;
      const mdev = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / times.length);
      summary += busybox
        ? `round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms\n`
        : `rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`;
    }
    ctx.stdout(summary);
    return times.length > 0 ? 0 : 1;
  },
});

export const iptablesCommand = defineCommand({
  name: 'iptables',
  path: '/usr/sbin/iptables',
  availableOn: onlyOn('debian12', 'ubuntu22', 'ubuntu20', 'kali', 'centos7', 'arch'),
  run: (ctx) => {
    const prog = progName(ctx, 'iptables');
    const args = ctx.argv.slice(1);
    const legacy = ctx.machine.distro.name === 'centos7';
    const version = legacy
      ? 'v1.4.21'
      : ctx.machine.distro.name.startsWith('ubuntu')
        ? 'v1.8.7 (nf_tables)'
        : 'v1.8.9 (nf_tables)';
    if (args.includes('-V') || args.includes('--version')) {
      ctx.stdout(`${prog} ${version}\n`);
      return 0;
    }
    if (ctx.user.uid !== 0) {
      ctx.stderr(
        legacy
          ? `${prog} ${version}: can't initialize iptables table \`filter': Permission denied (you must be root)\nPerhaps iptables or your kernel needs to be upgraded.\n`
          : `${prog} ${version}: Could not fetch rule set generation id: Permission denied (you must be root)\n\n`,
      );
      return 4;
    }
    const listing = args.some((a) => /^-\w*L/.test(a) || a === '--list' || a === '-S');
    if (!listing) return 0;
    if (args.includes('-S')) {
      ctx.stdout('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n');
      return 0;
    }
    const verbose = args.some((a) => /^-\w*v/.test(a));
    const chain = (name: string) =>
      verbose
        ? `Chain ${name} (policy ACCEPT 0 packets, 0 bytes)\n pkts bytes target     prot opt in     out     source               destination         \n`
        : `Chain ${name} (policy ACCEPT)\ntarget     prot opt source               destination         \n`;
    const docker =
      ctx.machine.persona.archetype === 'devops-host' || ctx.machine.persona.archetype === 'dev-box';
    ctx.stdout(
      `${chain('INPUT')}\n${chain('FORWARD')}${docker && familyOf(ctx.machine.distro) !== 'busybox' ? `DOCKER-USER  all  --  anywhere             anywhere            \n` : ''}\n${chain('OUTPUT')}`,
    );
    return 0;
  },
});
