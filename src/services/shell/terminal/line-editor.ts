/**
 * The line editing a PTY session gets from readline (emacs mode): echo, cursor movement, kill and
 * history keys, Tab completion, Ctrl-C and Ctrl-D. A pure state machine: bytes go in, the bytes to
 * echo and the completed events come out, so every key can be tested without a terminal.
 *
 * Text is bytes (one char per byte); a UTF-8 character is kept whole, so the cursor never lands inside
 * one. Escape sequences readline does not bind are swallowed, never echoed.
 */

export type EditorEvent =
  /** Enter: the line as typed (bytes). */
  | { type: 'line'; text: string }
  /** Ctrl-C: the line is abandoned. */
  | { type: 'interrupt' }
  /** Ctrl-D on an empty line. */
  | { type: 'eof' };

export interface Completion {
  /** Full words that complete the word before the cursor (directories end in `/`). */
  matches: string[];
}

export interface LineEditorOptions {
  /** Bytes one line may hold; typing past it beeps. */
  maxLineBytes: number;
  /** The history, oldest first (bytes), for up and down. */
  history(): readonly string[];
  /**
   * Completions for `word` (bytes), the word before the cursor; `command` when it is in command
   * position. Empty when there is nothing to offer.
   */
  complete?(word: string, command: boolean): Completion;
}

const BEL = '\x07';
/** What readline prints to clear the screen (Ctrl-L): home and erase. */
const CLEAR_SCREEN = '\x1b[H\x1b[2J';
const ERASE_TO_END = '\x1b[K';
/** Lines' worth of input queued ahead of the editor (typed or pasted while a command runs); more is dropped. */
const MAX_QUEUED_LINES = 4;
/** More possibilities than this and the listing is refused (readline asks first; here it beeps). */
const MAX_LISTED_COMPLETIONS = 100;

export class LineEditor {
  private chars: string[] = [];
  /** Bytes in `chars`. */
  private size = 0;
  private cursor = 0;
  private prompt = '';
  /** Queued input and how far `process` has read into it. */
  private pending = '';
  private read = 0;
  private partial = '';
  private escape: string | null = null;
  private pasting = false;
  private lastWasCr = false;
  private historyIndex = 0;
  private saved: string[] = [];
  private killed = '';
  private lastKeyWasTab = false;

  constructor(private readonly options: LineEditorOptions) {}

  /** Begins a new line after `prompt` was printed. */
  start(prompt: string): void {
    this.prompt = prompt;
    this.setChars([]);
    this.historyIndex = this.options.history().length;
    this.saved = [];
    this.lastKeyWasTab = false;
  }

  /** Queues input bytes (as a byte string) for `process`. */
  feed(data: Buffer): void {
    this.pending = this.pending.slice(this.read);
    this.read = 0;
    const room = this.options.maxLineBytes * MAX_QUEUED_LINES - this.pending.length;
    if (room > 0) this.pending += data.subarray(0, room).toString('latin1');
  }

  /** Input not yet processed (typed ahead while a command ran). */
  get hasPending(): boolean {
    return this.read < this.pending.length;
  }

  /** Drops queued input (Ctrl-C while a command runs flushes the terminal's input, as the tty driver does). */
  discardPending(): void {
    this.pending = '';
    this.read = 0;
    this.partial = '';
    this.escape = null;
  }

  private setChars(chars: string[]): void {
    this.chars = chars;
    this.size = chars.reduce((n, c) => n + c.length, 0);
    this.cursor = chars.length;
  }

  get line(): string {
    return this.chars.join('');
  }

  /**
   * Processes queued input up to the first event. `output` is what to echo; input after the event stays
   * queued for the next line.
   */
  process(): { output: string; event: EditorEvent | null } {
    let output = '';
    while (this.read < this.pending.length) {
      const byte = this.pending[this.read++] as string;
      const result = this.key(byte);
      output += result.output;
      if (result.event) return { output, event: result.event };
    }
    this.pending = '';
    this.read = 0;
    return { output, event: null };
  }

