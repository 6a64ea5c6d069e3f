/**
 * One IMAP4rev1 session (RFC 3501): LOGIN (quoted strings and literals, RFC 7888 LITERAL+) and
 * AUTHENTICATE PLAIN (with SASL-IR, RFC 4959) against the decky's login policy, every attempt logged,
 * then read access to the decky's bait mailbox. Responses follow Dovecot's wording.
 */
import type { Socket } from 'node:net';
import type { LoginPolicy } from '../interactive/login-policy.js';
import type { BaitMessage } from '../mail/bait-mailbox.js';
import { MailConnection, type TlsProvider } from '../mail/connection.js';
import type { LineItem } from '../mail/line-reader.js';
import { parseHeaders, splitMessage } from '../mail/message-summary.js';
import { decodeBase64, parsePlain } from '../mail/sasl.js';
import type { ServiceContext } from '../service.js';
import type { Peer } from '../shared/peer.js';
import {
  fetchItems,
  imapString,
  inSequenceSet,
  isSequenceSet,
  LITERAL_MARK,
  nstring,
  type Token,
  tokenize,
} from './syntax.js';

export const IMAP_LIMITS = {
  /** RFC 7162 §4 asks clients to keep command lines under 8192 octets; servers accept at least that. */
  maxLineBytes: 8192,
  /** Literal bytes in one command (there is no APPEND, so a login's worth and then some). */
  maxLiteralBytes: 64 * 1024,
  /** Literals in one command. */
  maxLiterals: 16,
  /** Failed logins before the session is dropped (Dovecot's default is 3 before a delay grows). */
  maxAuthFailures: 3,
  /** Dovecot's CLIENT_MAX_BAD_COMMANDS. */
  maxBadCommands: 20,
} as const;

export const MAILBOXES = ['INBOX', 'Drafts', 'Sent', 'Trash', 'Archive'] as const;

export interface ImapOptions {
  greeting: string;
  capabilities: string;
  policy: LoginPolicy;
  mailbox(user: string): BaitMessage[];
  uidValidity: number;
  tls: TlsProvider | null;
}

type State = 'not_authenticated' | 'authenticated' | 'selected';

const POST_LOGIN_CAPABILITIES =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS ' +
  'THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED ' +
  'I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE ' +
  'SNIPPET=FUZZY PREVIEW=FUZZY LITERAL+ NOTIFY SPECIAL-USE';

export class ImapConnection extends MailConnection {
  private state: State = 'not_authenticated';
  /** The command read so far while literals arrive (literal bytes replaced by placeholders). */
  private pendingText = '';
  private literals: Buffer[] = [];
  private literalBytes = 0;
  /** The literal being read: bytes still to come, or bytes still to skip after refusing it. */
  private literal: { parts: Buffer[]; remaining: number; skip: boolean } | null = null;
  /** Waiting for a SASL response (AUTHENTICATE) or for DONE (IDLE), with the command's tag. */
  private continuation: { kind: 'authenticate' | 'idle'; tag: string } | null = null;
  private messages: BaitMessage[] = [];
  private seen = new Set<number>();
  private readOnly = false;
  private authFailures = 0;
  private badCommands = 0;

  constructor(
    ctx: ServiceContext,
    socket: Socket,
    peer: Peer,
    private readonly options: ImapOptions,
  ) {
    super(ctx, socket, peer, options.tls);
  }

  protected greet() {
    this.send(`${this.options.greeting}\r\n`);
  }

  protected lineLimit(): number {
    return IMAP_LIMITS.maxLineBytes;
  }

  protected override wantsBytes(): boolean {
    return this.literal !== null;
  }

  protected override onBytes(bytes: Buffer) {
    const literal = this.literal;
    if (literal === null) return;
    const take = Math.min(bytes.length, literal.remaining);
    if (!literal.skip) literal.parts.push(Buffer.from(bytes.subarray(0, take)));
    literal.remaining -= take;
    // What follows the literal goes back to the line reader.
    if (take < bytes.length) this.reader.unshift(bytes.subarray(take));
    if (literal.remaining > 0) return;
    this.literal = null;
    if (!literal.skip) {
      this.pendingText += `${LITERAL_MARK}${this.literals.length}${LITERAL_MARK}`;
      this.literals.push(Buffer.concat(literal.parts));
    }
  }

