/**
 * How a decky's Telnet login looks: the option negotiation its daemon opens with (what `nmap -sV`
 * matches on), the text before the login prompt, and the prompts themselves. Linux is inetutils/netkit
 * telnetd handing over to login(1); BusyBox is `telnetd -l /bin/login`; Cisco is an IOS vty line.
 */
import { distro as distroNamed } from '../../fabric/catalogue/distros.js';
import type { DeckyPersona } from '../service.js';
import { DO, negotiation, OPTION, WILL } from './protocol.js';

export const TELNET_PERSONAS = ['auto', 'linux', 'busybox', 'cisco'] as const;
export type TelnetPersonaName = Exclude<(typeof TELNET_PERSONAS)[number], 'auto'>;

export interface TelnetPersona {
  name: TelnetPersonaName;
  /** Sent on connect, before any text. */
  negotiation: Buffer;
  /**
   * Whether the daemon waits for the client's answer to `negotiation` before going on (telnetd and IOS
   * do; BusyBox prints its prompt once login(1) has started, TELNET_LIMITS.loginStartMs). What it then
   * sends is `followUp`, the preamble and the login prompt. Scanners match on exactly this: `nmap -sV`
   * sees only the opening options.
   */
  waitsForClient: boolean;
  followUp: Buffer;
  /** Printed once before the first login prompt. */
  preamble: string;
  loginPrompt: string;
  passwordPrompt: string;
  /** Printed after a wrong password, before the next login prompt. */
  failure: string;
  /** Wrong passwords before the daemon hangs up on a terminal (login(1)'s LOGIN_RETRIES). */
  maxAttempts: number;
  /**
   * Wrong passwords before it hangs up on a client that never answered like a terminal (declined every
   * option it was offered): a login script. Where the next login prompt is `login:`, hydra 9.x (the
   * `login:` branch of hydra-telnet.c's start_telnet) takes that prompt as the end of its pair without
   * fetching the next one, sends an empty user name and loses count of which password it sent; hanging
   * up instead makes it reconnect with the next pair, so every password of its list is tried and logged.
   * A `Username:` prompt (IOS) is read correctly and keeps the daemon's own count.
   */
  scriptAttempts: number;
}

/** The persona `auto` picks for a decky: from its distro. */
export function personaNameFor(decky: DeckyPersona): TelnetPersonaName {
  if (decky.distro === 'ios') return 'cisco';
  if (decky.distro === 'busybox' || decky.distro === 'alpine319') return 'busybox';
  return 'linux';
}

export function telnetPersona(name: TelnetPersonaName, decky: DeckyPersona): TelnetPersona {
  switch (name) {
    case 'linux':
      return {
        name,
        // netkit/inetutils telnetd asks for the terminal's type, speed, X display and environment first.
        negotiation: negotiation(
          [DO, OPTION.terminalType],
          [DO, OPTION.terminalSpeed],
          [DO, OPTION.xDisplayLocation],
          [DO, OPTION.newEnvironment],
        ),
        waitsForClient: true,
        followUp: negotiation([WILL, OPTION.suppressGoAhead], [WILL, OPTION.echo], [DO, OPTION.windowSize]),
        preamble: issueText(decky),
        loginPrompt: `${decky.hostname} login: `,
        passwordPrompt: 'Password: ',
        failure: '\r\nLogin incorrect\r\n',
        maxAttempts: 3,
        scriptAttempts: 1,
      };
    case 'busybox':
      return {
        name,
        negotiation: negotiation(
          [DO, OPTION.echo],
          [DO, OPTION.windowSize],
          [WILL, OPTION.echo],
          [WILL, OPTION.suppressGoAhead],
        ),
        waitsForClient: false,
        followUp: Buffer.alloc(0),
        preamble: '',
        loginPrompt: `${decky.hostname} login: `,
        passwordPrompt: 'Password: ',
        failure: '\r\nLogin incorrect\r\n',
        maxAttempts: 3,
        scriptAttempts: 1,
      };
    case 'cisco':
      return {
        name,
        negotiation: negotiation(
          [WILL, OPTION.echo],
          [WILL, OPTION.suppressGoAhead],
          [DO, OPTION.terminalType],
          [DO, OPTION.windowSize],
        ),
        waitsForClient: true,
        followUp: Buffer.alloc(0),
        preamble: '\r\n\r\nUser Access Verification\r\n\r\n',
        loginPrompt: 'Username: ',
        passwordPrompt: 'Password: ',
        // A vty line with `login local` (IOS without AAA). Its "invalid" is what hydra reads as a failure
        // even when the line arrives apart from the next prompt ("% Authentication failed", AAA's text,
        // would read as a `%` shell prompt, a false success).
        failure: '\r\n% Login invalid\r\n\r\n',
        maxAttempts: 3,
        scriptAttempts: 3,
      };
  }
}

/** /etc/issue as getty and login print it: `\n` the hostname, `\l` the line, `\r` the kernel release. */
function issueText(decky: DeckyPersona): string {
  const distro = distroNamed(decky.distro);
  const issue = distro?.filesystem.issue ?? '';
  if (issue === '') return '\r\n';
  const expanded = issue.replace(/\\([a-zA-Z])/g, (match, code: string) => {
    switch (code) {
      case 'n':
        return decky.hostname;
      case 'l':
        return 'pts/0';
      case 'r':
        return distro?.kernel ?? '';
      case 'm':
        return distro?.arch ?? '';
      case 's':
        return 'Linux';
      default:
        return match;
    }
  });
  return `\r\n${expanded.replace(/\n/g, '\r\n')}`;
}