  private key(byte: string): { output: string; event?: EditorEvent } {
    const code = byte.charCodeAt(0);
    if (this.escape !== null) return { output: this.escapeByte(byte) };
    if (this.partial !== '' || code >= 0x80) return { output: this.utf8Byte(byte) };
    const wasCr = this.lastWasCr;
    this.lastWasCr = false;
    const wasTab = this.lastKeyWasTab;
    this.lastKeyWasTab = false;
    if (code >= 0x20 && code !== 0x7f) return { output: this.insert(byte) };
    switch (code) {
      case 0x0d:
        this.lastWasCr = true;
        return this.enter();
      case 0x0a:
        if (wasCr) return { output: '' };
        return this.enter();
      case 0x00:
        return { output: '' };
      case 0x03:
        this.setChars([]);
        return { output: '^C\r\n', event: { type: 'interrupt' } };
      case 0x04:
        if (this.chars.length === 0) return { output: '', event: { type: 'eof' } };
        return { output: this.deleteAt(this.cursor) };
      case 0x7f:
      case 0x08:
        return { output: this.cursor > 0 ? this.deleteAt(this.cursor - 1, true) : '' };
      case 0x01:
        return { output: this.moveTo(0) };
      case 0x05:
        return { output: this.moveTo(this.chars.length) };
      case 0x02:
        return { output: this.moveTo(this.cursor - 1) };
      case 0x06:
        return { output: this.moveTo(this.cursor + 1) };
      case 0x15:
        return { output: this.kill(0, this.cursor) };
      case 0x0b:
        return { output: this.kill(this.cursor, this.chars.length) };
      case 0x17:
        return { output: this.kill(this.wordStart(this.cursor), this.cursor) };
      case 0x19:
        return { output: this.insertText(this.killed) };
      case 0x0c:
        return {
          output: `${CLEAR_SCREEN}${this.prompt}${this.line}${this.back(this.chars.length - this.cursor)}`,
        };
      case 0x10:
        return { output: this.historyMove(-1) };
      case 0x0e:
        return { output: this.historyMove(1) };
      case 0x09:
        this.lastKeyWasTab = true;
        return { output: this.tab(wasTab) };
      case 0x1b:
        this.escape = '';
        return { output: '' };
      default:
        return { output: '' };
    }
  }

  private enter(): { output: string; event: EditorEvent } {
    const text = this.line;
    this.setChars([]);
    return { output: '\r\n', event: { type: 'line', text } };
  }

  /** Collects a UTF-8 sequence and inserts it as one character. */
  private utf8Byte(byte: string): string {
    const code = byte.charCodeAt(0);
    if (this.partial === '') {
      if (code < 0xc0 || code > 0xf7) return '';
      this.partial = byte;
      return '';
    }
    if ((code & 0xc0) !== 0x80) {
      // A broken sequence: drop it and read this byte afresh.
      this.partial = '';
      this.read--;
      return '';
    }
    this.partial += byte;
    const lead = this.partial.charCodeAt(0);
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (this.partial.length < length) return '';
    const char = this.partial;
    this.partial = '';
    return this.insert(char);
  }

  /** One byte of an escape sequence (ESC already read). */
  private escapeByte(byte: string): string {
    const seq = this.escape + byte;
    if (seq === '[' || seq === 'O') {
      this.escape = seq;
      return '';
    }
    if (seq.startsWith('[')) {
      // CSI: parameters and intermediates until a final byte 0x40–0x7e.
      const code = byte.charCodeAt(0);
      if (code >= 0x40 && code <= 0x7e && seq.length > 1) {
        this.escape = null;
        return this.csi(seq.slice(1));
      }
      if (seq.length > 16) this.escape = null;
      else this.escape = seq;
      return '';
    }
    this.escape = null;
    if (seq.startsWith('O')) return this.csi(seq.slice(1));
    // Meta-b / Meta-f move by words; Meta-d kills one; anything else is ignored.
    if (seq === 'b') return this.moveTo(this.wordStart(this.cursor));
    if (seq === 'f') return this.moveTo(this.wordEnd(this.cursor));
    if (seq === 'd') return this.kill(this.cursor, this.wordEnd(this.cursor));
    if (seq === '\x7f') return this.kill(this.wordStart(this.cursor), this.cursor);
    return '';
  }

  private csi(body: string): string {
    switch (body) {
      case 'A':
        return this.historyMove(-1);
      case 'B':
        return this.historyMove(1);
      case 'C':
        return this.moveTo(this.cursor + 1);
      case 'D':
        return this.moveTo(this.cursor - 1);
      case 'H':
      case '1~':
      case '7~':
        return this.moveTo(0);
      case 'F':
      case '4~':
      case '8~':
        return this.moveTo(this.chars.length);
      case '3~':
        return this.cursor < this.chars.length ? this.deleteAt(this.cursor) : '';
      case '200~':
        this.pasting = true;
        return '';
      case '201~':
        this.pasting = false;
        return '';
      default:
        return '';
    }
  }

