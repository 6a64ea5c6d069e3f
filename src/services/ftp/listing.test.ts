import { describe, expect, it } from 'vitest';
import { dosLine, factTime, mlsdLine, unixLine } from './listing.js';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const vsftpd = { owner: '0', group: '0', idWidth: 8, sizeWidth: 8 };

describe('listings', () => {
  it('writes ls -l lines as vsftpd, with the time for recent files and the year for old ones', () => {
    const recent = { name: 'pub', entry: { kind: 'dir' as const, mtimeMs: Date.UTC(2026, 9, 4, 9, 5) } };
    expect(unixLine(recent, vsftpd, NOW)).toBe(
      'drwxr-xr-x    2 0        0            4096 Oct 04 09:05 pub\r\n',
    );
    const old = {
      name: 'a.txt',
      entry: { kind: 'file' as const, content: null, size: 123, mtimeMs: Date.UTC(2025, 0, 2, 3, 4) },
    };
    expect(unixLine(old, vsftpd, NOW)).toBe(
      '-rw-r--r--    1 0        0             123 Jan 02  2025 a.txt\r\n',
    );
  });

  it('writes IIS MS-DOS lines', () => {
    const dir = { name: 'pub', entry: { kind: 'dir' as const, mtimeMs: Date.UTC(2024, 1, 25, 15, 5) } };
    expect(dosLine(dir)).toBe('02-25-24  03:05PM       <DIR>          pub\r\n');
    const file = {
      name: 'iisstart.htm',
      entry: { kind: 'file' as const, content: null, size: 689, mtimeMs: Date.UTC(2024, 1, 25, 0, 5) },
    };
    expect(dosLine(file)).toBe('02-25-24  12:05AM                  689 iisstart.htm\r\n');
  });

  it('writes MLSD facts and MDTM times in UTC (RFC 3659)', () => {
    expect(factTime(Date.UTC(2024, 9, 4, 12, 34, 56))).toBe('20241004123456');
    const file = { name: 'x', entry: { kind: 'file' as const, content: null, size: 5, mtimeMs: 0 } };
    expect(mlsdLine(file)).toBe('type=file;size=5;modify=19700101000000;perm=adfrw; x\r\n');
  });
});
