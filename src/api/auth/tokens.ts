import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../../runtime/clock.js';
import { AUTH_LIMITS } from './limits.js';

const ISSUER = 'decnet';
const AUDIENCE = 'decnet-api';

export interface AccessClaims {
  /** The user's uuid. */
  sub: string;
  jti: string;
  /** Issue time in milliseconds (`iat` has only seconds): compared with the user's `tokens_valid_from`. */
  authMs: number;
  expMs: number;
}

/** HS256 access tokens (RFC 7519) signed and checked with jose, on the injected clock. */
export class TokenSigner {
  /** Tokens verified lately, by their exact text (see AUTH_LIMITS.verifiedTokenCacheMs). */
  private readonly verified = new Map<string, { claims: AccessClaims; untilMs: number }>();
  /** Checks under way, by token text (at most one per token; each ends, as `check` never throws). */
  private readonly checking = new Map<string, Promise<AccessClaims | null>>();

  constructor(
    private readonly key: Uint8Array,
    private readonly clock: Clock,
    private readonly ttlS: number,
  ) {}

  get ttlSeconds(): number {
    return this.ttlS;
  }

  /** `validFromMs`: the user's `tokens_valid_from`; the token counts as issued no earlier than that. */
  async issue(userUuid: string, validFromMs = 0): Promise<{ token: string; claims: AccessClaims }> {
    const nowMs = Math.max(this.clock.now(), validFromMs);
    const iat = Math.floor(nowMs / 1000);
    const claims: AccessClaims = {
      sub: userUuid,
      jti: randomUUID(),
      authMs: nowMs,
      expMs: (iat + this.ttlS) * 1000,
    };
    const token = await new SignJWT({ typ: 'access', auth_ms: nowMs })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(userUuid)
      .setJti(claims.jti)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlS)
      .sign(this.key);
    return { token, claims };
  }

  /** The claims of a token verified lately and still unexpired, without any work; undefined otherwise. */
  recentlyVerified(token: string): AccessClaims | undefined {
    const now = this.clock.now();
    const hit = this.verified.get(token);
    // jose refuses a token from its `exp` second on; so does the cache.
    return hit && now < hit.untilMs && now < hit.claims.expMs ? hit.claims : undefined;
  }

  /**
   * The claims of a genuine, unexpired access token; null for anything else (never throws). Requests
   * that bring the same token while it is being checked share that check: when the cached verdict on a
   * busy client's token lapses, its hundred requests in flight cost one signature check, not a hundred.
   */
  verify(token: string): Promise<AccessClaims | null> {
    const recent = this.recentlyVerified(token);
    if (recent) return Promise.resolve(recent);
    let checking = this.checking.get(token);
    if (!checking) {
      const now = this.clock.now();
      checking = this.check(token).then((claims) => {
        this.checking.delete(token);
        if (claims) {
          this.verified.delete(token);
          if (this.verified.size >= AUTH_LIMITS.verifiedTokenCacheEntries)
            this.verified.delete(this.verified.keys().next().value!);
          this.verified.set(token, { claims, untilMs: now + AUTH_LIMITS.verifiedTokenCacheMs });
        }
        return claims;
      });
      this.checking.set(token, checking);
    }
    return checking;
  }

  private async check(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: new Date(this.clock.now()),
        requiredClaims: ['sub', 'jti', 'exp', 'iat'],
      });
      if (payload.typ !== 'access' || typeof payload.auth_ms !== 'number') return null;
      return { sub: payload.sub!, jti: payload.jti!, authMs: payload.auth_ms, expMs: payload.exp! * 1000 };
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) return null;
      throw err;
    }
  }
}
