/**
 * The IOS command line a Cisco decky's vty offers after login: user EXEC (`>`), privileged EXEC (`#`,
 * after `enable`) and global configuration (`(config)#`), with IOS's unique-prefix abbreviations
 * (`sh run`, `conf t`) and its error markers. Every line is logged as `command` with the mode it was
 * typed in; configuration is accepted and forgotten, as nothing here is a real router.
 */
import { credentialFields } from '../../events/credential.js';
import type { ServiceContext } from '../service.js';

const MAX_LINE_CHARS = 512;

type Mode = 'exec' | 'enable' | 'enable-password' | 'config';

interface CliCommand {
  words: readonly string[];
  /** Available from privileged EXEC only. */
  privileged?: boolean;
  run(cli: CiscoCli, args: readonly string[]): void;
}

export interface CiscoCliOptions {
  username: string;
  srcIp: string;
  /** Session id its `command` events carry (an SSH or Telnet session). */
  sid?: string;
  write(text: string): void;
  hangUp(): void;
}

export class CiscoCli {
  private mode: Mode = 'exec';
  private line = '';
  private readonly history: string[] = [];
  private readonly hostname: string;
  /** Set once the user logged out: no prompt after the last line. */
  private closing = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: CiscoCliOptions,
  ) {
    this.hostname = ctx.decky.hostname.split('.')[0] || 'Router';
  }

  start(): void {
    this.options.write(`\r\n${this.prompt()}`);
  }

  /** Runs one line as if typed, printing only its output (SSH exec: no prompt, no echo). */
  runLine(line: string): void {
    this.submit(line);
  }

  end(): void {
    this.line = '';
  }

  input(data: Buffer): void {
    for (const byte of data) {
      if (byte === 0x0d || byte === 0x0a) {
        this.enter();
      } else if (byte === 0x08 || byte === 0x7f) {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          if (this.mode !== 'enable-password') this.options.write('\b \b');
        }
      } else if (byte === 0x03 || byte === 0x1a) {
        // Ctrl-C / Ctrl-Z leave configuration mode, as IOS does.
        this.line = '';
        if (this.mode === 'config') this.mode = 'enable';
        this.options.write(`^${byte === 0x03 ? 'C' : 'Z'}\r\n${this.prompt()}`);
      } else if (byte >= 0x20 && byte < 0x7f && this.line.length < MAX_LINE_CHARS) {
        const char = String.fromCharCode(byte);
        this.line += char;
        if (this.mode !== 'enable-password') this.options.write(char);
      }
    }
  }

  write(text: string): void {
    this.options.write(text.replace(/\n/g, '\r\n'));
  }

  private enter(): void {
    const line = this.line;
    this.line = '';
    this.options.write('\r\n');
    if (this.mode === 'enable-password') {
      this.ctx.emit('auth_attempt', {
        username: 'enable',
        ...credentialFields({ principal: 'enable', secret: Buffer.from(line, 'latin1'), outcome: 'success' }),
        src_ip: this.options.srcIp,
      });
      this.mode = 'enable';
      this.options.write(this.prompt());
      return;
    }
    this.submit(line);
    // A command may have moved on to the enable password (no prompt then) or logged out.
    if ((this.mode as Mode) !== 'enable-password' && !this.closing) this.options.write(this.prompt());
  }

  /** Logs and runs one entered line. */
  private submit(line: string): void {
    const trimmed = line.trim();
    if (trimmed === '') return;
    this.history.push(trimmed);
    if (this.history.length > 20) this.history.shift();
    this.ctx.emit('command', {
      cmd: trimmed,
      src_ip: this.options.srcIp,
      user: this.options.username,
      state: this.mode,
      ...(this.options.sid ? { sid: this.options.sid } : {}),
    });
    this.execute(trimmed, line.length - line.trimStart().length);
  }

  private execute(line: string, indent: number): void {
    if (this.mode === 'config') {
      this.configure(line);
      return;
    }
    const words = line.split(/\s+/);
    if (words[0] === '?') {
      this.help();
      return;
    }
    const match = this.match(words);
    if (match.kind === 'ambiguous') {
      this.write(`% Ambiguous command:  "${line}"\n`);
      return;
    }
    if (match.kind === 'incomplete') {
      this.write('% Incomplete command.\n\n');
      return;
    }
    if (match.kind === 'invalid') {
      const offset =
        this.prompt().length + indent + words.slice(0, match.at).join(' ').length + (match.at > 0 ? 1 : 0);
      this.write(`${' '.repeat(offset)}^\n% Invalid input detected at '^' marker.\n\n`);
      return;
    }
    match.command.run(this, words.slice(match.command.words.length));
  }

  private match(
    words: readonly string[],
  ):
    | { kind: 'found'; command: CliCommand }
    | { kind: 'ambiguous' }
    | { kind: 'incomplete' }
    | { kind: 'invalid'; at: number } {
    const available = COMMANDS.filter((c) => !c.privileged || this.mode === 'enable');
    let candidates = available;
    for (let i = 0; i < words.length; i++) {
      const word = (words[i] ?? '').toLowerCase();
      const next = candidates.filter((c) => c.words[i] !== undefined && c.words[i]!.startsWith(word));
      const exact = next.filter((c) => c.words[i] === word);
      const narrowed = exact.length > 0 ? exact : next;
      const distinct = new Set(narrowed.map((c) => c.words[i]));
      if (narrowed.length === 0) {
        // Extra words after a complete command are its arguments.
        const complete = candidates.find((c) => c.words.length === i);
        if (complete) return { kind: 'found', command: complete };
        return { kind: 'invalid', at: i };
      }
      if (distinct.size > 1) return { kind: 'ambiguous' };
      candidates = narrowed;
    }
    const complete = candidates.find((c) => c.words.length === words.length);
    if (complete) return { kind: 'found', command: complete };
    return { kind: 'incomplete' };
  }

  private configure(line: string): void {
    const word = line.split(/\s+/)[0]?.toLowerCase() ?? '';
    if (word === 'end' || word === 'exit') this.mode = 'enable';
    // Everything else is accepted silently, as a router takes well-formed configuration.
  }

  private help(): void {
    const names = [
      ...new Set(COMMANDS.filter((c) => !c.privileged || this.mode === 'enable').map((c) => c.words[0])),
    ];
    this.write(`Exec commands:\n${names.map((n) => `  ${n}`).join('\n')}\n\n`);
  }

  prompt(): string {
    switch (this.mode) {
      case 'exec':
        return `${this.hostname}>`;
      case 'config':
        return `${this.hostname}(config)#`;
      default:
        return `${this.hostname}#`;
    }
  }

  /** @internal for commands */
  setMode(mode: Mode): void {
    this.mode = mode;
  }

  /** @internal for commands */
  get currentMode(): Mode {
    return this.mode;
  }

  /** @internal for commands */
  get entered(): readonly string[] {
    return this.history;
  }

  /** @internal for commands */
  get name(): string {
    return this.hostname;
  }

  /** @internal for commands */
  get context(): ServiceContext {
    return this.ctx;
  }

  /** @internal for commands */
  leave(): void {
    this.closing = true;
    this.options.hangUp();
  }
}

