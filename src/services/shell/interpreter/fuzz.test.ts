/**
 * Attacker-controlled input, generated: whatever the bytes, parsing throws nothing but ParseError, and a
 * session resolves every line with a status within its bounds, without an internal error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHELL_LIMITS } from '../limits.js';
import { ParseError } from '../syntax/errors.js';
import { Parser } from '../syntax/parser.js';
import { LineEditor } from '../terminal/line-editor.js';
import { evaluateArithmetic } from './arithmetic.js';
import { Pattern } from './pattern.js';
import { Regex, RegexError } from './regex.js';
import { execIn, STUB_COMMANDS, testShell } from './testing.js';

/** Commands that always finish on their own (no sleeps, no hangs): the fuzz runs on a manual clock. */
const FINITE = STUB_COMMANDS.filter((c) => !['sleep', 'hang', 'yes'].includes(c.name));

const TOKENS = [
  ' ',
  ' ',
  ' ',
  '\n',
  ';',
  ';;',
  '&',
  '&&',
  '|',
  '||',
  '|&',
  '(',
  ')',
  '{',
  '}',
  '<',
  '>',
  '>>',
  '<<',
  '<<<',
  '<<-',
  '2>&1',
  '&>',
  '>&2',
  "'",
  '"',
  '`',
  '\\',
  '$',
  '$(',
  '${',
  '$((',
  '))',
  '#',
  '*',
  '?',
  '[',
  ']',
  '[[',
  ']]',
  '=',
  '!',
  '~',
  ',',
  '..',
  '-',
  ':',
  '%',
  '/',
  '^',
  '@',
  'x',
  'a=1',
  'EOF',
  '0',
  '1',
  '9',
  'if',
  'then',
  'else',
  'fi',
  'for',
  'in',
  'do',
  'done',
  'while',
  'until',
  'case',
  'esac',
  'function',
  'f()',
  'echo',
  'cat',
  'read',
  'eval',
  'export',
  'local',
  'set',
  'exit',
  'return',
  'break',
  'cd',
  'printf',
  'test',
  'uname',
  'argv',
  'source',
  'exec',
  'alias',
  'trap',
  'let',
  'shift',
  'wait',
  'time',
  '{1..3}',
  '$@',
  '$?',
  '$#',
  '$1',
  '/tmp/f',
  '/etc/passwd',
];

const shellish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join(''));
const anyText = fc.string({ maxLength: 200, unit: 'binary' });

const FUZZ_LIMITS = { maxStepsPerLine: 2_000, maxOutputBytesPerLine: 64 * 1024, maxPipeBytes: 64 * 1024 };

describe('fuzzing', () => {
  it('parses any text or throws only ParseError', () => {
    fc.assert(
      fc.property(fc.oneof(shellish, anyText), (source) => {
        try {
          new Parser(source, { maxDepth: SHELL_LIMITS.maxNestingDepth, interactive: true }).parseAll();
          new Parser(source, { maxDepth: SHELL_LIMITS.maxNestingDepth }).parseAll();
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('runs any command line to a status within bounds, with no internal error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(shellish, anyText), async (line) => {
        const shell = testShell({ commands: FINITE, limits: FUZZ_LIMITS });
        const result = await execIn(shell, line);
        expect(Number.isInteger(result.status) && result.status >= 0 && result.status <= 255).toBe(true);
        expect(result.stdout.length + result.stderr.length).toBeLessThanOrEqual(
          2 * FUZZ_LIMITS.maxOutputBytesPerLine * 4,
        );
        expect(shell.internalErrors).toEqual([]);
        const after = await execIn(shell, 'echo alive');
        expect(after.stdout).toBe('alive\n');
      }),
      { numRuns: 400 },
    );
  });

  it('edits any byte stream without throwing and keeps the line bounded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const editor = new LineEditor({
          maxLineBytes: 64,
          history: () => ['ls', 'pwd'],
          complete: () => ({ matches: ['a', 'ab'] }),
        });
        editor.start('$ ');
        editor.feed(Buffer.from(bytes));
        for (let i = 0; i < 1000; i++) {
          const { event } = editor.process();
          expect(editor.line.length).toBeLessThanOrEqual(64);
          if (!event) break;
          editor.start('$ ');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('evaluates any arithmetic or throws its own error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (expr) => {
        const vars = new Map<string, string>();
        try {
          evaluateArithmetic(expr, {
            get: (n) => vars.get(n),
            set: (n, v) => {
              vars.set(n, v);
            },
          });
        } catch (err) {
          expect((err as Error).name).toBe('ArithError');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('matches any pattern and regular expression in bounded time', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 200 }), (pattern, subject) => {
        const p = Pattern.compile([{ text: pattern, quoted: false }]);
        p.matches(subject);
        p.prefixMatches(subject);
        p.suffixMatches(subject);
        try {
          Regex.compile(pattern).test(subject);
        } catch (err) {
          if (!(err instanceof RegexError)) throw err;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
