import { describe, expect, it } from 'vitest';
import { resolvePath, SessionFilesystem } from './filesystem.js';
import { FTP_LIMITS } from './limits.js';
import { seededTree } from './tree.js';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('resolvePath', () => {
  it.each([
    ['/', 'pub', '/pub'],
    ['/pub', '../backup', '/backup'],
    ['/pub', '/../../etc/passwd', '/etc/passwd'],
    ['/pub', './a//b/.', '/pub/a/b'],
    ['/', '..', '/'],
  ])('from %s, %s is %s', (cwd, path, expected) => {
    expect(resolvePath(cwd, path)).toBe(expected);
  });

  it('refuses a path longer than the cap and takes one at it', () => {
    expect(resolvePath('/', 'a'.repeat(FTP_LIMITS.maxPathChars))).toBe(
      `/${'a'.repeat(FTP_LIMITS.maxPathChars)}`,
    );
    expect(resolvePath('/', 'a'.repeat(FTP_LIMITS.maxPathChars + 1))).toBeNull();
  });
});

describe('seeded tree', () => {
  it('is the same for one decky and differs between deckies', () => {
    const a = seededTree(1, 'web-01', NOW);
    const again = seededTree(1, 'web-01', NOW);
    const b = seededTree(2, 'web-01', NOW);
    const content = (tree: typeof a) => {
      const entry = tree.get('/pub/passwords.txt');
      return entry?.kind === 'file' ? entry.content?.toString() : undefined;
    };
    expect(content(a)).toBe(content(again));
    expect(content(a)).not.toBe(content(b));
    expect([...a.keys()]).toEqual(
      expect.arrayContaining(['/', '/pub', '/incoming', '/backup/backup.sql.gz']),
    );
  });
});

describe('SessionFilesystem', () => {
  it('lists a directory by name, with uploads and new directories of the session', () => {
    const files = new SessionFilesystem(seededTree(1, 'web-01', NOW));
    expect(files.list('/pub').map((e) => e.name)).toEqual(['README', 'config.bak', 'passwords.txt']);
    expect(files.write('/pub/x.sh', Buffer.from('echo'), NOW)).toBe(true);
    expect(files.makeDirectory('/pub/tools', NOW)).toBe(true);
    expect(files.list('/pub').map((e) => e.name)).toContain('x.sh');
    expect(files.list('/pub').map((e) => e.name)).toContain('tools');
    expect(files.write('/nowhere/x', Buffer.from('x'), NOW)).toBe(false);
  });

  it('appends, renames with children, and removes only empty directories', () => {
    const files = new SessionFilesystem(seededTree(1, 'web-01', NOW));
    files.write('/incoming/a', Buffer.from('ab'), NOW);
    files.write('/incoming/a', Buffer.from('cd'), NOW, true);
    expect(files.get('/incoming/a')).toMatchObject({ size: 4, content: Buffer.from('abcd') });
    expect(files.removeDirectory('/incoming')).toBe(false);
    expect(files.rename('/incoming', '/inbox')).toBe(true);
    expect(files.get('/inbox/a')?.kind).toBe('file');
    expect(files.rename('/inbox', '/inbox/inner')).toBe(false);
    expect(files.removeFile('/inbox/a')).toBe(true);
    expect(files.removeDirectory('/inbox')).toBe(true);
    expect(files.removeDirectory('/')).toBe(false);
  });

  it('stops creating entries at the session cap', () => {
    const files = new SessionFilesystem(seededTree(1, 'web-01', NOW));
    for (let i = 0; i < FTP_LIMITS.maxSessionEntries; i++)
      expect(files.makeDirectory(`/d${i}`, NOW)).toBe(true);
    expect(files.makeDirectory('/one-more', NOW)).toBe(false);
  });
});
