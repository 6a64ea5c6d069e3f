import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../db/connection.js';
import {
  countUsers,
  insertUser,
  isTokenRevoked,
  purgeRevokedTokens,
  revokeToken,
  setPassword,
  type UserRole,
  userByName,
  userByUuid,
} from '../../db/repositories/users.js';
import type { UserRow } from '../../db/schema.js';
import { formatTimestamp } from '../../events/rfc5424/timestamp.js';
import type { Clock } from '../../runtime/clock.js';
import { ApiError } from '../errors.js';
import { AUTH_LIMITS } from './limits.js';
import { checkPasswordPolicy, PasswordHasher } from './passwords.js';
import type { Principal } from './principal.js';
import { RateLimiter } from './rate-limiter.js';
import { StreamTickets } from './stream-tickets.js';
import { type AccessClaims, TokenSigner } from './tokens.js';

export interface AuthenticatorOptions {
  clock: Clock;
  /** The database, once storage is up (throws 503 before). */
  database(): Database;
  jwtKey: Uint8Array;
  tokenTtlS: number;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  must_change_password: boolean;
}

/** The first administrator, when this call created it; `generatedPassword` is null when it came from the environment. */
export interface FirstAdmin {
  username: string;
  generatedPassword: string | null;
}

interface CachedSession {
  user: UserRow | undefined;
  revoked: boolean;
  /** `tokens_valid_from` in milliseconds, parsed once per read. */
  validFromMs: number | null;
  checkedMs: number;
}

/**
 * Logins, tokens and who a token belongs to. A token is good while it is genuine and unexpired, its
 * user exists, it was issued after the user's last password or role change (`tokens_valid_from`), and
 * it was not logged out. The last three are read from the database, cached per token for a second so
 * a busy dashboard does not cost a query per request; in this process a logout or password change
 * takes effect at once, in another API process within that second.
 */
export class Authenticator {
  readonly hasher = new PasswordHasher();
  readonly tickets: StreamTickets;
  private readonly signer: TokenSigner;
  private readonly loginsByAddress: RateLimiter;
  private readonly loginsByName: RateLimiter;
  private readonly passwordChanges: RateLimiter;
  private readonly sessions = new Map<string, CachedSession>();
  /** Session reads under way, by token id. */
  private readonly sessionReads = new Map<string, Promise<CachedSession>>();
  /** Bumped by every change that makes a read under way out of date (see dropSessionReads). */
  private sessionGeneration = 0;

  constructor(private readonly options: AuthenticatorOptions) {
    const { clock } = options;
    const { loginAttempts, passwordChanges, limiterKeys } = AUTH_LIMITS;
    this.signer = new TokenSigner(options.jwtKey, clock, options.tokenTtlS);
    this.tickets = new StreamTickets(clock);
    this.loginsByAddress = new RateLimiter(clock, loginAttempts.max, loginAttempts.windowMs, limiterKeys);
    this.loginsByName = new RateLimiter(clock, loginAttempts.max, loginAttempts.windowMs, limiterKeys);
    this.passwordChanges = new RateLimiter(clock, passwordChanges.max, passwordChanges.windowMs, limiterKeys);
  }

  async login(username: string, password: string, clientAddress: string): Promise<IssuedToken> {
    const wait = this.loginsByAddress.hit(clientAddress) ?? this.loginsByName.hit(username.toLowerCase());
    if (wait !== null) {
      throw new ApiError(429, 'too_many_logins', `too many login attempts; try again in ${wait} s`, {
        'retry-after': String(wait),
      });
    }
    const user = await userByName(this.options.database(), username);
    const ok = user
      ? await this.hasher.verify(user.password_hash, password)
      : await this.hasher.verifyDecoy(password);
    if (!user || !ok) throw new ApiError(401, 'invalid_credentials', 'wrong user name or password');
    return this.issue(user);
  }

