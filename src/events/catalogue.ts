/**
 * The event catalogue: the single source of event names (MSGID), their params and the bus topic the
 * ingester publishes for each stored event (STYLE.md "Types at the boundary"; DESIGN.md "Events and
 * the log line"). Names and params are the reference's (spec §1.1, §1.6, §1.7 of
 * decnet-intelligence.md) so that a reference deployment's logs import with their meaning intact.
 *
 * The emitter validates against these schemas, `docs/events.md` is generated from them
 * (`renderEventDocs`), and TypeScript infers each event's params from them.
 */
import { z } from 'zod';
import {
  ATTACKER_FILE_CAPTURED,
  ATTACKER_SESSION_ENDED,
  CREDENTIAL_CAPTURED,
  EMAIL_RECEIVED,
} from '../bus/topics.js';
import {
  address,
  base64,
  count,
  credentialShape,
  decimal,
  flag,
  hex,
  ip,
  json,
  oneOf,
  optional,
  port,
  sessionId,
  text,
} from './fields.js';
import type { SeverityName } from './rfc5424/format.js';
import type { EventTopic } from './topics.js';

export type { EventTopic };

/** `apps` value of an event that any service may emit. */
export const ANY_SERVICE = 'any service';

export interface EventSpec<T extends string = string, F extends z.ZodObject = z.ZodObject> {
  /** The MSGID. */
  type: T;
  /** The APP-NAMEs that emit it. */
  apps: readonly string[] | typeof ANY_SERVICE;
  severity: SeverityName;
  description: string;
  /** The relay@55555 params. */
  fields: F;
  /** Whether the event carries the universal credential shape (credential.ts). */
  credential: boolean;
  /** Bus topic the ingester publishes for each stored event of this type, or null. */
  topic: EventTopic | null;
  /** When the topic is published only for some events of the type: the condition, in words. */
  topicCondition?: string;
  /** Optional fields of which at least one must name the attacker (checked by the schema). */
  attackerOneOf?: readonly [string, ...string[]];
}

function defineEvent<const T extends string, F extends z.ZodObject>(spec: EventSpec<T, F>): EventSpec<T, F> {
  return spec.attackerOneOf === undefined
    ? spec
    : { ...spec, fields: naming(spec.fields, spec.attackerOneOf) };
}

/**
 * Requires at least one of `keys`: an event about an attacker must name one. The issue points at the
 * first key so the error names a field.
 */
function naming<F extends z.ZodObject>(schema: F, keys: readonly [string, ...string[]]): F {
  return schema.superRefine((value, ctx) => {
    const record = value as Record<string, unknown>;
    if (keys.some((k) => record[k] !== undefined && record[k] !== null)) return;
    ctx.addIssue({
      code: 'custom',
      path: [keys[0]],
      message: `the event must name the attacker: give ${keys.join(' or ')}`,
    });
  }) as F;
}

/** Why a connection ended (`disconnect`'s `reason`). */
export const CONNECTION_CLOSE_REASONS = [
  /** The client closed or reset it. */
  'client_closed',
  /** Nothing was read or written for the service's idle timeout. */
  'idle_timeout',
  /** The client sent more than the service reads from one connection. */
  'byte_limit',
  /** The client stopped reading while the service had more to write than it queues. */
  'write_stalled',
  /** The service ended it, as the protocol does (a reply followed by close). */
  'server_closed',
  /** The service stopped (decky torn down, DECNET stopping). */
  'shutdown',
] as const;
export type ConnectionCloseReason = (typeof CONNECTION_CLOSE_REASONS)[number];

const attackerIp = (what = 'the attacker') => optional(ip(`${what}'s IP address`));
const srcPort = () => optional(port("the attacker's source port"));

const connectionFields = () =>
  z.object({
    src_ip: attackerIp(),
    src: attackerIp(),
    src_port: srcPort(),
  });

