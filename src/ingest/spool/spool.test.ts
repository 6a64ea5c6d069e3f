import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../../test/support/scratch.js';
import { ManualClock } from '../../runtime/clock.js';
import { silentLogger } from '../../runtime/logger.js';
import { listSegments, segmentPath } from './position.js';
import { SpoolReader } from './reader.js';
import { SpoolWriter } from './writer.js';

const spoolDir = () => scratchDir('decnet-spool');
const options = (segmentBytes = 1 << 20) => ({
  segmentBytes,
  fsyncMs: 50,
  clock: new ManualClock(),
  logger: silentLogger,
});

describe('spool', () => {
  it('makes appended lines durable on flush and reads them back with the end position', async () => {
    const dir = spoolDir();
    const writer = await SpoolWriter.open(dir, options());
    writer.append('first');
    writer.append('second');
    const end = await writer.flush();
    expect(end).toEqual({ segment: 1, offset: 13 });
    const read = new SpoolReader(dir, { segment: 1, offset: 0 }).read(100);
    expect(read.lines.map((l) => l.text)).toEqual(['first', 'second']);
    expect(read.position).toEqual(end);
    await writer.close();
  });

  it('keeps appended lines and appended bytes in the order they came, non-ASCII lines included', async () => {
    const dir = spoolDir();
    const writer = await SpoolWriter.open(dir, options());
    writer.append('one');
    writer.appendBytes(Buffer.from('two\nthree\n'));
    writer.append('vier – ü');
    const end = await writer.flush();
    const expected = 'one\ntwo\nthree\nvier – ü\n';
    expect(readFileSync(segmentPath(dir, 1), 'utf8')).toBe(expected);
    expect(end.offset).toBe(Buffer.byteLength(expected));
    expect(writer.appended).toBe(4);
    await writer.close();
  });

  it('never lets a newline inside an appended line split it', async () => {
    const dir = spoolDir();
    const writer = await SpoolWriter.open(dir, options());
    writer.append('a\nb\rc');
    await writer.close();
    expect(readFileSync(segmentPath(dir, 1), 'utf8')).toBe('a b c\n');
  });

  it('rotates by size and the reader follows into the next segment', async () => {
    const dir = spoolDir();
    const writer = await SpoolWriter.open(dir, options(20));
    for (let i = 0; i < 10; i++) {
      writer.append(`line-${i}-padding`);
      await writer.flush();
    }
    await writer.close();
    expect(listSegments(dir).length).toBeGreaterThan(3);
    const reader = new SpoolReader(dir, { segment: 1, offset: 0 });
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) seen.push(...reader.read(3).lines.map((l) => l.text));
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `line-${i}-padding`));
  });

  it('the flush loop writes on its own tick and once more on shutdown', async () => {
    const dir = spoolDir();
    const clock = new ManualClock();
    const writer = await SpoolWriter.open(dir, { ...options(), clock });
    const stop = new AbortController();
    const loop = writer.run(stop.signal);
    writer.append('ticked');
    await clock.untilSleeping();
    await clock.advance(50);
    await writer.settled();
    expect(readFileSync(segmentPath(dir, 1), 'utf8')).toBe('ticked\n');
    writer.append('at-shutdown');
    stop.abort();
    await loop;
    expect(readFileSync(segmentPath(dir, 1), 'utf8')).toBe('ticked\nat-shutdown\n');
  });

  it('keeps lines appended while a flush is writing and syncing, for the next flush', async () => {
    const dir = spoolDir();
    const writer = await SpoolWriter.open(dir, options(4096));
    const expected: string[] = [];
    const flushes: Promise<unknown>[] = [];
    // Events keep arriving while the previous batch is in the kernel: each turn of the event loop
    // appends more and asks for another flush, the way emitters and the flush loop interleave.
    for (let i = 0; i < 300; i++) {
      const line = `event-${i}`;
      writer.append(line);
      expected.push(line);
      if (i % 3 === 0) flushes.push(writer.flush());
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(flushes);
    await writer.close();
    const reader = new SpoolReader(dir, { segment: 1, offset: 0 });
    const seen: string[] = [];
    for (let i = 0; i < 100; i++) seen.push(...reader.read(1000).lines.map((l) => l.text));
    expect(seen).toEqual(expected);
  });

  it('ends a line torn by a crash so it cannot merge with the next event', async () => {
    const dir = spoolDir();
    writeFileSync(segmentPath(dir, 1), 'whole line\n<134>1 2026-05-01T00:00:00Z torn');
    const writer = await SpoolWriter.open(dir, options());
    writer.append('next event');
    await writer.close();
    const read = new SpoolReader(dir, { segment: 1, offset: 0 }).read(10);
    expect(read.lines.map((l) => l.text)).toEqual([
      'whole line',
      '<134>1 2026-05-01T00:00:00Z torn',
      'next event',
    ]);
  });

  it('does not take a half-written last line of the live segment', () => {
    const dir = spoolDir();
    writeFileSync(segmentPath(dir, 1), 'done\nhalf');
    const reader = new SpoolReader(dir, { segment: 1, offset: 0 });
    expect(reader.read(10).lines.map((l) => l.text)).toEqual(['done']);
    appendFileSync(segmentPath(dir, 1), ' now whole\n');
    const more = reader.read(10);
    expect(more.lines.map((l) => l.text)).toEqual(['half now whole']);
    expect(more.position).toEqual({ segment: 1, offset: 20 });
  });
});

describe('spool retention', () => {
  it('removes only finished segments beyond the number kept', async () => {
    const { pruneSpool } = await import('./retention.js');
    const dir = spoolDir();
    for (let s = 1; s <= 6; s++) writeFileSync(segmentPath(dir, s), `segment ${s}\n`);
    expect(pruneSpool(dir, 5, 2)).toEqual([1, 2]);
    expect(listSegments(dir)).toEqual([3, 4, 5, 6]);
    expect(pruneSpool(dir, 5, 2)).toEqual([]);
    expect(pruneSpool(dir, 6, 0)).toEqual([3, 4, 5]);
    expect(listSegments(dir)).toEqual([6]);
  });
});
