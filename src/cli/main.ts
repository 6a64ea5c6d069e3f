import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './errors.js';
import { VERSION } from './version.js';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs: together they pull in the fabric, every
 * service, the API and the database drivers (~60 MB and most of a second before `--version` answered),
 * while a command needs its own part. In the order `decnet --help` lists them.
 */
const COMMAND_MODULES: readonly { names: readonly string[]; load: () => Promise<Register> }[] = [
  { names: ['up'], load: async () => (await import('./up.js')).registerUp },
  { names: ['api'], load: async () => (await import('./api.js')).registerApi },
  {
    names: ['deploy', 'teardown', 'service', 'tarpit'],
    load: async () => (await import('./deploy.js')).registerDeploy,
  },
  {
    names: ['archetypes', 'distros', 'services'],
    load: async () => (await import('./catalogue.js')).registerCatalogue,
  },
  { names: ['ingest'], load: async () => (await import('./ingest.js')).registerIngest },
  { names: ['status'], load: async () => (await import('./status.js')).registerStatus },
  { names: ['db'], load: async () => (await import('./db.js')).registerDb },
  {
    names: ['logs', 'attackers', 'credentials'],
    load: async () => (await import('./listings.js')).registerListings,
  },
  { names: ['worker'], load: async () => (await import('./worker.js')).registerWorker },
];

const program = new Command('decnet')
  .description(
    'DECNET: a honeypot deception network. Fake machines on a real network, every attacker move captured.',
  )
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride();

// The command named first on the line; none for `--version`; every one for `--help`, a typo's
// suggestions, or no command at all.
const first = process.argv[2] ?? '';
const named = COMMAND_MODULES.find((m) => m.names.includes(first));
const needed = named ? [named] : first === '-V' || first === '--version' ? [] : COMMAND_MODULES;
for (const register of await Promise.all(needed.map((m) => m.load()))) register(program);

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