  /** Who the bearer of `token` is, or null when the token is not (or no longer) good. */
  async authenticate(token: string): Promise<Principal | null> {
    const claims = await this.signer.verify(token);
    if (!claims) return null;
    return principalFrom(claims, await this.session(claims));
  }

  /**
   * {@link authenticate} answered from what was checked within the last second, with no I/O and no
   * promise: what a busy client's requests take. Undefined when it takes a real check.
   */
  authenticateRecent(token: string): Principal | null | undefined {
    const claims = this.signer.recentlyVerified(token);
    if (!claims) return undefined;
    const session = this.sessions.get(claims.jti);
    if (!session || this.options.clock.now() - session.checkedMs >= AUTH_LIMITS.sessionCacheMs)
      return undefined;
    return principalFrom(claims, session);
  }

  /**
   * Whether the token behind `principal` would still be accepted: unexpired, not logged out, its user
   * still there and not changed since (a live stream asks at each heartbeat).
   */
  async stillValid(principal: Principal): Promise<boolean> {
    if (this.options.clock.now() >= principal.expiresMs) return false;
    const claims: AccessClaims = {
      sub: principal.uuid,
      jti: principal.jti,
      authMs: principal.issuedMs,
      expMs: principal.expiresMs,
    };
    const current = principalFrom(claims, await this.session(claims));
    return current !== null && current.role === principal.role;
  }

  async logout(principal: Principal): Promise<void> {
    const database = this.options.database();
    const now = this.options.clock.now();
    await revokeToken(database, principal.jti, principal.uuid, formatTimestamp(principal.expiresMs * 1000));
    await purgeRevokedTokens(database, formatTimestamp(now * 1000));
    this.sessions.delete(principal.jti);
    this.dropSessionReads();
  }

  /** Changes the caller's own password, revokes every older token and returns a fresh one. */
  async changePassword(principal: Principal, oldPassword: string, newPassword: string): Promise<IssuedToken> {
    const wait = this.passwordChanges.hit(principal.uuid);
    if (wait !== null) {
      throw new ApiError(
        429,
        'too_many_password_changes',
        `too many password changes; try again in ${wait} s`,
        {
          'retry-after': String(wait),
        },
      );
    }
    const database = this.options.database();
    const user = await userByUuid(database, principal.uuid);
    if (!user) throw new ApiError(401, 'unauthenticated', 'this user no longer exists');
    if (!(await this.hasher.verify(user.password_hash, oldPassword))) {
      throw new ApiError(403, 'wrong_password', 'the current password is wrong');
    }
    this.requirePolicy(newPassword, user.username);
    if (await this.hasher.verify(user.password_hash, newPassword)) {
      throw new ApiError(422, 'password_reused', 'choose a password other than the current one');
    }
    await this.setPassword(user.uuid, newPassword, false);
    const updated = await userByUuid(database, user.uuid);
    if (!updated) throw new ApiError(401, 'unauthenticated', 'this user no longer exists');
    return this.issue(updated);
  }

  /** Sets a password (own change or an admin's reset) and revokes the user's existing tokens. */
  async setPassword(uuid: string, password: string, mustChange: boolean): Promise<boolean> {
    const hash = await this.hasher.hash(password);
    const database = this.options.database();
    const user = await userByUuid(database, uuid);
    if (!user) return false;
    const changed = await setPassword(
      database,
      uuid,
      hash,
      mustChange,
      this.revocationTime(user.tokens_valid_from),
    );
    this.forgetUser(uuid);
    return changed;
  }

  /**
   * The `tokens_valid_from` that revokes every token issued so far: a millisecond past now (and past the
   * previous one), so a token issued in this very millisecond is revoked too; the next one issued counts
   * from it.
   */
  revocationTime(previous: string | null): string {
    const floor = previous === null ? 0 : Date.parse(previous);
    return formatTimestamp((Math.max(this.options.clock.now(), floor) + 1) * 1000);
  }

  requirePolicy(password: string, username: string): void {
    const problem = checkPasswordPolicy(password, username);
    if (problem) throw new ApiError(422, 'weak_password', problem);
  }

