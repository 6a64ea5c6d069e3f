/**
 * User authentication (RFC 4252) as a stock sshd answers it: password, keyboard-interactive with one
 * "Password: " prompt (PAM's), and public keys, which are logged and refused unless the operator lets
 * keys in. Every attempt is an `auth_attempt` event with the universal credential shape; whether a
 * password opens the account is the login policy's call.
 *
 * Bounds are sshd's: the sixth failure ends the connection with "Too many authentication failures"
 * (MaxAuthTries), and a failed password is answered after PAM's delay, on a timer, so that other
 * connections never wait.
 */
import ssh2, {
  type AuthContext,
  type Connection,
  type KeyboardAuthContext,
  type PublicKeyAuthContext,
} from 'ssh2';
import { type CredentialOutcome, credentialFields, type SecretKind } from '../../events/credential.js';
import type { Emit } from '../../events/emitter.js';
import type { Clock } from '../../runtime/clock.js';
import type { LoginCheck } from './interactive.js';
import { publicKeyFingerprint } from './key-format.js';
import { SSH_LIMITS } from './limits.js';

/** What a failure lists, in sshd's order (auth2.c `authmethods`). */
export const AUTH_METHODS = ['publickey', 'password', 'keyboard-interactive'] as const;

/** PAM's prompt through keyboard-interactive (pam_unix), not echoed. */
export const PASSWORD_PROMPT = 'Password: ';

/** RFC 4253 §11.1: sshd's `packet_disconnect` sends PROTOCOL_ERROR, whatever the reason. */
export const DISCONNECT_PROTOCOL_ERROR = 2;
export const TOO_MANY_FAILURES = 'Too many authentication failures';

export interface AuthenticatorOptions {
  policy: LoginCheck;
  acceptPublicKeys: boolean;
  emit: Emit;
  clock: Clock;
  src: { src_ip: string; src_port: number };
  /** Aborts on connection close: pending delays stop. */
  signal: AbortSignal;
  /** A login succeeded as `username` (ssh2 then emits 'ready'). */
  onSuccess(username: string): void;
  /** The sixth failure: the caller disconnects with TOO_MANY_FAILURES. */
  onTooManyFailures(): void;
  /** Wraps a callback so that a throw (a bug) closes the connection instead of escaping. */
  guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
}

export class Authenticator {
  private failures = 0;
  private locked = false;

  constructor(private readonly options: AuthenticatorOptions) {}

  attach(client: Connection): void {
    client.on(
      'authentication',
      this.options.guard((auth: AuthContext) => this.handle(auth)),
    );
  }

  private handle(auth: AuthContext): void {
    if (this.locked) return;
    switch (auth.method) {
      case 'password':
        this.password(auth, passwordOf(auth.password));
        return;
      case 'keyboard-interactive':
        this.keyboardInteractive(auth);
        return;
      case 'publickey':
        this.publicKey(auth);
        return;
      case 'none':
        // Every client asks first what it may try; sshd does not count that as a failure.
        auth.reject([...AUTH_METHODS]);
        return;
      default:
        this.fail(auth);
    }
  }

  private password(auth: AuthContext, password: string): void {
    const ok = this.options.policy.check(auth.username, password, this.options.src.src_ip);
    this.record(auth.username, password, 'plaintext', ok ? 'success' : 'failure');
    if (ok) this.succeed(auth);
    else this.failAfterDelay(auth);
  }

  private keyboardInteractive(auth: KeyboardAuthContext): void {
    auth.prompt(
      [{ prompt: PASSWORD_PROMPT, echo: false }],
      this.options.guard((answers: unknown) => {
        if (this.locked || this.options.signal.aborted) return;
        // An aborted exchange (the client started another method) answers with an Error.
        if (!Array.isArray(answers)) return;
        const password = typeof answers[0] === 'string' ? answers[0] : '';
        this.password(auth, password);
      }),
    );
  }

  private publicKey(auth: PublicKeyAuthContext): void {
    const fingerprint = publicKeyFingerprint(auth.key.data);
    if (!this.options.acceptPublicKeys) {
      this.record(auth.username, fingerprint, 'ssh_publickey', 'failure');
      this.fail(auth);
      return;
    }
    // A query without a signature is answered with PK_OK; the signed request that follows decides.
    if (auth.signature === undefined || auth.blob === undefined) {
      auth.accept();
      return;
    }
    const key = ssh2.utils.parseKey(auth.key.data);
    const valid =
      !(key instanceof Error) &&
      !Array.isArray(key) &&
      key.verify(auth.blob, auth.signature, auth.hashAlgo) === true;
    this.record(auth.username, fingerprint, 'ssh_publickey', valid ? 'success' : 'failure');
    if (valid) this.succeed(auth);
    else this.fail(auth);
  }

  private succeed(auth: AuthContext): void {
    this.options.onSuccess(auth.username);
    auth.accept();
  }

  private record(username: string, secret: string, kind: SecretKind, outcome: CredentialOutcome): void {
    this.options.emit('auth_attempt', {
      username,
      ...credentialFields({ principal: username, secret, kind, outcome }),
      ...this.options.src,
    });
  }

  private failAfterDelay(auth: AuthContext): void {
    // The sleep only ever rejects when the connection closes; then there is nobody to answer.
    this.options.clock.sleep(SSH_LIMITS.authFailureDelayMs, this.options.signal).then(
      this.options.guard(() => this.fail(auth)),
      () => {},
    );
  }

  private fail(auth: AuthContext): void {
    if (this.locked || this.options.signal.aborted) return;
    this.failures++;
    if (this.failures >= SSH_LIMITS.maxAuthTries) {
      this.locked = true;
      this.options.onTooManyFailures();
      return;
    }
    auth.reject([...AUTH_METHODS]);
  }
}

/** A password-change request carries old and new passwords; the old one is what was tried. */
function passwordOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'oldPassword' in value) {
    const old = (value as { oldPassword: unknown }).oldPassword;
    if (typeof old === 'string') return old;
  }
  return '';
}
