/** The column layout whoami, query and the other tools print: headers, `=` rules, one space between columns. */

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number)))
      .join(' ')
      .replace(/\s+$/, '');
  const lines = [format(headers), widths.map((w) => '='.repeat(w)).join(' '), ...rows.map(format)];
  return `${lines.join('\r\n')}\r\n`;
}