  /** Drops what this process cached about a user's tokens (after a role change or deletion). */
  forgetUser(uuid: string): void {
    for (const [jti, session] of this.sessions) if (session.user?.uuid === uuid) this.sessions.delete(jti);
    this.dropSessionReads();
  }

  /**
   * After a logout, password or role change: reads under way may predate the change, so none of them
   * is cached, and the next request reads afresh.
   */
  private dropSessionReads(): void {
    this.sessionReads.clear();
    this.sessionGeneration++;
  }

  /**
   * Creates the first administrator when there is no user at all. Safe to race: of two processes, one
   * inserts and the other finds the name taken and does nothing.
   */
  async ensureFirstAdmin(username: string, passwordFromEnv: string | undefined): Promise<FirstAdmin | null> {
    const database = this.options.database();
    if ((await countUsers(database)) > 0) return null;
    let generated: string | null = null;
    let password = passwordFromEnv ?? '';
    if (password === '') {
      generated = randomBytes(18).toString('base64url');
      password = generated;
    } else {
      const problem = checkPasswordPolicy(password, username);
      if (problem) throw new Error(`DECNET_ADMIN_PASSWORD is not acceptable: ${problem}`);
    }
    const created = await insertUser(database, {
      uuid: randomUUID(),
      username,
      passwordHash: await this.hasher.hash(password),
      role: 'admin',
      mustChangePassword: true,
      createdAt: formatTimestamp(this.options.clock.now() * 1000),
    });
    return created ? { username, generatedPassword: generated } : null;
  }

  private async issue(user: UserRow): Promise<IssuedToken> {
    const validFrom = user.tokens_valid_from === null ? 0 : Date.parse(user.tokens_valid_from);
    const { token } = await this.signer.issue(user.uuid, validFrom);
    return {
      access_token: token,
      token_type: 'bearer',
      expires_in: this.signer.ttlSeconds,
      must_change_password: user.must_change_password,
    };
  }

  /** The token's user and revocation, read at most once a second per token (concurrent reads shared). */
  private session(claims: AccessClaims): Promise<CachedSession> {
    const now = this.options.clock.now();
    const cached = this.sessions.get(claims.jti);
    if (cached && now - cached.checkedMs < AUTH_LIMITS.sessionCacheMs) return Promise.resolve(cached);
    let reading = this.sessionReads.get(claims.jti);
    if (!reading) {
      const done = (): void => {
        if (this.sessionReads.get(claims.jti) === reading) this.sessionReads.delete(claims.jti);
      };
      reading = this.readSession(claims, now);
      reading.then(done, done);
      this.sessionReads.set(claims.jti, reading);
    }
    return reading;
  }

  private async readSession(claims: AccessClaims, now: number): Promise<CachedSession> {
    const generation = this.sessionGeneration;
    const database = this.options.database();
    const [user, revoked] = await Promise.all([
      userByUuid(database, claims.sub),
      isTokenRevoked(database, claims.jti),
    ]);
    const validFromMs = user?.tokens_valid_from ? Date.parse(user.tokens_valid_from) : null;
    const session = { user, revoked, validFromMs, checkedMs: now };
    if (generation !== this.sessionGeneration) return session;
    this.sessions.delete(claims.jti);
    if (this.sessions.size >= AUTH_LIMITS.sessionCacheEntries)
      this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(claims.jti, session);
    return session;
  }
}

/** Who a token's bearer is, given its claims and its user's current state; null when it no longer counts. */
function principalFrom(claims: AccessClaims, session: CachedSession): Principal | null {
  const user = session.user;
  if (!user || session.revoked) return null;
  if (session.validFromMs !== null && claims.authMs < session.validFromMs) return null;
  return {
    uuid: user.uuid,
    username: user.username,
    role: user.role as UserRole,
    mustChangePassword: user.must_change_password,
    jti: claims.jti,
    expiresMs: claims.expMs,
    issuedMs: claims.authMs,
  };
}
