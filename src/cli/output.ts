import Table from 'cli-table3';

/**
 * Attacker-controlled text (usernames, commands, paths) goes to an operator's terminal: control
 * characters could move the cursor, rewrite earlier lines or retitle the window. Show them as escapes.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * JSON for a terminal or a pipe: JSON.stringify leaves DEL, C1 controls and bidi overrides raw, so they
 * are escaped too (the result is still valid JSON meaning the same thing).
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Writes respecting backpressure, so a million rows into a slow pipe stay in bounded memory. */
export async function write(text: string): Promise<void> {
  if (!process.stdout.write(text))
    await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
}

/** Streams rows as one JSON array, row by row. */
export async function writeJsonArray<T>(
  rows: AsyncIterable<T>,
  map: (row: T) => unknown = (r) => r,
): Promise<number> {
  let n = 0;
  await write('[');
  for await (const row of rows) {
    await write(`${n === 0 ? '\n' : ',\n'}${safeJson(map(row))}`);
    n++;
  }
  await write(n === 0 ? ']\n' : '\n]\n');
  return n;
}

export interface Column<T> {
  header: string;
  value(row: T): string | number | boolean | null | undefined;
  /** Longest cell before it is cut with an ellipsis. */
  max?: number;
}

/** Prints rows as a table, cells made terminal-safe and cut to width. Buffers at most one page. */
export async function writeTable<T>(
  columns: Column<T>[],
  rows: AsyncIterable<T>,
  pageSize = 1000,
): Promise<number> {
  let n = 0;
  let table = newTable(columns);
  for await (const row of rows) {
    table.push(columns.map((c) => cell(c.value(row), c.max ?? 60)));
    n++;
    if (n % pageSize === 0) {
      await write(`${table.toString()}\n`);
      table = newTable(columns);
    }
  }
  if (n % pageSize !== 0 || n === 0) await write(`${table.toString()}\n`);
  return n;
}

function newTable<T>(columns: Column<T>[]) {
  return new Table({ head: columns.map((c) => c.header), style: { head: [], border: [] } });
}

function cell(value: string | number | boolean | null | undefined, max: number): string {
  if (value === null || value === undefined) return '-';
  const text = terminalSafe(String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
