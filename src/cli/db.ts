import type { Command } from 'commander';
import { describeDbTarget } from '../config/urls.js';
import { type Database, DatabaseError, openDatabase } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { settings } from './context.js';
import { CliError } from './errors.js';

export function registerDb(program: Command): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('bring the database schema up to date (every command also does this on first use)')
    .action(async () => {
      const s = settings();
      let database: Database;
      try {
        database = await openDatabase(s.dbUrl);
      } catch (err) {
        if (err instanceof DatabaseError) throw new CliError(err.message);
        throw err;
      }
      try {
        const report = await migrate(database);
        const where = describeDbTarget(s.dbUrl);
        if (report.applied.length === 0)
          process.stdout.write(`${where}: schema is up to date (version ${report.version})\n`);
        for (const m of report.applied)
          process.stdout.write(`${where}: applied migration ${m.version} (${m.name})\n`);
      } catch (err) {
        if (err instanceof DatabaseError) throw new CliError(err.message);
        throw err;
      } finally {
        await database.close();
      }
    });
}
