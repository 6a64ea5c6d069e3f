import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteHandle } from './sqlite-handle.js';
import { memoisedRead } from './sqlite-read-memo.js';

describe('memoisedRead', () => {
  let dir: string;
  let api: BetterSqlite3.Database;
  let writer: BetterSqlite3.Database;
  let reads = 0;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'decnet-memo-'));
    api = openSqliteHandle(join(dir, 'db'));
    writer = openSqliteHandle(join(dir, 'db'));
    api.exec('CREATE TABLE t (x INTEGER)');
    reads = 0;
  });
  afterEach(() => {
    api.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = () =>
    memoisedRead(api, 'count', () => {
      reads++;
      return Buffer.from(String(api.prepare('SELECT count(*) FROM t').pluck().get()));
    });

  it('answers again without reading while nothing was committed', async () => {
    expect(count()).toEqual({ value: Buffer.from('0'), memoised: false });
    expect(count()).toEqual({ value: Buffer.from('0'), memoised: true });
    await nextTurn();
    expect(count().memoised).toBe(true);
    expect(reads).toBe(1);
  });

  it("sees this connection's own write at once", () => {
    count();
    api.exec('INSERT INTO t VALUES (1)');
    expect(count()).toEqual({ value: Buffer.from('1'), memoised: false });
  });

  it("sees another connection's commit from the next turn of the event loop", async () => {
    count();
    writer.exec('INSERT INTO t VALUES (1)');
    await nextTurn();
    expect(count()).toEqual({ value: Buffer.from('1'), memoised: false });
  });

  it('reads afresh inside a transaction, where uncommitted rows count', () => {
    count();
    api.exec('BEGIN');
    api.exec('INSERT INTO t VALUES (1)');
    expect(count()).toEqual({ value: Buffer.from('1'), memoised: false });
    api.exec('ROLLBACK');
    expect(count().value).toEqual(Buffer.from('0'));
  });

  it('does not keep a result too large to be worth its memory', () => {
    const big = () => memoisedRead(api, 'big', () => Buffer.alloc(512 * 1024));
    big();
    expect(big().memoised).toBe(false);
  });
});