  protected onLine(item: LineItem) {
    if (item.kind === 'too_long') {
      this.resetCommand();
      return this.bad('* BAD Error in IMAP command received by server: line too long.');
    }
    const line = item.line.toString('latin1');
    if (this.continuation !== null) return this.continued(line);
    const text = this.pendingText + line;
    const marker = /\{(\d{1,10})(\+?)\}$/.exec(line);
    if (marker !== null) {
      const size = Number(marker[1]);
      const synchronising = marker[2] !== '+';
      const head = text.slice(0, text.length - marker[0].length);
      if (
        size > IMAP_LIMITS.maxLiteralBytes - this.literalBytes ||
        this.literals.length >= IMAP_LIMITS.maxLiterals
      ) {
        const tag = head.split(' ')[0] ?? '*';
        this.resetCommand();
        // A non-synchronising literal is coming whatever we say: read past it.
        if (!synchronising) this.literal = { parts: [], remaining: size, skip: true };
        return this.bad(`${tag} NO [TOOBIG] Literal too large.`);
      }
      this.pendingText = head;
      this.literalBytes += size;
      this.literal = { parts: [], remaining: size, skip: false };
      if (synchronising) this.send('+ OK\r\n');
      if (size === 0) this.onBytes(Buffer.alloc(0));
      return;
    }
    const literals = this.literals;
    this.resetCommand();
    this.command(text, literals);
  }

  private resetCommand() {
    this.pendingText = '';
    this.literals = [];
    this.literalBytes = 0;
  }

  private bad(line: string) {
    this.send(`${line}\r\n`);
    this.badCommands++;
    if (this.badCommands >= IMAP_LIMITS.maxBadCommands) {
      this.send('* BYE Too many invalid IMAP commands.\r\n');
      this.hangUp();
    }
  }

