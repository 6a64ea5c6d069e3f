import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SSH_LIMITS } from './limits.js';
import { parseScpCommand, remotePath, runScpSink, runScpSource, splitWords } from './scp.js';
import { StreamReader } from './stream-reader.js';
import { FakeSession, MemoryFs, type ReceivedFile } from './testing.js';

describe('splitWords', () => {
  it.each([
    ['scp -t /tmp/', ['scp', '-t', '/tmp/']],
    ["scp -t '/tmp/a b'", ['scp', '-t', '/tmp/a b']],
    ['scp -t "/tmp/a\\"b"', ['scp', '-t', '/tmp/a"b']],
    ['scp -t /tmp/a\\ b', ['scp', '-t', '/tmp/a b']],
    ['scp  -f   ~/x', ['scp', '-f', '~/x']],
  ])('splits %s', (line, words) => {
    expect(splitWords(line)).toEqual(words);
  });

  it.each(['scp -t /tmp; rm -rf /', 'scp -f $(id)', 'scp -f /etc/*', 'scp -t "unterminated', 'scp -f `id`'])(
    'leaves %s to the shell',
    (line) => {
      expect(splitWords(line)).toBeNull();
    },
  );
});

describe('parseScpCommand', () => {
  it.each([
    [
      'scp -t /tmp/',
      { direction: 'sink', recursive: false, preserve: false, targetIsDirectory: false, paths: ['/tmp/'] },
    ],
    [
      'scp -v -r -p -d -t -- -dir',
      { direction: 'sink', recursive: true, preserve: true, targetIsDirectory: true, paths: ['-dir'] },
    ],
    [
      '/usr/bin/scp -rf a b',
      { direction: 'source', recursive: true, preserve: false, targetIsDirectory: false, paths: ['a', 'b'] },
    ],
  ])('reads %s', (line, command) => {
    expect(parseScpCommand(line)).toEqual(command);
  });

  it.each([
    'scp a b',
    'scp -t',
    'scp -t -f x',
    'scp -t a b',
    'scp -tx /tmp',
    'scpx -t /tmp',
    'ls -t /tmp',
    '',
  ])('is not the remote end of scp: %s', (line) => {
    expect(parseScpCommand(line)).toBeNull();
  });
});

it('remotePath resolves ~ and relative paths from the home directory', () => {
  expect(remotePath('/root', '')).toBe('/root');
  expect(remotePath('/root', '~')).toBe('/root');
  expect(remotePath('/root', '~/a/../b')).toBe('/root/b');
  expect(remotePath('/root', 'x')).toBe('/root/x');
  expect(remotePath('/root', '/etc/passwd')).toBe('/etc/passwd');
});

interface Run {
  status: number;
  output: Buffer;
  received: ReceivedFile[];
  fs: MemoryFs;
}

function session(fs: MemoryFs, received: ReceivedFile[]): FakeSession {
  return new FakeSession(
    fs,
    { username: 'root', srcIp: '192.0.2.1', srcPort: 5555, dstPort: 22 },
    { isTty: false, columns: 80, rows: 24, term: 'dumb' },
    {},
    received,
    0,
  );
}

function seeded(): MemoryFs {
  const fs = new MemoryFs();
  fs.mkdir('/root');
  fs.mkdir('/tmp');
  fs.mkdir('/proc');
  return fs;
}

async function run(line: string, input: Array<string | Buffer>, fs = seeded()): Promise<Run> {
  const command = parseScpCommand(line);
  if (command === null) throw new Error(`not scp: ${line}`);
  const stream = new PassThrough();
  for (const part of input) stream.write(part);
  stream.end();
  const chunks: Buffer[] = [];
  const io = { reader: new StreamReader(stream), write: (d: Buffer | string) => chunks.push(Buffer.from(d)) };
  const received: ReceivedFile[] = [];
  const s = session(fs, received);
  const status =
    command.direction === 'sink' ? await runScpSink(io, command, s) : await runScpSource(io, command, s);
  return { status, output: Buffer.concat(chunks), received, fs };
}

const ACK = '\0';

