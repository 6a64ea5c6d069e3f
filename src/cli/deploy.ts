/**
 * `decnet deploy`, `decnet teardown` and `decnet tarpit`: they act on the instance running on this
 * DECNET_HOME through its control channel (the instance owns the sockets and the namespaces), and say
 * so when none runs. `deploy --dry-run` plans locally when no instance runs.
 */
import type { Command } from 'commander';
import { paths } from '../config/settings.js';
import { ControlClient } from '../control/client.js';
import { ControlError } from '../control/protocol.js';
import type { DeckyStatus, DeployProgress } from '../fabric/fabric.js';
import type { FleetPlan } from '../fabric/plan.js';
import { planFleet } from '../fabric/plan.js';
import { planContextFor } from '../fabric/plan-context.js';
import { settings } from './context.js';
import { ports, renderDeckies } from './decky-table.js';
import { addDeployOptions, type DeployFlags, deployRequest } from './deploy-options.js';
import { CliError, EXIT } from './errors.js';
import { safeJson, terminalSafe } from './output.js';

export function registerDeploy(program: Command): void {
  addDeployOptions(
    program
      .command('deploy')
      .description(
        'deploy deckies into the running instance (or, with --dry-run, print the plan and change nothing)',
      ),
  )
    .option('--dry-run', 'print the full plan and change nothing')
    .option('--json', 'print the result as JSON')
    .action(async (flags: DeployFlags & { dryRun?: boolean; json?: boolean }) => {
      const request = await deployRequest(flags);
      const client = await connect(!flags.dryRun);
      try {
        if (flags.dryRun) {
          const plan = client
            ? await call<FleetPlan>(client, 'fabric.plan', request)
            : planFleet(request, await planContextFor(settings().home, request, []));
          process.stdout.write(flags.json ? `${safeJson(plan)}\n` : renderPlan(plan, client !== null));
          return;
        }
        const result = await withProgress(
          request.count ?? request.file?.deckies.length ?? 1,
          !flags.json,
          () => call<{ plan: FleetPlan; deckies: DeckyStatus[] }>(client!, 'fabric.deploy', request),
        );
        process.stdout.write(
          flags.json
            ? `${safeJson(result.deckies)}\n`
            : `Deployed ${result.deckies.length} ${plural(result.deckies.length)}:\n${renderDeckies(result.deckies)}`,
        );
      } finally {
        client?.close();
      }
    });

  program
    .command('teardown')
    .description('remove deckies from the running instance: their sockets, namespaces and links')
    .option('--all', 'remove every decky')
    .option('--id <name...>', 'remove the named deckies')
    .action(async (opts: { all?: boolean; id?: string[] }) => {
      if (!opts.all === !opts.id) throw new CliError('say which deckies: --all or --id NAME');
      const client = (await connect(true))!;
      try {
        const result = await call<{ removed: string[]; unknown: string[] }>(client, 'fabric.teardown', {
          names: opts.all ? null : opts.id,
        });
        for (const name of result.unknown)
          process.stdout.write(`${terminalSafe(name)}: not deployed (nothing to remove)\n`);
        process.stdout.write(
          result.removed.length === 0
            ? 'Nothing to tear down.\n'
            : `Removed ${result.removed.length} ${plural(result.removed.length)}: ${result.removed.join(', ')}\n`,
        );
      } finally {
        client.close();
      }
    });

  const service = program
    .command('service')
    .description('add a service to a running decky, or remove one, without touching anything else');
  for (const [verb, method, done] of [
    ['add', 'fabric.service.add', 'now runs'],
    ['remove', 'fabric.service.remove', 'no longer runs'],
  ] as const) {
    service
      .command(verb)
      .description(`${verb} a service ${verb === 'add' ? 'to' : 'from'} a running decky`)
      .argument('<decky>', 'decky name')
      .argument('<service>', 'service name (`decnet services` lists them)')
      .action(async (decky: string, name: string) => {
        const client = (await connect(true))!;
        try {
          const status = await call<DeckyStatus>(client, method, { decky, service: name });
          process.stdout.write(`${status.name} ${done} ${terminalSafe(name)}:\n${renderDeckies([status])}`);
        } finally {
          client.close();
        }
      });
  }

  program
    .command('tarpit')
    .description("slow down a decky's responses to every client (on/off while it runs)")
    .argument('<decky>', 'decky name')
    .option('--off', 'turn the tarpit off')
    .option('--delay-ms <ms>', 'delay before each write to a client, 100–300000', '2000')
    .action(async (decky: string, opts: { off?: boolean; delayMs: string }) => {
      const delay = Number(opts.delayMs);
      if (!/^[0-9]+$/.test(opts.delayMs))
        throw new CliError(`--delay-ms ${opts.delayMs}: expected milliseconds`);
      const client = (await connect(true))!;
      try {
        const status = await call<DeckyStatus>(client, 'fabric.tarpit', {
          decky,
          enabled: !opts.off,
          delay_ms: delay,
        });
        process.stdout.write(
          status.tarpit.enabled
            ? `${status.name}: tarpit on, ${status.tarpit.delay_ms} ms before each write\n`
            : `${status.name}: tarpit off\n`,
        );
      } finally {
        client.close();
      }
    });
}

