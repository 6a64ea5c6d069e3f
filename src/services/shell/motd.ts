/**
 * What a login prints before the first prompt, as the decky's distro prints it: Ubuntu's
 * update-motd (welcome line, links, landscape-sysinfo, update counts), Debian's uname line and licence
 * text, Alpine's welcome, Rocky's cockpit hint, then sshd's "Last login" line where the distro's sshd
 * keeps lastlog. Lines end in `\n`; the terminal layer converts.
 */
import { seededRandom } from '../shared/seeded-random.js';
import type { Machine, ShellUser } from './command.js';
import { familyOf } from './machine.js';
import { busyboxFor } from './vfs/busybox.js';
import { processTable } from './vfs/processes.js';
import { FREEBSD_MOTD_TEMPLATE } from './vfs/seed/freebsd.js';
import { loadAverage, memorySnapshot } from './vfs/system-state.js';

export interface LastLogin {
  /** Epoch milliseconds. */
  at: number;
  from: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number) => String(n).padStart(2, '0');

/** ctime(3) without the newline: `Wed Nov 27 10:12:01 2024`, UTC. */
export function ctime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** `date` in en_US.UTF-8 on glibc ≥ 2.29: `Wed Nov 27 10:15:32 AM UTC 2024`. */
function dateEnUs(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(h12)}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'} UTC ${d.getUTCFullYear()}`;
}

/** Ubuntu 20.04's landscape-sysinfo date: `Wed 27 Nov 2024 10:15:32 AM UTC`. */
function dateFocal(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${DAYS[d.getUTCDay()]} ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(h12)}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'} UTC`;
}

/** Python's str(round(x, 2)), as landscape-sysinfo prints the load: `0.0`, `0.08`, `1.5`. */
function pyRound2(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Number.isInteger(r) ? `${r}.0` : String(r);
}

export function loginBanner(
  machine: Machine,
  _user: ShellUser,
  lastLogin: LastLogin | null,
  now: number,
): string {
  const family = familyOf(machine.distro);
  const name = machine.distro.name;
  const last = lastLogin ? `Last login: ${ctime(lastLogin.at)} from ${lastLogin.from}\n` : '';
  switch (name) {
    case 'ubuntu22':
    case 'ubuntu20':
      return `${ubuntuMotd(machine, now)}${last}`;
    case 'debian12':
    case 'kali': {
      const d = machine.distro;
      const label = name === 'kali' ? 'Kali GNU/Linux' : 'Debian GNU/Linux';
      return [
        `Linux ${machine.hostname} ${d.kernel} ${d.kernelVersion} ${d.arch}\n`,
        '\n',
        `The programs included with the ${label} system are free software;\n`,
        'the exact distribution terms for each program are described in the\n',
        'individual files in /usr/share/doc/*/copyright.\n',
        '\n',
        `${label} comes with ABSOLUTELY NO WARRANTY, to the extent\n`,
        'permitted by applicable law.\n',
        last,
      ].join('');
    }
    case 'rocky9':
      return `Activate the web console with: systemctl enable --now cockpit.socket\n\n${last}`;
    case 'fedora39':
      return `Web console: https://${machine.hostname}:9090/ or https://${machine.network.ip}:9090/\n\n${last}`;
    case 'alpine319':
      return [
        'Welcome to Alpine!\n',
        '\n',
        'The Alpine Wiki contains a large amount of how-to guides and general\n',
        'information about administrating Alpine systems.\n',
        'See <https://wiki.alpinelinux.org/>.\n',
        '\n',
        'You can setup the system with the command: setup-alpine\n',
        '\n',
        'You may change this message by editing /etc/motd.\n',
        '\n',
      ].join('');
    case 'freebsd14':
      // sshd's lastlog line, then login(1)'s welcome file (login.conf welcome=/var/run/motd).
      return `${last}${machine.distro.kernelVersion}\n\n${FREEBSD_MOTD_TEMPLATE}`;
    default:
      if (family === 'busybox') {
        const bb = busyboxFor(machine.distro);
        const banner = bb?.banner.replace(' multi-call binary.', '') ?? 'BusyBox';
        return `\n\n${banner} built-in shell (ash)\n\n`;
      }
      // CentOS 7, Arch: sshd's own lastlog line and nothing else.
      return last;
  }
}

