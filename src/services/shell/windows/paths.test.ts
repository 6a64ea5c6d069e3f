import { describe, expect, it } from 'vitest';
import { absoluteWindowsPath, canonicalCase, storePath, wildcardMatches, windowsPathOf } from './paths.js';
import { WindowsTestSession } from './testing.js';

describe('absoluteWindowsPath', () => {
  it.each([
    ['C:\\Users\\Administrator', 'Desktop', 'C:\\Users\\Administrator\\Desktop'],
    ['C:\\Users\\Administrator', '..\\..\\Windows', 'C:\\Windows'],
    ['C:\\Users\\Administrator', '\\Windows', 'C:\\Windows'],
    ['C:\\Users\\Administrator', 'c:/windows/system32/', 'C:\\windows\\system32'],
    ['C:\\Users\\Administrator', 'C:', 'C:\\Users\\Administrator'],
    ['C:\\Users\\Administrator', 'C:Desktop', 'C:\\Users\\Administrator\\Desktop'],
    ['C:\\Users\\Administrator', 'D:\\data', 'D:\\data'],
    ['C:\\Users\\Administrator', '..\\..\\..\\..', 'C:\\'],
    ['C:\\', 'foo.', 'C:\\foo'],
    ['C:\\', '"C:\\Program Files"', 'C:\\Program Files'],
    ['C:\\', '\\\\?\\C:\\Windows', 'C:\\Windows'],
  ])('%s + %s → %s', (cwd, input, expected) => {
    expect(absoluteWindowsPath(cwd, input)).toBe(expected);
  });
});

describe('store paths', () => {
  it.each([
    ['C:\\', '/C:'],
    ['C:\\Users\\Administrator', '/C:/Users/Administrator'],
  ])('%s is stored at %s and maps back', (windows, stored) => {
    expect(storePath(windows)).toBe(stored);
    expect(windowsPathOf(stored)).toBe(windows);
  });
});

describe('wildcardMatches', () => {
  it.each<[string, string, boolean]>([
    ['*', 'anything', true],
    ['*.*', 'noext', true],
    ['*.exe', 'CMD.EXE', true],
    ['*.exe', 'cmd.dll', false],
    ['c?d.exe', 'cmd.exe', true],
    ['cmd?.exe', 'cmd.exe', false],
    ['*.', 'README', true],
    ['*.', 'a.txt', false],
    ['*a*b*c', 'xxaxxbxxc', true],
    [`${'*a'.repeat(40)}b`, 'a'.repeat(255), false],
  ])('%s against %s is %s', (pattern, name, expected) => {
    expect(wildcardMatches(pattern, name)).toBe(expected);
  });
});

describe('canonicalCase', () => {
  it('spells existing components as stored and keeps the rest as typed', () => {
    const { session } = new WindowsTestSession();
    const fs = session.drive.fs;
    expect(canonicalCase(fs, 'C:\\WINDOWS\\system32\\DRIVERS\\ETC\\HOSTS')).toBe(
      'C:\\Windows\\System32\\drivers\\etc\\hosts',
    );
    expect(canonicalCase(fs, 'c:\\windows\\NewDir\\file.TXT')).toBe('C:\\Windows\\NewDir\\file.TXT');
  });
});
