/**
 * Which passwords let an attacker into a decky's shell (SSH, Telnet). A honeypot that refuses everyone
 * learns only passwords; one that accepts everyone is spotted at once. The default lets `root` in with
 * the first common weak password tried and then sticks to it, as a real machine with that password
 * would: the same password works on every later login, over SSH and Telnet alike, across restarts.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceConfigFieldInput } from '../../config/service-field.js';
import { distro } from '../../fabric/catalogue/distros.js';
import type { DeckyPersona, ServiceContext } from '../service.js';
import { intSetting, textSetting } from '../shared/settings.js';
import { isWindowsDistro } from '../shell/windows/system.js';

export const PASSWORD_POLICIES = ['weak', 'exact', 'after_failures'] as const;
export type PasswordPolicy = (typeof PASSWORD_POLICIES)[number];

/** The reference's defaults (spec §3.1: SSH_USER, SSH_USER_PASSWORD, SSH_ROOT_PASSWORD). */
export const DEFAULT_LOGIN_USER = 'ubuntu';
export const DEFAULT_LOGIN_PASSWORD = 'admin';

/**
 * Passwords bots try first against root (the head of every public SSH brute-force list). Under the
 * `weak` policy the first of these an attacker offers becomes root's password on that decky.
 */
export const WEAK_ROOT_PASSWORDS: readonly string[] = Object.freeze([
  '123456',
  'admin',
  'root',
  'password',
  '12345678',
  '123456789',
  '1234',
  '12345',
  'toor',
  'qwerty',
  '111111',
  '1234567',
  'admin123',
  'root123',
  'P@ssw0rd',
  'changeme',
  '1qaz2wsx',
  'test',
  'default',
  'ubuntu',
]);

export const LOGIN_FIELDS: readonly ServiceConfigFieldInput[] = Object.freeze([
  {
    key: 'user',
    label: 'Login user',
    type: 'string',
    default: DEFAULT_LOGIN_USER,
    help: 'A non-root account that exists on the decky and accepts user_password',
  },
  {
    key: 'user_password',
    label: 'Login user password',
    type: 'password',
    secret: true,
    default: DEFAULT_LOGIN_PASSWORD,
    help: 'Password of the login user',
  },
  {
    key: 'root_password',
    label: 'Root password',
    type: 'password',
    secret: true,
    help:
      "root's password; when unset, the weak policy lets root in with the first common password tried " +
      'and keeps it',
  },
  {
    key: 'password_policy',
    label: 'Password policy',
    type: 'enum',
    enum: [...PASSWORD_POLICIES],
    default: 'weak',
    help:
      'weak: root gets in with a common password (the first one tried, kept from then on); exact: only the ' +
      'configured passwords; after_failures: any account gets in after accept_after failures, with the ' +
      'password of that attempt kept for it',
  },
  {
    key: 'accept_after',
    label: 'Failures before acceptance',
    type: 'int',
    default: 3,
    min: 0,
    max: 100,
    help: 'For after_failures: failed attempts from one address before the next one is let in',
  },
]);

/** Accounts whose password a decky has settled on, and failure counts it keeps (both bounded). */
const LIMITS = {
  rememberedAccounts: 1000,
  failureCounters: 10_000,
  maxUsernameLength: 64,
} as const;

const PASSWORDS_FILE = 'passwords.json';

/**
 * Settled passwords per decky directory, shared by every service of the decky in this process (SSH and
 * Telnet on one decky agree) and persisted beside its host keys.
 */
const settledByDir = new Map<string, Map<string, string>>();

function settledPasswords(dir: string): Map<string, string> {
  let settled = settledByDir.get(dir);
  if (settled) return settled;
  settled = new Map();
  try {
    const saved = JSON.parse(readFileSync(join(dir, PASSWORDS_FILE), 'utf8')) as unknown;
    if (saved && typeof saved === 'object') {
      for (const [user, password] of Object.entries(saved)) {
        if (typeof password === 'string' && settled.size < LIMITS.rememberedAccounts)
          settled.set(user, password);
      }
    }
  } catch {
    // No file yet, or unreadable: the decky has settled on nothing so far.
  }
  settledByDir.set(dir, settled);
  return settled;
}

