import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ARCHETYPES } from '../fabric/catalogue/archetypes.js';
import { DISTROS } from '../fabric/catalogue/distros.js';
import { registerCatalogue } from './catalogue.js';

/** Runs `decnet ...args` against a fresh program and returns what it printed. */
async function run(...args: string[]): Promise<string> {
  const program = new Command('decnet').exitOverride();
  registerCatalogue(program);
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  await program.parseAsync(args, { from: 'user' });
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('decnet archetypes', () => {
  it('prints a table with one row per archetype', async () => {
    const out = await run('archetypes');
    for (const header of ['NAME', 'OS PROFILE', 'SERVICES', 'DISTROS', 'DESCRIPTION']) {
      expect(out).toContain(header);
    }
    for (const a of ARCHETYPES) expect(out).toMatch(new RegExp(`│ ${a.name} +│ ${a.osProfile} +│`));
  });

  it('prints the catalogue objects with --json', async () => {
    expect(JSON.parse(await run('archetypes', '--json'))).toEqual(JSON.parse(JSON.stringify(ARCHETYPES)));
  });
});

describe('decnet distros', () => {
  it('prints a table with one row per distro', async () => {
    const out = await run('distros');
    for (const header of ['NAME', 'LABEL', 'OS PROFILE', 'KERNEL', 'SSH BANNER'])
      expect(out).toContain(header);
    for (const d of DISTROS) {
      expect(out).toMatch(new RegExp(`│ ${d.name} +│`));
      expect(out).toContain(d.sshBanner);
    }
  });

  it('prints the catalogue objects with --json', async () => {
    expect(JSON.parse(await run('distros', '--json'))).toEqual(JSON.parse(JSON.stringify(DISTROS)));
  });
});
