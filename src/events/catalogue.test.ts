import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ATTACKER_FILE_CAPTURED,
  ATTACKER_SESSION_ENDED,
  CREDENTIAL_CAPTURED,
  EMAIL_RECEIVED,
} from '../bus/topics.js';
import {
  ANY_SERVICE,
  EVENT_CATALOGUE,
  EVENT_TYPES,
  type EventSpec,
  eventSpec,
  isEventType,
} from './catalogue.js';
import { credentialFields } from './credential.js';
import { credentialShape, fieldMeta } from './fields.js';
import { parseLine } from './rfc5424/parse.js';
import { EVENT_TOPICS, eventTopic } from './topics.js';

const specs = EVENT_CATALOGUE as readonly EventSpec[];

function fieldsOf(line: string): Record<string, string> {
  const r = parseLine(line);
  if (!r.ok) throw new Error(`unparseable: ${r.error.message}`);
  return r.record.fields;
}

describe('event catalogue', () => {
  it('publishes the topics of the zod-free table the ingest threads read, and that table names only catalogue types', () => {
    for (const spec of specs) expect([spec.type, eventTopic(spec.type)]).toEqual([spec.type, spec.topic]);
    for (const type of EVENT_TOPICS.keys()) expect(isEventType(type)).toBe(true);
    expect(eventTopic('no_such_event')).toBeNull();
  });

  it("has the reference event types and DECNET's own lifecycle events, each once", () => {
    expect(EVENT_TYPES).toEqual([
      'auth_attempt',
      'command',
      'session_recorded',
      'request',
      'connect',
      'connection',
      'disconnect',
      'data_received',
      'file_captured',
      'download_attempt',
      'ssh_fingerprint',
      'message_stored',
      'http_request_fingerprint',
      'http2_settings',
      'http3_settings',
      'http_access',
      'tls_client_hello',
      'ssh_client_banner',
      'hassh_fingerprint',
      'tarpit_enter',
      'tarpit_exit',
      'instance_started',
      'instance_stopped',
    ]);
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });

  it('publishes the topics the ingester owes downstream, and nothing else', () => {
    const topics = Object.fromEntries(specs.filter((s) => s.topic !== null).map((s) => [s.type, s.topic]));
    expect(topics).toEqual({
      auth_attempt: CREDENTIAL_CAPTURED,
      request: CREDENTIAL_CAPTURED,
      session_recorded: ATTACKER_SESSION_ENDED,
      file_captured: ATTACKER_FILE_CAPTURED,
      message_stored: EMAIL_RECEIVED,
    });
    for (const s of specs.filter((s) => s.topic === CREDENTIAL_CAPTURED)) {
      expect(s.topicCondition).toMatch(/valid credential/);
      expect(s.credential).toBe(true);
    }
  });

  it('looks up by MSGID and knows nothing else, prototype names included', () => {
    expect(eventSpec('auth_attempt')?.type).toBe('auth_attempt');
    for (const t of ['nope', '__proto__', 'constructor', 'toString', '']) {
      expect(eventSpec(t)).toBeUndefined();
      expect(isEventType(t)).toBe(false);
    }
  });

  it('describes every field and uses only names the formatter accepts', () => {
    for (const s of specs) {
      expect(s.type).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(s.description.length).toBeGreaterThan(10);
      expect(s.apps === ANY_SERVICE || s.apps.length > 0).toBe(true);
      for (const [name, schema] of Object.entries(s.fields.shape as Record<string, z.ZodType>)) {
        expect(name, `${s.type}.${name}`).toMatch(/^[A-Za-z0-9_.-]{1,32}$/);
        expect(fieldMeta(schema)?.description, `${s.type}.${name}`).toBeTruthy();
      }
    }
  });

  it('gives the credential shape to the events that carry credentials', () => {
    for (const s of specs) {
      const names = Object.keys(s.fields.shape);
      const hasShape = Object.keys(credentialShape).every((k) => names.includes(k));
      expect(hasShape, s.type).toBe(s.credential);
    }
  });

  it('accepts the reference lines of spec §1.1', () => {
    const lines: Array<[string, string]> = [
      [
        'request',
        '<134>1 2026-05-10T12:00:01.5+00:00 web-01 http - request [relay@55555 method="POST" path="/wp-login.php" remote_addr="203.0.113.9" headers="{\\"Host\\": \\"x\\", \\"User-Agent\\": \\"curl/8.5\\"}" body="log=admin&pwd=x" principal="admin" secret_kind="plaintext" secret_printable="x" secret_b64="eA=="]',
      ],
      [
        'auth_attempt',
        '<134>1 2026-05-10T12:00:02+00:00 ssh-01 auth-helper - auth_attempt [relay@55555 username="root" principal="root" secret_printable="toor" secret_b64="dG9vcg==" src_ip="203.0.113.9"]',
      ],
      [
        'session_recorded',
        '<134>1 2026-05-10T12:05:00+00:00 ssh-01 sessrec - session_recorded [relay@55555 sid="0b7c2a7e-4a51-4a8e-9d61-1f0c8f6f2b11" service="ssh" src_ip="203.0.113.9" duration_s="291.402" bytes="18234" truncated="false"]',
      ],
      [
        'http_request_fingerprint',
        '<134>1 2026-05-10T12:00:03+00:00 web-01 http - http_request_fingerprint [relay@55555 remote_addr="203.0.113.9:51544" proto="h2" method="GET" path="/" ja4h="GE20nn0000_07_0123456789ab_000000000000" headers_ordered="[\\"host\\",\\"user-agent\\"]" cookie="" accept_language=""]',
      ],
    ];
    for (const [type, line] of lines) {
      const result = eventSpec(type)?.fields.safeParse(fieldsOf(line));
      expect(result?.success, `${type}: ${JSON.stringify(result?.error?.issues)}`).toBe(true);
    }
  });

  it('accepts every event of the generated reference corpus', () => {
    const out = execFileSync('python3', ['/work/shared/tools/gen-decnet-corpus.py', '2000', '11'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    }).toString('utf8');
    const seen = new Set<string>();
    for (const line of out.split('\n').filter((l) => l !== '')) {
      const r = parseLine(line);
      if (!r.ok || r.record.eventType === null) throw new Error(`unparseable or untyped: ${line}`);
      const spec = eventSpec(r.record.eventType);
      expect(spec, r.record.eventType).toBeDefined();
      const result = spec?.fields.safeParse(r.record.fields);
      expect(result?.success, `${line}\n${JSON.stringify(result?.error?.issues)}`).toBe(true);
      seen.add(r.record.eventType);
    }
    expect([...seen].sort()).toEqual(['auth_attempt', 'command', 'connect', 'connection', 'request']);
  });

  it('rejects events that do not name their attacker, pointing at a field', () => {
    const result = eventSpec('connect')?.fields.safeParse({ src_port: 22 });
    expect(result?.success).toBe(false);
    expect(result?.error?.issues[0]?.path).toEqual(['src_ip']);
    expect(
      eventSpec('auth_attempt')?.fields.safeParse({
        ...credentialFields({ principal: 'a', secret: 'b' }),
        src: '192.0.2.1',
      }).success,
    ).toBe(true);
  });

  it('checks the shape of computed values (ports, addresses, hashes, enums, JSON)', () => {
    const bad: Array<[string, Record<string, unknown>]> = [
      ['connect', { src_ip: '192.0.2.1', src_port: 70000 }],
      ['connect', { src_ip: 'example.com' }],
      ['request', { method: 'GET', path: '/', remote_addr: '192.0.2.1:x' }],
      ['request', { method: 'GET', path: '/', remote_addr: '192.0.2.1', headers: '{not json' }],
      ['file_captured', { stored_as: 'f', sha256: 'abc', size: 1, orig_path: '/tmp/x' }],
      [
        'http_access',
        { remote_addr: '192.0.2.1', method: 'GET', path: '/', proto: 'h4', status: 200, bytes: 0 },
      ],
      ['session_recorded', { sid: 'a b', service: 'ssh', src_ip: '192.0.2.1', duration_s: 1, bytes: 1 }],
      ['session_recorded', { sid: 's', service: 'ssh', src_ip: '192.0.2.1', duration_s: -1, bytes: 1 }],
      ['auth_attempt', { src_ip: '192.0.2.1', secret_b64: 'YQ' }],
    ];
    for (const [type, fields] of bad) {
      expect(eventSpec(type)?.fields.safeParse(fields).success, `${type} ${JSON.stringify(fields)}`).toBe(
        false,
      );
    }
  });
});