export class LoginPolicy {
  private readonly policy: PasswordPolicy;
  private readonly acceptAfter: number;
  private readonly user: string;
  private readonly userPassword: string;
  private readonly rootPassword: string | null;
  /**
   * The account the weak policy and `root_password` are about: root, or the built-in Administrator on a
   * Windows decky, where account names are also case-insensitive (`ADMINISTRATOR` is the same account).
   */
  private readonly admin: string;
  private readonly caseless: boolean;
  private readonly settled: Map<string, string>;
  /** Failed attempts per `ip\0user`, for after_failures. */
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly ctx: Pick<ServiceContext, 'config' | 'dirs' | 'logger'> & {
      decky?: Pick<DeckyPersona, 'distro'>;
    },
    readonly service: string,
  ) {
    // The same rule that gives the decky's logins cmd.exe (sessions.ts) makes Administrator the account.
    const release = ctx.decky === undefined ? undefined : distro(ctx.decky.distro);
    this.caseless = release !== undefined && isWindowsDistro(release);
    this.admin = this.caseless ? 'administrator' : 'root';
    const policy = textSetting(ctx.config, 'password_policy', 'weak');
    this.policy = (PASSWORD_POLICIES as readonly string[]).includes(policy)
      ? (policy as PasswordPolicy)
      : 'weak';
    this.acceptAfter = intSetting(ctx.config, 'accept_after', 3);
    this.user = textSetting(ctx.config, 'user', DEFAULT_LOGIN_USER);
    this.userPassword = textSetting(ctx.config, 'user_password', DEFAULT_LOGIN_PASSWORD);
    const root = textSetting(ctx.config, 'root_password', '');
    this.rootPassword = root === '' ? null : root;
    this.settled = settledPasswords(ctx.dirs.keys);
  }

  /** The account name logins for the configured user use (also the one the decky has a home for). */
  get loginUser(): string {
    return this.user;
  }

  /** Whether `password` lets `username` in; remembers what it must for later logins to agree. */
  check(login: string, password: string, srcIp: string): boolean {
    if (login === '' || login.length > LIMITS.maxUsernameLength) return false;
    const username = this.caseless ? login.toLowerCase() : login;
    const user = this.caseless ? this.user.toLowerCase() : this.user;
    if (username === user && password === this.userPassword) return true;
    if (username === this.admin && this.rootPassword !== null) return password === this.rootPassword;
    const settled = this.settled.get(username);
    if (settled !== undefined) return password === settled;
    switch (this.policy) {
      case 'exact':
        return false;
      case 'weak':
        if (username !== this.admin || !WEAK_ROOT_PASSWORDS.includes(password)) return false;
        this.settle(username, password);
        return true;
      case 'after_failures':
        return this.afterFailures(username, password, srcIp);
    }
  }

  private afterFailures(username: string, password: string, srcIp: string): boolean {
    const key = `${srcIp}\u0000${username}`;
    const failed = this.failures.get(key) ?? 0;
    if (failed >= this.acceptAfter && password !== '') {
      this.failures.delete(key);
      this.settle(username, password);
      return true;
    }
    if (!this.failures.has(key) && this.failures.size >= LIMITS.failureCounters) {
      // Forget the oldest counter: an attacker rotating addresses cannot grow this map.
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(key, failed + 1);
    return false;
  }

  private settle(username: string, password: string): void {
    if (this.settled.size >= LIMITS.rememberedAccounts) return;
    this.settled.set(username, password);
    const dir = this.ctx.dirs.keys;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, PASSWORDS_FILE);
      const temporary = `${file}.tmp`;
      writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.settled)), { mode: 0o600 });
      renameSync(temporary, file);
    } catch (err) {
      // The login still works in this process; only its memory across a restart is lost.
      this.ctx.logger.warn({ err: (err as Error).message, dir }, 'could not persist a settled password');
    }
  }
}
