// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the stock prompts are shell text, where ${…} is parameter expansion.
/**
 * The prompt each distro's shell shows (bash(1) "PROMPTING"): the PS1 its stock startup files set, and
 * the backslash escapes that turn PS1 into the text before the cursor.
 *
 * Sources: Debian and Ubuntu's /etc/skel/.bashrc (colour for xterm-color and *-256color, an xterm title
 * for xterm* and rxvt*), Debian's /etc/bash.bashrc for root, RHEL/Fedora/Arch /etc/bashrc, Alpine's
 * /etc/profile, Buildroot's /etc/profile, FreeBSD's /root/.shrc.
 */
import type { Machine, ShellUser } from './command.js';

/** What the prompt escapes read. */
export interface PromptInfo {
  user: string;
  uid: number;
  hostname: string;
  /** Current directory and home, as text. */
  cwd: string;
  home: string;
  /** `\s`, `\v`, `\V`: the shell's name and version. */
  shell?: string;
  version?: string;
  /** `\!` and `\#`: the history number and command number of the line to be read. */
  historyNumber?: number;
  /** `\j`: jobs running. */
  jobs?: number;
  /** `\l`: the terminal's device basename. */
  tty?: string;
  /** For `\t \T \@ \A \d`: the time, epoch milliseconds. */
  nowMs?: number;
}

const UBUNTU_COLOUR = /^(xterm-color|.*-256color)$/;
const XTERM_TITLE = /^(xterm.*|rxvt.*)$/;

const DEBIAN_PLAIN = '${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ ';
const DEBIAN_COLOUR =
  '${debian_chroot:+($debian_chroot)}\\[\\033[01;32m\\]\\u@\\h\\[\\033[00m\\]:\\[\\033[01;34m\\]\\w\\[\\033[00m\\]\\$ ';
const DEBIAN_TITLE = '\\[\\e]0;${debian_chroot:+($debian_chroot)}\\u@\\h: \\w\\a\\]';
const RHEL = '[\\u@\\h \\W]\\$ ';

/** The PS1 a login shell on this machine starts with, for this account and $TERM. */
export function defaultPs1(machine: Machine, user: ShellUser, term = ''): string {
  const distro = machine.distro.name;
  if (distro.startsWith('ubuntu') || ((distro.startsWith('debian') || distro === 'kali') && user.uid !== 0)) {
    // /etc/skel/.bashrc (Ubuntu copies it to /root too; Debian's root gets /etc/bash.bashrc's plain PS1).
    const base = UBUNTU_COLOUR.test(term) ? DEBIAN_COLOUR : DEBIAN_PLAIN;
    return XTERM_TITLE.test(term) ? DEBIAN_TITLE + base : base;
  }
  if (distro.startsWith('debian') || distro === 'kali') return DEBIAN_PLAIN;
  if (/^(rocky|centos|fedora|rhel|alma|arch)/.test(distro)) return RHEL;
  if (distro.startsWith('alpine')) return '\\h:\\w\\$ ';
  if (distro === 'busybox') return '\\w \\$ ';
  if (distro.startsWith('freebsd')) return '\\u@\\h:\\w \\$ ';
  return '\\u@\\h:\\w\\$ ';
}

/** `\w`: the directory with the home directory shown as `~`. */
function tildePath(cwd: string, home: string): string {
  if (home !== '/' && (cwd === home || cwd.startsWith(`${home}/`))) return `~${cwd.slice(home.length)}`;
  return cwd;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Expands PS1's backslash escapes. `\[` and `\]` (which only tell readline what is invisible) are
 * dropped. Parameter expansion, which bash applies afterwards, is the caller's.
 */
export function renderPromptEscapes(ps1: string, info: PromptInfo): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const now = new Date(info.nowMs ?? 0);
  let out = '';
  for (let i = 0; i < ps1.length; i++) {
    const c = ps1[i] as string;
    if (c !== '\\' || i + 1 >= ps1.length) {
      out += c;
      continue;
    }
    const e = ps1[++i] as string;
    switch (e) {
      case 'u':
        out += info.user;
        break;
      case 'h':
        out += info.hostname.split('.')[0];
        break;
      case 'H':
        out += info.hostname;
        break;
      case 'w':
        out += tildePath(info.cwd, info.home);
        break;
      case 'W':
        out +=
          info.cwd === info.home
            ? '~'
            : info.cwd === '/'
              ? '/'
              : info.cwd.slice(info.cwd.lastIndexOf('/') + 1);
        break;
      case '$':
        out += info.uid === 0 ? '#' : '$';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'e':
        out += '\x1b';
        break;
      case '[':
      case ']':
        break;
      case 's':
        out += info.shell ?? 'bash';
        break;
      case 'v':
        out += (info.version ?? '5.1').split('.').slice(0, 2).join('.');
        break;
      case 'V':
        out += (info.version ?? '5.1.16').replace(/\(.*$/, '');
        break;
      case 'j':
        out += String(info.jobs ?? 0);
        break;
      case 'l':
        out += (info.tty ?? 'pts/0').split('/').pop();
        break;
      case '!':
      case '#':
        out += String(info.historyNumber ?? 1);
        break;
      case 't':
        out += `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}`;
        break;
      case 'T':
        out += `${two(now.getUTCHours() % 12 || 12)}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}`;
        break;
      case '@':
        out += `${two(now.getUTCHours() % 12 || 12)}:${two(now.getUTCMinutes())} ${now.getUTCHours() < 12 ? 'AM' : 'PM'}`;
        break;
      case 'A':
        out += `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}`;
        break;
      case 'd':
        out += `${DAYS[now.getUTCDay()]} ${MONTHS[now.getUTCMonth()]} ${two(now.getUTCDate())}`;
        break;
      case '\\':
        out += '\\';
        break;
      default:
        if (/[0-7]/.test(e)) {
          const digits = ps1.slice(i, i + 3).match(/^[0-7]{1,3}/)?.[0] ?? e;
          out += String.fromCharCode(Number.parseInt(digits, 8));
          i += digits.length - 1;
        } else out += `\\${e}`;
    }
  }
  return out;
}

/** `${debian_chroot:+…}` is the only expansion the stock prompts use; no chroot is set. */
function withoutChroot(text: string): string {
  return text.replaceAll('${debian_chroot:+($debian_chroot)}', '');
}

/** The prompt a fresh login shell shows in `cwd`. */
export function promptFor(
  machine: Machine,
  user: ShellUser,
  cwd: string,
  homeDir: string,
  term = '',
): string {
  const info: PromptInfo = { user: user.name, uid: user.uid, hostname: machine.hostname, cwd, home: homeDir };
  return withoutChroot(renderPromptEscapes(defaultPs1(machine, user, term), info));
}
