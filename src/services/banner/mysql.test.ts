import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serveTcp, TestClient, testPersona } from '../testing.js';
import { bannerService } from './index.js';
import { MYSQL_VERSIONS, mysqlGreeter, mysqlHandshakePacket } from './mysql.js';

/** Reads a HandshakeV10 packet the way a client does, checking every length on the way. */
function parseHandshake(packet: Buffer) {
  const length = packet.readUIntLE(0, 3);
  expect(packet.length).toBe(4 + length);
  let o = 4;
  const protocol = packet[o++];
  const nul = packet.indexOf(0, o);
  const version = packet.toString('latin1', o, nul);
  o = nul + 1;
  const connectionId = packet.readUInt32LE(o);
  o += 4;
  const part1 = packet.subarray(o, o + 8);
  o += 8;
  const filler = packet[o++];
  const capLow = packet.readUInt16LE(o);
  o += 2;
  const charset = packet[o++];
  const status = packet.readUInt16LE(o);
  o += 2;
  const capHigh = packet.readUInt16LE(o);
  o += 2;
  const authLength = packet[o++] as number;
  const reserved = packet.subarray(o, o + 10);
  o += 10;
  const part2Length = Math.max(13, authLength - 8);
  const part2 = packet.subarray(o, o + part2Length);
  o += part2Length;
  const pluginEnd = packet.indexOf(0, o);
  const plugin = packet.toString('latin1', o, pluginEnd);
  return {
    sequence: packet[3],
    protocol,
    version,
    connectionId,
    filler,
    capabilities: (capHigh << 16) | capLow,
    charset,
    status,
    authLength,
    reserved,
    scramble: Buffer.concat([part1, part2.subarray(0, part2Length - 1)]),
    part2Terminator: part2[part2Length - 1],
    plugin,
    trailing: packet.length - (pluginEnd + 1),
  };
}

describe('MySQL handshake', () => {
  it('is a well-formed protocol-10 greeting', () => {
    const h = parseHandshake(mysqlGreeter(testPersona())());
    expect(h).toMatchObject({
      sequence: 0,
      protocol: 10,
      filler: 0,
      status: 2,
      authLength: 21,
      part2Terminator: 0,
      plugin: 'mysql_native_password',
      trailing: 0,
    });
    expect(MYSQL_VERSIONS).toContain(h.version);
    expect(h.reserved).toEqual(Buffer.alloc(10));
    expect(h.scramble).toHaveLength(20);
    expect(h.scramble.includes(0)).toBe(false);
    expect(h.capabilities & 0x0800).toBe(0); // no CLIENT_SSL: nothing to offer
    expect(h.capabilities & 0x0008_0000).not.toBe(0); // CLIENT_PLUGIN_AUTH
    expect(h.capabilities & 0x8000).not.toBe(0); // CLIENT_SECURE_CONNECTION
  });

  it('keeps its version per decky, with a new connection id and scramble per connection', () => {
    const greet = mysqlGreeter(testPersona({ seed: 7 }));
    const [a, b] = [parseHandshake(greet()), parseHandshake(greet())];
    expect(b.version).toBe(a.version);
    expect(b.connectionId).toBe(a.connectionId + 1);
    expect(b.scramble).not.toEqual(a.scramble);
    expect(parseHandshake(mysqlGreeter(testPersona({ seed: 7 }))())).toEqual(a);
  });

  it('announces the charset its version defaults to', () => {
    const packet = (version: string) =>
      parseHandshake(mysqlHandshakePacket({ version, connectionId: 1, scramble: Buffer.alloc(20, 0x41) }));
    expect(packet('5.7.44').charset).toBe(0x21);
    expect(packet('8.0.40').charset).toBe(0xff);
  });

  it('is what the mysql banner service sends first', async () => {
    const served = await serveTcp(bannerService('mysql'));
    try {
      const client = await TestClient.connect(served.port);
      const first = await client.receive(4);
      const packet = await client.receive(4 + first.readUIntLE(0, 3));
      expect(parseHandshake(packet).protocol).toBe(10);
      client.socket.destroy();
    } finally {
      await served.close();
    }
  });

  const mysqlClient = ['/usr/bin/mysql', '/usr/local/bin/mysql'].find((p) => existsSync(p));
  it.skipIf(mysqlClient === undefined)(
    'gets the real mysql client past the greeting to its login',
    async () => {
      const served = await serveTcp(bannerService('mysql'), { limits: { idleTimeoutMs: 500 } });
      try {
        const stderr = await new Promise<string>((resolve) => {
          execFile(
            mysqlClient as string,
            [`-h127.0.0.1`, `-P${served.port}`, '-uroot', '-pX', '--connect-timeout=3', '-e', 'select 1'],
            { timeout: 15_000 },
            (_err, _stdout, err) => resolve(String(err)),
          );
        });
        // A greeting the client could not read fails with "bad handshake"/"Malformed packet" or at
        // "reading initial communication packet"; ours fails only later, waiting for the auth result.
        expect(stderr).not.toMatch(/bad handshake|malformed|initial communication packet/i);
        expect(stderr).toMatch(/Lost connection|reading authorization packet|server has gone away/i);
        const [data] = await served.sink.until('data_received');
        const login = Buffer.from(data?.fields.data_b64 ?? '', 'base64');
        // HandshakeResponse41: the user name, NUL-terminated, follows 32 bytes of flags and reserved.
        expect(login.subarray(4 + 32, 4 + 32 + 5).toString('latin1')).toBe('root\0');
        expect(data?.fields.data_truncated).toBe('false');
      } finally {
        await served.close();
      }
    },
  );
});
