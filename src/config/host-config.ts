/**
 * The host config file: installation settings written in an INI file instead of the environment
 * (spec/decnet-inventory.md §1.6 item 2; the reference's `config_ini.py`). Environment variables win
 * over it. Exactly one file is read, the first of:
 *
 * 1. `DECNET_CONFIG`, which must exist;
 * 2. `<home>/decnet.ini`, when it exists (home from DECNET_HOME, else `~/.decnet`);
 * 3. `/etc/decnet/decnet.ini`, when it exists.
 *
 * Keys accept `-` for `_` (`batch-size` = `batch_size`, as the reference writes them). Unknown sections
 * and keys are errors naming file and line: the reference only warned, and a mistyped key then silently
 * left a default in place.
 */
import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { IniError, type IniErrorLocation, quote } from './errors.js';
import { readIniFileSync } from './ini.js';
import {
  HOME_CONFIG_FILE_NAME,
  hostConfigKeys,
  type SettingId,
  SYSTEM_CONFIG_FILE,
} from './settings-catalogue.js';

export interface HostConfigValue {
  value: string;
  file: string;
  line: number;
  section: string;
  key: string;
}

export interface HostConfig {
  file: string;
  values: ReadonlyMap<SettingId, HostConfigValue>;
}

export type HostConfigChoice =
  | { file: string; why: 'variable' }
  | { file: string; why: 'home' }
  | { file: string; why: 'system' };

/**
 * Which host config file to read. `explicit` is DECNET_CONFIG resolved to an absolute path; when it is
 * given it is chosen whether or not it exists (reading it then reports a missing file).
 */
export function chooseHostConfig(
  explicit: string | undefined,
  home: string,
  systemFile: string,
): HostConfigChoice | null {
  if (explicit !== undefined) return { file: explicit, why: 'variable' };
  const inHome = join(home, HOME_CONFIG_FILE_NAME);
  if (exists(inHome)) return { file: inHome, why: 'home' };
  if (exists(systemFile)) return { file: systemFile, why: 'system' };
  return null;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads and checks a host config file. Throws {@link IniError}. */
export function readHostConfig(choice: HostConfigChoice): HostConfig {
  const { file } = choice;
  const doc = readIniFileSync(file);
  const known = hostConfigKeys();
  const values = new Map<SettingId, HostConfigValue>();
  for (const section of doc.sections) {
    const keys = known.get(section.name);
    if (!keys) {
      throw new IniError(
        { file, line: section.line, section: section.name },
        `unknown section; known sections: ${[...known.keys()].map((s) => `[${s}]`).join(', ')}`,
      );
    }
    for (const entry of section.entries) {
      const where = { file, line: entry.line, section: section.name, key: entry.key };
      const id = keys.get(entry.key.replaceAll('-', '_'));
      if (!id) {
        throw new IniError(
          where,
          `unknown key; known keys in [${section.name}]: ${[...keys.keys()].join(', ')}`,
        );
      }
      const previous = values.get(id);
      if (previous) {
        throw new IniError(where, `already set on line ${previous.line} (as ${previous.key})`);
      }
      if (id === 'home') checkHome(where, entry.value, choice);
      values.set(id, { value: entry.value, file, line: entry.line, section: section.name, key: entry.key });
    }
  }
  return { file, values };
}

function checkHome(where: IniErrorLocation, value: string, choice: HostConfigChoice): void {
  if (choice.why === 'home') {
    throw new IniError(
      where,
      'the decnet.ini inside DECNET_HOME cannot move DECNET_HOME (it is found through it); set DECNET_HOME, ' +
        `or set home in ${SYSTEM_CONFIG_FILE} or in the file DECNET_CONFIG names`,
    );
  }
  if (value !== '' && !isAbsolute(value) && value !== '~' && !value.startsWith('~/')) {
    throw new IniError(where, `${quote(value)}: must be an absolute path (or start with ~/)`);
  }
}
