/**
 * Test support for the netns driver. Test files run two at a time in forked workers, so each one takes a
 * random installation tag and a random /24 in 10.200.0.0/13–10.255.255.0/24, and removes by tag after.
 */
import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { installationTag, namespaceName } from './names.js';
import { listInstallationResources, removeDeckyNetworks } from './network.js';
import type { DeckyLink } from './types.js';

export const IS_ROOT = process.getuid?.() === 0;

export function testTag(): string {
  return installationTag(randomUUID());
}

/** First three octets of a random /24, e.g. `10.231.17`. */
export function testSubnet(): string {
  return `10.${randomInt(200, 256)}.${randomInt(0, 256)}`;
}

/** `count` deckies `<stem>0…` at `<subnet>.10…` (/24, gateway `<subnet>.1`) with MACs 02:de:cc:…. */
export function testLinks(tag: string, subnet: string, count: number, stem = 'decky'): DeckyLink[] {
  return Array.from({ length: count }, (_, index) => {
    const decky = `${stem}${index}`;
    const host = 10 + index;
    return {
      decky,
      namespace: namespaceName(tag, decky),
      ip: `${subnet}.${host}`,
      prefix: 24,
      mac: `02:de:cc:00:${(host >> 8).toString(16).padStart(2, '0')}:${(host & 255).toString(16).padStart(2, '0')}`,
      gateway: `${subnet}.1`,
    };
  });
}

/** Removes everything carrying `tag`; for afterAll. */
export async function removeInstallation(tag: string): Promise<void> {
  await removeDeckyNetworks(await listInstallationResources(tag));
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 20_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${file} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}

/** Runs a Node script inside a namespace (`ip netns exec`), with `args` as process.argv[1…]. */
export function nodeIn(namespace: string, script: string, args: string[] = []): Promise<string> {
  return run('ip', ['netns', 'exec', namespace, process.execPath, '-e', script, ...args]);
}

/** Runs a command inside a namespace, for reading its state (`ip -j addr`, `cat /proc/sys/…`). */
export function commandIn(namespace: string, command: string[]): Promise<string> {
  return run('ip', ['netns', 'exec', namespace, ...command]);
}

/** A TCP connect from inside `namespace` to host:port; resolves to what the server sent. */
export function tcpProbeFrom(namespace: string, host: string, port: number): Promise<string> {
  const script = `
    const socket = require('node:net').connect(Number(process.argv[2]), process.argv[1]);
    let text = '';
    socket.on('data', (chunk) => (text += chunk));
    socket.on('end', () => process.stdout.write(text));
    socket.on('error', (error) => { process.stderr.write(error.message); process.exit(1); });
    setTimeout(() => { process.stderr.write('timeout'); process.exit(1); }, 5000).unref();`;
  return nodeIn(namespace, script, [host, String(port)]);
}
