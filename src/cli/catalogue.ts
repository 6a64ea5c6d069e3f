import type { Command } from 'commander';
import { ARCHETYPES, type Archetype } from '../fabric/catalogue/archetypes.js';
import { DISTROS, type Distro } from '../fabric/catalogue/distros.js';
import { SERVICES } from '../services/registry.js';
import type { ServiceDefinition } from '../services/service.js';
import { type Column, writeJsonArray, writeTable } from './output.js';

const ARCHETYPE_COLUMNS: Column<Archetype>[] = [
  { header: 'NAME', value: (a) => a.name },
  { header: 'OS PROFILE', value: (a) => a.osProfile },
  { header: 'SERVICES', value: (a) => a.services.join(','), max: 40 },
  { header: 'DISTROS', value: (a) => a.distros.join(','), max: 40 },
  { header: 'DESCRIPTION', value: (a) => a.description, max: 60 },
];

const DISTRO_COLUMNS: Column<Distro>[] = [
  { header: 'NAME', value: (d) => d.name },
  { header: 'LABEL', value: (d) => d.label, max: 36 },
  { header: 'OS PROFILE', value: (d) => d.osProfile },
  { header: 'KERNEL', value: (d) => d.kernel, max: 30 },
  { header: 'SSH BANNER', value: (d) => d.sshBanner, max: 50 },
];

/** Default ports as `22`, `69/udp`. */
function defaultPorts(s: ServiceDefinition): string {
  return s
    .ports(Object.create(null))
    .map((p) => `${p.port}${p.protocol === 'udp' ? '/udp' : ''}`)
    .join(',');
}

const SERVICE_COLUMNS: Column<ServiceDefinition>[] = [
  { header: 'NAME', value: (s) => s.name },
  { header: 'PORTS', value: defaultPorts },
  { header: 'INTERACTION', value: (s) => s.interaction },
  { header: 'SETTINGS', value: (s) => s.fields.map((f) => f.key).join(',') || '-', max: 30 },
  { header: 'DESCRIPTION', value: (s) => s.description, max: 70 },
];

/** What `services --json` prints of a definition: data, not its factory. */
function serviceJson(s: ServiceDefinition) {
  return {
    name: s.name,
    description: s.description,
    interaction: s.interaction,
    ports: s.ports(Object.create(null)),
    fields: s.fields,
  };
}

/** The output helpers stream from async sources (database cursors); a catalogue is a plain array. */
async function* each<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

export function registerCatalogue(program: Command): void {
  program
    .command('archetypes')
    .description('list decky archetypes: the kinds of machine a fleet is built from')
    .option('--json', 'print a JSON array of archetype objects instead of a table')
    .action(async (opts: { json?: boolean }) => {
      if (opts.json) await writeJsonArray(each(ARCHETYPES));
      else await writeTable(ARCHETYPE_COLUMNS, each(ARCHETYPES));
    });

  program
    .command('distros')
    .description('list the operating systems a decky can claim to run')
    .option('--json', 'print a JSON array of distro objects instead of a table')
    .action(async (opts: { json?: boolean }) => {
      if (opts.json) await writeJsonArray(each(DISTROS));
      else await writeTable(DISTRO_COLUMNS, each(DISTROS));
    });

  program
    .command('services')
    .description(
      'list the services a decky can run: `full` ones speak their protocol, `banner` ones greet like the real ' +
        "server and record what clients send until the protocol's emulator lands",
    )
    .option('--json', 'print a JSON array of service objects instead of a table')
    .action(async (opts: { json?: boolean }) => {
      if (opts.json) await writeJsonArray(each(SERVICES), serviceJson);
      else await writeTable(SERVICE_COLUMNS, each(SERVICES));
    });
}