  private command(text: string, literals: Buffer[]) {
    const match = /^([^\s(){%*"\\\]]+) ([A-Za-z]+)(?: (.*))?$/.exec(text);
    if (match === null) {
      this.logCommand(text.replace(/\u0000\d+\u0000/g, '{…}'), this.state);
      return this.bad('* BAD Error in IMAP command received by server.');
    }
    const tag = match[1] as string;
    let name = (match[2] as string).toUpperCase();
    let rest = match[3] ?? '';
    let uid = false;
    if (name === 'UID') {
      const sub = /^([A-Za-z]+)(?: (.*))?$/.exec(rest);
      uid = true;
      name = (sub?.[1] ?? '').toUpperCase();
      rest = sub?.[2] ?? '';
    }
    const args = tokenize(rest, literals);
    const shown =
      name === 'LOGIN'
        ? `${tag} LOGIN ${args?.[0]?.value ?? ''}`
        : name === 'AUTHENTICATE'
          ? `${tag} AUTHENTICATE ${args?.[0]?.value ?? ''}`
          : text.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => `{${literals[Number(i)]?.length ?? 0}}`);
    this.logCommand(shown, this.state);
    if (args === null) return this.bad(`${tag} BAD Error in IMAP command ${name}: Invalid arguments.`);
    const ok = (message: string) => this.send(`${tag} OK ${message}\r\n`);
    switch (name) {
      case 'CAPABILITY':
        this.send(
          `* CAPABILITY ${this.state === 'not_authenticated' ? this.preLoginCapabilities() : POST_LOGIN_CAPABILITIES}\r\n`,
        );
        return ok('Pre-login capabilities listed, post-login capabilities have more.');
      case 'NOOP':
        return ok('NOOP completed.');
      case 'ID':
        this.send('* ID ("name" "Dovecot")\r\n');
        return ok('ID completed.');
      case 'ENABLE':
        this.send('* ENABLED\r\n');
        return ok('Enabled.');
      case 'LOGOUT':
        this.send(`* BYE Logging out\r\n${tag} OK Logout completed.\r\n`);
        return this.hangUp();
      case 'STARTTLS':
        if (this.secure) return this.bad(`${tag} BAD TLS is already active.`);
        if (this.state !== 'not_authenticated')
          return this.bad(`${tag} BAD STARTTLS can't be used after login.`);
        if (!this.startTls(`${tag} OK Begin TLS negotiation now.\r\n`))
          return this.bad(`${tag} BAD TLS support isn't enabled.`);
        return;
    }
    if (this.state === 'not_authenticated') return this.preLogin(tag, name, args);
    return this.postLogin(tag, name, args, uid);
  }

  /** RFC 3501 §6.2.1: STARTTLS is no longer offered once the session is secure. */
  private preLoginCapabilities(): string {
    const caps = this.options.capabilities;
    return this.secure ? caps.replace(' STARTTLS', '') : caps;
  }

  private preLogin(tag: string, name: string, args: Token[]) {
    if (name === 'LOGIN') {
      const [user, password] = args;
      if (user === undefined || password === undefined || user.kind === 'list' || password.kind === 'list')
        return this.bad(`${tag} BAD Error in IMAP command LOGIN: Missing arguments.`);
      return this.check(tag, user.value, Buffer.from(password.value, 'utf8'));
    }
    if (name === 'AUTHENTICATE') {
      const [mechanism, initial] = args;
      if (mechanism === undefined)
        return this.bad(`${tag} BAD Error in IMAP command AUTHENTICATE: Missing arguments.`);
      if (mechanism.value.toUpperCase() !== 'PLAIN')
        return this.bad(`${tag} NO Unsupported authentication mechanism.`);
      if (initial !== undefined) return this.plain(tag, initial.value);
      this.continuation = { kind: 'authenticate', tag };
      return this.send('+ \r\n');
    }
    if (
      [
        'SELECT',
        'EXAMINE',
        'LIST',
        'LSUB',
        'STATUS',
        'FETCH',
        'SEARCH',
        'CLOSE',
        'UNSELECT',
        'IDLE',
        'STORE',
        'EXPUNGE',
        'CHECK',
      ].includes(name)
    )
      return this.bad(`${tag} BAD Error in IMAP command ${name}: Please log in first.`);
    return this.bad(`${tag} BAD Error in IMAP command ${name.slice(0, 32)}: Unknown command.`);
  }

  private continued(line: string) {
    const continuation = this.continuation;
    this.continuation = null;
    if (continuation === null) return;
    if (continuation.kind === 'idle') {
      if (line.trim().toUpperCase() === 'DONE')
        return this.send(`${continuation.tag} OK Idle completed.\r\n`);
      return this.bad(`${continuation.tag} BAD Expected DONE.`);
    }
    if (line.trim() === '*') return this.bad(`${continuation.tag} BAD Authentication aborted by client.`);
    this.plain(continuation.tag, line);
  }

  private plain(tag: string, response: string) {
    const decoded = decodeBase64(response);
    const credentials = decoded === null ? null : parsePlain(decoded);
    if (credentials === null) return this.bad(`${tag} BAD Invalid base64 data in continued response`);
    this.check(tag, credentials.authcid, credentials.password);
  }

  private check(tag: string, user: string, password: Buffer) {
    const accepted = this.options.policy.check(user, password.toString('utf8'), this.peer.ip);
    this.logAuth(user, password, accepted);
    if (accepted) {
      this.state = 'authenticated';
      this.messages = this.options.mailbox(user);
      this.seen = new Set(this.messages.filter((m) => m.flags.includes('\\Seen')).map((m) => m.uid));
      return this.send(`${tag} OK [CAPABILITY ${POST_LOGIN_CAPABILITIES}] Logged in\r\n`);
    }
    this.authFailures++;
    this.send(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`);
    if (this.authFailures >= IMAP_LIMITS.maxAuthFailures) {
      this.send('* BYE Disconnected for too many invalid logins.\r\n');
      this.hangUp();
    }
  }

  private mailboxName(token: Token | undefined): string | null {
    if (token === undefined || token.kind === 'list') return null;
    const name = token.value.toUpperCase() === 'INBOX' ? 'INBOX' : token.value;
    return (MAILBOXES as readonly string[]).includes(name) ? name : null;
  }

  private contents(mailbox: string): BaitMessage[] {
    return mailbox === 'INBOX' ? this.messages : [];
  }

  private postLogin(tag: string, name: string, args: Token[], uid: boolean) {
    const ok = (message: string) => this.send(`${tag} OK ${message}\r\n`);
    switch (name) {
      case 'LOGIN':
      case 'AUTHENTICATE':
        return this.bad(`${tag} BAD Error in IMAP command ${name}: Already logged in.`);
      case 'SELECT':
      case 'EXAMINE': {
        const mailbox = this.mailboxName(args[0]);
        if (mailbox === null)
          return this.bad(`${tag} NO Mailbox doesn't exist: ${(args[0]?.value ?? '').slice(0, 64)}`);
        const messages = this.contents(mailbox);
        this.state = 'selected';
        this.readOnly = name === 'EXAMINE';
        const unseen = messages.findIndex((m) => !this.seen.has(m.uid));
        const lines = [
          '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)',
          '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.',
          `* ${messages.length} EXISTS`,
          '* 0 RECENT',
          ...(unseen >= 0 ? [`* OK [UNSEEN ${unseen + 1}] First unseen.`] : []),
          `* OK [UIDVALIDITY ${this.options.uidValidity}] UIDs valid`,
          `* OK [UIDNEXT ${messages.length + 1}] Predicted next UID`,
        ];
        this.send(`${lines.join('\r\n')}\r\n`);
        return ok(
          `[${this.readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${name === 'SELECT' ? 'Select' : 'Examine'} completed (0.001 + 0.000 secs).`,
        );
      }
      case 'LIST':
      case 'LSUB': {
        const pattern = args[1]?.value ?? '';
        if (pattern === '') {
          this.send(`* ${name} (\\Noselect) "." ""\r\n`);
          return ok(`${name === 'LIST' ? 'List' : 'Lsub'} completed (0.001 + 0.000 secs).`);
        }
        const regex = new RegExp(
          `^${pattern
            .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/%/g, '[^.]*')}$`,
          'i',
        );
        const special: Record<string, string> = {
          Drafts: ' \\Drafts',
          Sent: ' \\Sent',
          Trash: ' \\Trash',
          Archive: ' \\Archive',
        };
        const listed = MAILBOXES.filter((m) => regex.test(m)).map(
          (m) => `* ${name} (\\HasNoChildren${special[m] ?? ''}) "." ${imapString(m)}\r\n`,
        );
        this.send(listed.join(''));
        return ok(`${name === 'LIST' ? 'List' : 'Lsub'} completed (0.001 + 0.000 secs).`);
      }
      case 'STATUS': {
        const mailbox = this.mailboxName(args[0]);
        if (mailbox === null)
          return this.bad(`${tag} NO Mailbox doesn't exist: ${(args[0]?.value ?? '').slice(0, 64)}`);
        const messages = this.contents(mailbox);
        const values: Record<string, number> = {
          MESSAGES: messages.length,
          RECENT: 0,
          UIDNEXT: messages.length + 1,
          UIDVALIDITY: this.options.uidValidity,
          UNSEEN: messages.filter((m) => !this.seen.has(m.uid)).length,
        };
        const asked = (args[1]?.kind === 'list' ? args[1].value : '')
          .toUpperCase()
          .split(/\s+/)
          .filter((k) => k in values);
        this.send(`* STATUS ${imapString(mailbox)} (${asked.map((k) => `${k} ${values[k]}`).join(' ')})\r\n`);
        return ok('Status completed (0.001 + 0.000 secs).');
      }
      case 'IDLE':
        this.continuation = { kind: 'idle', tag };
        return this.send('+ idling\r\n');
      case 'CHECK':
        return ok('Check completed.');
    }
    if (this.state !== 'selected') {
      return this.bad(
        `${tag} BAD Error in IMAP command ${name.slice(0, 32)}: ${
          ['FETCH', 'SEARCH', 'STORE', 'CLOSE', 'UNSELECT', 'EXPUNGE'].includes(name)
            ? 'No mailbox selected.'
            : 'Unknown command.'
        }`,
      );
    }
    switch (name) {
      case 'CLOSE':
      case 'UNSELECT':
        this.state = 'authenticated';
        return ok(`${name === 'CLOSE' ? 'Close' : 'Unselect'} completed.`);
      case 'EXPUNGE':
        return ok('Expunge completed.');
      case 'SEARCH': {
        const criteria = args.map((a) => a.value.toUpperCase());
        const matches = this.messages
          .map((m, i) => ({ m, n: i + 1 }))
          .filter(({ m }) =>
            criteria.includes('UNSEEN')
              ? !this.seen.has(m.uid)
              : criteria.includes('SEEN')
                ? this.seen.has(m.uid)
                : true,
          );
        this.send(`* SEARCH${matches.map(({ m, n }) => ` ${uid ? m.uid : n}`).join('')}\r\n`);
        return ok('Search completed (0.001 + 0.000 secs).');
      }
      case 'FETCH':
        return this.fetch(tag, args, uid);
      case 'STORE':
        if (this.readOnly) return this.bad(`${tag} NO Mailbox is read-only.`);
        return ok('Store completed.');
      default:
        return this.bad(`${tag} BAD Error in IMAP command ${name.slice(0, 32)}: Unknown command.`);
    }
  }

  private fetch(tag: string, args: Token[], uid: boolean) {
    const set = args[0]?.value ?? '';
    if (!isSequenceSet(set) || args.length < 2)
      return this.bad(`${tag} BAD Error in IMAP command FETCH: Invalid arguments.`);
    const spec =
      args[1]?.kind === 'list'
        ? `(${args[1].value})`
        : args
            .slice(1)
            .map((a) => a.value)
            .join(' ');
    const items = fetchItems(spec);
    const max = uid ? (this.messages.at(-1)?.uid ?? 0) : this.messages.length;
    this.messages.forEach((message, i) => {
      const n = i + 1;
      if (!inSequenceSet(set, uid ? message.uid : n, max)) return;
      const parts: Buffer[] = [];
      const wanted = uid && !items.some((it) => it.toUpperCase() === 'UID') ? ['UID', ...items] : items;
      for (const item of wanted) {
        const rendered = this.fetchItem(message, item);
        if (rendered !== null) parts.push(rendered);
      }
      const joined = parts.flatMap((p, k) => (k === 0 ? [p] : [Buffer.from(' '), p]));
      this.sendBytes(Buffer.concat([Buffer.from(`* ${n} FETCH (`), ...joined, Buffer.from(')\r\n')]));
    });
    this.send(`${tag} OK Fetch completed (0.001 + 0.000 secs).\r\n`);
  }

  private fetchItem(message: BaitMessage, item: string): Buffer | null {
    const upper = item.toUpperCase();
    const raw = message.raw;
    const flags = () => `(${this.seen.has(message.uid) ? '\\Seen' : ''})`;
    const literal = (label: string, bytes: Buffer) =>
      Buffer.concat([Buffer.from(`${label} {${bytes.length}}\r\n`), bytes]);
    switch (upper) {
      case 'UID':
        return Buffer.from(`UID ${message.uid}`);
      case 'FLAGS':
        return Buffer.from(`FLAGS ${flags()}`);
      case 'RFC822.SIZE':
        return Buffer.from(`RFC822.SIZE ${raw.length}`);
      case 'INTERNALDATE':
        return Buffer.from(`INTERNALDATE "${internalDate(message.receivedAt)}"`);
      case 'ENVELOPE':
        return Buffer.from(`ENVELOPE ${envelope(raw)}`, 'utf8');
      case 'BODY':
      case 'BODYSTRUCTURE': {
        const { body } = splitMessage(raw.toString('utf8'));
        const lines = body.split('\r\n').length;
        return Buffer.from(
          `${upper} ("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "7BIT" ${Buffer.byteLength(body)} ${lines}${upper === 'BODYSTRUCTURE' ? ' NIL NIL NIL NIL' : ''})`,
        );
      }
      case 'RFC822':
        this.markSeen(message);
        return literal('RFC822', raw);
      case 'RFC822.HEADER':
        return literal('RFC822.HEADER', section(raw, 'HEADER'));
      case 'RFC822.TEXT':
        this.markSeen(message);
        return literal('RFC822.TEXT', section(raw, 'TEXT'));
    }
    const body = /^BODY(\.PEEK)?\[([^\]]*)\](?:<(\d{1,10})(?:\.(\d{1,10}))?>)?$/i.exec(item);
    if (body === null) return null;
    const [, peek, sectionSpec = '', start, length] = body;
    let bytes = section(raw, sectionSpec);
    let label = `BODY[${sectionSpec.toUpperCase()}]`;
    if (start !== undefined) {
      const from = Number(start);
      bytes = bytes.subarray(from, length === undefined ? undefined : from + Number(length));
      label += `<${from}>`;
    }
    if (peek === undefined) this.markSeen(message);
    return literal(label, bytes);
  }

