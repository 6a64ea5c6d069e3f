import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HttpRequestHead, ja4hDecnetOf, ja4hFoxioOf } from './ja4h.js';

/** FoxIO rust/ja4/src/http.rs `test_http_stats_into_out` (a Chrome request to www.cnn.com). */
const CNN: HttpRequestHead = {
  method: 'GET',
  version: '1.1',
  headers: [
    ['Host', 'www.cnn.com'],
    [
      'Cookie',
      'FastAB=0=6859,1=8174,2=4183,3=3319,4=3917,5=2557,6=4259,7=6070,8=0804,9=6453,10=1942,11=4435,12=4143,13=9445,14=6957,15=8682,16=1885,17=1825,18=3760,19=0929; sato=1; countryCode=US; stateCode=VA; geoData=purcellville|VA|20132|US|NA|-400|broadband|39.160|-77.700|511; usprivacy=1---; umto=1; _dd_s=logs=1&id=b5c2d770-eaba-4847-8202-390c4552ff9a&created=1686159462724&expire=1686160422726',
    ],
    ['Sec-Ch-Ua', ''],
    ['Sec-Ch-Ua-Mobile', '?0'],
    [
      'User-Agent',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.5735.110 Safari/537.36',
    ],
    ['Sec-Ch-Ua-Platform', '""'],
    ['Accept', '*/*'],
    ['Sec-Fetch-Site', 'same-origin'],
    ['Sec-Fetch-Mode', 'cors'],
    ['Sec-Fetch-Dest', 'empty'],
    ['Sec-Fetch-Mode', 'cors'],
    ['Sec-Fetch-Dest', 'empty'],
    ['Referer', 'https://www.cnn.com/'],
    ['Accept-Encoding', 'gzip, deflate'],
    ['Accept-Language', 'en-US,en;q=0.9'],
  ],
};

describe('ja4hFoxioOf', () => {
  it("gives FoxIO's published JA4H and JA4H_r for the cnn.com request", () => {
    const out = ja4hFoxioOf(CNN);
    expect(out.ja4h).toBe('ge11cr13enus_88d2d584d47f_0f2659b474bf_161698816dab');
    expect(
      out.raw.startsWith(
        'ge11cr13enus_Host,Sec-Ch-Ua,Sec-Ch-Ua-Mobile,User-Agent,Sec-Ch-Ua-Platform,Accept,Sec-Fetch-Site,Sec-Fetch-Mode,Sec-Fetch-Dest,Sec-Fetch-Mode,Sec-Fetch-Dest,Accept-Encoding,Accept-Language_FastAB,_dd_s,countryCode,geoData,sato,stateCode,umto,usprivacy_FastAB=0=6859,',
      ),
    ).toBe(true);
  });

  it('leaves out HTTP/2 pseudo-headers, reads a language tag up to ; and zeroes absent cookies', () => {
    const out = ja4hFoxioOf({
      method: 'post',
      version: '2',
      headers: [
        [':method', 'POST'],
        [':path', '/'],
        ['accept-language', 'da;q=0.8'],
        ['user-agent', 'x'],
      ],
    });
    expect(out.raw).toBe('po20nn02da00_accept-language,user-agent__');
    expect(out.ja4h.endsWith('_000000000000_000000000000')).toBe(true);
  });

  it('caps the header count at 99 and never throws on arbitrary heads', () => {
    const many = Array.from({ length: 120 }, (_, i) => [`h${i}`, ''] as const);
    expect(ja4hFoxioOf({ method: 'GET', version: '1.1', headers: many }).ja4h.slice(6, 8)).toBe('99');
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 30 }),
        (method, headers) => {
          expect(ja4hFoxioOf({ method, version: '1.1', headers }).ja4h).toMatch(
            /^.{12}_[0-9a-f]{12}(_[0-9a-f]{12}){2}$/su,
          );
          expect(ja4hDecnetOf({ method, version: '2', headers })).toMatch(/_\d\d_[0-9a-f]{12}_[0-9a-f]{12}$/);
        },
      ),
    );
  });
});

describe('ja4hDecnetOf (spec §4.4 verified vectors)', () => {
  it.each<[HttpRequestHead, string]>([
    [
      {
        method: 'GET',
        version: '1.1',
        headers: [
          ['host', 'a'],
          ['user-agent', 'b'],
          ['accept', '*/*'],
        ],
      },
      'GE11nn0000_03_042112399351_000000000000',
    ],
    [
      {
        method: 'POST',
        version: '2',
        headers: [
          [':method', 'POST'],
          [':authority', 'a'],
          [':scheme', 'https'],
          [':path', '/'],
          ['user-agent', 'b'],
          ['accept-language', 'en-US,en;q=0.9'],
          ['cookie', 'b=2; a=1'],
          ['referer', 'https://a/'],
        ],
      },
      'PO20cren-U_06_fb182fb880ef_0102cc59af83',
    ],
    [{ method: '', version: '3', headers: [] }, 'UN30nn0000_00_e3b0c44298fc_000000000000'],
  ])('%# gives %s', (head, expected) => {
    expect(ja4hDecnetOf(head)).toBe(expected);
  });
});
