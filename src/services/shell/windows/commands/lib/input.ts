/** Reading a text tool's input: named files, or stdin when none are named. */
import type { CmdContext } from '../../command.js';
import { driveMessage } from '../../drive.js';

export interface TextSource {
  /** The name as given (null for stdin). */
  name: string | null;
  lines: string[];
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The sources, reporting each unreadable file as `notFound(name)` prints it. */
export function readSources(
  ctx: CmdContext,
  files: readonly string[],
  notFound: (name: string, message: string) => string,
): TextSource[] | null {
  if (files.length === 0) return [{ name: null, lines: splitLines(ctx.stdin.toString('utf8')) }];
  const sources: TextSource[] = [];
  let failed = false;
  for (const file of files) {
    try {
      sources.push({ name: file, lines: splitLines(ctx.drive.read(file).toString('utf8')) });
    } catch (err) {
      ctx.stderr(notFound(file, driveMessage(err)));
      failed = true;
    }
  }
  return sources.length === 0 && failed ? null : sources;
}