  private markSeen(message: BaitMessage) {
    if (!this.readOnly) this.seen.add(message.uid);
  }
}

/** A BODY[] section of a single-part message: all, HEADER, TEXT, 1, HEADER.FIELDS (…), MIME. */
export function section(raw: Buffer, spec: string): Buffer {
  const upper = spec.toUpperCase().trim();
  if (upper === '') return raw;
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const header = split < 0 ? text : text.slice(0, split + 4);
  const body = split < 0 ? '' : text.slice(split + 4);
  if (upper === 'HEADER' || upper === 'MIME') return Buffer.from(header, 'utf8');
  if (upper === 'TEXT' || upper === '1') return Buffer.from(body, 'utf8');
  const fields = /^HEADER\.FIELDS(\.NOT)? \(([^)]*)\)$/.exec(upper);
  if (fields !== null) {
    const names = new Set((fields[2] ?? '').split(/\s+/).filter((n) => n !== ''));
    const not = fields[1] !== undefined;
    const kept = header
      .replace(/\r\n[ \t]/g, '\u0001')
      .split('\r\n')
      .filter((line) => line !== '' && names.has(line.slice(0, line.indexOf(':')).toUpperCase()) !== not)
      .map((line) => line.replace(/\u0001/g, '\r\n '));
    return Buffer.from(`${kept.map((l) => `${l}\r\n`).join('')}\r\n`, 'utf8');
  }
  return Buffer.alloc(0);
}

