import ssh2, { type Client, type SFTPWrapper } from 'ssh2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Served, serveTcp } from '../testing.js';
import { SSH_LIMITS } from './limits.js';
import { longName, modeString } from './sftp.js';
import { type FakeGlue, fakeSshService } from './testing.js';

const { STATUS_CODE } = ssh2.utils.sftp;

let served: Served | null = null;
let client: Client | null = null;
let glue: FakeGlue;
let sftp: SFTPWrapper;

beforeEach(async () => {
  const service = fakeSshService();
  glue = service.glue;
  served = await serveTcp(service.definition);
  const port = served.port;
  client = new ssh2.Client();
  const c = client;
  await new Promise<void>((resolve, reject) => {
    c.once('ready', resolve).once('error', reject);
    c.connect({ host: '127.0.0.1', port, username: 'root', password: '123456' });
  });
  sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
    c.sftp((err, s) => (err ? reject(err) : resolve(s))),
  );
});

afterEach(async () => {
  client?.end();
  await served?.close();
  expect(served?.errors ?? []).toEqual([]);
  served = null;
  client = null;
});

/** Runs an SFTP call; resolves with its result, or with the status code it failed with. */
function call<T>(
  fn: (cb: (err: Error | null | undefined, value?: T) => void) => void,
): Promise<T | { status: number }> {
  return new Promise((resolve) =>
    fn((err, value) => resolve(err ? { status: (err as Error & { code: number }).code } : (value as T))),
  );
}

