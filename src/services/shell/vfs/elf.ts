/**
 * Executable images for the programs on the fake disk: a valid ELF header for the machine's
 * architecture, the interpreter path and the library names a real binary carries as strings, then
 * deterministic filler. Enough for `file`, `head -c`, `strings` and `xxd` to look right; never executable.
 */
import { createHash } from 'node:crypto';

export type ElfFlavor = 'x86_64-glibc' | 'x86_64-musl' | 'x86_64-freebsd' | 'armhf-glibc' | 'armhf-uclibc';

const INTERPRETERS: Readonly<Record<ElfFlavor, string>> = {
  'x86_64-glibc': '/lib64/ld-linux-x86-64.so.2',
  'x86_64-musl': '/lib/ld-musl-x86_64.so.1',
  'x86_64-freebsd': '/libexec/ld-elf.so.1',
  'armhf-glibc': '/lib/ld-linux-armhf.so.3',
  'armhf-uclibc': '/lib/ld-uClibc.so.0',
};

/** Seeds a tiny PRNG from a string (xorshift32): filler differs per program, identical across reads. */
function filler(seedText: string): () => number {
  let state = createHash('sha256').update(seedText).digest().readUInt32LE(0) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

export function elfImage(name: string, size: number, flavor: ElfFlavor): Buffer {
  const out = Buffer.alloc(Math.max(size, 1024));
  const is64 = flavor.startsWith('x86_64');
  // e_ident: magic, class, data (little-endian), version, OS ABI (System V; FreeBSD brands its own, 9).
  out.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, 1, 1, flavor === 'x86_64-freebsd' ? 9 : 0], 0);
  if (is64) {
    out.writeUInt16LE(3, 16); // ET_DYN: a position-independent executable
    out.writeUInt16LE(0x3e, 18); // EM_X86_64
    out.writeUInt32LE(1, 20);
    out.writeBigUInt64LE(0x6ab0n + BigInt(size % 4096), 24); // e_entry
    out.writeBigUInt64LE(64n, 32); // e_phoff
    out.writeBigUInt64LE(BigInt(Math.max(0, size - 2048)), 40); // e_shoff
    out.writeUInt16LE(64, 52);
    out.writeUInt16LE(56, 54);
    out.writeUInt16LE(13, 56);
    out.writeUInt16LE(64, 58);
    out.writeUInt16LE(31, 60);
    out.writeUInt16LE(30, 62);
  } else {
    out.writeUInt16LE(2, 16); // ET_EXEC
    out.writeUInt16LE(0x28, 18); // EM_ARM
    out.writeUInt32LE(1, 20);
    out.writeUInt32LE(0x10000 + (size % 4096), 24);
    out.writeUInt32LE(52, 28);
    out.writeUInt32LE(Math.max(0, size - 1280), 32);
    out.writeUInt32LE(0x5000400, 36); // EABI5, hard float
    out.writeUInt16LE(52, 40);
    out.writeUInt16LE(32, 42);
    out.writeUInt16LE(9, 44);
    out.writeUInt16LE(40, 46);
    out.writeUInt16LE(27, 48);
    out.writeUInt16LE(26, 50);
  }
  const next = filler(`${flavor}:${name}`);
  const headerEnd = is64 ? 64 + 56 * 13 : 52 + 32 * 9;
  for (let i = headerEnd; i < out.length; i += 4) {
    const v = next();
    // Real code is full of zero bytes; keep a good share of them.
    out.writeUInt32LE(v & 0x3 ? v & 0x7f7f00ff : 0, i - (i + 4 > out.length ? i + 4 - out.length : 0));
  }
  const strings = [
    INTERPRETERS[flavor],
    flavor.endsWith('glibc')
      ? 'libc.so.6'
      : flavor.endsWith('musl')
        ? 'libc.musl-x86_64.so.1'
        : flavor.endsWith('freebsd')
          ? 'libc.so.7'
          : 'libc.so.0',
    flavor.endsWith('glibc') ? 'GLIBC_2.34' : '',
    flavor.endsWith('glibc') ? 'GLIBC_2.2.5' : '',
    '__cxa_finalize',
    '__libc_start_main',
    name,
    `Usage: ${name} [OPTION]...`,
    "Try '%s --help' for more information.\n",
    '.shstrtab',
    '.interp',
    '.note.gnu.build-id',
    '.dynsym',
    '.text',
    '.rodata',
    '.data',
    '.bss',
  ].filter((s) => s !== '');
  let at = headerEnd + 8;
  for (const s of strings) {
    if (at + s.length + 1 >= out.length) break;
    out.write(`${s}\0`, at, 'latin1');
    at += s.length + 1 + 8;
  }
  return size < out.length ? out.subarray(0, size) : out;
}

export interface ElfDescription {
  /** What `file` prints after the name, e.g. `ELF 64-bit LSB pie executable, x86-64, …`. */
  summary: string;
}

/** Describes an ELF image the way file(1) 5.4x does, or null when the bytes are not ELF. */
export function describeElf(data: Buffer): ElfDescription | null {
  if (data.length < 52 || data[0] !== 0x7f || data[1] !== 0x45 || data[2] !== 0x4c || data[3] !== 0x46)
    return null;
  const is64 = data[4] === 2;
  const little = data[5] === 1;
  const type = little ? data.readUInt16LE(16) : data.readUInt16BE(16);
  const machine = little ? data.readUInt16LE(18) : data.readUInt16BE(18);
  const arch =
    machine === 0x3e
      ? 'x86-64'
      : machine === 0x28
        ? 'ARM, EABI5'
        : machine === 0x08
          ? 'MIPS, MIPS32 rel2'
          : machine === 0x03
            ? 'Intel 80386'
            : machine === 0xb7
              ? 'ARM aarch64'
              : `*unknown arch 0x${machine.toString(16)}*`;
  const text = data.toString('latin1');
  const interpreter = /\/lib(?:64|exec)?\/ld-[\w.-]+\.so\.\d/.exec(text)?.[0] ?? null;
  const freebsd = data[7] === 9;
  const kind =
    type === 3
      ? interpreter
        ? 'pie executable'
        : 'shared object'
      : type === 2
        ? 'executable'
        : type === 1
          ? 'relocatable'
          : type === 4
            ? 'core file'
            : 'unknown type';
  const buildId = createHash('sha1')
    .update(data.subarray(0, Math.min(data.length, 4096)))
    .digest('hex');
  const parts = [
    `ELF ${is64 ? '64' : '32'}-bit ${little ? 'LSB' : 'MSB'} ${kind}`,
    arch,
    freebsd ? 'version 1 (FreeBSD)' : 'version 1 (SYSV)',
    interpreter ? 'dynamically linked' : 'statically linked',
    ...(interpreter ? [`interpreter ${interpreter}`] : []),
    `BuildID[sha1]=${buildId}`,
    ...(interpreter?.includes('ld-linux') ? ['for GNU/Linux 3.2.0'] : []),
    ...(freebsd ? ['for FreeBSD 14.1', 'FreeBSD-style'] : []),
    'stripped',
  ];
  return { summary: parts.join(', ') };
}
