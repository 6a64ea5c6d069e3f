import type BetterSqlite3 from 'better-sqlite3';

/**
 * Results kept at most this many bytes in all, per connection: a hundred first pages of 50
 * attackers (~20 kB each) fit many times over; a 1,000-row page (~400 kB) is never kept.
 */
const MAX_MEMO_BYTES = 8 * 1024 * 1024;
const MAX_RESULT_BYTES = 256 * 1024;

interface Memo {
  /** `data_version`: changes when another connection (or thread) has committed. */
  readonly dataVersionOf: BetterSqlite3.Statement;
  /** `total_changes()`: rows this connection has written; touches no table, so it costs no read transaction. */
  readonly changesOf: BetterSqlite3.Statement;
  dataVersion: number;
  changes: number;
  /** `data_version` was read during this turn of the event loop (reset by setImmediate). */
  checked: boolean;
  bytes: number;
  readonly results: Map<string, Buffer>;
}

const memos = new WeakMap<BetterSqlite3.Database, Memo>();

/**
 * The result of a read-only query on `handle` (encoded, ready to send), computed once per state of the database: a result is
 * dropped as soon as any connection has committed a change since it was computed (SQLite's
 * `PRAGMA data_version` for other connections and threads, `total_changes()` for this one), so what
 * comes from here is what the query would answer now. This connection's own writes are checked on
 * every call; other connections' commits once per turn of the event loop (`data_version` is a tiny
 * statement, but a read transaction: a few system calls), so a commit by another thread shows from the
 * next turn on: the requests one turn serves arrived together, none after that commit was answered.
 * Outside a transaction only: inside one, uncommitted changes of this connection would not show.
 */
export function memoisedRead(
  handle: BetterSqlite3.Database,
  key: string,
  read: () => Buffer,
): { value: Buffer; memoised: boolean } {
  if (handle.inTransaction) return { value: read(), memoised: false };
  let memo = memos.get(handle);
  if (!memo) {
    memo = {
      dataVersionOf: handle.prepare('PRAGMA data_version').pluck(),
      changesOf: handle.prepare('SELECT total_changes()').pluck(),
      dataVersion: -1,
      changes: -1,
      checked: false,
      bytes: 0,
      results: new Map(),
    };
    memos.set(handle, memo);
  }
  const changes = memo.changesOf.get() as number;
  const dataVersion = memo.checked ? memo.dataVersion : (memo.dataVersionOf.get() as number);
  if (changes !== memo.changes || dataVersion !== memo.dataVersion) {
    memo.changes = changes;
    memo.dataVersion = dataVersion;
    memo.results.clear();
    memo.bytes = 0;
  }
  if (!memo.checked) {
    memo.checked = true;
    const checkedMemo = memo;
    setImmediate(() => {
      checkedMemo.checked = false;
    });
  }
  const hit = memo.results.get(key);
  if (hit !== undefined) return { value: hit, memoised: true };
  const value = read();
  if (value.length <= MAX_RESULT_BYTES) {
    while (memo.bytes + value.length > MAX_MEMO_BYTES && memo.results.size > 0) {
      const [oldest, dropped] = memo.results.entries().next().value!;
      memo.results.delete(oldest);
      memo.bytes -= dropped.length;
    }
    memo.results.set(key, value);
    memo.bytes += value.length;
  }
  return { value, memoised: false };
}
