import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock.js';
import { AUTH_LIMITS } from './limits.js';
import { TokenSigner } from './tokens.js';

const KEY = new TextEncoder().encode('a test key of at least thirty-two bytes!');

describe('TokenSigner', () => {
  it('refuses a token from its expiry on, even one it verified a moment before', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 12, 0, 0, 400));
    const signer = new TokenSigner(KEY, clock, 2);
    const { token, claims } = await signer.issue('user-1');
    await clock.advance(claims.expMs - clock.now() - 300);
    expect(await signer.verify(token)).toEqual(claims);
    // Still inside the verified-token window, but the token has expired.
    await clock.advance(300);
    expect(AUTH_LIMITS.verifiedTokenCacheMs).toBeGreaterThan(300);
    expect(await signer.verify(token)).toBeNull();
  });

  it('trusts a verified token only as that exact string', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 12));
    const signer = new TokenSigner(KEY, clock, 3600);
    const { token } = await signer.issue('user-1');
    expect(await signer.verify(token)).not.toBeNull();
    const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}A`;
    expect(await signer.verify(tampered)).toBeNull();
    const other = new TokenSigner(
      new TextEncoder().encode('another key of at least thirty-two bytes'),
      clock,
      3600,
    );
    expect(await other.verify(token)).toBeNull();
  });

  it('checks the signature again once the window has passed', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 12));
    const signer = new TokenSigner(KEY, clock, 3600);
    const { token, claims } = await signer.issue('user-1');
    expect(await signer.verify(token)).toEqual(claims);
    await clock.advance(AUTH_LIMITS.verifiedTokenCacheMs);
    expect(await signer.verify(token)).toEqual(claims);
  });
});