describe('SFTP server', () => {
  it('resolves . to the home directory, as sftp-server does', async () => {
    expect(await call<string>((cb) => sftp.realpath('.', cb))).toBe('/root');
    expect(await call<string>((cb) => sftp.realpath('/nope/x', cb))).toEqual({
      status: STATUS_CODE.NO_SUCH_FILE,
    });
  });

  it('stores a written file through receiveFile on CLOSE, not before', async () => {
    const handle = await call<Buffer>((cb) => sftp.open('/tmp/up.bin', 'w', cb));
    if (!Buffer.isBuffer(handle)) throw new Error('open failed');
    await call((cb) => sftp.write(handle, Buffer.from('abc'), 0, 3, 0, cb));
    await call((cb) => sftp.write(handle, Buffer.from('XY'), 0, 2, 5, cb));
    expect(glue.received).toEqual([]);
    await call((cb) => sftp.close(handle, cb));
    expect(glue.received).toEqual([
      { path: '/tmp/up.bin', content: Buffer.from('abc\0\0XY'), method: 'sftp' },
    ]);
  });

  it('appends to an existing file opened for append', async () => {
    glue.fs.writeFile('/tmp/log', Buffer.from('one\n'));
    const handle = await call<Buffer>((cb) => sftp.open('/tmp/log', 'a', cb));
    if (!Buffer.isBuffer(handle)) throw new Error('open failed');
    await call((cb) => sftp.write(handle, Buffer.from('two\n'), 0, 4, 0, cb));
    await call((cb) => sftp.close(handle, cb));
    expect(glue.received[0]?.content.toString()).toBe('one\ntwo\n');
  });

  it(`refuses a write past ${SSH_LIMITS.maxUploadBytes} bytes with FAILURE, and one ending at it is fine`, async () => {
    const handle = await call<Buffer>((cb) => sftp.open('/tmp/big', 'w', cb));
    if (!Buffer.isBuffer(handle)) throw new Error('open failed');
    const at = SSH_LIMITS.maxUploadBytes - 1;
    expect(await call((cb) => sftp.write(handle, Buffer.from('a'), 0, 1, at, cb))).not.toHaveProperty(
      'status',
    );
    expect(await call((cb) => sftp.write(handle, Buffer.from('b'), 0, 1, at + 1, cb))).toEqual({
      status: STATUS_CODE.FAILURE,
    });
  });

  it('reads a file back in pieces and answers EOF (0 bytes to the client) past its end', async () => {
    glue.fs.writeFile('/etc/motd', Buffer.from('hello world'));
    const handle = await call<Buffer>((cb) => sftp.open('/etc/motd', 'r', cb));
    if (!Buffer.isBuffer(handle)) throw new Error('open failed');
    const buf = Buffer.alloc(5);
    const read = (position: number) =>
      new Promise<number | { status: number }>((resolve) =>
        sftp.read(handle, buf, 0, 5, position, (err, n) =>
          resolve(err ? { status: (err as Error & { code: number }).code } : n),
        ),
      );
    expect(await read(6)).toBe(5);
    expect(buf.toString()).toBe('world');
    expect(await read(11)).toBe(0);
  });

  it.each([
    ['opening a missing file', (cb: never) => sftp.open('/tmp/none', 'r', cb), STATUS_CODE.NO_SUCH_FILE],
    ['opening a directory', (cb: never) => sftp.open('/tmp', 'r', cb), STATUS_CODE.FAILURE],
    [
      'creating in a missing directory',
      (cb: never) => sftp.open('/nope/x', 'w', cb),
      STATUS_CODE.NO_SUCH_FILE,
    ],
    [
      'reading a file the account may not read',
      (cb: never) => sftp.open('/root/secret', 'r', cb),
      STATUS_CODE.PERMISSION_DENIED,
    ],
    ['removing a directory as a file', (cb: never) => sftp.unlink('/tmp', cb), STATUS_CODE.FAILURE],
    ['removing a missing file', (cb: never) => sftp.unlink('/tmp/none', cb), STATUS_CODE.NO_SUCH_FILE],
    ['making a directory that exists', (cb: never) => sftp.mkdir('/tmp', cb), STATUS_CODE.FAILURE],
    ['listing a missing directory', (cb: never) => sftp.opendir('/none', cb), STATUS_CODE.NO_SUCH_FILE],
    ['stat of a missing path', (cb: never) => sftp.stat('/none', cb), STATUS_CODE.NO_SUCH_FILE],
    [
      'renaming onto an existing file',
      (cb: never) => sftp.rename('/etc/passwd', '/etc/group', cb),
      STATUS_CODE.FAILURE,
    ],
  ])('answers %s with the status sftp-server gives', async (_name, fn, status) => {
    glue.fs.writeFile('/root/secret', Buffer.from('x'));
    expect(await call((cb) => fn(cb as never))).toEqual({ status });
  });

  it('lists a directory with . and .. and ls -l long names', async () => {
    glue.fs.writeFile('/tmp/a.txt', Buffer.from('12345'));
    // ssh2's client drops . and .. unless asked for the full listing (an option its typings lack).
    const readdir = sftp.readdir.bind(sftp) as unknown as (
      path: string,
      options: { full: boolean },
      cb: (err: Error | undefined, list: never) => void,
    ) => void;
    const entries = await call<{ filename: string; longname: string }[]>((cb) =>
      readdir('/tmp', { full: true }, cb),
    );
    if (!Array.isArray(entries)) throw new Error('readdir failed');
    expect(entries.map((e) => e.filename)).toEqual(['.', '..', 'a.txt']);
    expect(entries[2]?.longname).toBe('-rw-r--r--    1 root     root            5 Jan  1  2026 a.txt');
  });

  it('makes, renames, chmods and removes as asked', async () => {
    await call((cb) => sftp.mkdir('/tmp/d', cb));
    glue.fs.writeFile('/tmp/f', Buffer.from('x'));
    await call((cb) => sftp.rename('/tmp/f', '/tmp/d/g', cb));
    await call((cb) => sftp.chmod('/tmp/d/g', 0o600, cb));
    expect(glue.fs.stat('/tmp/d/g')?.mode).toBe(0o600);
    expect(await call((cb) => sftp.rmdir('/tmp/d', cb))).toEqual({ status: STATUS_CODE.FAILURE });
    await call((cb) => sftp.unlink('/tmp/d/g', cb));
    await call((cb) => sftp.rmdir('/tmp/d', cb));
    expect(glue.fs.stat('/tmp/d')).toBeNull();
  });

  it('stores an upload cut off by a closed channel as far as it got', async () => {
    const handle = await call<Buffer>((cb) => sftp.open('/tmp/partial', 'w', cb));
    if (!Buffer.isBuffer(handle)) throw new Error('open failed');
    await call((cb) => sftp.write(handle, Buffer.from('half'), 0, 4, 0, cb));
    client?.end();
    await served?.sink.until('disconnect');
    expect(glue.received.map((f) => [f.path, f.content.toString()])).toEqual([['/tmp/partial', 'half']]);
  });
});

describe('modeString and longName', () => {
  it.each([
    ['file', 0o644, '-rw-r--r-- '],
    ['dir', 0o1777, 'drwxrwxrwt '],
    ['file', 0o4755, '-rwsr-xr-x '],
    ['file', 0o2644, '-rw-r-Sr-- '],
    ['symlink', 0o777, 'lrwxrwxrwx '],
    ['chardev', 0o666, 'crw-rw-rw- '],
  ] as const)('%s %o is %s', (type, mode, text) => {
    expect(modeString(type, mode)).toBe(text);
  });

  it('shows the time within six months and the year before that', () => {
    const now = Date.UTC(2026, 5, 1);
    const stat = { type: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 42, nlink: 1, ino: 1 };
    expect(longName('a', { ...stat, mtimeMs: Date.UTC(2026, 4, 3, 7, 5) }, 'root', 'root', now)).toBe(
      '-rw-r--r--    1 root     root           42 May  3 07:05 a',
    );
    expect(longName('a', { ...stat, mtimeMs: Date.UTC(2025, 0, 13) }, 'www-data', 'www-data', now)).toBe(
      '-rw-r--r--    1 www-data www-data       42 Jan 13  2025 a',
    );
  });
});
