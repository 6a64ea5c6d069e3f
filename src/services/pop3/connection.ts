/**
 * One POP3 session (RFC 1939, CAPA RFC 2449, SASL RFC 5034): USER/PASS or AUTH PLAIN against the
 * decky's login policy (every attempt logged), then the decky's bait mailbox. Deletions last only for
 * the session, as if another client had put the messages back. Replies are Dovecot's wording.
 */
import type { Socket } from 'node:net';
import type { LoginPolicy } from '../interactive/login-policy.js';
import type { BaitMessage } from '../mail/bait-mailbox.js';
import { MailConnection, type TlsProvider } from '../mail/connection.js';
import { type LineItem, MAIL_LINE_LIMITS } from '../mail/line-reader.js';
import { decodeBase64, parsePlain } from '../mail/sasl.js';
import type { ServiceContext } from '../service.js';
import type { Peer } from '../shared/peer.js';

export const POP3_LIMITS = {
  /** Failed logins before Dovecot-style disconnection (Dovecot's mail_max_userip… is per IP; 3 per session here). */
  maxAuthFailures: 3,
  /** Dovecot's CLIENT_MAX_BAD_COMMANDS. */
  maxBadCommands: 10,
} as const;

export interface Pop3Options {
  greeting: string;
  policy: LoginPolicy;
  mailbox(user: string): BaitMessage[];
  /** UIDVALIDITY of the mailbox, part of each UIDL (Dovecot's `%08Xu%08Xv`). */
  uidValidity: number;
  tls: TlsProvider | null;
}

type State = 'authorization' | 'auth_plain' | 'transaction';

const CAPABILITIES = [
  'CAPA',
  'TOP',
  'UIDL',
  'RESP-CODES',
  'PIPELINING',
  'AUTH-RESP-CODE',
  'USER',
  'SASL PLAIN',
];

export class Pop3Connection extends MailConnection {
  private state: State = 'authorization';
  private user: string | null = null;
  private messages: BaitMessage[] = [];
  private readonly deleted = new Set<number>();
  private authFailures = 0;
  private badCommands = 0;

  constructor(
    ctx: ServiceContext,
    socket: Socket,
    peer: Peer,
    private readonly options: Pop3Options,
  ) {
    super(ctx, socket, peer, options.tls);
  }

  protected greet() {
    this.reply(this.options.greeting);
  }

  protected lineLimit(): number {
    return MAIL_LINE_LIMITS.commandLine;
  }

  protected onLine(item: LineItem) {
    if (item.kind === 'too_long') return this.bad('-ERR Input line too long.');
    const line = item.line.toString('latin1');
    if (this.state === 'auth_plain') {
      this.state = 'authorization';
      if (line.trim() === '*') return this.bad('-ERR Authentication aborted by client.');
      return this.plain(line);
    }
    const match = /^\s*(\S*)\s?(.*)$/.exec(line);
    const verb = (match?.[1] ?? '').toUpperCase();
    const arg = (match?.[2] ?? '').trim();
    this.logCommand(
      verb === 'PASS' ? 'PASS' : verb === 'AUTH' ? `AUTH ${arg.split(/\s+/)[0] ?? ''}`.trim() : line,
      this.state,
    );
    if (verb === 'QUIT') {
      this.reply(this.deleted.size > 0 ? '+OK Logging out, messages deleted.' : '+OK Logging out.');
      return this.hangUp();
    }
    if (verb === 'CAPA') {
      const stls = this.state === 'authorization' && this.canStartTls() ? ['STLS'] : [];
      return this.send(`+OK\r\n${[...CAPABILITIES, ...stls].join('\r\n')}\r\n.\r\n`);
    }
    if (verb === 'NOOP' && this.state === 'transaction') return this.reply('+OK');
    if (this.state === 'authorization') return this.authorization(verb, arg);
    return this.transaction(verb, arg);
  }

  private reply(line: string) {
    this.send(`${line}\r\n`);
  }

  private bad(line: string) {
    this.reply(line);
    this.badCommands++;
    if (this.badCommands >= POP3_LIMITS.maxBadCommands) {
      this.reply('-ERR Too many bad commands.');
      this.hangUp();
    }
  }

  private authorization(verb: string, arg: string) {
    switch (verb) {
      case 'USER':
        if (arg === '') return this.bad('-ERR No username given.');
        this.user = arg;
        return this.reply('+OK');
      case 'PASS':
        if (this.user === null) return this.bad('-ERR No username given.');
        return this.check(this.user, Buffer.from(arg, 'latin1'));
      case 'AUTH': {
        const [mechanism = '', initial] = arg.split(/\s+/);
        if (mechanism === '') return this.send('+OK\r\nPLAIN\r\n.\r\n');
        if (mechanism.toUpperCase() !== 'PLAIN')
          return this.bad('-ERR Unsupported authentication mechanism.');
        if (initial !== undefined) return this.plain(initial);
        this.state = 'auth_plain';
        return this.reply('+ ');
      }
      case 'STLS':
        if (this.secure) return this.bad('-ERR TLS is already active.');
        if (!this.startTls('+OK Begin TLS negotiation now.\r\n'))
          return this.bad("-ERR TLS support isn't enabled.");
        this.user = null;
        return;
      default:
        return this.bad('-ERR Unknown command.');
    }
  }

