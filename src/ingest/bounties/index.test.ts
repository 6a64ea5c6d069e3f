import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOUNTY_EXTRACTORS, canonicalJson, extractBounties, payloadKey } from './index.js';
import { MAX_HEADER_VALUE_CHARS, MAX_HEADERS_CONSIDERED, MAX_PAYLOAD_TEXT_CHARS } from './limits.js';
import { headersJson, logRecord } from './testing.js';
import { NO_TRUSTED_PROXIES } from './trusted-proxies.js';

const opts = { trustedProxies: NO_TRUSTED_PROXIES };

const REQUEST_FIELDS = {
  method: 'GET',
  path: '/wp-login.php',
  remote_addr: '198.51.100.7',
  headers: headersJson([
    ['Host', 'web-01'],
    ['User-Agent', 'curl/8.5.0'],
    ['Accept', '*/*'],
    ['X-Forwarded-For', '8.8.8.8'],
  ]),
};

describe('extractBounties', () => {
  it('runs every concern over one record, in registry order', () => {
    const bounties = extractBounties(logRecord({ fields: REQUEST_FIELDS }), opts);
    expect(bounties.map((b) => b.fingerprintType ?? b.bountyType)).toEqual([
      'http_useragent',
      'ip_leak',
      'http_quirks',
    ]);
    expect(bounties.find((b) => b.fingerprintType === 'http_quirks')?.payload.tool_guess).toBe('curl');
    expect(BOUNTY_EXTRACTORS).toHaveLength(9);
  });

  it.each([
    ['null', null],
    ['empty', ''],
    ['blank', '   '],
  ])('yields nothing when the attacker IP is %s', (_name, attackerIp) => {
    expect(extractBounties(logRecord({ attackerIp, fields: REQUEST_FIELDS }), opts)).toEqual([]);
  });

  it('uses the trimmed attacker IP', () => {
    const [bounty] = extractBounties(
      logRecord({ attackerIp: ' 198.51.100.7 ', fields: REQUEST_FIELDS }),
      opts,
    );
    expect(bounty?.attackerIp).toBe('198.51.100.7');
  });

  it('is deterministic: the same record gives the same dedup keys', () => {
    const keys = () => extractBounties(logRecord({ fields: REQUEST_FIELDS }), opts).map(payloadKey);
    expect(keys()).toEqual(keys());
    expect(new Set(keys()).size).toBe(3);
  });

  it('reads only own fields, so prototype names are never taken for wire fields', () => {
    const fields = Object.create({ headers: REQUEST_FIELDS.headers, ja4h: 'x' }) as Record<string, string>;
    expect(extractBounties(logRecord({ eventType: 'http_request_fingerprint', fields }), opts)).toEqual([]);
  });

  it('treats __proto__ and constructor header names as ordinary data', () => {
    const headers = '{"__proto__":"p","constructor":"c","User-Agent":"curl/8"}';
    const bounties = extractBounties(logRecord({ fields: { headers } }), opts);
    expect(bounties.find((b) => b.fingerprintType === 'http_quirks')?.payload.order).toEqual([
      '__proto__',
      'constructor',
      'user-agent',
    ]);
  });

  it('stays bounded on hostile input: 10k headers, a 1 MiB User-Agent, a 1 MiB path', () => {
    const entries: Array<[string, string]> = [['User-Agent', `Mozilla/5.0 ${'A'.repeat(1024 * 1024)}`]];
    for (let i = 0; i < 10_000; i++) entries.push([`X-Hdr-${i}`, `v${i}`]);
    entries.push(['X-Forwarded-For', '8.8.8.8']); // beyond the considered headers: ignored
    const record = logRecord({
      fields: { headers: headersJson(entries), method: 'GET', path: `/${'a'.repeat(1024 * 1024)}` },
    });

    const bounties = extractBounties(record, opts);

    expect(bounties.map((b) => b.fingerprintType)).toEqual(['http_useragent', 'http_quirks']);
    const ua = bounties[0]!.payload;
    expect((ua.value as string).length).toBe(MAX_HEADER_VALUE_CHARS);
    expect((ua.path as string).length).toBe(MAX_PAYLOAD_TEXT_CHARS);
    expect(ua.signals).toEqual(['suspicious_long']);
    expect(bounties[1]!.payload.stable_count).toBe(MAX_HEADERS_CONSIDERED);
    const size = bounties.reduce((n, b) => n + canonicalJson(b.payload).length, 0);
    expect(size).toBeLessThan(MAX_HEADER_VALUE_CHARS + MAX_PAYLOAD_TEXT_CHARS + 4096);
  });

  it('stays bounded on a huge proxy header', () => {
    const xff = `${'x,'.repeat(500_000)}8.8.8.8`;
    const bounties = extractBounties(
      logRecord({ fields: { headers: headersJson({ 'X-Forwarded-For': xff }) } }),
      opts,
    );
    // The claim sits beyond the capped value, so there is no leak; the raw value is not copied whole anywhere.
    expect(bounties.map((b) => b.bountyType)).toEqual(['fingerprint']);
    expect(canonicalJson(bounties).length).toBeLessThan(2048);
  });

  const FIELD_NAMES = [
    'headers',
    'method',
    'path',
    'ja3',
    'ja4l_rtt_ms',
    'ja4l_client_ttl',
    'resumption',
    'subject_cn',
    'self_signed',
    'jarm_hash',
    'hassh_server_hash',
    'tcpfp_hash',
    'target_port',
    'stored_as',
    'size',
    'ja4h',
    'remote_port',
    'settings',
    'ja4_quic',
    'client_version',
    '__proto__',
  ];
  const headerValue = fc.oneof(
    fc.string(),
    fc.ipV4(),
    fc.ipV6(),
    fc.constantFrom('for="[::1]:1"', 'for=', '[', '[::1', '::ffff:1.2.3.4', '1.2.3.4:99999'),
  );
  const headerName = fc.oneof(
    fc.string(),
    fc.constantFrom(
      'User-Agent',
      'Forwarded',
      'X-Forwarded-For',
      'X-Real-IP',
      'True-Client-IP',
      'CF-Connecting-IP',
    ),
  );
  const headersField = fc.oneof(
    fc.string(),
    fc.json(),
    fc.array(fc.tuple(headerName, headerValue), { maxLength: 20 }).map(headersJson),
  );

  it('never throws and always returns JSON-able payloads (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.oneof(fc.string(), fc.integer().map(String))),
        headersField,
        fc.constantFrom('http', 'https', 'sniffer', 'prober', 'ssh', null),
        fc.constantFrom(
          'request',
          'version',
          'file_captured',
          'message_stored',
          'http_request_fingerprint',
          'http2_settings',
          'http3_settings',
          'quic_client_hello',
          null,
        ),
        fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
        (fields, headers, service, eventType, attackerIp) => {
          const record = logRecord({ service, eventType, attackerIp, fields: { ...fields, headers } });
          for (const bounty of extractBounties(record, opts)) {
            expect(JSON.parse(canonicalJson(bounty.payload))).toEqual(bounty.payload);
            expect(payloadKey(bounty)).toMatch(/^[0-9a-f]{64}$/);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
