/** `jobs` and `wait` (bash(1) "JOB CONTROL"), and `fg`/`bg`/`disown` on that table. */
import type { Job } from '../runtime.js';
import type { BuiltinContext } from '../shell.js';

function line(ctx: BuiltinContext, job: Job, withPid: boolean): string {
  const jobs = ctx.shell.runtime.jobs;
  const state = job.done ? (job.status === 0 ? 'Done' : `Exit ${job.status}`) : 'Running';
  const command = job.done ? job.command : `${job.command} &`;
  const pid = withPid ? `${job.pid} ` : '';
  return `[${job.id}]${jobs.marker(job)}  ${pid}${state.padEnd(24)}${command}\n`;
}

export function jobs(ctx: BuiltinContext): number {
  const flags = ctx.argv.slice(1).join('');
  for (const job of ctx.shell.runtime.jobs.startedBy(ctx.shell.jobPid)) {
    if (flags.includes('p')) ctx.out(`${job.pid}\n`);
    else ctx.out(line(ctx, job, flags.includes('l')));
    if (job.done) job.reported = true;
  }
  return 0;
}

export async function wait(ctx: BuiltinContext): Promise<number> {
  const { shell } = ctx;
  const table = shell.runtime.jobs;
  const specs = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const targets: Job[] = [];
  let status = 0;
  // A job's shell waits for the jobs it started, never for itself or its siblings (bash forks it).
  if (specs.length === 0) targets.push(...table.startedBy(shell.jobPid));
  for (const spec of specs) {
    const job = table.find(spec, shell.jobPid);
    if (job) targets.push(job);
    else if (/^[0-9]+$/.test(spec)) {
      ctx.error(`pid ${spec} is not a child of this shell`);
      status = 127;
    } else {
      ctx.error(`${spec}: no such job`);
      status = 127;
    }
  }
  for (const job of targets) {
    const stopped = new Promise<number>((resolve) => {
      if (shell.budget.signal.aborted) resolve(0);
      shell.budget.signal.addEventListener('abort', () => resolve(0), { once: true });
    });
    status = await Promise.race([job.finished, stopped]);
    shell.budget.check();
    job.reported = true;
  }
  return specs.length === 0 ? 0 : status;
}

export function foreground(ctx: BuiltinContext): number {
  const job = ctx.shell.runtime.jobs.startedBy(ctx.shell.jobPid).at(-1);
  if (!job) {
    ctx.error('current: no such job');
    return 1;
  }
  ctx.out(`${job.command}\n`);
  return 0;
}
