/**
 * The cmd prompt from the PROMPT variable (`prompt /?`): `$P` the current directory, `$G` `>`, `$N`
 * the drive, `$T`/`$D` time and date, `$V` the version, `$_` a line break, and the rest of its codes.
 */

import { CMD_LIMITS } from './limits.js';
import { shortDate } from './system.js';

export interface PromptFacts {
  cwd: string;
  nowMs: number;
  /** `Microsoft Windows [Version …]`. */
  version: string;
}

export function renderPrompt(template: string, facts: PromptFacts): string {
  let out = '';
  for (let i = 0; i < template.length && out.length < CMD_LIMITS.maxPromptChars; i++) {
    const ch = template[i] as string;
    if (ch !== '$' || i + 1 >= template.length) {
      out += ch;
      continue;
    }
    const code = (template[++i] as string).toUpperCase();
    out += expandCode(code, facts);
  }
  return out.slice(0, CMD_LIMITS.maxPromptChars);
}

function expandCode(code: string, facts: PromptFacts): string {
  switch (code) {
    case 'P':
      return facts.cwd;
    case 'G':
      return '>';
    case 'L':
      return '<';
    case 'B':
      return '|';
    case 'Q':
      return '=';
    case 'S':
      return ' ';
    case '$':
      return '$';
    case 'A':
      return '&';
    case 'C':
      return '(';
    case 'F':
      return ')';
    case 'N':
      return facts.cwd.slice(0, 1);
    case '_':
      return '\r\n';
    case 'E':
      return '\x1b';
    case 'H':
      return '\b';
    case 'V':
      return facts.version;
    case 'D': {
      const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(facts.nowMs).getUTCDay()];
      return `${day} ${shortDate(facts.nowMs)}`;
    }
    case 'T': {
      const d = new Date(facts.nowMs);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${String(d.getUTCHours()).padStart(2, ' ')}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${two(Math.floor(d.getUTCMilliseconds() / 10))}`;
    }
    case '+':
      return '';
    default:
      // cmd drops an unknown code.
      return '';
  }
}
