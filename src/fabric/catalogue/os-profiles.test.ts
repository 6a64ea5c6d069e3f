import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OS_PROFILES } from './os-profiles.js';

const IS_ROOT = process.getuid?.() === 0;
const ALL_KEYS = [...new Set(OS_PROFILES.flatMap((p) => Object.keys(p.sysctls)))];

function hostValue(key: string): string {
  return readFileSync(`/proc/sys/${key.replaceAll('.', '/')}`, 'utf8')
    .trim()
    .split(/\s+/)
    .join(' ');
}

// Real kernel check: every profile must apply inside a fresh network namespace, read back as written,
// and leave the host's own values alone (a global sysctl would silently retune the host).
describe.skipIf(!IS_ROOT)('OS profiles in a real network namespace (root only)', () => {
  const namespace = `dnt-${randomBytes(4).toString('hex')}`;
  const hostBefore = new Map<string, string>();

  beforeAll(() => {
    for (const key of ALL_KEYS) hostBefore.set(key, hostValue(key));
    execFileSync('ip', ['netns', 'add', namespace]);
  });

  afterAll(() => {
    execFileSync('ip', ['netns', 'del', namespace]);
  });

  it.each(OS_PROFILES.map((p) => [p.name, p] as const))('%s applies and reads back', (_, profile) => {
    for (const [key, value] of Object.entries(profile.sysctls)) {
      execFileSync('ip', ['netns', 'exec', namespace, 'sysctl', '-w', `${key}=${value}`], { stdio: 'pipe' });
      const readBack = execFileSync('ip', ['netns', 'exec', namespace, 'sysctl', '-n', key], {
        encoding: 'utf8',
      });
      expect(readBack.trim().split(/\s+/).join(' '), key).toBe(value);
    }
  });

  it('leaves the host namespace untouched', () => {
    for (const key of ALL_KEYS) expect(hostValue(key), key).toBe(hostBefore.get(key));
  });
});
