/**
 * The deploy flags `decnet deploy` and `decnet up` share, and their translation into a DeployRequest.
 * The deployment file is read here, on the operator's side, so its errors name file and line.
 */
import type { Command } from 'commander';
import { checkServices, DEPLOY_DRIVERS, type DeployDriver, loadDeployFile } from '../config/deploy-file.js';
import { IniError } from '../config/errors.js';
import type { DeployRequest } from '../fabric/plan.js';
import { serviceDefinition } from '../services/registry.js';
import { CliError } from './errors.js';

export interface DeployFlags {
  deckies?: string;
  services?: string;
  randomizeServices?: boolean;
  archetype?: string;
  distro?: string;
  driver?: string;
  interface?: string;
  subnet?: string;
  config?: string;
}

export function addDeployOptions(command: Command): Command {
  return command
    .option('--deckies <n>', 'how many deckies to deploy (default 1; a --config file says its own)')
    .option('--services <list>', 'comma-separated services for every decky (wins over the archetype)')
    .option('--randomize-services', "give each decky 1–3 random services instead of its archetype's")
    .option('--archetype <name>', 'kind of machine (`decnet archetypes` lists them)')
    .option('--distro <name>', 'distribution the deckies claim (`decnet distros` lists them)')
    .option(
      '--driver <driver>',
      'loopback (default: 127.77.0.0/16, no root) or netns (a namespace per decky, root)',
    )
    .option(
      '--interface <if>',
      'netns: put deckies on this host NIC with macvlan (the host itself cannot reach them)',
    )
    .option('--subnet <cidr>', 'where decky addresses come from (default per driver)')
    .option('--config <file>', 'deploy the deckies of a DECNET deployment file (INI)');
}

/** True when any deploy flag was given (a bare `decnet up` restores or deploys the default fleet). */
export function hasDeployFlags(flags: DeployFlags): boolean {
  return (
    flags.deckies !== undefined ||
    flags.services !== undefined ||
    flags.randomizeServices === true ||
    flags.archetype !== undefined ||
    flags.distro !== undefined ||
    flags.driver !== undefined ||
    flags.interface !== undefined ||
    flags.subnet !== undefined ||
    flags.config !== undefined
  );
}

export async function deployRequest(flags: DeployFlags): Promise<DeployRequest> {
  const file = flags.config ? await readDeployFile(flags.config) : null;
  const driverText = flags.driver ?? file?.general.driver ?? (flags.interface ? 'netns' : 'loopback');
  if (!(DEPLOY_DRIVERS as readonly string[]).includes(driverText))
    throw new CliError(`--driver ${driverText}: expected one of ${DEPLOY_DRIVERS.join(', ')}`);
  const driver = driverText as DeployDriver;
  const iface = flags.interface ?? file?.general.interface ?? null;
  if (iface !== null && driver !== 'netns')
    throw new CliError(
      '--interface needs --driver netns (the loopback driver never touches host networking)',
    );
  let count: number | null = null;
  if (flags.deckies !== undefined) {
    if (!/^[0-9]{1,5}$/.test(flags.deckies) || Number(flags.deckies) < 1)
      throw new CliError(`--deckies ${flags.deckies}: expected a whole number ≥ 1`);
    if (file) throw new CliError('--deckies and --config do not go together: the file says how many deckies');
    count = Number(flags.deckies);
  }
  let services: string[] | null = null;
  if (flags.services !== undefined) {
    services = flags.services
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (services.length === 0) throw new CliError('--services: name at least one service');
    for (const name of services)
      if (!serviceDefinition(name))
        throw new CliError(`--services: unknown service ${name}; \`decnet services\` lists them`);
    if (flags.randomizeServices) throw new CliError('--services and --randomize-services do not go together');
  }
  return {
    driver,
    count,
    services,
    randomizeServices: flags.randomizeServices === true,
    archetype: flags.archetype ?? null,
    distro: flags.distro ?? null,
    interface: iface,
    subnet: flags.subnet ?? null,
    file,
  };
}

async function readDeployFile(path: string) {
  try {
    const file = await loadDeployFile(path);
    checkServices(file, (name) => serviceDefinition(name) !== undefined);
    return file;
  } catch (err) {
    if (err instanceof IniError) throw new CliError(err.message);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CliError(`--config ${path}: no such file`);
    throw err;
  }
}