  private plain(response: string) {
    const decoded = decodeBase64(response);
    const credentials = decoded === null ? null : parsePlain(decoded);
    if (credentials === null) return this.bad('-ERR [AUTH] Invalid base64 data in continued response');
    this.check(credentials.authcid, credentials.password);
  }

  private check(user: string, password: Buffer) {
    const accepted = this.options.policy.check(user, password.toString('utf8'), this.peer.ip);
    this.logAuth(user, password, accepted);
    if (accepted) {
      this.state = 'transaction';
      this.user = user;
      this.messages = this.options.mailbox(user);
      return this.reply('+OK Logged in.');
    }
    this.user = null;
    this.authFailures++;
    this.reply('-ERR [AUTH] Authentication failed.');
    if (this.authFailures >= POP3_LIMITS.maxAuthFailures) this.hangUp();
  }

  /** The message numbered `arg` (1-based), unless missing or deleted. */
  private message(arg: string): BaitMessage | null {
    if (!/^\d{1,9}$/.test(arg)) return null;
    const n = Number(arg);
    const message = this.messages[n - 1];
    return message === undefined || this.deleted.has(n) ? null : message;
  }

  private live(): Array<[number, BaitMessage]> {
    return this.messages
      .map((m, i) => [i + 1, m] as [number, BaitMessage])
      .filter(([n]) => !this.deleted.has(n));
  }

  private uidl(message: BaitMessage): string {
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
    return `${hex(message.uid)}${hex(this.options.uidValidity)}`;
  }

  private transaction(verb: string, arg: string) {
    const [first = '', second] = arg.split(/\s+/);
    switch (verb) {
      case 'STAT': {
        const live = this.live();
        return this.reply(`+OK ${live.length} ${live.reduce((sum, [, m]) => sum + m.raw.length, 0)}`);
      }
      case 'LIST':
      case 'UIDL': {
        const line = (n: number, m: BaitMessage) => `${n} ${verb === 'LIST' ? m.raw.length : this.uidl(m)}`;
        if (first !== '') {
          const message = this.message(first);
          if (message === null) return this.bad(`-ERR There's no message ${first.slice(0, 32)}.`);
          return this.reply(`+OK ${line(Number(first), message)}`);
        }
        const live = this.live();
        const head = verb === 'LIST' ? `+OK ${live.length} messages:` : '+OK';
        return this.send(`${[head, ...live.map(([n, m]) => line(n, m)), '.'].join('\r\n')}\r\n`);
      }
      case 'RETR':
      case 'TOP': {
        const message = this.message(first);
        if (message === null) return this.bad(`-ERR There's no message ${first.slice(0, 32)}.`);
        if (verb === 'TOP' && (second === undefined || !/^\d{1,9}$/.test(second)))
          return this.bad('-ERR Invalid number of lines');
        const body = verb === 'TOP' ? topOf(message.raw, Number(second)) : message.raw;
        this.reply(verb === 'RETR' ? `+OK ${message.raw.length} octets` : '+OK');
        return this.sendBytes(Buffer.from(`${dotStuff(body.toString('utf8'))}.\r\n`, 'utf8'));
      }
      case 'DELE':
        if (this.message(first) === null) return this.bad(`-ERR There's no message ${first.slice(0, 32)}.`);
        this.deleted.add(Number(first));
        return this.reply('+OK Marked to be deleted.');
      case 'RSET':
        this.deleted.clear();
        return this.reply('+OK');
      default:
        return this.bad('-ERR Unknown command.');
    }
  }
}

/** RFC 1939 §3: lines starting with `.` get another; the text ends with CRLF. */
export function dotStuff(text: string): string {
  const stuffed = text.replace(/(^|\r\n)\./g, '$1..');
  return stuffed.endsWith('\r\n') ? stuffed : `${stuffed}\r\n`;
}

/** RFC 1939 TOP: the header, the blank line and the first `lines` lines of the body. */
export function topOf(raw: Buffer, lines: number): Buffer {
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return raw;
  const body = text
    .slice(split + 4)
    .split('\r\n')
    .slice(0, lines)
    .join('\r\n');
  return Buffer.from(`${text.slice(0, split + 4)}${body}`, 'utf8');
}