export const EVENT_CATALOGUE = [
  defineEvent({
    type: 'auth_attempt',
    apps: ANY_SERVICE,
    severity: 'info',
    description:
      'A client offered credentials. The reference SSH/Telnet auth-helper writes username, principal, ' +
      'secret_printable, secret_b64 and src_ip; other services write src (and src_port).',
    fields: z.object({
      username: optional(text('the user name offered (the reference writes it beside principal)')),
      ...credentialShape,
      src_ip: attackerIp(),
      src: attackerIp(),
      src_port: srcPort(),
    }),
    attackerOneOf: ['src_ip', 'src'],
    credential: true,
    topic: CREDENTIAL_CAPTURED,
    topicCondition: 'only when the line carries a valid credential: a strict-base64 secret_b64',
  }),
  defineEvent({
    type: 'command',
    apps: ANY_SERVICE,
    severity: 'info',
    description:
      'An attacker ran a command in an emulated shell or protocol (telnet, ftp, redis, smtp, bash …). ' +
      'Reference bash lines carry it as a `CMD uid= user= src= pwd= cmd=` MSG, which the parser turns into ' +
      'these fields.',
    fields: z.object({
      cmd: text('the command line as typed'),
      src_ip: attackerIp(),
      src: attackerIp(),
      uid: optional(text('uid of the emulated shell user')),
      user: optional(text('name of the emulated shell user')),
      pwd: optional(text('working directory of the emulated shell')),
      state: optional(text('emulator state the command was read in (auth, shell, enable …)')),
      sid: optional(sessionId('our session id: ties the command to its session_recorded')),
    }),
    attackerOneOf: ['src_ip', 'src'],
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'session_recorded',
    apps: ['ssh', 'telnet', 'sessrec'],
    severity: 'info',
    description:
      'An interactive session ended and its transcript was stored (the reference: sessrec, the PTY recorder). ' +
      'Closes the session: the window is [timestamp − duration_s, timestamp] (spec §1.6).',
    fields: z.object({
      sid: sessionId('session id (the reference: a 36-character UUID); names the transcript records'),
      service: text('service of the session (ssh, telnet); the ingester falls back to APP-NAME'),
      src_ip: ip("the attacker's IP address"),
      duration_s: decimal('session length in seconds (the reference writes 3 decimals)'),
      bytes: count('transcript bytes recorded'),
      truncated: optional(flag('whether the transcript hit its size limit')),
    }),
    credential: false,
    topic: ATTACKER_SESSION_ENDED,
  }),
  defineEvent({
    type: 'request',
    apps: ['http', 'https'],
    severity: 'info',
    description:
      'An HTTP request. A login (Authorization header, or a urlencoded form with a password key) adds the ' +
      'credential shape (spec §1.1 "HTTP credential extraction").',
    fields: z.object({
      method: text('request method'),
      path: text('request target as sent'),
      remote_addr: address('client address, usually ip:port'),
      headers: optional(json('request headers as a JSON object, in wire order')),
      body: optional(text('request body (decoded as text)')),
      ...credentialShape,
    }),
    credential: true,
    topic: CREDENTIAL_CAPTURED,
    topicCondition: 'only when the line carries a valid credential: a strict-base64 secret_b64',
  }),
  defineEvent({
    type: 'connect',
    apps: ANY_SERVICE,
    severity: 'info',
    description: 'A client opened a connection.',
    fields: connectionFields(),
    attackerOneOf: ['src_ip', 'src'],
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'connection',
    apps: ANY_SERVICE,
    severity: 'info',
    description: 'A client opened a connection (the name some reference services use instead of connect).',
    fields: connectionFields(),
    attackerOneOf: ['src_ip', 'src'],
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'disconnect',
    apps: ANY_SERVICE,
    severity: 'info',
    description:
      'A client connection closed. DECNET services add how long it lasted, the bytes each way and why it ' +
      'ended; reference lines carry only the address.',
    fields: connectionFields().extend({
      duration_s: optional(decimal('connection length in seconds (3 decimals)')),
      bytes_in: optional(count('bytes read from the client')),
      bytes_out: optional(count('bytes written to the client')),
      reason: optional(oneOf(CONNECTION_CLOSE_REASONS, 'why the connection ended')),
    }),
    attackerOneOf: ['src_ip', 'src'],
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'data_received',
    apps: ANY_SERVICE,
    severity: 'info',
    description:
      'The first bytes a client sent. On TCP the capture ends at the first line, at a whole first message of the ' +
      "service's protocol, 5 s after the first byte, at the service's log cap (1 KiB by default) or when the " +
      'client closes, whichever comes first; on UDP it is one datagram. Banner-level services log this where a ' +
      'full emulator would log a parsed request.',
    fields: z.object({
      src_ip: attackerIp(),
      src_port: srcPort(),
      dst_port: optional(port('the decky port the data arrived on')),
      transport: oneOf(['tcp', 'udp'], 'transport the data arrived on'),
      bytes: count('bytes the client had sent when the capture ended (UDP: the datagram size)'),
      data_printable: text(
        'the kept bytes as text: printable ASCII as is, backslash doubled, CR LF TAB as \\r \\n \\t, ' +
          'any other byte as \\xHH',
      ),
      data_b64: base64("the kept bytes, base64: at most the service's log cap"),
      data_truncated: flag('whether the client sent more bytes than were kept'),
      protocol: optional(text('protocol the service presents itself as, when configured (tcp_banner)')),
    }),
    attackerOneOf: ['src_ip'],
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'file_captured',
    apps: ['ssh', 'telnet', 'ftp'],
    severity: 'info',
    description:
      'A file an attacker wrote was copied to quarantine as `<ISO>_<sha12>_<name>` (the reference: inotify ' +
      'in the SSH decky); attribution links it to a session when it can.',
    fields: z.object({
      stored_as: text('quarantine file name'),
      sha256: hex('SHA-256 of the content', 64),
      size: count('size in bytes'),
      orig_path: text('path the attacker wrote'),
      src_ip: attackerIp(),
      src_port: srcPort(),
      ssh_user: optional(text('login user of the attributed session')),
      ssh_pid: optional(count('sshd pid of the attributed session')),
      attribution: optional(text('how the writer was found: pid-chain, ss-only, ss-ambiguous or utmp-only')),
      writer_pid: optional(count('pid of the writing process')),
      writer_comm: optional(text('command name of the writing process')),
      writer_uid: optional(count('uid of the writing process')),
      mtime: optional(text('modification time of the file')),
      meta_json_b64: optional(text('base64 JSON: cmdline, loginuid, concurrent sessions, socket snapshot')),
      sid: optional(sessionId('our session id of the session that wrote it (DECNET services)')),
      method: optional(
        oneOf(['shell', 'download', 'sftp', 'scp', 'ftp'], 'how the file arrived (DECNET services)'),
      ),
    }),
    credential: false,
    topic: ATTACKER_FILE_CAPTURED,
  }),
  defineEvent({
    type: 'download_attempt',
    apps: ANY_SERVICE,
    severity: 'info',
    description:
      'A command in an emulated shell asked for a URL (wget, curl, tftp …). Nothing leaves the decky unless ' +
      'the operator enabled fetching; a fetched body lands in quarantine and is logged as file_captured.',
    fields: z.object({
      url: text('the URL as the command was given it'),
      tool: text('the command that asked (wget, curl, tftp, busybox wget …)'),
      src_ip: attackerIp(),
      sid: optional(sessionId('session id of the shell session')),
      outcome: oneOf(['fetched', 'failed', 'blocked'], 'fetched, failed, or blocked because fetching is off'),
      status: optional(count('HTTP status of a fetched URL')),
      size: optional(count('bytes fetched')),
      sha256: optional(hex('SHA-256 of the fetched body', 64)),
    }),
    attackerOneOf: ['src_ip'],
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'ssh_fingerprint',
    apps: ['ssh'],
    severity: 'info',
    description:
      "An SSH client's identification string and key-exchange offer, read from its KEXINIT before the " +
      'handshake went on: HASSH of the client and HASSHServer of the decky for the same connection.',
    fields: z.object({
      src_ip: ip("the attacker's IP address"),
      src_port: srcPort(),
      client_version: text('the identification string the client sent (SSH-2.0-…)'),
      hassh: hex('HASSH: MD5 of kex;enc_c2s;mac_c2s;comp_c2s from the client KEXINIT', 32),
      hassh_algorithms: text('the string HASSH is the MD5 of'),
      hassh_server: hex('HASSHServer of the decky: MD5 of kex;enc_s2c;mac_s2c;comp_s2c it offered', 32),
      hassh_server_algorithms: text('the string HASSHServer is the MD5 of'),
    }),
    attackerOneOf: ['src_ip'],
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'message_stored',
    apps: ['smtp', 'smtp_relay'],
    severity: 'info',
    description:
      'An SMTP decky accepted a message and stored it as an .eml file. The optional fields feed the ' +
      'email.received payload (spec §4.3).',
    fields: z.object({
      stored_as: text('stored .eml file name'),
      sha256: hex('SHA-256 of the stored message', 64),
      size: count('message size in bytes'),
      src_ip: attackerIp('the sending client'),
      src: attackerIp('the sending client'),
      subject: optional(text('Subject header')),
      from_hdr: optional(text('From header')),
      to_hdr: optional(text('To header')),
      mail_from: optional(text('envelope sender (MAIL FROM)')),
      rcpt_to: optional(text('envelope recipients (RCPT TO), comma-separated')),
      attachment_count: optional(count('number of attachments')),
      content_type: optional(text('top-level Content-Type')),
      msg_id: optional(text('Message-ID header')),
      return_path: optional(text('Return-Path header')),
      x_mailer: optional(text('X-Mailer header')),
      dkim_signed: optional(flag('DKIM pass, from Authentication-Results')),
      spf_pass: optional(flag('SPF pass, from Authentication-Results')),
      attachments: optional(json('attachments: name, sha256, extension, macro and encryption flags')),
      urls: optional(json('up to 64 URLs found in the body')),
      body_sha256: optional(hex('SHA-256 of the body', 64)),
      body_simhash: optional(hex('64-bit simhash of the body', 16)),
      body_base64_bytes: optional(count('size of the largest base64 run in the body')),
      html_smuggling: optional(flag('whether the body looks like HTML smuggling')),
    }),
    attackerOneOf: ['src_ip', 'src'],
    credential: false,
    topic: EMAIL_RECEIVED,
  }),
  defineEvent({
    type: 'http_request_fingerprint',
    apps: ['http', 'https'],
    severity: 'info',
    description: 'Header fingerprint of an HTTP request: JA4H as DECNET computes it (spec §1.1).',
    fields: z.object({
      remote_addr: address('client address, usually ip:port'),
      proto: oneOf(['h1', 'h2', 'h3'], 'HTTP version of the request'),
      method: text('request method'),
      path: text('request target as sent'),
      ja4h: text('JA4H fingerprint (A_B_C_D)'),
      ja4h_foxio: optional(text("FoxIO's JA4H of the same request (spec §4.4: `ja4h` stays DECNET's form)")),
      headers_ordered: json('lower-cased header names as a JSON list, in wire order'),
      cookie: optional(text('Cookie header')),
      accept_language: optional(text('Accept-Language header')),
    }),
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'http2_settings',
    apps: ['http', 'https'],
    severity: 'info',
    description:
      'The HTTP/2 SETTINGS frame a client sent (GREASE ids ≥ 0xF000 named GREASE, others UNKNOWN), once per connection, with what else it sent before its first request.',
    fields: z.object({
      remote_addr: address('client address, usually ip:port'),
      settings: json('SETTINGS as a JSON map of name to value'),
      frame_order: json('setting ids as a JSON list, in wire order'),
      window_update: optional(
        count('increment of the first connection WINDOW_UPDATE before the first request'),
      ),
      priority: optional(
        text('PRIORITY frames before the first request, comma-separated stream:exclusive:depends_on:weight'),
      ),
      pseudo_header_order: optional(text("the first request's pseudo-headers in order, comma-separated")),
      akamai: optional(text('Akamai HTTP/2 fingerprint SETTINGS|WINDOW_UPDATE|PRIORITY|PSEUDO_HEADER_ORDER')),
      akamai_hash: optional(hex('MD5 of the Akamai fingerprint', 32)),
    }),
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'http3_settings',
    apps: ['https'],
    severity: 'info',
    description: 'The HTTP/3 SETTINGS a client sent, once per connection (values are QUIC varints).',
    fields: z.object({
      remote_addr: address('client address, usually ip:port'),
      settings: json('SETTINGS as a JSON map of name to value'),
      frame_order: optional(json('setting ids as a JSON list, in wire order (absent on the request path)')),
    }),
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'http_access',
    apps: ['http', 'https'],
    severity: 'info',
    description: 'Access-log line of an HTTP response.',
    fields: z.object({
      remote_addr: address('client address, usually ip:port'),
      method: text('request method'),
      path: text('request target as sent'),
      proto: oneOf(['h1', 'h2', 'h3'], 'HTTP version of the request'),
      status: count('response status code'),
      bytes: count('response body bytes'),
    }),
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'tls_client_hello',
    apps: ['sniffer', 'https'],
    severity: 'info',
    description:
      'A TLS ClientHello seen on the wire (spec §1.1 "Sniffer") or read by a TLS service before its handshake, ' +
      'with its JA3 and JA4.',
    fields: z.object({
      src_ip: ip("the attacker's IP address"),
      src_port: port("the attacker's source port"),
      dst_ip: ip('the decky address it was sent to'),
      dst_port: port('the decky port it was sent to'),
      ja3: hex('JA3 (MD5 hex)', 32),
      ja4: text('JA4 (DECNET variant: decimal values, SNI/ALPN kept)'),
      ja4_foxio: optional(text("FoxIO's JA4 of the same hello (spec §4.5: `ja4` stays DECNET's form)")),
      tls_version: text('highest version offered'),
      sni: optional(text('server name requested')),
      alpn: optional(text('ALPN protocols, comma-separated')),
      raw_ciphers: text('cipher suites, decimal, joined with -'),
      raw_extensions: text('extension ids, decimal, joined with -'),
      resumption: optional(text('resumption mechanisms offered, comma-separated')),
      ja4l_rtt_ms: optional(decimal('JA4L round-trip time in milliseconds')),
      ja4l_client_ttl: optional(count('JA4L client IP TTL')),
    }),
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'ssh_client_banner',
    apps: ['sniffer'],
    severity: 'info',
    description: "An SSH client's identification string seen on the wire.",
    fields: z.object({
      src_ip: ip("the attacker's IP address"),
      src_port: srcPort(),
      dst_ip: optional(ip('the decky address it was sent to')),
      dst_port: optional(port('the decky port it was sent to')),
      ssh_version: text('the identification string (SSH-2.0-…)'),
    }),
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'hassh_fingerprint',
    apps: ['prober'],
    severity: 'info',
    description:
      "HASSHServer of the attacker's own SSH server, taken by the active prober (a fingerprint of attacker " +
      'infrastructure, not of its client). The attacker is target_ip.',
    fields: z.object({
      target_ip: ip('the attacker address probed'),
      target_port: port('the port probed'),
      hassh_server_hash: hex('HASSHServer: MD5 of kex;enc_s2c;mac_s2c;comp_s2c', 32),
      ssh_banner: text("the server's identification string"),
      kex_algorithms: text('key exchange algorithms, comma-separated'),
      encryption_s2c: text('server-to-client ciphers, comma-separated'),
      mac_s2c: text('server-to-client MACs, comma-separated'),
      compression_s2c: text('server-to-client compression, comma-separated'),
    }),
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'tarpit_enter',
    apps: ['tarpit'],
    severity: 'notice',
    description:
      'An attacker address opened its first connection to a decky while the decky was tarpitted: from now on ' +
      'every write to it waits delay_ms.',
    fields: z.object({
      src_ip: attackerIp(),
      port: port('the decky port of that first connection'),
      delay_ms: count('delay before each write, milliseconds'),
    }),
    attackerOneOf: ['src_ip'],
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'tarpit_exit',
    apps: ['tarpit'],
    severity: 'notice',
    description:
      'An attacker address left the tarpit: its last connection to the decky closed, or the tarpit was turned off.',
    fields: z.object({
      src_ip: attackerIp(),
      port: port('the decky port it entered on'),
      duration_s: decimal('seconds it spent in the tarpit'),
    }),
    attackerOneOf: ['src_ip'],
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'instance_started',
    apps: ['decnet'],
    severity: 'notice',
    description:
      'A DECNET instance started on this DECNET_HOME (`decnet up`): the first line it writes to its spool, ' +
      'so the whole path from emitter to database is exercised at every start. Names no attacker.',
    fields: z.object({
      version: text('the DECNET version'),
      pid: count('the process id'),
      roles: text('the roles it runs, comma-separated'),
    }),
    credential: false,
    topic: null,
  }),
  defineEvent({
    type: 'instance_stopped',
    apps: ['decnet'],
    severity: 'notice',
    description:
      'A DECNET instance is stopping after SIGINT or SIGTERM: the last line it writes. Names no attacker.',
    fields: z.object({
      pid: count('the process id'),
      uptime_s: decimal('seconds since it started'),
    }),
    credential: false,
    topic: null,
  }),
] as const;

type CatalogueEntry = (typeof EVENT_CATALOGUE)[number];

/** Every event type (MSGID) in the catalogue. */
export type EventType = CatalogueEntry['type'];

/** The params a service passes for event `T` (numbers and booleans allowed; see fields.ts). */
export type EventFields<T extends EventType> = z.input<Extract<CatalogueEntry, { type: T }>['fields']>;

export const EVENT_TYPES: readonly EventType[] = EVENT_CATALOGUE.map((e) => e.type);

const byType = new Map<string, EventSpec>(EVENT_CATALOGUE.map((e) => [e.type, e as EventSpec]));

/** The spec of an event type, or undefined for a type the catalogue does not know (any MSGID may arrive). */
export function eventSpec(type: string): EventSpec | undefined {
  return byType.get(type);
}

export function isEventType(type: string): type is EventType {
  return byType.has(type);
}
