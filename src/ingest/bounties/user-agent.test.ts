import { describe, expect, it } from 'vitest';
import { extractBounties } from './index.js';
import { MAX_HEADER_VALUE_CHARS, UA_LONG_ABOVE_CHARS, UA_SHORT_BELOW_CHARS } from './limits.js';
import { headersJson, logRecord } from './testing.js';
import { NO_TRUSTED_PROXIES } from './trusted-proxies.js';
import { classifyUserAgent, INJECTION_MARKERS, SCANNER_TOOLS, userAgentBounties } from './user-agent.js';

const opts = { trustedProxies: NO_TRUSTED_PROXIES };
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';

describe('classifyUserAgent: category and tool', () => {
  it.each([
    ['', 'empty', null],
    ['   ', 'empty', null],
    ['Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', 'scanner', 'nmap'],
    ['sqlmap/1.8#stable (https://sqlmap.org)', 'scanner', 'sqlmap'],
    ['Mozilla/5.0 zgrab/0.x', 'scanner', 'zgrab'],
    [
      'DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)',
      'scanner',
      'dirbuster',
    ],
    ['Fuzz Faster U Fool v2.1.0 ffuf', 'scanner', 'ffuf'],
    [
      'Mozilla/5.0 (Windows NT 10.0) Nuclei - Open-source project (github.com/projectdiscovery/nuclei)',
      'scanner',
      'nuclei',
    ],
    ['curl/8.5.0', 'cli', 'curl'],
    ['Wget/1.21.4', 'cli', 'wget'],
    ['HTTPie/3.2.2', 'cli', 'httpie'],
    ['xh/0.22.0', 'cli', 'xh'],
    ['fetch/1.0', 'cli', 'fetch'],
    ['python-requests/2.31.0', 'library', 'python-requests'],
    ['Python/3.11 aiohttp/3.9.1', 'library', 'aiohttp'],
    ['python-httpx/0.27.0', 'library', 'httpx'],
    ['Python-urllib/3.11', 'library', 'python-urllib'],
    ['python-urllib3/2.0.7', 'library', 'urllib'],
    ['Python/3.12', 'library', 'python'],
    ['Go-http-client/1.1', 'library', 'go-http-client'],
    ['go-resty/2.11.0 (https://github.com/go-resty/resty)', 'library', 'go-resty'],
    ['Java/17.0.2', 'library', 'java'],
    ['okhttp/4.12.0', 'library', 'okhttp'],
    ['Apache-HttpClient/4.5.14 (Java/17.0.2)', 'library', 'apache-httpclient'],
    ['Jersey/2.41', 'library', 'jersey'],
    ['axios/1.6.7', 'library', 'axios'],
    ['node-fetch/1.0 (+https://github.com/bitinn/node-fetch)', 'library', 'node-fetch'],
    ['got (https://github.com/sindresorhus/got)', 'library', 'got'],
    ['undici', 'library', 'undici'],
    ['PHP/8.2', 'library', 'php'],
    ['WordPress/6.5; GuzzleHttp/7', 'library', 'guzzlehttp'],
    ['Ruby', 'library', 'ruby'],
    ['Faraday v2.9.0', 'library', 'faraday'],
    ['HTTParty/0.21', 'library', 'httparty'],
    ['.NET/8.0', 'library', 'dotnet'],
    ['System.Net.Http/8.0', 'library', 'system.net.http'],
    ['RestSharp/110.2.0.0', 'library', 'restsharp'],
    ['PostmanRuntime/7.36.1', 'library', 'postman'],
    ['insomnia/8.6.1', 'library', 'insomnia'],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'bot', 'Googlebot'],
    ['Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', 'bot', 'AhrefsBot'],
    ['Baiduspider-render/2.0', 'bot', 'Baiduspider-render'],
    ['Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)', 'bot', 'Slurp'],
    ['Site24x7 uptime monitor', 'bot', 'monitor'],
    ['SomeCrawler', 'bot', 'SomeCrawler'],
    [FIREFOX, 'browser', null],
    ['Mozilla/4.0 (compatible; MSIE 6.0)', 'browser', null],
    ['mozilla/5.0 (lower-case)', 'nonstandard', null],
    ['Mozilla/x', 'nonstandard', null],
    ['gotcha-client/1', 'nonstandard', null], // `got` needs a separator after it
    ['Hello from Zgrabber', 'nonstandard', null], // scanners are whole words
  ])('%j → %s / %s', (value, category, tool) => {
    const result = classifyUserAgent(value);
    expect(result.category).toBe(category);
    expect(result.tool).toBe(tool);
  });

  it.each([
    ['scanner beats cli', 'curl/8.5 nikto', 'scanner'],
    ['cli beats bot', 'curl/8.5 (robot)', 'cli'],
    ['library beats bot', 'python-requests/2 bot', 'library'],
    ['bot beats browser', 'Mozilla/5.0 (compatible; bingbot/2.0)', 'bot'],
    ['empty beats everything', '', 'empty'],
  ])('priority: %s', (_name, value, category) => {
    expect(classifyUserAgent(value).category).toBe(category);
  });

  it('covers every scanner in the list', () => {
    for (const tool of SCANNER_TOOLS) {
      expect(classifyUserAgent(`Mozilla/5.0 (${tool.toUpperCase()})`)).toMatchObject({
        category: 'scanner',
        tool,
      });
    }
  });
});

