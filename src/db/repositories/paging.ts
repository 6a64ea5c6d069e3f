/**
 * Rows of a keyset-paged listing, `total` at most, fetched `pageSize` at a time: each page starts after
 * the last row of the one before, so page cost stays constant however deep the listing goes (a
 * million-row export does not slow down towards its end the way OFFSET would).
 */
export async function* keysetPages<Row, Cursor>(
  fetchPage: (limit: number, after: Cursor | undefined) => Promise<Row[]>,
  cursorOf: (row: Row) => Cursor,
  total: number,
  pageSize = 5000,
): AsyncGenerator<Row> {
  let after: Cursor | undefined;
  let left = total;
  while (left > 0) {
    const want = Math.min(pageSize, left);
    const page = await fetchPage(want, after);
    for (const row of page) yield row;
    if (page.length < want) return;
    left -= page.length;
    after = cursorOf(page.at(-1)!);
  }
}
