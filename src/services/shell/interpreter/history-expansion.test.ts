import { describe, expect, it } from 'vitest';
import { expandHistory } from './history-expansion.js';

const HISTORY = ['ls -la /tmp', 'cat /etc/passwd', 'echo "a b" c'];

describe('history expansion', () => {
  const cases: Array<[string, string]> = [
    ['!!', 'echo "a b" c'],
    ['sudo !!', 'sudo echo "a b" c'],
    ['!1', 'ls -la /tmp'],
    ['!-2', 'cat /etc/passwd'],
    ['!ca', 'cat /etc/passwd'],
    ['!?passwd?', 'cat /etc/passwd'],
    ['vi !$', 'vi c'],
    ['echo !^', 'echo "a b"'],
    ['echo !*', 'echo "a b" c'],
    ['!ls:2', '/tmp'],
    ['echo hi!', 'echo hi!'],
    ["echo '!!'", "echo '!!'"],
    ['echo \\!!', 'echo \\!!'],
    ['echo "wow!"', 'echo "wow!"'],
    ['a != b', 'a != b'],
  ];
  for (const [line, expected] of cases) {
    it(`expands ${JSON.stringify(line)}`, () => {
      const result = expandHistory(line, HISTORY);
      expect(result).toEqual({ ok: true, line: expected, changed: expected !== line });
    });
  }

  it('reports an event that is not found', () => {
    expect(expandHistory('!zz', HISTORY)).toEqual({ ok: false, error: '!zz: event not found' });
    expect(expandHistory('!!', [])).toEqual({ ok: false, error: '!!: event not found' });
    expect(expandHistory('!9', HISTORY)).toEqual({ ok: false, error: '!9: event not found' });
  });
});
