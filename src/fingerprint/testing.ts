/**
 * Test support for the fingerprint parsers (not shipped: tsconfig.build.json excludes `testing.ts`):
 * capture what a real client sends first, build ClientHellos, and hand bytes to tshark as an independent
 * dissector.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasCommand(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Listens on 127.0.0.1, runs the client (`argv(port)`, or `connect(port)` in-process) and resolves with
 * the bytes it sent once `complete(bytes)` holds; then drops the connection and kills the client.
 */
export function captureFirstBytes(
  client: { argv: (port: number) => string[] } | { connect: (port: number) => () => void },
  complete: (bytes: Buffer) => boolean,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let stop = () => {};
    const timer = setTimeout(() => finish(new Error('client sent no complete message within 10 s')), 10_000);
    const server = createServer((socket) => {
      let bytes = Buffer.alloc(0);
      socket.on('error', () => {});
      socket.on('data', (chunk) => {
        bytes = Buffer.concat([bytes, chunk]);
        if (complete(bytes)) {
          socket.destroy();
          finish(null, bytes);
        }
      });
    });
    function finish(error: Error | null, bytes?: Buffer) {
      clearTimeout(timer);
      stop();
      server.close();
      if (error) reject(error);
      else resolve(bytes as Buffer);
    }
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      if ('argv' in client) {
        const [cmd, ...args] = client.argv(port);
        const child = spawn(cmd as string, args, { stdio: ['ignore', 'ignore', 'ignore'] });
        child.on('error', (e) => finish(e));
        stop = () => child.kill();
      } else {
        stop = client.connect(port);
      }
    });
  });
}

/** One TCP segment 127.0.0.1:40000 → 127.0.0.1:443 carrying `payload`, as a classic pcap file. */
function pcapOf(payload: Buffer): Buffer {
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(65_535, 16);
  global.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 6;
  Buffer.from([127, 0, 0, 1]).copy(ip, 12);
  Buffer.from([127, 0, 0, 1]).copy(ip, 16);
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(40_000, 0);
  tcp.writeUInt16BE(443, 2);
  tcp.writeUInt32BE(1, 4);
  tcp[12] = 0x50;
  tcp[13] = 0x18; // PSH ACK
  tcp.writeUInt16BE(65_535, 14);
  const frame = Buffer.concat([eth, ip, tcp, payload]);
  const record = Buffer.alloc(16);
  record.writeUInt32LE(frame.length, 8);
  record.writeUInt32LE(frame.length, 12);
  return Buffer.concat([global, record, frame]);
}

/** Fields tshark dissects from a TLS ClientHello sent as `payload`, each as tshark prints it. */
export async function tsharkFields(payload: Buffer, fields: string[], decodeAs?: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-fp-'));
  try {
    const file = join(dir, 'hello.pcap');
    writeFileSync(file, pcapOf(payload));
    const args = [
      '-r',
      file,
      '-o',
      'tcp.analyze_sequence_numbers:FALSE',
      '-T',
      'fields',
      '-E',
      'occurrence=a',
    ];
    if (decodeAs) args.push('-d', `tcp.port==443,${decodeAs}`);
    for (const f of fields) args.push('-e', f);
    const out = await new Promise<string>((resolve, reject) =>
      execFile('tshark', args, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    return out.replace(/\n$/, '').split('\t');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface HelloSpec {
  legacyVersion?: number;
  cipherSuites: number[];
  /** [type, body] in order. */
  extensions: [number, Buffer][];
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

export function vec16(body: Buffer): Buffer {
  return Buffer.concat([u16(body.length), body]);
}

export function vec8(body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([body.length]), body]);
}

export function u16s(values: number[]): Buffer {
  return Buffer.concat(values.map(u16));
}

/** A ClientHello handshake message (header included) built from `spec`. */
export function encodeClientHello(spec: HelloSpec): Buffer {
  const body = Buffer.concat([
    u16(spec.legacyVersion ?? 0x0303),
    Buffer.alloc(32, 7),
    vec8(Buffer.alloc(32, 9)),
    vec16(u16s(spec.cipherSuites)),
    vec8(Buffer.from([0])),
    vec16(Buffer.concat(spec.extensions.map(([type, data]) => Buffer.concat([u16(type), vec16(data)])))),
  ]);
  const head = Buffer.alloc(4);
  head[0] = 1;
  head.writeUIntBE(body.length, 1, 3);
  return Buffer.concat([head, body]);
}

/** `message` wrapped in handshake records of at most `fragment` bytes each. */
export function recordsOf(message: Buffer, fragment = 16_384): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < message.length; i += fragment) {
    const piece = message.subarray(i, i + fragment);
    parts.push(Buffer.from([22, 3, 1]), u16(piece.length), piece);
  }
  return Buffer.concat(parts);
}
