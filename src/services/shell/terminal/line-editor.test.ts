import { describe, expect, it } from 'vitest';
import { type EditorEvent, LineEditor, type LineEditorOptions } from './line-editor.js';

const UP = '\x1b[A';
const DOWN = '\x1b[B';
const RIGHT = '\x1b[C';
const LEFT = '\x1b[D';

function editor(options: Partial<LineEditorOptions> = {}, history: string[] = []) {
  const e = new LineEditor({ maxLineBytes: 1024, history: () => history, ...options });
  e.start('$ ');
  return {
    e,
    /** Feeds keys (as latin1 bytes) and returns what was echoed and the first event. */
    keys(text: string): { output: string; event: EditorEvent | null } {
      e.feed(Buffer.from(text, 'latin1'));
      return e.process();
    },
  };
}

describe('line editor', () => {
  it('echoes typed characters and completes the line on Enter', () => {
    const { keys } = editor();
    expect(keys('ls -l\r')).toEqual({ output: 'ls -l\r\n', event: { type: 'line', text: 'ls -l' } });
  });

  it('takes CR LF and LF alone as one Enter each', () => {
    const { keys } = editor();
    expect(keys('a\r\n').event).toEqual({ type: 'line', text: 'a' });
    expect(keys('b\n').event).toEqual({ type: 'line', text: 'b' });
    expect(keys('\r\0').event).toEqual({ type: 'line', text: '' });
  });

  it('keeps input after Enter for the next line (type-ahead)', () => {
    const { e, keys } = editor();
    expect(keys('one\rtwo\r').event).toEqual({ type: 'line', text: 'one' });
    e.start('$ ');
    expect(e.process()).toEqual({ output: 'two\r\n', event: { type: 'line', text: 'two' } });
  });

  it('erases with backspace and DEL', () => {
    const { keys } = editor();
    expect(keys('ab\x7f')).toEqual({ output: 'ab\b \b', event: null });
    expect(keys('\bc\r').event).toEqual({ type: 'line', text: 'c' });
  });

  it('ignores backspace at the start of the line', () => {
    const { keys } = editor();
    expect(keys('\x7f')).toEqual({ output: '', event: null });
  });

  it('inserts in the middle after moving left, redrawing the rest', () => {
    const { keys } = editor();
    keys('ac');
    expect(keys(LEFT).output).toBe('\b');
    expect(keys('b').output).toBe('bc\b');
    expect(keys(RIGHT).output).toBe('c');
    expect(keys('\r').event).toEqual({ type: 'line', text: 'abc' });
  });

  it('moves to the start and end with Ctrl-A, Ctrl-E, Home and End', () => {
    const { keys } = editor();
    keys('bc');
    expect(keys('\x01').output).toBe('\b\b');
    keys('a');
    expect(keys('\x05').output).toBe('bc');
    keys('\x1b[H');
    keys('>');
    keys('\x1b[F');
    expect(keys('\r').event).toEqual({ type: 'line', text: '>abc' });
  });

  it('kills to the start with Ctrl-U and a word with Ctrl-W, and yanks with Ctrl-Y', () => {
    const { keys } = editor();
    keys('echo hello world');
    expect(keys('\x17').output).toBe('\b\b\b\b\b\x1b[K');
    keys('\x19');
    keys('\x15');
    expect(keys('x\r').event).toEqual({ type: 'line', text: 'x' });
  });

  it('deletes under the cursor with Ctrl-D and the Delete key', () => {
    const { keys } = editor();
    keys(`abc${LEFT}${LEFT}\x04`);
    keys('\x1b[3~');
    expect(keys('\r').event).toEqual({ type: 'line', text: 'a' });
  });

  it('ends input with Ctrl-D on an empty line', () => {
    const { keys } = editor();
    expect(keys('\x04')).toEqual({ output: '', event: { type: 'eof' } });
  });

  it('abandons the line with Ctrl-C, printing ^C', () => {
    const { keys } = editor();
    expect(keys('rm -rf\x03')).toEqual({ output: 'rm -rf^C\r\n', event: { type: 'interrupt' } });
  });

  it('walks the history with up and down, restoring the line being typed', () => {
    const { keys } = editor({}, ['first', 'second']);
    keys('new');
    expect(keys(UP).output).toBe('\b\b\bsecond\x1b[K');
    expect(keys(UP).output).toBe('\b\b\b\b\b\bfirst\x1b[K');
    expect(keys(UP).output).toBe('\x07');
    keys(DOWN);
    expect(keys(DOWN).output).toBe('\b\b\b\b\b\bnew\x1b[K');
    expect(keys(`${UP}\r`).event).toEqual({ type: 'line', text: 'second' });
  });

  it('clears the screen with Ctrl-L and redraws the prompt and line', () => {
    const { keys } = editor();
    keys('ls');
    expect(keys('\x0c').output).toBe('\x1b[H\x1b[2J$ ls');
  });

  it('completes a unique match, a common prefix, and beeps otherwise', () => {
    const options: Partial<LineEditorOptions> = {
      complete: (word, command) => {
        const pool = command ? ['uname', 'uptime', 'useradd'] : ['/etc/', '/etc/passwd', '/etc/profile'];
        return { matches: pool.filter((p) => p.startsWith(word)) };
      },
    };
    const { keys } = editor(options);
    expect(keys('una\t').output).toBe('uname ');
    expect(keys('/etc/pa\t').output).toBe('/etc/passwd ');
    const second = editor(options);
    expect(second.keys('cat /etc/p\t').output).toBe('cat /etc/p\x07');
    expect(second.keys('\t').output).toBe('\r\n/etc/passwd  /etc/profile\r\n$ cat /etc/p');
    expect(second.keys('x\t').output).toBe('x\x07');
  });

  it('ignores unknown escape sequences and control keys', () => {
    const { keys } = editor();
    expect(keys('a\x1b[15~\x1b[1;5C\x1bOP\x1bz\x07b\r')).toEqual({
      output: 'ab\r\n',
      event: { type: 'line', text: 'ab' },
    });
  });

  it('tolerates bracketed paste', () => {
    const { keys } = editor();
    expect(keys('\x1b[200~echo pasted\x1b[201~\r').event).toEqual({ type: 'line', text: 'echo pasted' });
  });

  it('keeps a UTF-8 character whole under backspace', () => {
    const { keys } = editor();
    const e = Buffer.from('é', 'utf8').toString('latin1');
    keys(`a${e}`);
    expect(keys('\x7f').output).toBe('\b \b');
    expect(keys('\r').event).toEqual({ type: 'line', text: 'a' });
  });

  it('beeps past the line bound instead of growing', () => {
    const { e, keys } = editor({ maxLineBytes: 4 });
    expect(keys('abcdef').output).toBe('abcd\x07\x07');
    expect(e.line).toBe('abcd');
  });

  it('drops queued input when told to (Ctrl-C while a command runs)', () => {
    const { e } = editor();
    e.feed(Buffer.from('typed ahead\r'));
    expect(e.hasPending).toBe(true);
    e.discardPending();
    expect(e.process()).toEqual({ output: '', event: null });
  });
});
