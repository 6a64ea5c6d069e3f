import argon2 from 'argon2';
import { ApiError } from '../errors.js';
import { AUTH_LIMITS } from './limits.js';

/**
 * argon2id hashing with a cap on hashes in flight: each costs 19 MiB and a few tens of milliseconds,
 * and logins are the one thing anyone can send without a token.
 */
export class PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** A hash of nothing anyone knows, verified when a user name is unknown so timing does not tell. */
  private decoy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return this.limited(() => argon2.hash(password, { type: argon2.argon2id, ...AUTH_LIMITS.argon2 }));
  }

  /** True when `password` matches `hash`; false for a wrong password or a hash we cannot read. */
  verify(hash: string, password: string): Promise<boolean> {
    return this.limited(async () => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    });
  }

  /** Spends the time a real verification would, for an unknown user. */
  async verifyDecoy(password: string): Promise<false> {
    this.decoy ??= this.hash(`decoy:${process.pid}:${Date.now()}`);
    await this.verify(await this.decoy, password);
    return false;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= AUTH_LIMITS.concurrentHashes) {
      if (this.waiting.length >= AUTH_LIMITS.queuedHashes) {
        throw new ApiError(503, 'busy', 'too many logins at once; try again in a moment', {
          'retry-after': '1',
        });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

export function checkPasswordPolicy(password: string, username: string): string | null {
  const { minLength, maxLength } = AUTH_LIMITS.password;
  if (password.length < minLength) return `the password must have at least ${minLength} characters`;
  if (password.length > maxLength) return `the password must have at most ${maxLength} characters`;
  if (password.toLowerCase() === username.toLowerCase()) return 'the password must not be the user name';
  return null;
}
