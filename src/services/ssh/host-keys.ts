/**
 * The decky's SSH host keys, kept under its keys directory so that its identity survives restarts (a
 * returning attacker's known_hosts must still match). ed25519 and ECDSA P-256 are made on the decky's
 * first connection; RSA only once a client offers nothing else, because a 3072-bit key takes a
 * noticeable moment to make and most clients never need it. Files are what sshd keeps in /etc/ssh, in
 * formats ssh2 reads: OpenSSH format for ed25519, PEM (SEC 1, PKCS #1) for ECDSA and RSA, mode 0600.
 */
import { generateKeyPair, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ssh2, { type ParsedKey } from 'ssh2';
import type { Logger } from '../../runtime/logger.js';
import { opensshEd25519PrivateKey } from './key-format.js';
import { signWithParsedKey } from './ssh2-quirks.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export type HostKeyKind = 'ed25519' | 'ecdsa' | 'rsa';

/** sshd's own file names (`ssh-keygen -A`). */
export const HOST_KEY_FILES: Readonly<Record<HostKeyKind, string>> = {
  ed25519: 'ssh_host_ed25519_key',
  ecdsa: 'ssh_host_ecdsa_key',
  rsa: 'ssh_host_rsa_key',
};

/** ssh-keygen's default RSA size since OpenSSH 8.0. */
export const RSA_HOST_KEY_BITS = 3072;

/** Host key algorithms a client can verify with each of our keys. */
const ALGORITHMS_OF: Readonly<Record<HostKeyKind, readonly string[]>> = {
  ed25519: ['ssh-ed25519'],
  ecdsa: ['ecdsa-sha2-nistp256'],
  rsa: ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * Whether a client offering `clientAlgorithms` (its KEXINIT's server_host_key_algorithms) can only use
 * an RSA host key: it lists none of the other kinds' algorithms but one of RSA's.
 */
export function needsRsaHostKey(clientAlgorithms: readonly string[]): boolean {
  const offered = new Set(clientAlgorithms);
  const usable = (kind: HostKeyKind) => ALGORITHMS_OF[kind].some((a) => offered.has(a));
  return !usable('ed25519') && !usable('ecdsa') && usable('rsa');
}

/** sshd lists its host key algorithms RSA first, then ECDSA, then ed25519; ssh2 offers them in key order. */
const OFFER_ORDER: readonly HostKeyKind[] = ['rsa', 'ecdsa', 'ed25519'];

function makeEd25519(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d ?? '', 'base64url');
  const publicKey = Buffer.from(jwk.x ?? '', 'base64url');
  return opensshEd25519PrivateKey(seed, publicKey, randomBytes(4).readUInt32BE());
}

function makeEcdsa(): string {
  return generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

async function makeRsa(): Promise<string> {
  const { privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: RSA_HOST_KEY_BITS,
    publicExponent: 0x10001,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return privateKey;
}

function parse(pem: string): ParsedKey | null {
  const parsed = ssh2.utils.parseKey(pem);
  if (parsed instanceof Error) return null;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key?.isPrivateKey()) return null;
  signWithParsedKey(key);
  return key;
}

export class HostKeyStore {
  private readonly keys = new Map<HostKeyKind, ParsedKey>();
  private loaded = false;
  private rsaPending: Promise<void> | null = null;

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /**
   * The keys to offer now, in sshd's order. The first call reads the directory and makes whatever
   * ed25519 or ECDSA key is missing; an RSA key is offered once one exists.
   */
  current(): ParsedKey[] {
    if (!this.loaded) this.load();
    return OFFER_ORDER.flatMap((kind) => this.keys.get(kind) ?? []);
  }

  hasRsa(): boolean {
    if (!this.loaded) this.load();
    return this.keys.has('rsa');
  }

  /** Makes the RSA key off the event loop, once however many clients ask; resolves when it is offered. */
  ensureRsa(): Promise<void> {
    if (this.hasRsa()) return Promise.resolve();
    this.rsaPending ??= makeRsa().then((pem) => this.adopt('rsa', pem));
    return this.rsaPending;
  }

  private load(): void {
    this.loaded = true;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const kind of ['ed25519', 'ecdsa', 'rsa'] as const) {
      const key = this.read(kind);
      if (key !== null) this.keys.set(kind, key);
    }
    if (!this.keys.has('ed25519')) this.adopt('ed25519', makeEd25519());
    if (!this.keys.has('ecdsa')) this.adopt('ecdsa', makeEcdsa());
  }

  private read(kind: HostKeyKind): ParsedKey | null {
    const path = join(this.dir, HOST_KEY_FILES[kind]);
    if (!existsSync(path)) return null;
    const key = parse(readFileSync(path, 'utf8'));
    if (key === null) {
      this.logger.warn({ path }, 'ssh host key file is unreadable as a private key; making a new one');
    }
    return key;
  }

  /** Writes the key beside its final name, then renames: a crash never leaves half a key file. */
  private adopt(kind: HostKeyKind, pem: string): void {
    const key = parse(pem);
    if (key === null) throw new Error(`generated ${kind} host key does not parse; ssh2 cannot use it`);
    this.keys.set(kind, key);
    const path = join(this.dir, HOST_KEY_FILES[kind]);
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(temporary, pem, { mode: 0o600, flag: 'wx' });
      chmodSync(temporary, 0o600);
      renameSync(temporary, path);
    } catch (err) {
      rmSync(temporary, { force: true });
      this.logger.error(
        { err, path },
        'cannot store the ssh host key; it is used for now but changes on restart (check the keys directory is writable)',
      );
    }
  }
}
