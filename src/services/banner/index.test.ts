import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { coerceServiceConfig } from '../../config/service-field.js';
import { createEmitter } from '../../events/emitter.js';
import { systemClock } from '../../runtime/clock.js';
import { defaultServiceLimits } from '../shared/connection-guard.js';
import { CollectingSink, recordingLogger, serveTcp, TestClient, testPersona } from '../testing.js';
import { BANNER_PROTOCOLS, bannerService } from './index.js';
import { TELNET_NEGOTIATION } from './telnet.js';

const TCP = BANNER_PROTOCOLS.filter((p) => p.ports.some((port) => port.protocol === 'tcp'));
const UDP = BANNER_PROTOCOLS.filter((p) => p.ports.some((port) => port.protocol === 'udp'));

/** Greetings a server-speaks-first protocol must open with. */
const GREETINGS: Record<string, RegExp> = {
  ssh: /^SSH-2\.0-OpenSSH_8\.9p1 Ubuntu-3ubuntu0\.10\r\n$/,
  ftp: /^220 \(vsFTPd 3\.0\.5\)\r\n$/,
  smtp: /^220 web-01 ESMTP Postfix \(Debian\/GNU\)\r\n$/,
  pop3: /^\+OK Dovecot ready\.\r\n$/,
  imap: /^\* OK \[CAPABILITY IMAP4rev1 [^\]]+\] Dovecot ready\.\r\n$/,
  vnc: /^RFB 003\.008\n$/,
  telnet: /login: $/,
  mysql: /^[\s\S]{4}\x0a/,
};

describe('banner-level definitions', () => {
  it("are honest about their depth and take no config: fields [], interaction 'banner'", () => {
    for (const p of BANNER_PROTOCOLS) {
      const def = bannerService(p.name);
      expect(def).toMatchObject({ name: p.name, interaction: 'banner', fields: [] });
      expect(def.description).toContain('banner level');
      expect(def.ports(coerceServiceConfig(def.fields, {}))).toEqual(p.ports);
    }
  });

  it('greet on exactly the server-speaks-first protocols', () => {
    const greeting = BANNER_PROTOCOLS.filter((p) => p.greeter !== undefined).map((p) => p.name);
    expect(greeting.sort()).toEqual(Object.keys(GREETINGS).sort());
  });

  it('refuse an unknown name, naming the table', () => {
    expect(() => bannerService('gopher')).toThrow(/no banner-level protocol named "gopher".*protocols\.ts/);
  });

  it('send the busybox telnetd negotiation first', () => {
    const { greeter } = BANNER_PROTOCOLS.find((p) => p.name === 'telnet') ?? {};
    const greeting = greeter?.(testPersona())();
    expect(greeting?.subarray(0, TELNET_NEGOTIATION.length)).toEqual(TELNET_NEGOTIATION);
    expect(greeting?.subarray(TELNET_NEGOTIATION.length).toString()).toBe('\r\nweb-01 login: ');
  });
});

describe.each(TCP.map((p) => [p]))('$name over TCP', (protocol) => {
  it('greets like the real server (or not at all), and logs connect, first bytes, disconnect', async () => {
    const { name } = protocol;
    const decky = testPersona({ distro: 'ubuntu22' });
    const served = await serveTcp(bannerService(name), { decky });
    try {
      const client = await TestClient.connect(served.port);
      const pattern = GREETINGS[name];
      const expectedLength = protocol.greeter?.(decky)().length;
      if (pattern !== undefined && expectedLength !== undefined) {
        expect((await client.receive(expectedLength)).toString('latin1')).toMatch(pattern);
      }
      const probe = Buffer.from('\x00probe\xff\r\n', 'latin1');
      client.send(probe);
      // Closing ends the capture whatever the protocol's framing makes of the probe.
      await client.end();
      await served.sink.until('disconnect');
      const records = served.sink.records();
      expect(records.map((r) => r.eventType)).toEqual(['connect', 'data_received', 'disconnect']);
      expect(records.every((r) => r.service === name && r.attackerIp === '127.0.0.1')).toBe(true);
      expect(Buffer.from(records[1]?.fields.data_b64 ?? '', 'base64')).toEqual(probe);
      if (pattern === undefined && name !== 'http') expect(client.data.length).toBe(0);
      expect(served.errors).toEqual([]);
    } finally {
      await served.close();
    }
  });
});

describe('UDP banner services', () => {
  it.each(UDP.map((p) => [p.name]))('%s logs a datagram and never replies', async (name) => {
    const sink = new CollectingSink();
    const { logger, errors } = recordingLogger();
    const decky = testPersona();
    const instance = bannerService(name).create({
      decky,
      // UDP banner services keep nothing on disk.
      dirs: { keys: '/nonexistent', captures: '/nonexistent', recordings: '/nonexistent' },
      config: Object.create(null),
      emit: createEmitter({ sink, clock: systemClock, decky: decky.name, service: name }),
      clock: systemClock,
      logger,
      limits: { ...defaultServiceLimits, maxLoggedBytes: 8 },
      throttle: { delayMs: () => 0 },
    });
    const server = createSocket('udp4');
    const client = createSocket('udp4');
    const replies: Buffer[] = [];
    try {
      await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
      const port = server.address().port;
      server.on('message', (message, rinfo) =>
        instance.handleUdp?.(
          message,
          { address: rinfo.address, port: rinfo.port },
          (d) => replies.push(d),
          port,
        ),
      );
      const datagram = Buffer.from('\x30\x26\x02\x01\x01\x04\x06public]"\\', 'latin1');
      client.send(datagram, port, '127.0.0.1');
      const [data] = await sink.until('data_received');
      expect(data?.fields).toMatchObject({
        src_ip: '127.0.0.1',
        dst_port: String(port),
        transport: 'udp',
        bytes: String(datagram.length),
        data_truncated: 'true',
      });
      expect(Buffer.from(data?.fields.data_b64 ?? '', 'base64')).toEqual(datagram.subarray(0, 8));
      expect(sink.records().map((r) => r.eventType)).toEqual(['data_received']);
      expect(replies).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      client.close();
      server.close();
      await instance.close();
    }
  });
});

describe('first-message framing on a live connection', () => {
  it('logs an RDP connection request as soon as its TPKT is whole, the connection still open', async () => {
    const served = await serveTcp(bannerService('rdp'));
    try {
      const client = await TestClient.connect(served.port);
      const cookie = Buffer.from('Cookie: mstshash=administr\r\n', 'latin1');
      const x224 = Buffer.concat([Buffer.from([cookie.length + 6, 0xe0, 0, 0, 0, 0, 0]), cookie]);
      const tpkt = Buffer.concat([Buffer.from([3, 0, 0, x224.length + 4]), x224]);
      client.send(tpkt.subarray(0, 10));
      client.send(tpkt.subarray(10));
      const [data] = await served.sink.until('data_received');
      expect(Buffer.from(data?.fields.data_b64 ?? '', 'base64')).toEqual(tpkt);
      expect(data?.fields.data_printable).toContain('Cookie: mstshash=administr\\r\\n');
      expect(client.isOpen).toBe(true);
      client.socket.destroy();
    } finally {
      await served.close();
    }
  });
});
