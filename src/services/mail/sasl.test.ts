import { describe, expect, it } from 'vitest';
import { decodeBase64, parsePlain } from './sasl.js';

describe('SASL', () => {
  it('decodes PLAIN with and without an authorization identity', () => {
    const plain = (s: string) => parsePlain(decodeBase64(Buffer.from(s).toString('base64')) as Buffer);
    expect(plain('\0root\x00123456')).toEqual({
      authzid: '',
      authcid: 'root',
      password: Buffer.from('123456'),
    });
    expect(plain('admin\0bob\0pw')).toMatchObject({ authzid: 'admin', authcid: 'bob' });
    expect(plain('no separators')).toBeNull();
    expect(plain('one\0separator')).toBeNull();
  });

  it('reads base64 leniently and refuses what is not base64', () => {
    expect(decodeBase64('cm9v dA==')?.toString()).toBe('root');
    expect(decodeBase64('=')).toEqual(Buffer.alloc(0));
    expect(decodeBase64('not base64!')).toBeNull();
  });
});
