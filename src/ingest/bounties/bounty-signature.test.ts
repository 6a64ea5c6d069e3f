import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../events/record.js';
import { parseLine } from '../../events/rfc5424/parse.js';
import {
  extractBounties,
  NO_TRUSTED_PROXIES,
  REQUEST_FIELDS_IGNORED_BY_EXTRACTORS,
  requestSignature,
} from './index.js';

const headers = JSON.stringify({
  Host: 'decky-02',
  'User-Agent': 'python-requests/2.31',
  'X-Forwarded-For': '8.8.8.8',
  Accept: '*/*',
});

function request(extra: Record<string, string>): LogRecord {
  const parsed = parseLine(
    `<134>1 2026-05-10T12:00:04Z decky-02 http - request [relay@55555 method="POST" path="/login" remote_addr="203.0.113.9:4000" headers="${headers.replaceAll('"', '\\"')}" body="x"]`,
  );
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { ...parsed.record, fields: { ...parsed.record.fields, ...extra } };
}

describe('requestSignature', () => {
  it('ignores only fields whose value changes no bounty of a request', () => {
    const base = extractBounties(request({}), { trustedProxies: NO_TRUSTED_PROXIES });
    expect(base.length).toBeGreaterThan(1);
    const ignored = fc.record(
      Object.fromEntries([...REQUEST_FIELDS_IGNORED_BY_EXTRACTORS].map((name) => [name, fc.string()])),
    ) as fc.Arbitrary<Record<string, string>>;
    fc.assert(
      fc.property(ignored, (values) => {
        const record = request(values);
        expect(extractBounties(record, { trustedProxies: NO_TRUSTED_PROXIES })).toEqual(base);
        expect(requestSignature(record)).toBe(requestSignature(request({})));
      }),
    );
  });

  it('differs when anything an extractor reads differs', () => {
    expect(requestSignature(request({ path: '/admin' }))).not.toBe(requestSignature(request({})));
    expect(requestSignature({ ...request({}), attackerIp: '198.51.100.1' })).not.toBe(
      requestSignature(request({})),
    );
    expect(requestSignature({ ...request({}), eventType: 'connect' })).toBeNull();
  });
});
