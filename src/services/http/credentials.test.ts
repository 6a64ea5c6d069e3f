import { describe, expect, it } from 'vitest';
import { formFields, requestCredential } from './credentials.js';
import type { HttpHeader } from './parser.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const none = Buffer.alloc(0);

describe('requestCredential', () => {
  it.each<[string, HttpHeader[], string, object | null]>([
    [
      'Basic',
      [['Authorization', `Basic ${b64('admin:secret')}`]],
      '',
      { principal: 'admin', secret: Buffer.from('secret'), kind: 'plaintext' },
    ],
    [
      'Basic with a colon in the password',
      [['authorization', `basic ${b64('a:b:c')}`]],
      '',
      { principal: 'a', secret: Buffer.from('b:c') },
    ],
    [
      'Bearer',
      [['Authorization', 'Bearer tok.en']],
      '',
      { principal: null, secret: 'tok.en', kind: 'http_bearer' },
    ],
    [
      'Digest',
      [
        [
          'Authorization',
          'Digest username="bob", realm="r", nonce="n", uri="/", response="6629fae49393a05397450978507c4ef1"',
        ],
      ],
      '',
      { principal: 'bob', secret: '6629fae49393a05397450978507c4ef1', kind: 'http_digest_md5' },
    ],
    [
      'WordPress form',
      [['Content-Type', 'application/x-www-form-urlencoded']],
      'log=admin&pwd=p%40ss+w',
      { principal: 'admin', secret: 'p@ss w' },
    ],
    [
      'phpMyAdmin form',
      [['Content-Type', 'application/x-www-form-urlencoded']],
      'pma_username=root&pma_password=toor',
      { principal: 'root', secret: 'toor' },
    ],
    [
      'Grafana JSON',
      [['Content-Type', 'application/json']],
      '{"user":"admin","password":"admin"}',
      { principal: 'admin', secret: 'admin' },
    ],
    [
      'multipart form',
      [['Content-Type', 'multipart/form-data; boundary=XX']],
      '--XX\r\nContent-Disposition: form-data; name="username"\r\n\r\nu1\r\n--XX\r\nContent-Disposition: form-data; name="password"\r\n\r\np1\r\n--XX--\r\n',
      { principal: 'u1', secret: 'p1' },
    ],
    [
      'a form without a password',
      [['Content-Type', 'application/x-www-form-urlencoded']],
      'q=1&user=x',
      null,
    ],
    [
      'a broken percent-escape',
      [['Content-Type', 'application/x-www-form-urlencoded']],
      'pass=%zz',
      { principal: null, secret: '%zz' },
    ],
    [
      'an unknown scheme falls back to the form',
      [
        ['Authorization', 'NTLM TlRMTVNTUAAB'],
        ['Content-Type', 'application/x-www-form-urlencoded'],
      ],
      'passwd=x',
      { secret: 'x' },
    ],
  ])('%s', (_name, headers, body, expected) => {
    const found = requestCredential(headers, Buffer.from(body), undefined);
    if (expected === null) expect(found).toBeNull();
    else expect(found?.credential).toMatchObject({ outcome: 'failure', ...expected });
  });

  it('reads no form from a body of another type', () => {
    expect(formFields('text/plain', Buffer.from('pwd=x')).size).toBe(0);
    expect(requestCredential([], none)).toBeNull();
  });
});
