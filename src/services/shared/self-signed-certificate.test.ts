import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';
import { CERTIFICATE_VALIDITY, deckyCertificate } from './self-signed-certificate.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const NOW = Date.UTC(2026, 10, 27);

describe('deckyCertificate', () => {
  it('makes a valid self-signed certificate for the hostname, dated before now for ten years', () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-cert-'));
    dirs.push(dir);
    const { cert } = deckyCertificate(dir, 'mail-01.corp.test', NOW, seededRandom(1, 'tls'));
    const x509 = new X509Certificate(cert);
    expect(x509.subject).toBe('CN=mail-01.corp.test');
    expect(x509.issuer).toBe('CN=mail-01.corp.test');
    expect(x509.subjectAltName).toBe('DNS:mail-01.corp.test');
    expect(x509.verify(x509.publicKey)).toBe(true);
    const from = Date.parse(x509.validFrom);
    expect(from).toBeLessThan(NOW);
    expect(from).toBeGreaterThanOrEqual(NOW - CERTIFICATE_VALIDITY.maxAgeDays * 86_400_000 - 1000);
    expect(Date.parse(x509.validTo) - from).toBe(CERTIFICATE_VALIDITY.days * 86_400_000);
  });

  it('keeps the certificate it made: the next call reads the same one back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-cert-'));
    dirs.push(dir);
    const first = deckyCertificate(join(dir, 'keys'), 'a', NOW, seededRandom(1, 'tls'));
    expect(deckyCertificate(join(dir, 'keys'), 'a', NOW + 1e9, seededRandom(2, 'tls'))).toEqual(first);
  });

  it('writes GeneralizedTime for dates from 2050 (RFC 5280 §4.1.2.5)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-cert-'));
    dirs.push(dir);
    const { cert } = deckyCertificate(dir, 'b', Date.UTC(2049, 6, 1), seededRandom(3, 'tls'));
    expect(new X509Certificate(cert).validTo).toMatch(/ 2059 GMT$/);
  });
});

describe('deckyCertificate names', () => {
  it('makes a new certificate when the stored one names another host, and keeps another stem apart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-cert-'));
    dirs.push(dir);
    const first = deckyCertificate(dir, 'old-name', NOW, seededRandom(1, 'tls'));
    const renamed = deckyCertificate(dir, 'new-name', NOW, seededRandom(1, 'tls'));
    expect(new X509Certificate(renamed.cert).subject).toBe('CN=new-name');
    expect(renamed.key).not.toBe(first.key);
    const other = deckyCertificate(dir, 'portal.corp.test', NOW, seededRandom(1, 'tls'), 'https-tls');
    expect(new X509Certificate(other.cert).subject).toBe('CN=portal.corp.test');
    expect(deckyCertificate(dir, 'new-name', NOW, seededRandom(1, 'tls'))).toEqual(renamed);
  });
});
