/**
 * cmd.exe's environment: names are case-insensitive and case-preserving, `set` lists them sorted, and
 * the count and size of values are bounded by the shell's limits. The login environment is what Windows
 * OpenSSH hands cmd.exe for an account on this decky.
 */
import type { Machine, ShellUser } from '../command.js';
import type { ShellLimits } from '../limits.js';
import { identityOf } from './system.js';

/** What Windows OpenSSH's sshd adds to a session's environment. */
const SSHD_VARIABLES: ReadonlySet<string> = new Set(['SSH_CLIENT', 'SSH_CONNECTION']);

export class CmdEnvironment {
  /** Lower-cased name → [name as set, value]. */
  private readonly vars = new Map<string, [string, string]>();

  constructor(private readonly limits: Pick<ShellLimits, 'maxVariables' | 'maxVariableBytes'>) {}

  get(name: string): string | undefined {
    return this.vars.get(name.toLowerCase())?.[1];
  }

  /** Sets (or, with an empty value, removes) a variable; false when a bound refuses it. */
  set(name: string, value: string): boolean {
    const key = name.toLowerCase();
    if (value === '') {
      this.vars.delete(key);
      return true;
    }
    if (value.length > this.limits.maxVariableBytes) return false;
    if (!this.vars.has(key) && this.vars.size >= this.limits.maxVariables) return false;
    const existing = this.vars.get(key);
    this.vars.set(key, [existing?.[0] ?? name, value]);
    return true;
  }

  /** Every variable as `set` lists them: sorted by name, ignoring case. */
  entries(): Array<[string, string]> {
    return [...this.vars.values()].sort((a, b) => a[0].toLowerCase().localeCompare(b[0].toLowerCase()));
  }

  clone(): CmdEnvironment {
    const copy = new CmdEnvironment(this.limits);
    for (const [key, entry] of this.vars) copy.vars.set(key, [...entry]);
    return copy;
  }
}

/** The environment a login shell starts with (Windows Server's defaults plus what sshd sets). */
export function loginEnvironment(
  machine: Machine,
  user: ShellUser,
  profile: string,
  limits: Pick<ShellLimits, 'maxVariables' | 'maxVariableBytes'>,
  extra: Readonly<Record<string, string>> = {},
): CmdEnvironment {
  const env = new CmdEnvironment(limits);
  const identity = identityOf(machine);
  const appData = `${profile}\\AppData`;
  const cpuFamily =
    machine.cpu.vendor === 'AuthenticAMD' ? 'AMD64 Family 23 Model 49' : 'Intel64 Family 6 Model 85';
  const values: Array<[string, string]> = [
    ['ALLUSERSPROFILE', 'C:\\ProgramData'],
    ['APPDATA', `${appData}\\Roaming`],
    ['CommonProgramFiles', 'C:\\Program Files\\Common Files'],
    ['CommonProgramFiles(x86)', 'C:\\Program Files (x86)\\Common Files'],
    ['CommonProgramW6432', 'C:\\Program Files\\Common Files'],
    ['COMPUTERNAME', identity.computerName],
    ['ComSpec', 'C:\\Windows\\system32\\cmd.exe'],
    ['DriverData', 'C:\\Windows\\System32\\Drivers\\DriverData'],
    ['HOMEDRIVE', 'C:'],
    ['HOMEPATH', profile.slice(2)],
    ['LOCALAPPDATA', `${appData}\\Local`],
    ['LOGONSERVER', `\\\\${identity.computerName}`],
    ['NUMBER_OF_PROCESSORS', String(machine.cpu.cores)],
    ['OS', 'Windows_NT'],
    [
      'Path',
      'C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\;C:\\Windows\\System32\\OpenSSH\\;' +
        `${appData}\\Local\\Microsoft\\WindowsApps;`,
    ],
    ['PATHEXT', '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC'],
    ['PROCESSOR_ARCHITECTURE', 'AMD64'],
    ['PROCESSOR_IDENTIFIER', `${cpuFamily} Stepping 4, ${machine.cpu.vendor}`],
    ['PROCESSOR_LEVEL', machine.cpu.vendor === 'AuthenticAMD' ? '23' : '6'],
    ['PROCESSOR_REVISION', machine.cpu.vendor === 'AuthenticAMD' ? '3100' : '5504'],
    ['ProgramData', 'C:\\ProgramData'],
    ['ProgramFiles', 'C:\\Program Files'],
    ['ProgramFiles(x86)', 'C:\\Program Files (x86)'],
    ['ProgramW6432', 'C:\\Program Files'],
    ['PROMPT', `${user.name.toLowerCase()}@${identity.computerName} $P$G`],
    [
      'PSModulePath',
      'C:\\Program Files\\WindowsPowerShell\\Modules;C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\Modules',
    ],
    ['PUBLIC', 'C:\\Users\\Public'],
    ['SystemDrive', 'C:'],
    ['SystemRoot', 'C:\\Windows'],
    ['TEMP', `${appData}\\Local\\Temp`],
    ['TMP', `${appData}\\Local\\Temp`],
    ['USERDOMAIN', identity.computerName],
    ['USERNAME', user.name],
    ['USERPROFILE', profile],
    ['windir', 'C:\\Windows'],
  ];
  for (const [name, value] of values) env.set(name, value);
  // Windows OpenSSH adds the connection's addresses; it has no pty device to name in SSH_TTY.
  for (const [name, value] of Object.entries(extra))
    if (SSHD_VARIABLES.has(name) && typeof value === 'string') env.set(name, value);
  return env;
}
