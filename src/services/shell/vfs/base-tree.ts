/**
 * A decky's base tree: everything a fresh session sees, built once per decky from its machine and the
 * command registry (the caller caches it) and never changed afterwards; sessions overlay it
 * copy-on-write (`session-fs.ts`).
 */
import { seededRandom } from '../../shared/seeded-random.js';
import type { CommandSpec, Machine } from '../command.js';
import { familyOf } from '../machine.js';
import type { DirNode } from './node.js';
import { seedAccounts } from './seed/accounts.js';
import { seedBinaries } from './seed/binaries.js';
import { DAY_MS, type SeedContext } from './seed/context.js';
import { seedEtc } from './seed/etc.js';
import { seedFreebsd } from './seed/freebsd.js';
import { seedHomes, seedSkeleton } from './seed/homes.js';
import { seedLogs } from './seed/logs.js';
import { seedDev, seedProc, seedSys } from './seed/proc.js';
import { TreeBuilder } from './tree-builder.js';

export interface BaseTree {
  readonly machine: Machine;
  /** The root directory; shared by every session of the decky, which copy before changing anything. */
  readonly root: DirNode;
  /** Inode numbers from here on are free for sessions. */
  readonly nextIno: number;
}

/** When each distro's release (and so its newest packages) came out; installs happen after it. */
const RELEASE_MS: Readonly<Record<string, number>> = {
  debian12: Date.UTC(2024, 10, 9),
  ubuntu22: Date.UTC(2024, 8, 12),
  ubuntu20: Date.UTC(2023, 2, 23),
  rocky9: Date.UTC(2024, 10, 19),
  centos7: Date.UTC(2020, 10, 12),
  alpine319: Date.UTC(2024, 8, 6),
  fedora39: Date.UTC(2023, 10, 7),
  kali: Date.UTC(2024, 11, 2),
  arch: Date.UTC(2024, 11, 1),
  busybox: Date.UTC(2023, 5, 12),
  // 14.1-RELEASE-p6 (FreeBSD-SA-24:19, 2024-11-12).
  freebsd14: Date.UTC(2024, 10, 12),
};

/** An install took place between this many days before the boot and the distro's release. */
const INSTALL_AGE_DAYS = { min: 20, max: 600 } as const;

export function baseTreeFor(machine: Machine, commands: readonly CommandSpec[]): BaseTree {
  const random = (purpose: string) => seededRandom(machine.persona.seed, `vfs:${purpose}`);
  const tree = new TreeBuilder(random('inodes'), machine.bootMs);
  const releaseMs = Math.min(
    RELEASE_MS[machine.distro.name] ?? Date.UTC(2024, 0, 1),
    machine.bootMs - 2 * DAY_MS,
  );
  const age = random('install').int(INSTALL_AGE_DAYS.min, INSTALL_AGE_DAYS.max) * DAY_MS;
  const installMs = Math.max(releaseMs + DAY_MS, machine.bootMs - age);
  const accounts = seedAccounts(machine, random('accounts'));
  const idFor = (name: string, kind: 'uid' | 'gid'): number => {
    const user = accounts.users.find((u) => u.name === name);
    if (user) return kind === 'uid' ? user.uid : user.gid;
    const group = accounts.groups.find((g) => g.name === name);
    if (group) return group.gid;
    // A daemon account the seed does not list (zabbix, asterisk …): a stable system id.
    let h = 0;
    for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
    return 100 + (h % 800);
  };
  const ctx: SeedContext = {
    machine,
    family: familyOf(machine.distro),
    tree,
    accounts,
    random,
    installMs: Math.min(installMs, machine.bootMs - DAY_MS),
    releaseMs,
    uidOf: (name) => idFor(name, 'uid'),
    gidOf: (name) => idFor(name, 'gid'),
  };
  if (ctx.family === 'bsd') {
    // FreeBSD shares none of the Linux layout (hier(7)): its own programs, /etc, logs and devfs.
    seedFreebsd(ctx, commands);
    seedHomes(ctx);
    return { machine, root: tree.root, nextIno: tree.nextIno };
  }
  // Binaries first: they lay down the /bin → usr/bin links everything else writes through.
  seedBinaries(ctx, commands);
  seedSkeleton(ctx);
  seedEtc(ctx);
  seedHomes(ctx);
  seedLogs(ctx);
  seedDev(ctx);
  seedProc(ctx);
  seedSys(ctx);
  return { machine, root: tree.root, nextIno: tree.nextIno };
}
