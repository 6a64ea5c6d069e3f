import { describe, expect, it, vi } from 'vitest';
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

  it('lets requests that bring one token at once share one signature check', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 12));
    const signer = new TokenSigner(KEY, clock, 3600);
    const { token, claims } = await signer.issue('user-1');
    const forged = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}A`;
    const check = vi.spyOn(signer as unknown as { check: (t: string) => Promise<unknown> }, 'check');
    const answers = await Promise.all([
      ...Array.from({ length: 50 }, () => signer.verify(token)),
      ...Array.from({ length: 50 }, () => signer.verify(forged)),
    ]);
    expect(answers.slice(0, 50)).toEqual(Array(50).fill(claims));
    expect(answers.slice(50)).toEqual(Array(50).fill(null));
    expect(check).toHaveBeenCalledTimes(2);
    // A refused token is not remembered: the next request that brings it is checked again.
    expect(await signer.verify(forged)).toBeNull();
    expect(check).toHaveBeenCalledTimes(3);
  });
});