describe('scp sink (upload)', () => {
  it('acknowledges each record and stores the file through receiveFile', async () => {
    const r = await run('scp -t /tmp/', ['C0755 5 a.sh\n', 'hello', ACK]);
    expect(r.status).toBe(0);
    expect(r.output.toString('latin1')).toBe('\0\0\0');
    expect(r.received).toEqual([{ path: '/tmp/a.sh', content: Buffer.from('hello'), method: 'scp' }]);
    expect(r.fs.stat('/tmp/a.sh')?.mode).toBe(0o755);
  });

  it('writes to the target itself when it is not a directory, and applies times with -p', async () => {
    const r = await run('scp -p -t /tmp/renamed', [
      'T1700000000 0 1700000000 0\n',
      'C0600 2 orig\n',
      'hi',
      ACK,
    ]);
    expect(r.status).toBe(0);
    expect(r.received.map((f) => f.path)).toEqual(['/tmp/renamed']);
    expect(r.fs.stat('/tmp/renamed')?.mtimeMs).toBe(1_700_000_000_000);
  });

  it('makes directories for -r, nesting files inside them', async () => {
    const r = await run('scp -r -t /tmp', [
      'D0755 0 kit\n',
      'C0644 3 x\n',
      'abc',
      ACK,
      'D0700 0 sub\n',
      'C0644 1 y\n',
      'z',
      ACK,
      'E\n',
      'E\n',
    ]);
    expect(r.status).toBe(0);
    expect(r.received.map((f) => f.path)).toEqual(['/tmp/kit/x', '/tmp/kit/sub/y']);
    expect(r.fs.stat('/tmp/kit/sub')?.type).toBe('dir');
  });

  it('warns (status 1) on a file it cannot store and goes on with the next', async () => {
    const r = await run('scp -t /proc', ['C0644 1 a\n', 'x', ACK]);
    expect(r.status).toBe(1);
    expect(r.output.toString()).toBe('\0\0\x01scp: /proc/a: Permission denied\n');
  });

  it.each([
    ['a name with a slash', ['C0644 1 ../x\n'], 'error: unexpected filename: ../x'],
    ['a directory without -r', ['D0755 0 d\n'], 'error: received directory without -r'],
    [
      'a file over the upload bound',
      [`C0644 ${SSH_LIMITS.maxUploadBytes + 1} big\n`],
      '/tmp/big: No space left on device',
    ],
    ['a garbage record', ['Xnonsense\n'], 'protocol error: expected control record'],
    [
      'a record line over the bound',
      [`C0644 1 ${'a'.repeat(SSH_LIMITS.maxScpLineBytes)}\n`],
      'protocol error: control record too long',
    ],
  ])('ends with a fatal error on %s', async (_name, input, message) => {
    const r = await run('scp -t /tmp', input);
    expect(r.status).toBe(1);
    expect(r.output.toString()).toBe(`\0\x02scp: ${message}\n`);
    expect(r.received).toEqual([]);
  });

  it('accepts a file of exactly the upload bound (its size is checked, not its content)', async () => {
    const r = await run('scp -t /tmp', [`C0644 ${SSH_LIMITS.maxUploadBytes} big\n`]);
    expect(r.output.toString()).toBe('\0\0');
  });

  it('ends quietly when the client hangs up mid-file', async () => {
    const r = await run('scp -t /tmp', ['C0644 10 a\n', 'abc']);
    expect(r.status).toBe(0);
    expect(r.received).toEqual([]);
  });
});

describe('scp source (download)', () => {
  it('sends a file as C record, content and 0 after the receiver is ready', async () => {
    const fs = seeded();
    fs.writeFile('/root/notes.txt', Buffer.from('secret\n'), { mode: 0o640 });
    const r = await run('scp -f notes.txt', [ACK, ACK, ACK], fs);
    expect(r.status).toBe(0);
    expect(r.output.toString()).toBe('C0640 7 notes.txt\nsecret\n\0');
  });

  it('sends a directory with -r as D, its entries and E, times first with -p', async () => {
    const fs = seeded();
    fs.mkdir('/tmp/d');
    fs.writeFile('/tmp/d/f', Buffer.from('1'));
    fs.utimes('/tmp/d', 1_000_000);
    fs.utimes('/tmp/d/f', 2_000_000);
    const r = await run('scp -r -p -f /tmp/d', Array(8).fill(ACK), fs);
    expect(r.status).toBe(0);
    expect(r.output.toString()).toBe('T1000 0 1000 0\nD0755 0 d\nT2000 0 2000 0\nC0644 1 f\n1\0E\n');
  });

  it('warns about what it cannot send and exits 1', async () => {
    const fs = seeded();
    fs.mkdir('/tmp/d');
    const r = await run('scp -f /tmp/nope /tmp/d', [ACK], fs);
    expect(r.status).toBe(1);
    expect(r.output.toString()).toBe(
      '\x01scp: /tmp/nope: No such file or directory\n\x01scp: /tmp/d: not a regular file\n',
    );
  });
});
