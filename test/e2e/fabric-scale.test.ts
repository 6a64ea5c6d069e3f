/**
 * 250 netns deckies deploy, each answers from its own address, and teardown leaves no namespace, link
 * or bridge of the installation behind. Needs root; skipped otherwise.
 */
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { installationTag } from '../../src/fabric/netns/names.js';
import { eventually, freePort, type Running, runDecnet, scratchHome, startDecnet } from '../support/cli.js';
import { installationLeftovers } from '../support/netns.js';

const DECKIES = 250;

function greeting(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let got = '';
    socket.setTimeout(5000, () => socket.destroy(new Error(`no greeting from ${host}:${port}`)));
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      got += d;
      if (got.includes('\n')) socket.destroy();
    });
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

describe.skipIf(process.getuid?.() !== 0)(`${DECKIES} netns deckies`, () => {
  const home = scratchHome();
  const env = { DECNET_HOME: home };
  let up: Running | null = null;

  afterAll(async () => {
    if (up && up.child.exitCode === null) {
      up.child.kill('SIGTERM');
      await up.exited;
    }
  });

  it('deploy, serve from their own addresses, and tear down leaving nothing behind', async () => {
    const apiPort = await freePort();
    const subnet = `10.${150 + Math.floor(Math.random() * 40)}.0.0/16`;
    up = startDecnet(
      [
        'up',
        '--port',
        String(apiPort),
        '--driver',
        'netns',
        '--deckies',
        String(DECKIES),
        '--services',
        'tcp_banner,ftp',
        '--subnet',
        subnet,
      ],
      env,
    );
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`)).status === 200,
      'health 200 after deploying 250 deckies',
      120_000,
    );
    const deckies = JSON.parse((await runDecnet(['status', '--json'], env)).stdout) as { ip: string }[];
    expect(deckies).toHaveLength(DECKIES);
    expect(new Set(deckies.map((d) => d.ip)).size).toBe(DECKIES);
    const tag = installationTag(home);
    expect((await installationLeftovers(tag)).length).toBe(DECKIES * 2 + 1);

    // Every decky answers on both of its ports, 25 at a time.
    for (let i = 0; i < deckies.length; i += 25) {
      const batch = deckies.slice(i, i + 25);
      const replies = await Promise.all(batch.flatMap((d) => [greeting(d.ip, 9999), greeting(d.ip, 21)]));
      for (const reply of replies) expect(reply).toMatch(/^220 /);
    }

    const teardown = await runDecnet(['teardown', '--all'], env);
    expect(teardown.code, teardown.stderr).toBe(0);
    expect(teardown.stdout).toContain(`Removed ${DECKIES} deckies`);
    expect(await installationLeftovers(tag)).toEqual([]);
  }, 240_000);
});
