/**
 * One SMTP session (RFC 5321): greeting, EHLO/HELO, AUTH PLAIN/LOGIN (RFC 4954) with every attempt
 * logged, the envelope, DATA with dot-unstuffing (§4.5.2) and a size cap, and the persona's replies.
 * Accepted messages are handed to `deliver` (stored, never sent on). Replies and enhanced status codes
 * follow Postfix's wording, the most common MTA on the Internet.
 */
import type { Socket } from 'node:net';
import type { LoginPolicy } from '../interactive/login-policy.js';
import { MailConnection, type TlsProvider } from '../mail/connection.js';
import { type LineItem, MAIL_LINE_LIMITS } from '../mail/line-reader.js';
import { decodeBase64, parsePlain } from '../mail/sasl.js';
import type { ServiceContext } from '../service.js';
import type { Peer } from '../shared/peer.js';
import type { SeededRandom } from '../shared/seeded-random.js';
import type { SmtpPersona } from './personas.js';

export const SMTP_LIMITS = {
  /** Postfix's message_size_limit default (10 240 000 bytes, the spec's "10 MB cap"). */
  maxMessageBytes: 10_240_000,
  /** Postfix's smtpd_recipient_limit is 1000; RFC 5321 §4.5.3.1.8 asks for at least 100. */
  maxRecipients: 100,
  /** Failed AUTH attempts before the session is dropped (Postfix's smtpd_hard_error_limit is 20). */
  maxAuthFailures: 3,
  /** Errors of any kind before `421 too many errors` (Postfix smtpd_hard_error_limit). */
  maxErrors: 20,
  /** Characters of an address kept. */
  maxAddressChars: 256,
} as const;

export interface SmtpOptions {
  persona: SmtpPersona;
  policy: LoginPolicy;
  /** Open relay: every recipient and every login accepted (`smtp_relay`). */
  openRelay: boolean;
  /** Domains whose recipients are local (accepted without authentication). */
  localDomains: ReadonlySet<string>;
  rng: SeededRandom;
  tls: TlsProvider | null;
  deliver(message: Buffer, envelope: { mailFrom: string; rcptTo: string[] }, srcIp: string): void;
}

type State =
  | 'start'
  | 'helo'
  | 'mail'
  | 'rcpt'
  | 'data'
  | 'auth_plain'
  | 'auth_login_user'
  | 'auth_login_pass';

export class SmtpConnection extends MailConnection {
  private state: State = 'start';
  private greeted = false;
  private authenticated = false;
  private mailFrom = '';
  private rcptTo: string[] = [];
  private data = new MessageBuffer();
  private dataProblem: 'size' | 'line' | null = null;
  private loginUser = '';
  private authFailures = 0;
  private errors = 0;

  constructor(
    ctx: ServiceContext,
    socket: Socket,
    peer: Peer,
    private readonly options: SmtpOptions,
  ) {
    super(ctx, socket, peer, options.tls);
  }

  protected greet() {
    this.reply(this.options.persona.greeting(this.ctx.clock.now()));
  }

  protected lineLimit(): number {
    return this.state === 'data' ? MAIL_LINE_LIMITS.textLine : MAIL_LINE_LIMITS.commandLine;
  }

  protected onLine(item: LineItem) {
    if (this.state === 'data') {
      this.dataLine(item);
      return;
    }
    if (item.kind === 'too_long') {
      this.error('500 5.5.2 Line too long');
      return;
    }
    const line = item.line.toString('latin1');
    if (this.state === 'auth_plain' || this.state === 'auth_login_user' || this.state === 'auth_login_pass') {
      this.authResponse(line);
      return;
    }
    this.command(line);
  }

  private reply(line: string) {
    this.send(`${line}\r\n`);
  }

