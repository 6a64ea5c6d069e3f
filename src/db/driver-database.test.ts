import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, scratchDatabase } from '../../test/support/databases.js';
import { scratchDir } from '../../test/support/scratch.js';
import { openDatabase } from './connection.js';
import { openDriverDatabase } from './driver-database.js';
import { currentVersion, migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import { setState } from './repositories/state.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.each(DIALECTS)('a database opened through its driver alone, on %s', (dialect) => {
  it('migrates a new database to the current schema, once', async () => {
    const scratch = await scratchDatabase(dialect);
    cleanups.push(() => scratch.drop());
    const database = await openDriverDatabase(scratch.target);
    cleanups.push(() => database.close());

    const first = await migrate(database);
    expect(first.applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
    expect((await migrate(database)).applied).toEqual([]);
    expect(await currentVersion(database)).toBe(migrations.at(-1)!.version);
  });

  it('reads state values as the query builder wrote them, and null for a missing key', async () => {
    const scratch = await scratchDatabase(dialect);
    cleanups.push(() => scratch.drop());
    const written = await openDatabase(scratch.target);
    await migrate(written);
    await setState(
      written,
      'import:abc',
      { offset: 123_456, note: 'ü "quoted"' },
      '2026-01-01T00:00:00.000000Z',
    );
    await written.close();

    const database = await openDriverDatabase(scratch.target);
    cleanups.push(() => database.close());
    expect(await database.getState('import:abc')).toEqual({ offset: 123_456, note: 'ü "quoted"' });
    expect(await database.getState('import:none')).toBeNull();
  });
});

describe('a bad SQLite file opened through its driver alone', () => {
  it('gives the same message as the query builder path', async () => {
    const file = join(scratchDir('decnet-corrupt'), 'decnet.db');
    writeFileSync(file, 'not a database, only text long enough to hold a header '.repeat(20));
    await expect(openDriverDatabase({ kind: 'sqlite', file })).rejects.toThrow(
      /is not a usable SQLite database.*Move it aside/,
    );
  });
});
