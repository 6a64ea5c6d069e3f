/**
 * utmp records (glibc's `struct utmp` on x86-64 and 32-bit ARM: 384 bytes) as /var/log/wtmp holds
 * them: written into the base tree, read back by `last`, so an attacker who truncates wtmp to hide sees
 * `last` agree.
 */

export const UTMP_RECORD_SIZE = 384;

export const UT_TYPE = { RUN_LVL: 1, BOOT_TIME: 2, USER_PROCESS: 7, DEAD_PROCESS: 8 } as const;

export interface UtmpRecord {
  type: number;
  pid: number;
  line: string;
  id: string;
  user: string;
  host: string;
  /** Epoch seconds. */
  time: number;
  /** IPv4 address of `host`, when it is one. */
  addr?: string;
}

function putString(buf: Buffer, offset: number, length: number, text: string): void {
  buf.write(text.slice(0, length), offset, length, 'latin1');
}

function getString(buf: Buffer, offset: number, length: number): string {
  const raw = buf.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('latin1');
}

export function encodeUtmp(records: readonly UtmpRecord[]): Buffer {
  const out = Buffer.alloc(records.length * UTMP_RECORD_SIZE);
  records.forEach((r, i) => {
    const o = i * UTMP_RECORD_SIZE;
    out.writeInt16LE(r.type, o);
    out.writeInt32LE(r.pid, o + 4);
    putString(out, o + 8, 32, r.line);
    putString(out, o + 40, 4, r.id);
    putString(out, o + 44, 32, r.user);
    putString(out, o + 76, 256, r.host);
    out.writeInt32LE(r.time, o + 340);
    out.writeInt32LE(0, o + 344);
    const octets = r.addr?.split('.').map(Number);
    if (octets && octets.length === 4 && octets.every((n) => Number.isInteger(n) && n >= 0 && n < 256)) {
      out.set(octets, o + 348);
    }
  });
  return out;
}

/** Whole records only; trailing bytes of a truncated file are ignored, as `last` ignores them. */
export function decodeUtmp(data: Buffer): UtmpRecord[] {
  const out: UtmpRecord[] = [];
  for (let o = 0; o + UTMP_RECORD_SIZE <= data.length; o += UTMP_RECORD_SIZE) {
    out.push({
      type: data.readInt16LE(o),
      pid: data.readInt32LE(o + 4),
      line: getString(data, o + 8, 32),
      id: getString(data, o + 40, 4),
      user: getString(data, o + 44, 32),
      host: getString(data, o + 76, 256),
      time: data.readInt32LE(o + 340),
    });
  }
  return out;
}
