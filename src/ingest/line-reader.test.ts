import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../test/support/scratch.js';
import { FileLineReader, lineBytes } from './line-reader.js';

function fileWith(content: Buffer | string): number {
  const file = join(scratchDir('decnet-lines'), 'f.log');
  writeFileSync(file, content);
  return openSync(file, 'r');
}

describe('FileLineReader', () => {
  it('returns complete lines with their offsets and strips CR of CRLF', () => {
    const fd = fileWith('one\r\ntwo\nthree');
    const reader = new FileLineReader(fd, 0, 1024, 4);
    const got = reader.read(10, false);
    expect(got.lines.map((l) => [l.text, l.offset, l.size])).toEqual([
      ['one', 0, 3],
      ['two', 5, 3],
    ]);
    expect(got.offset).toBe(9);
    closeSync(fd);
  });

  it('keeps an unterminated tail until the file is final', () => {
    const fd = fileWith('a\nb');
    expect(new FileLineReader(fd, 0, 1024, 8).read(10, false).lines).toHaveLength(1);
    const final = new FileLineReader(fd, 0, 1024, 8).read(10, true);
    expect(final.lines.map((l) => l.text)).toEqual(['a', 'b']);
    expect(final.offset).toBe(3);
    closeSync(fd);
  });

  it('honours the line limit and resumes where it stopped', () => {
    const fd = fileWith('1\n2\n3\n4\n');
    const reader = new FileLineReader(fd, 0, 1024, 3);
    expect(reader.read(3, false).lines.map((l) => l.text)).toEqual(['1', '2', '3']);
    const rest = reader.read(3, false);
    expect(rest.lines.map((l) => l.text)).toEqual(['4']);
    expect(rest.offset).toBe(8);
    closeSync(fd);
  });

  it('seeks forward within what it buffered and beyond it', () => {
    const fd = fileWith('aa\nbb\ncc\ndd\nee\n');
    const reader = new FileLineReader(fd, 0, 1024, 64);
    expect(reader.read(1, false).lines.map((l) => l.text)).toEqual(['aa']);
    reader.seek(6); // still buffered: skips bb
    expect(reader.read(1, false).lines.map((l) => [l.text, l.offset])).toEqual([['cc', 6]]);
    const small = new FileLineReader(fd, 0, 1024, 4);
    small.read(1, false);
    small.seek(12); // beyond the buffer: read again from there
    const rest = small.read(10, false);
    expect(rest.lines.map((l) => [l.text, l.offset])).toEqual([['ee', 12]]);
    expect(rest.offset).toBe(15);
    closeSync(fd);
  });

  it('cuts an oversized line to the cap, reports its full size and carries on after it', () => {
    const big = 'x'.repeat(10_000);
    const fd = fileWith(`before\n${big}\nafter\n`);
    const reader = new FileLineReader(fd, 0, 100, 64);
    const got = reader.read(10, false);
    expect(got.lines.map((l) => [l.text.length, l.size, l.oversized])).toEqual([
      [6, 6, false],
      [100, 10_000, true],
      [5, 5, false],
    ]);
    expect(got.lines[2]!.offset).toBe(7 + 10_001);
    closeSync(fd);
  });

  it('waits for the end of an oversized line still being written', () => {
    const fd = fileWith(`ok\n${'y'.repeat(5000)}`);
    const reader = new FileLineReader(fd, 0, 100, 64);
    const got = reader.read(10, false);
    expect(got.lines.map((l) => l.text)).toEqual(['ok']);
    expect(got.offset).toBe(3);
    closeSync(fd);
  });

  it('keeps binary bytes exactly', () => {
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x0a]);
    const fd = fileWith(bytes);
    const got = new FileLineReader(fd, 0, 1024, 16).read(1, false);
    expect([...lineBytes(got.lines[0]!)]).toEqual([0x00, 0xff, 0xfe, 0x41]);
    closeSync(fd);
  });
});