function ubuntuMotd(machine: Machine, now: number): string {
  const d = machine.distro;
  const focal = d.name === 'ubuntu20';
  const random = seededRandom(machine.persona.seed, 'motd');
  const [load] = loadAverage(machine, now);
  const mem = memorySnapshot(machine, now);
  const memUsed = Math.round(((mem.totalKiB - mem.availableKiB) / mem.totalKiB) * 100);
  const swap =
    mem.swapTotalKiB === 0 ? 0 : Math.round(((mem.swapTotalKiB - mem.swapFreeKiB) / mem.swapTotalKiB) * 100);
  const diskGb = (machine.disk.blocks / 1024 / 1024).toFixed(2);
  const usage = ((machine.disk.usedBlocks / machine.disk.blocks) * 100).toFixed(1);
  const processes = processTable(machine, now).length + random.int(3, 9);
  const left = [
    ['System load:', pyRound2(load)],
    ['Usage of /:', `${usage}% of ${diskGb}GB`],
    ['Memory usage:', `${memUsed}%`],
    ['Swap usage:', `${swap}%`],
  ];
  const right = [
    ['Processes:', String(processes)],
    ['Users logged in:', '0'],
    [`IPv4 address for ${machine.network.iface}:`, machine.network.ip],
  ];
  const leftLabel = Math.max(...left.map(([l]) => l!.length)) + 1;
  const leftCells = left.map(([l, v]) => `${l!.padEnd(leftLabel)}${v}`);
  const leftWidth = Math.max(...leftCells.slice(0, right.length).map((c) => c.length)) + 4;
  const rightLabel = Math.max(...right.map(([l]) => l!.length)) + 1;
  const rows = leftCells.map((cell, i) => {
    const r = right[i];
    return r ? `  ${cell.padEnd(leftWidth)}${r[0]!.padEnd(rightLabel)}${r[1]}` : `  ${cell}`;
  });
  const updates = random.pick([0, 0, 3, 12, 27, 41] as const);
  const security = updates === 0 ? 0 : random.int(0, Math.floor(updates / 2));
  const updateText =
    updates === 0
      ? '0 updates can be applied immediately.\n'
      : `${updates} updates can be applied immediately.\n${security > 0 ? `${security} of these updates ${security === 1 ? 'is a' : 'are'} standard security update${security === 1 ? '' : 's'}.\n` : ''}To see these additional updates run: apt list --upgradable\n`;
  return [
    `Welcome to ${d.label} (GNU/Linux ${d.kernel} ${d.arch})\n`,
    '\n',
    ' * Documentation:  https://help.ubuntu.com\n',
    ' * Management:     https://landscape.canonical.com\n',
    ` * Support:        ${focal ? 'https://ubuntu.com/advantage' : 'https://ubuntu.com/pro'}\n`,
    '\n',
    focal ? `  System information as of ${dateFocal(now)}\n` : ` System information as of ${dateEnUs(now)}\n`,
    '\n',
    ...rows.map((r) => `${r}\n`),
    '\n',
    'Expanded Security Maintenance for Applications is not enabled.\n',
    '\n',
    updateText,
    '\n',
    'Enable ESM Apps to receive additional future security updates.\n',
    'See https://ubuntu.com/esm or run: sudo pro status\n',
    '\n',
    ...(focal
      ? [
          '\n',
          'The list of available updates is more than a week old.\n',
          'To check for new updates run: sudo apt update\n',
        ]
      : []),
    '\n',
  ].join('');
}