/** Connects to the running instance; when `required`, its absence is an error naming the home. */
export async function connect(required: boolean): Promise<ControlClient | null> {
  const s = settings();
  const client = await ControlClient.connect(paths(s).controlSocket);
  if (!client && required)
    throw new CliError(
      `no DECNET instance is running on DECNET_HOME=${s.home} (start one with \`decnet up\`)`,
      EXIT.notRunning,
    );
  return client;
}

export async function call<T>(client: ControlClient, method: string, params: unknown): Promise<T> {
  try {
    return await client.call<T>(method, params);
  } catch (err) {
    if (err instanceof ControlError) throw new CliError(err.message);
    throw err;
  }
}

/** Shows deploy progress on a terminal by asking the instance on a second connection while it works. */
async function withProgress<T>(total: number, show: boolean, work: () => Promise<T>): Promise<T> {
  if (!show || !process.stderr.isTTY || total < 5) return work();
  const watcher = await connect(true);
  let stop = false;
  const poll = (async () => {
    while (!stop) {
      await new Promise((r) => setTimeout(r, 250));
      const progress = await watcher!.call<DeployProgress | null>('fabric.progress').catch(() => null);
      if (progress && !stop)
        process.stderr.write(
          `\r  ${progress.phase === 'network' ? 'creating networks' : 'starting services'}: ${progress.done}/${progress.total} deckies `,
        );
    }
  })();
  try {
    return await work();
  } finally {
    stop = true;
    await poll;
    watcher?.close();
    process.stderr.write('\r\x1b[K');
  }
}

function plural(n: number): string {
  return n === 1 ? 'decky' : 'deckies';
}

function renderPlan(plan: FleetPlan, intoRunning: boolean): string {
  const link =
    plan.link.kind === 'loopback'
      ? 'loopback addresses (no root, no OS spoofing)'
      : plan.link.kind === 'bridge'
        ? `a veth per decky on a bridge holding ${plan.link.hostAddress}`
        : `macvlan on ${plan.link.parent}`;
  const lines = [
    `Plan (dry run, nothing changed${intoRunning ? '; names continue the running fleet' : ''}):`,
    `  driver ${plan.driver}, subnet ${plan.subnet}, ${link}`,
  ];
  for (const d of plan.deckies) {
    lines.push(
      `  ${d.name}  ${d.ip}${d.mac ? `  ${d.mac}` : ''}  ${d.hostname}`,
      `      archetype ${d.archetype ?? '-'}, distro ${d.distro}, OS profile ${d.osProfile} (TTL ${d.ttl})`,
      `      services ${ports(d)}`,
      `      sysctls ${
        plan.driver === 'netns'
          ? Object.entries(d.sysctls)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')
          : '(not applied by the loopback driver)'
      }`,
    );
  }
  return `${lines.join('\n')}\n`;
}