  /** A refusal that counts towards the hard error limit. */
  private error(line: string) {
    this.reply(line);
    this.errors++;
    if (this.errors >= SMTP_LIMITS.maxErrors) {
      this.reply(`421 4.7.0 ${this.ctx.decky.hostname} Error: too many errors`);
      this.hangUp();
    }
  }

  private command(line: string) {
    const match = /^\s*(\S*)\s?(.*)$/.exec(line);
    const verb = (match?.[1] ?? '').toUpperCase();
    const arg = (match?.[2] ?? '').trim();
    this.logCommand(verb === 'AUTH' ? `AUTH ${arg.split(/\s+/)[0] ?? ''}`.trim() : line, this.state);
    switch (verb) {
      case 'HELO':
      case 'EHLO':
        return this.hello(verb, arg);
      case 'AUTH':
        return this.auth(arg);
      case 'MAIL':
        return this.mail(arg);
      case 'RCPT':
        return this.rcpt(arg);
      case 'DATA':
        return this.startData(arg);
      case 'RSET':
        this.resetTransaction();
        return this.reply('250 2.0.0 Ok');
      case 'NOOP':
        return this.reply('250 2.0.0 Ok');
      case 'VRFY':
        if (arg === '') return this.error('501 5.5.4 Syntax: VRFY address');
        return this.reply(`252 2.0.0 ${arg.slice(0, SMTP_LIMITS.maxAddressChars)}`);
      case 'STARTTLS':
        return this.startTlsCommand(arg);
      case 'HELP':
        // Exim advertises and answers HELP; Postfix and Exchange do not know it.
        if (this.options.persona.name !== 'exim')
          return this.error('502 5.5.2 Error: command not recognized');
        return this.reply(
          '214-Commands supported:\r\n214 AUTH STARTTLS HELO EHLO MAIL RCPT DATA NOOP QUIT RSET HELP',
        );
      case 'QUIT':
        this.reply('221 2.0.0 Bye');
        return this.hangUp();
      default:
        return this.error('502 5.5.2 Error: command not recognized');
    }
  }

  private hello(verb: string, arg: string) {
    if (arg === '') return this.error(`501 Syntax: ${verb} hostname`);
    this.resetTransaction();
    this.greeted = true;
    this.state = 'helo';
    const { persona } = this.options;
    if (verb === 'HELO') return this.reply(`250 ${this.ctx.decky.hostname}`);
    const hello = persona.ehloHello(arg.split(/\s+/)[0] ?? arg, this.peer.ip);
    const extensions = this.secure ? persona.extensions.filter((e) => e !== 'STARTTLS') : persona.extensions;
    const lines = [hello, ...extensions];
    this.send(lines.map((text, i) => `250${i === lines.length - 1 ? ' ' : '-'}${text}\r\n`).join(''));
  }

  /** RFC 3207 §4.2: after the handshake the session starts over, as if just connected. */
  private startTlsCommand(arg: string) {
    if (arg !== '') return this.error('501 5.5.4 Syntax: STARTTLS');
    if (this.secure) return this.error('554 5.5.1 Error: TLS already active');
    if (!this.startTls('220 2.0.0 Ready to start TLS\r\n'))
      return this.error('454 4.7.0 TLS not available due to local problem');
    this.resetTransaction();
    this.state = 'start';
    this.greeted = false;
    this.authenticated = false;
  }

  private resetTransaction() {
    this.mailFrom = '';
    this.rcptTo = [];
    this.data = new MessageBuffer();
    this.dataProblem = null;
    if (this.state !== 'start') this.state = 'helo';
  }

  // --- AUTH (RFC 4954) ---

