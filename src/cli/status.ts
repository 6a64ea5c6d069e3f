import type { Command } from 'commander';
import { paths } from '../config/settings.js';
import { ControlClient } from '../control/client.js';
import type { DeckyStatus } from '../fabric/fabric.js';
import type { Health } from '../runtime/supervisor.js';
import { settings } from './context.js';
import { renderDeckies } from './decky-table.js';
import { CliError, EXIT } from './errors.js';
import { safeJson } from './output.js';

interface InstanceStatus {
  pid: number;
  version: string;
  home: string;
  started_at: string;
  database: string;
  bus: string;
  api_url: string | null;
  health: Health;
  spool: { appended: number } | null;
  ingest: {
    committed: { segment: number; offset: number };
    totals: { read: number; stored: number; deadLettered: number; batches: number };
    published: number;
  } | null;
  deckies: DeckyStatus[];
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show the DECNET instance running on this DECNET_HOME (exit 3 when none is)')
    .option('--json', 'print the deckies as a JSON array, in deploy order')
    .option('--instance', 'with --json: print the instance (roles, ingest, spool, deckies) instead')
    .action(async (opts: { json?: boolean; instance?: boolean }) => {
      const s = settings();
      const client = await ControlClient.connect(paths(s).controlSocket);
      if (!client)
        throw new CliError(
          `no DECNET instance is running on DECNET_HOME=${s.home} (start one with \`decnet up\`)`,
          EXIT.notRunning,
        );
      let status: InstanceStatus;
      try {
        status = await client.call<InstanceStatus>('status');
      } finally {
        client.close();
      }
      if (opts.json) {
        process.stdout.write(`${safeJson(opts.instance ? status : status.deckies)}\n`);
        return;
      }
      const lines = [
        `DECNET ${status.version} running (pid ${status.pid}) since ${status.started_at}: ${status.health.status}`,
        `  home:      ${status.home}`,
        `  database:  ${status.database}`,
        `  bus:       ${status.bus}`,
        `  api:       ${status.api_url ?? '-'}`,
        '  roles:',
        ...Object.entries(status.health.components).map(
          ([name, c]) => `    ${name.padEnd(10)} ${c.state}${c.detail ? ` (${c.detail})` : ''}`,
        ),
      ];
      if (status.ingest) {
        const t = status.ingest.totals;
        lines.push(
          `  ingest:    ${t.stored} stored, ${t.deadLettered} dead-lettered in ${t.batches} batches since start; ${status.ingest.published} bus events published`,
        );
      }
      if (status.spool) lines.push(`  spool:     ${status.spool.appended} lines appended since start`);
      lines.push(`  deckies:   ${status.deckies.length}`);
      process.stdout.write(`${lines.join('\n')}\n${renderDeckies(status.deckies)}`);
    });
}