function uptime(ctx: ServiceContext): string {
  const days = 20 + (ctx.decky.seed % 300);
  const hours = (ctx.decky.seed >>> 8) % 24;
  const minutes = (ctx.decky.seed >>> 16) % 60;
  return `${Math.floor(days / 7)} weeks, ${days % 7} days, ${hours} hours, ${minutes} minutes`;
}

function serial(ctx: ServiceContext): string {
  return `FTX${(1500 + (ctx.decky.seed % 400)).toString()}${(ctx.decky.seed >>> 4).toString(36).toUpperCase().slice(0, 4).padEnd(4, 'A')}`;
}

const COMMANDS: readonly CliCommand[] = [
  {
    words: ['enable'],
    run: (cli) => {
      if (cli.currentMode === 'enable') return;
      cli.write('Password: ');
      cli.setMode('enable-password');
    },
  },
  { words: ['disable'], run: (cli) => cli.setMode('exec') },
  { words: ['exit'], run: (cli) => cli.leave() },
  { words: ['logout'], run: (cli) => cli.leave() },
  { words: ['quit'], run: (cli) => cli.leave() },
  { words: ['terminal', 'length'], run: () => {} },
  { words: ['terminal', 'width'], run: () => {} },
  {
    words: ['configure', 'terminal'],
    privileged: true,
    run: (cli) => {
      cli.write('Enter configuration commands, one per line.  End with CNTL/Z.\n');
      cli.setMode('config');
    },
  },
  {
    words: ['show', 'version'],
    run: (cli) => {
      const ctx = cli.context;
      cli.write(
        [
          'Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M5, RELEASE SOFTWARE (fc1)',
          'Technical Support: http://www.cisco.com/techsupport',
          'Copyright (c) 1986-2019 by Cisco Systems, Inc.',
          'Compiled Wed 30-Jan-19 07:44 by prod_rel_team',
          '',
          'ROM: System Bootstrap, Version 15.0(1r)M16, RELEASE SOFTWARE (fc1)',
          '',
          `${cli.name} uptime is ${uptime(ctx)}`,
          'System returned to ROM by power-on',
          'System image file is "flash0:c2900-universalk9-mz.SPA.157-3.M5.bin"',
          '',
          'Cisco CISCO2911/K9 (revision 1.0) with 487424K/36864K bytes of memory.',
          `Processor board ID ${serial(ctx)}`,
          '3 Gigabit Ethernet interfaces',
          'DRAM configuration is 64 bits wide with parity enabled.',
          '255K bytes of non-volatile configuration memory.',
          '250880K bytes of ATA System CompactFlash 0 (Read/Write)',
          '',
          'Configuration register is 0x2102',
          '',
        ].join('\n'),
      );
    },
  },
  {
    words: ['show', 'clock'],
    run: (cli) => {
      const now = new Date(cli.context.clock.now());
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
      const time = now.toISOString().slice(11, 23);
      cli.write(
        `*${time} UTC ${days[now.getUTCDay()]} ${months[now.getUTCMonth()]} ${now.getUTCDate()} ${now.getUTCFullYear()}\n`,
      );
    },
  },
  {
    words: ['show', 'users'],
    run: (cli) => {
      cli.write(
        '    Line       User       Host(s)              Idle       Location\n' +
          `*  2 vty 0     ${'admin'.padEnd(10)} idle                 00:00:00 ${cli.context.decky.ip}\n\n` +
          '  Interface    User               Mode         Idle     Peer Address\n\n',
      );
    },
  },
  {
    words: ['show', 'history'],
    run: (cli) => cli.write(`${cli.entered.map((l) => `  ${l}`).join('\n')}\n`),
  },
  {
    words: ['show', 'privilege'],
    run: (cli) => cli.write(`Current privilege level is ${cli.currentMode === 'enable' ? 15 : 1}\n`),
  },
  {
    words: ['show', 'ip', 'interface', 'brief'],
    run: (cli) => {
      const ip = cli.context.decky.ip;
      cli.write(
        [
          'Interface                  IP-Address      OK? Method Status                Protocol',
          `GigabitEthernet0/0         ${ip.padEnd(15)} YES NVRAM  up                    up      `,
          'GigabitEthernet0/1         unassigned      YES NVRAM  administratively down down    ',
          'GigabitEthernet0/2         unassigned      YES NVRAM  administratively down down    ',
          '',
        ].join('\n'),
      );
    },
  },
  {
    words: ['show', 'running-config'],
    privileged: true,
    run: (cli) => cli.write(runningConfig(cli)),
  },
  {
    words: ['show', 'startup-config'],
    privileged: true,
    run: (cli) =>
      cli.write(runningConfig(cli).replace('Current configuration', 'Using 1893 out of 262136 bytes')),
  },
  {
    words: ['ping'],
    run: (cli, args) => {
      const target = args[0] ?? '';
      if (target === '') {
        cli.write('% Incomplete command.\n\n');
        return;
      }
      cli.write(
        'Type escape sequence to abort.\n' +
          `Sending 5, 100-byte ICMP Echos to ${target}, timeout is 2 seconds:\n.....\n` +
          'Success rate is 0 percent (0/5)\n',
      );
    },
  },
];