  private auth(arg: string) {
    if (!this.greeted) return this.error('503 5.5.1 Error: send HELO/EHLO first');
    if (this.authenticated) return this.error('503 5.5.1 Error: already authenticated');
    if (this.state === 'mail' || this.state === 'rcpt')
      return this.error('503 5.5.1 Error: MAIL transaction in progress');
    const [mechanism = '', initial] = arg.split(/\s+/);
    switch (mechanism.toUpperCase()) {
      case 'PLAIN':
        if (initial === undefined) {
          this.state = 'auth_plain';
          return this.reply('334 ');
        }
        return this.plain(initial);
      case 'LOGIN':
        if (initial === undefined) {
          this.state = 'auth_login_user';
          return this.reply(`334 ${Buffer.from('Username:').toString('base64')}`);
        }
        return this.loginUserResponse(initial);
      case '':
        return this.error('501 5.5.4 Syntax: AUTH mechanism');
      default:
        return this.error('535 5.7.8 Error: authentication failed: Invalid authentication mechanism');
    }
  }

  private authResponse(line: string) {
    const state = this.state;
    this.state = 'helo';
    if (line.trim() === '*') return this.error('501 5.7.0 Authentication aborted');
    if (state === 'auth_plain') return this.plain(line);
    if (state === 'auth_login_user') return this.loginUserResponse(line);
    const password = decodeBase64(line);
    if (password === null) return this.error('501 5.5.2 Cannot decode response');
    this.check(this.loginUser, password);
  }

  private plain(response: string) {
    const decoded = decodeBase64(response);
    if (decoded === null) return this.error('501 5.5.2 Cannot decode response');
    const credentials = parsePlain(decoded);
    if (credentials === null)
      return this.error('535 5.7.8 Error: authentication failed: Invalid authentication mechanism');
    this.check(credentials.authcid, credentials.password);
  }

  private loginUserResponse(response: string) {
    const user = decodeBase64(response);
    if (user === null) return this.error('501 5.5.2 Cannot decode response');
    this.loginUser = user.toString('utf8');
    this.state = 'auth_login_pass';
    this.reply(`334 ${Buffer.from('Password:').toString('base64')}`);
  }

  private check(user: string, password: Buffer) {
    this.state = 'helo';
    const accepted =
      this.options.openRelay || this.options.policy.check(user, password.toString('utf8'), this.peer.ip);
    this.logAuth(user, password, accepted);
    if (accepted) {
      this.authenticated = true;
      return this.reply('235 2.7.0 Authentication successful');
    }
    this.authFailures++;
    this.error('535 5.7.8 Error: authentication failed: authentication failure');
    if (this.authFailures >= SMTP_LIMITS.maxAuthFailures && !this.closing) {
      this.reply(`421 4.7.0 ${this.ctx.decky.hostname} Error: too many errors`);
      this.hangUp();
    }
  }

  // --- Envelope ---

  private mail(arg: string) {
    if (!this.greeted) return this.error('503 5.5.1 Error: send HELO/EHLO first');
    if (this.state === 'mail' || this.state === 'rcpt')
      return this.error('503 5.5.1 Error: nested MAIL command');
    const parsed = envelopeAddress(arg, 'FROM');
    if (parsed === null) return this.error('501 5.5.4 Syntax: MAIL FROM:<address>');
    const size = /(?:^|\s)SIZE=(\d+)/i.exec(parsed.params);
    if (size && Number(size[1]) > SMTP_LIMITS.maxMessageBytes)
      return this.error('552 5.3.4 Message size exceeds fixed limit');
    this.mailFrom = parsed.address;
    this.state = 'mail';
    this.reply('250 2.1.0 Ok');
  }

  private rcpt(arg: string) {
    if (this.state !== 'mail' && this.state !== 'rcpt')
      return this.error('503 5.5.1 Error: need MAIL command');
    const parsed = envelopeAddress(arg, 'TO');
    if (parsed === null || parsed.address === '') return this.error('501 5.5.4 Syntax: RCPT TO:<address>');
    if (this.rcptTo.length >= SMTP_LIMITS.maxRecipients)
      return this.error('452 4.5.3 Error: too many recipients');
    if (!this.mayRelayTo(parsed.address))
      return this.error(`554 5.7.1 <${parsed.address}>: Relay access denied`);
    this.rcptTo.push(parsed.address);
    this.state = 'rcpt';
    this.reply('250 2.1.5 Ok');
  }