  private insert(char: string): string {
    if (this.size + char.length > this.options.maxLineBytes) return BEL;
    this.chars.splice(this.cursor, 0, char);
    this.size += char.length;
    this.cursor++;
    const rest = this.chars.slice(this.cursor);
    if (rest.length === 0) return char;
    return `${char}${rest.join('')}${this.back(rest.length)}`;
  }

  private insertText(text: string): string {
    let out = '';
    const chars = text.match(/[\xc0-\xf7][\x80-\xbf]*|[\s\S]/g) ?? [];
    for (const c of chars) out += this.insert(c);
    return out;
  }

  private back(n: number): string {
    return n > 0 ? '\b'.repeat(n) : '';
  }

  private moveTo(position: number): string {
    const target = Math.max(0, Math.min(this.chars.length, position));
    let out = '';
    if (target < this.cursor) out = this.back(this.cursor - target);
    else if (target > this.cursor) out = this.chars.slice(this.cursor, target).join('');
    this.cursor = target;
    return out;
  }

  /** Deletes the character at `index`; `backspace` when the cursor was just after it. */
  private deleteAt(index: number, backspace = false): string {
    if (index < 0 || index >= this.chars.length) return '';
    this.size -= (this.chars.splice(index, 1)[0] as string).length;
    let out = '';
    if (backspace) {
      this.cursor--;
      out = '\b';
    }
    const rest = this.chars.slice(this.cursor).join('');
    return `${out}${rest} ${this.back(this.chars.length - this.cursor + 1)}`;
  }

  /** Removes chars [from, to) into the kill buffer and redraws. */
  private kill(from: number, to: number): string {
    if (to <= from) return '';
    this.killed = this.chars.slice(from, to).join('');
    const move = this.moveTo(from);
    this.chars.splice(from, to - from);
    this.size -= this.killed.length;
    const rest = this.chars.slice(this.cursor).join('');
    return `${move}${rest}${ERASE_TO_END}${this.back(this.chars.length - this.cursor)}`;
  }

  private wordStart(from: number): number {
    let i = from;
    while (i > 0 && this.chars[i - 1] === ' ') i--;
    while (i > 0 && this.chars[i - 1] !== ' ') i--;
    return i;
  }

  private wordEnd(from: number): number {
    let i = from;
    while (i < this.chars.length && this.chars[i] === ' ') i++;
    while (i < this.chars.length && this.chars[i] !== ' ') i++;
    return i;
  }

  /** Replaces the whole line (history): back to its start, the new text, erase what is left. */
  private replaceLine(text: string): string {
    const back = this.back(this.cursor);
    this.setChars(text.match(/[\xc0-\xf7][\x80-\xbf]*|[\s\S]/g) ?? []);
    return `${back}${text}${ERASE_TO_END}`;
  }

  private historyMove(direction: -1 | 1): string {
    const history = this.options.history();
    const next = this.historyIndex + direction;
    if (next < 0 || next > history.length) return BEL;
    if (this.historyIndex === history.length) this.saved = [...this.chars];
    this.historyIndex = next;
    return this.replaceLine(next === history.length ? this.saved.join('') : (history[next] as string));
  }

  private tab(second: boolean): string {
    if (!this.options.complete || this.pasting) return this.pasting ? this.insert('\t') : BEL;
    const start = this.wordStart(this.cursor);
    if (start < this.cursor && this.chars[this.cursor - 1] === ' ') return BEL;
    const word = this.chars.slice(start, this.cursor).join('');
    const before = this.chars.slice(0, start).join('').trimEnd();
    const command = before === '' || /[;&|(]$/.test(before);
    const { matches } = this.options.complete(word, command);
    if (matches.length === 0) return BEL;
    if (matches.length === 1) {
      const match = matches[0] as string;
      const suffix = match.endsWith('/') ? '' : ' ';
      return this.insertText(match.slice(word.length) + suffix);
    }
    const common = commonPrefix(matches);
    if (common.length > word.length) return this.insertText(common.slice(word.length));
    if (!second || matches.length > MAX_LISTED_COMPLETIONS) return BEL;
    const listing = [...matches].sort().join('  ');
    return `\r\n${listing}\r\n${this.prompt}${this.line}${this.back(this.chars.length - this.cursor)}`;
  }
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const w of words) {
    let i = 0;
    while (i < prefix.length && i < w.length && prefix[i] === w[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}
