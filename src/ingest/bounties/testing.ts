import type { LogRecord } from '../../events/record.js';

/** A parsed record for tests: an HTTP request from 198.51.100.7 unless overridden. */
export function logRecord(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    timestamp: '2026-05-10T12:00:01.000000Z',
    timestampFromLine: true,
    facility: 16,
    severity: 6,
    decky: 'web-01',
    service: 'http',
    procid: null,
    eventType: 'request',
    fields: {},
    sd: [],
    msg: null,
    attackerIp: '198.51.100.7',
    envelopeDepth: 0,
    ...overrides,
  };
}

/** `fields.headers` as the HTTP service writes it: a JSON object in wire order. */
export function headersJson(headers: Record<string, string> | Array<[string, string]>): string {
  if (Array.isArray(headers)) {
    // Built by hand so names that look like array indices keep their wire position.
    return `{${headers.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`).join(',')}}`;
  }
  return JSON.stringify(headers);
}