  /** Postfix's reject_unauth_destination: local domains for anyone, elsewhere only once logged in. */
  private mayRelayTo(address: string): boolean {
    if (this.options.openRelay || this.authenticated) return true;
    const at = address.lastIndexOf('@');
    if (at < 0) return true;
    return this.options.localDomains.has(address.slice(at + 1).toLowerCase());
  }

  // --- DATA (RFC 5321 §4.1.1.4, §4.5.2) ---

  private startData(arg: string) {
    if (this.state !== 'rcpt') {
      return this.error(
        this.state === 'mail' ? '554 5.5.1 Error: no valid recipients' : '503 5.5.1 Error: need RCPT command',
      );
    }
    if (arg !== '') return this.error('501 5.5.4 Syntax: DATA');
    this.state = 'data';
    this.reply('354 End data with <CR><LF>.<CR><LF>');
  }

  private dataLine(item: LineItem) {
    if (item.kind === 'too_long') {
      this.dataProblem ??= 'line';
      return;
    }
    const line = item.line;
    if (line.length === 1 && line[0] === 0x2e) return this.endData();
    if (this.dataProblem !== null) return;
    const unstuffed = line.length > 0 && line[0] === 0x2e ? line.subarray(1) : line;
    if (this.data.size + unstuffed.length + 2 > SMTP_LIMITS.maxMessageBytes) {
      this.dataProblem = 'size';
      this.data = new MessageBuffer();
      return;
    }
    this.data.appendLine(unstuffed);
  }

  private endData() {
    const problem = this.dataProblem;
    const message = this.data.contents();
    const envelope = { mailFrom: this.mailFrom, rcptTo: this.rcptTo };
    this.resetTransaction();
    this.state = 'helo';
    if (problem === 'size') return this.error('552 5.3.4 Message size exceeds fixed limit');
    if (problem === 'line') return this.error('500 5.5.2 Line too long');
    this.options.deliver(message, envelope, this.peer.ip);
    this.reply(this.options.persona.queued(this.options.rng));
  }
}

/**
 * A message's lines copied into large blocks: a million empty lines cost their bytes, not a million
 * Buffer objects (the lines are views into read buffers and must be copied anyway).
 */
export class MessageBuffer {
  static readonly BLOCK_BYTES = 64 * 1024;
  private readonly blocks: Buffer[] = [];
  private block = Buffer.alloc(0);
  private used = 0;
  size = 0;

  appendLine(line: Buffer): void {
    const needed = line.length + 2;
    if (this.block.length - this.used < needed) {
      if (this.used > 0) this.blocks.push(this.block.subarray(0, this.used));
      this.block = Buffer.allocUnsafe(Math.max(MessageBuffer.BLOCK_BYTES, needed));
      this.used = 0;
    }
    line.copy(this.block, this.used);
    this.block[this.used + line.length] = 0x0d;
    this.block[this.used + line.length + 1] = 0x0a;
    this.used += needed;
    this.size += needed;
  }

  contents(): Buffer {
    return Buffer.concat([...this.blocks, this.block.subarray(0, this.used)], this.size);
  }
}

/** `FROM:<addr> params` / `TO:<addr> params` (RFC 5321 §4.1.2), lenient about spaces and brackets. */
export function envelopeAddress(
  arg: string,
  keyword: 'FROM' | 'TO',
): { address: string; params: string } | null {
  const match = new RegExp(`^${keyword}:\\s*(?:<([^<>]*)>|([^\\s<>]+))(.*)$`, 'i').exec(arg);
  if (match === null) return null;
  const address = (match[1] ?? match[2] ?? '').trim();
  if (address.length > SMTP_LIMITS.maxAddressChars || /[\s]/.test(address)) return null;
  return { address, params: match[3] ?? '' };
}
