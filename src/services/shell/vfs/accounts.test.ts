import { describe, expect, it } from 'vitest';
import { machineFor } from '../machine.js';
import { accountFor, ensureAccount } from './accounts.js';
import { baseTreeFor } from './base-tree.js';
import { createSessionFs } from './session-fs.js';

const NOW = Date.UTC(2026, 0, 10, 12);

function fresh(distro = 'ubuntu22') {
  const machine = machineFor(
    { name: 'decky-1', hostname: 'h', ip: '10.0.0.9', distro, osProfile: 'linux', archetype: null, seed: 99 },
    NOW,
  );
  const written: string[] = [];
  const who = { uid: 1000, gid: 1000 };
  const fs = createSessionFs(baseTreeFor(machine, []), {
    clock: { now: () => NOW },
    onFileWritten: (p) => written.push(p),
    user: () => who,
  });
  /** Look as root from here on (the account was made while an unprivileged user was current). */
  const becomeRoot = () => Object.assign(who, { uid: 0, gid: 0 });
  return { fs, written, becomeRoot };
}

describe('accounts', () => {
  it('reads an account with its groups, primary first', () => {
    const { fs } = fresh();
    expect(accountFor(fs, 'root')).toEqual({
      name: 'root',
      uid: 0,
      gid: 0,
      home: '/root',
      shell: '/bin/bash',
      groups: [{ name: 'root', gid: 0 }],
    });
    const ubuntu = accountFor(fs, 'ubuntu')!;
    expect(ubuntu.uid).toBe(1000);
    expect(ubuntu.groups[0]).toEqual({ name: 'ubuntu', gid: 1000 });
    expect(ubuntu.groups.map((g) => g.name)).toContain('sudo');
    expect(accountFor(fs, 'nobody-here')).toBeNull();
  });

  it('creates a missing login account with the next free id, a group and a home, as the system', () => {
    const { fs, written, becomeRoot } = fresh();
    const user = ensureAccount(fs, 'oracle');
    becomeRoot();
    expect(user.uid).toBeGreaterThanOrEqual(1000);
    expect(user).toMatchObject({ name: 'oracle', home: '/home/oracle', shell: '/bin/bash' });
    expect(user.uid).not.toBe(accountFor(fs, 'ubuntu')!.uid);
    expect(fs.stat('/home/oracle')).toMatchObject({ type: 'dir', uid: user.uid });
    expect(fs.stat('/home/oracle/.bashrc')?.uid).toBe(user.uid);
    expect(fs.readFile('/etc/group').toString()).toContain(`\noracle:x:${user.gid}:`);
    // sshd creating the account is not the attacker writing files.
    expect(written).toEqual([]);
    expect(ensureAccount(fs, 'oracle').uid).toBe(user.uid);
  });

  it('gives an Alpine account ash', () => {
    expect(ensureAccount(fresh('alpine319').fs, 'pi').shell).toBe('/bin/ash');
  });
});