describe('classifyUserAgent: signals', () => {
  it.each([
    ['7 chars is short', 'a'.repeat(UA_SHORT_BELOW_CHARS - 1), ['suspicious_short']],
    ['8 chars is not', 'a'.repeat(UA_SHORT_BELOW_CHARS), []],
    ['7 code points made of astral characters is short', '😀'.repeat(7), ['suspicious_short']],
    ['512 chars is not long', 'a'.repeat(UA_LONG_ABOVE_CHARS), []],
    ['513 chars is long', 'a'.repeat(UA_LONG_ABOVE_CHARS + 1), ['suspicious_long']],
    ['empty is short', '', ['suspicious_short']],
    ['tab is printable', 'Mozilla/5.0\t(X11)', []],
    ['NUL', 'Mozilla/5.0\x00(X11)', ['nonprintable']],
    ['newline', 'Mozilla/5.0\n(X11)', ['nonprintable']],
    ['escape', 'Mozilla/5.0\x1b[31m', ['nonprintable']],
    ['DEL', 'Mozilla/5.0\x7f(X11)', ['nonprintable']],
    ['C1 control', 'Mozilla/5.0\x85(X11)', ['nonprintable']],
    ['several at once', "';DR\x00", ['suspicious_short', 'nonprintable', 'injection_like']],
  ])('%s', (_name, value, signals) => {
    expect(classifyUserAgent(value).signals).toEqual(signals);
  });

  it.each(INJECTION_MARKERS.map((marker) => [marker]))('injection marker %j, any case', (marker) => {
    expect(classifyUserAgent(`Mozilla/5.0 ${marker.toUpperCase()} x`).signals).toEqual(['injection_like']);
  });

  it('keeps payload values long enough that a capped UA still reads as long', () => {
    expect(MAX_HEADER_VALUE_CHARS).toBeGreaterThan(UA_LONG_ABOVE_CHARS);
  });
});

describe('http_useragent bounty', () => {
  const request = (headers: string, service = 'ssh') =>
    logRecord({ service, fields: { headers, method: 'GET', path: '/admin' } });

  it('fires on any service whose headers carry a User-Agent', () => {
    const bounties = extractBounties(request(headersJson({ 'User-Agent': 'curl/8.5.0' })), opts);
    expect(bounties).toEqual([
      {
        bountyType: 'fingerprint',
        fingerprintType: 'http_useragent',
        attackerIp: '198.51.100.7',
        payload: {
          fingerprint_type: 'http_useragent',
          value: 'curl/8.5.0',
          category: 'cli',
          tool: 'curl',
          signals: null,
          method: 'GET',
          path: '/admin',
        },
      },
    ]);
  });

  it.each([['User-Agent'], ['user-agent'], ['USER-AGENT']])('finds the header spelled %s', (name) => {
    const ctxHeaders = [{ name, value: FIREFOX }];
    const bounties = userAgentBounties({
      record: logRecord(),
      attackerIp: '198.51.100.7',
      headers: ctxHeaders,
      trustedProxies: NO_TRUSTED_PROXIES,
    });
    expect(bounties[0]?.payload).toMatchObject({ value: FIREFOX, category: 'browser' });
  });

  it('counts an empty User-Agent', () => {
    const [bounty] = extractBounties(request(headersJson({ 'User-Agent': '' })), opts);
    expect(bounty?.payload).toMatchObject({ value: '', category: 'empty', signals: ['suspicious_short'] });
  });

  it('does not fire without a User-Agent header or without headers', () => {
    expect(extractBounties(request(headersJson({ Host: 'x' })), opts)).toEqual([]);
    expect(extractBounties(logRecord({ service: 'ssh', fields: {} }), opts)).toEqual([]);
  });

  it('reports method and path as null when the record has none', () => {
    const [bounty] = extractBounties(
      logRecord({ service: 'ssh', fields: { headers: headersJson({ 'User-Agent': FIREFOX }) } }),
      opts,
    );
    expect(bounty?.payload).toMatchObject({ method: null, path: null });
  });
});
