import { Command, CommanderError } from 'commander';
import { registerApi } from './api.js';
import { registerCatalogue } from './catalogue.js';
import { registerDb } from './db.js';
import { registerDeploy } from './deploy.js';
import { CliError, EXIT } from './errors.js';
import { registerIngest } from './ingest.js';
import { registerListings } from './listings.js';
import { registerStatus } from './status.js';
import { registerUp } from './up.js';
import { VERSION } from './version.js';
import { registerWorker } from './worker.js';

const program = new Command('decnet')
  .description(
    'DECNET: a honeypot deception network. Fake machines on a real network, every attacker move captured.',
  )
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride();

registerUp(program);
registerApi(program);
registerDeploy(program);
registerCatalogue(program);
registerIngest(program);
registerStatus(program);
registerDb(program);
registerListings(program);
registerWorker(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (err instanceof CliError) {
    process.stderr.write(`decnet: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`decnet: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = EXIT.failure;
  }
}
