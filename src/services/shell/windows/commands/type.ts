/** `type`: prints files; several names (or a wildcard) print each under its name, as cmd does. */
import { defineCmd } from '../command.js';
import { DriveError } from '../drive.js';
import { hasWildcard, leafOf, parentOf, wildcardMatches } from '../paths.js';
import { operands } from './lib/switches.js';

export const typeCommand = defineCmd({
  name: 'type',
  run: (ctx) => {
    const names = operands(ctx.args);
    if (names.length === 0) {
      ctx.stderr('The syntax of the command is incorrect.\r\n');
      return 1;
    }
    const files: string[] = [];
    let status = 0;
    for (const name of names) {
      if (!hasWildcard(name)) {
        files.push(name);
        continue;
      }
      const path = ctx.drive.resolve(name);
      try {
        const matches = ctx.drive
          .list(parentOf(path))
          .filter((e) => e.stat.type === 'file' && wildcardMatches(leafOf(path), e.name));
        files.push(...matches.map((e) => e.path));
        if (matches.length === 0) throw new DriveError('fileNotFound');
      } catch (err) {
        ctx.stderr(
          `${err instanceof DriveError ? err.message : 'The system cannot find the file specified.'}\r\n`,
        );
        status = 1;
      }
    }
    const headers = files.length > 1 || names.some(hasWildcard);
    for (const file of files) {
      try {
        const content = ctx.drive.read(file);
        if (headers) ctx.stderr(`\r\n${leafOf(ctx.drive.resolve(file))}\r\n\r\n\r\n`);
        ctx.stdout(content);
      } catch (err) {
        const message = err instanceof DriveError ? err.message : 'Access is denied.';
        ctx.stderr(
          `${message}\r\n${files.length > 1 ? `Error occurred while processing: ${file}.\r\n` : ''}`,
        );
        status = 1;
      }
    }
    return status;
  },
});
