import { describe, expect, it } from 'vitest';
import { ASCIICAST_LIMITS, AsciicastPager } from './asciicast.js';

const HEADER =
  '{"version":2,"width":80,"height":24,"timestamp":1764331200,"env":{"SHELL":"/bin/bash","TERM":"xterm"}}';
const events = (n: number) => Array.from({ length: n }, (_, i) => `[${i / 10},"o","line ${i}\\r\\n"]`);

/** Pages `text` fed in chunks of `chunk` bytes. */
function pageOf(text: string, offset: number, limit: number, chunk = 1 << 20, complete = true) {
  const pager = new AsciicastPager(offset, limit);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) pager.push(bytes.subarray(i, i + chunk));
  return pager.finish(complete);
}

describe('AsciicastPager', () => {
  const file = `${[HEADER, ...events(10)].join('\n')}\n`;

  it.each([
    { offset: 0, limit: 3, first: 0, count: 3 },
    { offset: 8, limit: 5, first: 8, count: 2 },
    { offset: 10, limit: 5, first: -1, count: 0 },
    { offset: 0, limit: 1000, first: 0, count: 10 },
  ])('pages [$offset, $offset + $limit) of 10 events', ({ offset, limit, first, count }) => {
    const page = pageOf(file, offset, limit);
    expect(page.total).toBe(10);
    expect(page.events).toHaveLength(count);
    if (count > 0) expect(page.events[0]).toEqual([first / 10, 'o', `line ${first}\r\n`]);
    expect(page.header).toMatchObject({ version: 2, width: 80, height: 24, env: { TERM: 'xterm' } });
  });

  it.each([1, 2, 7, 64])('gives the same page whatever the chunk size (%i bytes)', (chunk) => {
    expect(pageOf(file, 3, 4, chunk)).toEqual(pageOf(file, 3, 4));
  });

  it('keeps multi-byte characters split across chunks whole', () => {
    const text = `${HEADER}\n[0.5,"o","héllo ✓"]\n`;
    expect(pageOf(text, 0, 10, 1).events).toEqual([[0.5, 'o', 'héllo ✓']]);
  });

  it('reads CRLF lines, skips blank lines, and counts the last line without a newline', () => {
    const text = `${HEADER}\r\n\r\n[0,"o","a"]\r\n\n[1,"i","b"]`;
    const page = pageOf(text, 0, 10);
    expect(page.total).toBe(2);
    expect(page.events).toEqual([
      [0, 'o', 'a'],
      [1, 'i', 'b'],
    ]);
  });

  it('drops a partial last line when reading stopped at a byte cap', () => {
    const text = `${HEADER}\n[0,"o","a"]\n[1,"o","b"]`;
    const page = pageOf(text, 0, 10, 1 << 20, false);
    expect(page.total).toBe(1);
  });

  it('does not count lines that are not events, nor return events of the wrong shape', () => {
    const text = `${HEADER}\nnot json\n{"x":1}\n[0,"o"]\n[1,"o","ok"]\n`;
    const page = pageOf(text, 0, 10);
    // `[0,"o"]` looks like an event and counts, but is not returned.
    expect(page.total).toBe(2);
    expect(page.events).toEqual([[1, 'o', 'ok']]);
  });

  it.each([
    ['a v1 header', '{"version":1,"width":80,"height":24}'],
    ['an event first', '[0,"o","x"]'],
    [
      'a header longer than the cap',
      `{"version":2,"width":80,"height":24,"title":"${'x'.repeat(ASCIICAST_LIMITS.maxHeaderBytes)}"}`,
    ],
  ])('has no header for %s', (_name, first) => {
    expect(pageOf(`${first}\n[0,"o","x"]\n`, 0, 10).header).toBeNull();
  });
});