function runningConfig(cli: CiscoCli): string {
  const ip = cli.context.decky.ip;
  return [
    'Building configuration...',
    '',
    'Current configuration : 1893 bytes',
    '!',
    'version 15.7',
    'service timestamps debug datetime msec',
    'service timestamps log datetime msec',
    'no service password-encryption',
    '!',
    `hostname ${cli.name}`,
    '!',
    'boot-start-marker',
    'boot-end-marker',
    '!',
    'enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0',
    '!',
    'no aaa new-model',
    '!',
    'ip domain name corp.local',
    'ip cef',
    'no ipv6 cef',
    '!',
    'username admin privilege 15 secret 5 $1$pdQG$o8nrSzsGXeaduXrjlvKc91',
    '!',
    'interface GigabitEthernet0/0',
    ` ip address ${ip} 255.255.255.0`,
    ' duplex auto',
    ' speed auto',
    '!',
    'interface GigabitEthernet0/1',
    ' no ip address',
    ' shutdown',
    '!',
    'ip forward-protocol nd',
    'no ip http server',
    'no ip http secure-server',
    '!',
    'snmp-server community public RO',
    '!',
    'line con 0',
    'line vty 0 4',
    ' login local',
    ' transport input telnet ssh',
    '!',
    'end',
    '',
  ].join('\n');
}