/** RFC 3501 date-time: `17-Jul-1996 02:44:25 +0000`. */
function internalDate(ms: number): string {
  const d = new Date(ms);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}-${months[d.getUTCMonth()]}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** RFC 3501 §7.4.2 ENVELOPE of a message (addresses of the simple `Name <user@host>` forms). */
function envelope(raw: Buffer): string {
  const headers = parseHeaders(splitMessage(raw.toString('utf8')).header);
  const address = (value: string | undefined): string => {
    if (value === undefined) return 'NIL';
    const m =
      /^\s*(?:"?([^"<]*?)"?\s*)?<([^@>]+)@([^>]+)>\s*$/.exec(value) ??
      /^\s*()([^@\s]+)@(\S+)\s*$/.exec(value);
    if (m === null) return 'NIL';
    const name = m[1] === undefined || m[1] === '' ? 'NIL' : imapString(m[1]);
    return `((${name} NIL ${imapString(m[2] ?? '')} ${imapString(m[3] ?? '')}))`;
  };
  const from = address(headers.get('from'));
  return `(${[
    nstring(headers.get('date')),
    nstring(headers.get('subject')),
    from,
    from,
    from,
    address(headers.get('to')),
    address(headers.get('cc')),
    'NIL',
    nstring(headers.get('in-reply-to')),
    nstring(headers.get('message-id')),
  ].join(' ')})`;
}
