import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every namespace, link and bridge on the machine that carries an installation's tag. */
export async function installationLeftovers(tag: string): Promise<string[]> {
  const namespaces = (await run('ip', ['netns', 'list'])).stdout
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith(`decnet-${tag}-`));
  const links = (JSON.parse((await run('ip', ['-j', 'link', 'show'])).stdout) as { ifname: string }[])
    .map((l) => l.ifname)
    .filter((n) => n.startsWith(`dn${tag}`) || n === `dnb${tag}`);
  return [...namespaces, ...links];
}
