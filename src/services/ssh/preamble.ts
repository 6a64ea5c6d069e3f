/**
 * The client's first bytes, read by us before ssh2 sees them: its identification line and its KEXINIT
 * (RFC 4253 §4.2, §7.1). They give the HASSH fingerprint and tell which host keys the client can use,
 * and they are handed to ssh2 untouched afterwards. Pure: fed chunks, never reads a socket.
 *
 * Memory is bounded: every outcome is decided by the time SSH_IDENT_MAX_BYTES + SSH_PACKET_MAX_BYTES
 * bytes have arrived, and the caller stops feeding once it is.
 */
import {
  type KexInit,
  parseIdentLine,
  parseKexinitPacket,
  SSH_IDENT_MAX_BYTES,
  SSH_PACKET_MAX_BYTES,
} from '../../fingerprint/ssh-kexinit.js';
import { judgeClientIdent } from './identification.js';

/** Bytes after which the preamble is decided whatever they are. */
export const PREAMBLE_MAX_BYTES = SSH_IDENT_MAX_BYTES + SSH_PACKET_MAX_BYTES;

export type PreamblePhase =
  /** Waiting for the end of the identification line. */
  | 'ident'
  /** The ident is whole and is SSH-2; waiting for the whole KEXINIT packet. */
  | 'kexinit'
  /** Both are whole. */
  | 'complete'
  /** The first line is not an SSH-2 ident: the client does not speak SSH-2. */
  | 'not_ssh'
  /** The ident is SSH-2 but what follows is not a KEXINIT packet. */
  | 'bad_kexinit';

export class ClientPreamble {
  private kept: Buffer = Buffer.alloc(0);
  private current: PreamblePhase = 'ident';
  private identLength = 0;
  /** The ident line without CR LF, once whole. */
  ident: string | null = null;
  kexinit: KexInit | null = null;
  /** For `not_ssh`: whether the line was no ident at all or a protocol version other than 2. */
  rejection: 'invalid' | 'version_mismatch' | null = null;

  get phase(): PreamblePhase {
    return this.current;
  }

  /** Everything fed so far, to be handed on. */
  get bytes(): Buffer {
    return this.kept;
  }

  /** Adds a chunk and returns the phase reached. Chunks fed after a final phase are ignored. */
  push(chunk: Buffer): PreamblePhase {
    if (this.current !== 'ident' && this.current !== 'kexinit') return this.current;
    this.kept = this.kept.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.kept, chunk]);
    if (this.current === 'ident') this.readIdent();
    if (this.current === 'kexinit') this.readKexinit();
    return this.current;
  }

  private readIdent(): void {
    const result = parseIdentLine(this.kept);
    if (result.kind === 'incomplete') return;
    if (result.kind === 'invalid') {
      this.reject('invalid');
      return;
    }
    this.ident = result.ident;
    this.identLength = result.length;
    const verdict = judgeClientIdent(result.ident);
    if (verdict === 'ssh2') this.current = 'kexinit';
    else this.reject(verdict);
  }

  private readKexinit(): void {
    const result = parseKexinitPacket(this.kept.subarray(this.identLength));
    if (result.kind === 'incomplete') return;
    if (result.kind === 'invalid') {
      this.current = 'bad_kexinit';
      return;
    }
    this.kexinit = result.kexinit;
    this.current = 'complete';
  }

  private reject(verdict: 'invalid' | 'version_mismatch'): void {
    this.current = 'not_ssh';
    this.rejection = verdict;
  }
}
