import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ja3Of } from './ja3.js';
import { ja4Of, ja4OriginalOf, ja4RawOf, ja4RawOriginalOf } from './ja4.js';
import {
  captureFirstBytes,
  encodeClientHello,
  hasCommand,
  recordsOf,
  tsharkFields,
  u16s,
  vec8,
  vec16,
} from './testing.js';
import { type ClientHello, parseClientHelloRecords } from './tls-client-hello.js';

const hex = (list: string) => list.split(',').map((h) => Number.parseInt(h, 16));

/** The Chrome hello of FoxIO's technical_details/JA4.md "Example" and "Raw Output", GREASE added. */
function foxioExampleHello(): ClientHello {
  const ciphers = hex('1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035');
  const extensions = hex('001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015');
  const bodies: Record<number, Buffer> = {
    0: vec16(Buffer.concat([Buffer.from([0]), vec16(Buffer.from('www.youtube.com'))])),
    16: vec16(Buffer.concat([vec8(Buffer.from('h2')), vec8(Buffer.from('http/1.1'))])),
    43: vec8(u16s([0x4a4a, 0x0304, 0x0303])),
    13: vec16(u16s(hex('0403,0804,0401,0503,0805,0501,0806,0601'))),
  };
  const message = encodeClientHello({
    cipherSuites: [0x3a3a, ...ciphers],
    extensions: [
      [0x2a2a, Buffer.alloc(0)],
      ...extensions.map((t): [number, Buffer] => [t, bodies[t] ?? Buffer.alloc(0)]),
    ],
  });
  const result = parseClientHelloRecords(recordsOf(message));
  if (result.kind !== 'client-hello') throw new Error(result.kind);
  return result.hello;
}

describe('JA4 against FoxIO technical_details/JA4.md', () => {
  const hello = foxioExampleHello();
  it('gives the documented JA4, JA4_o and raw strings for its Chrome example', () => {
    expect(ja4Of(hello)).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1');
    expect(ja4OriginalOf(hello)).toBe('t13d1516h2_acb858a92679_18f69afefd3d');
    expect(ja4RawOf(hello)).toBe(
      't13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601',
    );
    expect(ja4RawOriginalOf(hello)).toBe(
      't13d1516h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015_0403,0804,0401,0503,0805,0501,0806,0601',
    );
  });

  it('hashes the extensions without an underscore when there are no signature algorithms', () => {
    expect(ja4Of({ ...hello, signatureAlgorithms: [] }).split('_')[2]).toBe('6d807ffa2a79');
  });

  it('prints zeros for empty lists, i without SNI, the legacy version without supported_versions', () => {
    const bare = {
      ...hello,
      cipherSuites: [],
      extensions: [],
      supportedVersions: [],
      alpn: [],
      signatureAlgorithms: [],
    };
    expect(ja4Of(bare)).toBe('t12i000000_000000000000_000000000000');
    expect(ja4Of(bare, 'q').startsWith('q12')).toBe(true);
  });

  it.each([
    [['h2'], 'h2'],
    [['http/1.1'], 'h1'],
    [['x'], 'xx'],
    [[''], '00'],
    [['\xab'], 'ab'],
    [['\xab\xcd'], 'ad'],
    [['0\xab'], '3b'],
    [['0\xab\xcd1'], '01'],
  ])('takes ALPN %j as %s (JA4.md "ALPN Extension Value")', (alpn, code) => {
    expect(ja4Of({ ...hello, alpn }).slice(8, 10)).toBe(code);
  });
});

type Client = { name: string; available: boolean; client: Parameters<typeof captureFirstBytes>[0] };
const clients: Client[] = [
  {
    name: 'curl',
    available: hasCommand('curl'),
    client: { argv: (port) => ['curl', '-sk', '--max-time', '5', `https://127.0.0.1:${port}/`] },
  },
  {
    name: 'openssl s_client',
    available: hasCommand('openssl'),
    client: { argv: (port) => ['openssl', 's_client', '-connect', `127.0.0.1:${port}`, '-servername', 'x'] },
  },
  {
    name: 'node tls.connect',
    available: true,
    client: {
      connect: (port) => {
        const socket = connect({
          host: '127.0.0.1',
          port,
          servername: 'decoy.example',
          ALPNProtocols: ['h2', 'http/1.1'],
        });
        socket.on('error', () => {});
        return () => socket.destroy();
      },
    },
  },
];

const helloComplete = (bytes: Buffer) => parseClientHelloRecords(bytes).kind !== 'incomplete';
const decimalList = (field: string | undefined) => (field ? field.split(',').map(Number) : []);

describe.each(clients)('JA3/JA4 of a real $name ClientHello', ({ available, client }) => {
  it.runIf(available && hasCommand('tshark'))(
    'matches the JA3 tshark computes and the lists tshark dissects from the same bytes',
    async () => {
      const bytes = await captureFirstBytes(client, helloComplete);
      const result = parseClientHelloRecords(bytes);
      expect(result.kind).toBe('client-hello');
      if (result.kind !== 'client-hello') return;
      const hello = result.hello;
      const [ja3Full, ja3Hash, ciphers, extTypes, sigAlgs, sni] = await tsharkFields(
        bytes.subarray(0, result.length),
        [
          'tls.handshake.ja3_full',
          'tls.handshake.ja3',
          'tls.handshake.ciphersuite',
          'tls.handshake.extension.type',
          'tls.handshake.sig_hash_alg',
          'tls.handshake.extensions_server_name',
        ],
      );
      expect(ja3Of(hello)).toEqual({ ja3: ja3Full, hash: ja3Hash });
      expect(hello.cipherSuites).toEqual(decimalList(ciphers));
      expect(hello.extensions).toEqual(decimalList(extTypes));
      // tshark also lists delegated_credentials' algorithms under sig_hash_alg; ours come first.
      expect(decimalList(sigAlgs).slice(0, hello.signatureAlgorithms.length)).toEqual(
        hello.signatureAlgorithms,
      );
      expect(hello.sni ?? '').toBe(sni ?? '');
      expect(ja4Of(hello)).toMatch(/^t1[23][di]\d{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/);
    },
  );
});
