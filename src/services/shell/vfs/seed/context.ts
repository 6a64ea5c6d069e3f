/** What every seed module of the base tree works from. */
import type { SeededRandom } from '../../../shared/seeded-random.js';
import type { Machine } from '../../command.js';
import type { DistroFamily } from '../../machine.js';
import type { TreeBuilder } from '../tree-builder.js';
import type { SeedAccounts } from './accounts.js';

export interface SeedContext {
  machine: Machine;
  family: DistroFamily;
  tree: TreeBuilder;
  accounts: SeedAccounts;
  /** Seeded randomness for one purpose on this decky. */
  random(purpose: string): SeededRandom;
  /** When the OS was installed (most of /etc carries this time). */
  installMs: number;
  /** When the distro's packages were built (binaries and /usr carry times before this). */
  releaseMs: number;
  uidOf(user: string): number;
  gidOf(group: string): number;
}

export const DAY_MS = 86_400_000;

/** Hex digits from a seeded source (machine-id, UUIDs, host key fingerprints). */
export function hex(random: SeededRandom, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'[random.int(0, 15)];
  return out;
}

export function uuid(random: SeededRandom): string {
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${'89ab'[random.int(0, 3)]}${hex(random, 3)}-${hex(random, 12)}`;
}

export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}
