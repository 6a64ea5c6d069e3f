/**
 * The interactive services on deployed deckies, as an attacker and an operator meet them: `decnet up`
 * with an SSH and Telnet decky on the loopback driver, the real OpenSSH tools logging in, a file
 * dropped through the fake shell and another uploaded with scp, and every event read back from the
 * database within 3 s of happening. The session's recording plays back with asciinema.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { SSH_TEST_OPTIONS } from '../../src/services/ssh/testing.js';
import { eventually, freePort, type Running, runDecnet, scratchHome, startDecnet } from '../support/cli.js';

/** Every event must be in the database this soon after it happened (issue #4). */
const STORED_WITHIN_MS = 3_000;

interface DeckyJson {
  name: string;
  ip: string;
  hostname: string;
  services: { name: string; ports: { port: number; listen_port: number }[] }[];
}

function run(command: string, args: string[], input = ''): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', () => {});
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

describe('SSH and Telnet on a deployed decky', () => {
  let home: string;
  let env: Record<string, string>;
  let up: Running;
  let decky: DeckyJson;
  let sshPort: number;

  beforeAll(async () => {
    home = scratchHome();
    env = { DECNET_HOME: home };
    const apiPort = await freePort();
    const subnet = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
    up = startDecnet(
      [
        'up',
        '--port',
        String(apiPort),
        '--deckies',
        '1',
        '--services',
        'ssh,telnet',
        '--distro',
        'debian12',
        '--subnet',
        subnet,
      ],
      env,
    );
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`)).status === 200,
      'health 200',
      60_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${up.output()}`);
    });
    const status = await runDecnet(['status', '--json'], env);
    decky = (JSON.parse(status.stdout) as DeckyJson[])[0]!;
    sshPort = decky.services.find((s) => s.name === 'ssh')!.ports[0]!.listen_port;
  }, 90_000);

  afterAll(async () => {
    if (up && up.child.exitCode === null) {
      up.child.kill('SIGTERM');
      await up.exited;
    }
  });

  type Row = { service: string | null; attacker_ip: string | null; fields: Record<string, string> };

  async function rows(event: string): Promise<Row[]> {
    const database = await openDatabase({ kind: 'sqlite', file: join(home, 'decnet.db') });
    try {
      return await database.db
        .selectFrom('logs')
        .select(['service', 'attacker_ip', 'fields'])
        .where('event_type', '=', event)
        .where('decky', '=', decky.name)
        .execute();
    } finally {
      await database.close();
    }
  }

  it('logs an OpenSSH login, its commands, a dropped file and an scp upload, all stored within 3 s', async () => {
    const ssh = ['-p', '123456', 'ssh', ...SSH_TEST_OPTIONS, '-p', String(sshPort), `root@${decky.ip}`];
    const result = await run('sshpass', [...ssh, 'uname -n; echo "#!/bin/sh" > /tmp/.x.sh; cat /tmp/.x.sh']);
    const finishedAt = Date.now();
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${decky.hostname}\n#!/bin/sh\n`);

    const stored = await eventually(
      async () => {
        const [commands, files, sessions, attempts] = await Promise.all([
          rows('command'),
          rows('file_captured'),
          rows('session_recorded'),
          rows('auth_attempt'),
        ]);
        return commands.length > 0 && files.length > 0 && sessions.length > 0 && attempts.length > 0
          ? { commands, files, sessions, attempts }
          : undefined;
      },
      'command, file_captured, session_recorded and auth_attempt rows',
      STORED_WITHIN_MS,
    );
    expect(Date.now() - finishedAt).toBeLessThanOrEqual(STORED_WITHIN_MS);
    expect(stored.commands[0]).toMatchObject({ service: 'ssh', attacker_ip: '127.0.0.1' });
    const file = stored.files[0]!.fields;
    expect(file).toMatchObject({ orig_path: '/tmp/.x.sh', method: 'shell' });
    const quarantined = readFileSync(join(home, 'captures', decky.name, file.stored_as!));
    expect(quarantined.toString()).toBe('#!/bin/sh\n');
    expect(createHash('sha256').update(quarantined).digest('hex')).toBe(file.sha256);

    const upload = join(home, 'payload.bin');
    writeFileSync(upload, Buffer.from('not really malware\n'));
    const scp = await run('sshpass', [
      '-p',
      '123456',
      'scp',
      ...SSH_TEST_OPTIONS,
      '-P',
      String(sshPort),
      upload,
      `root@${decky.ip}:/tmp/payload.bin`,
    ]);
    expect(scp.code).toBe(0);
    await eventually(
      async () => (await rows('file_captured')).some((r) => r.fields.method === 'sftp'),
      'an sftp file_captured row',
      STORED_WITHIN_MS,
    );
  }, 60_000);

  it('records an interactive session that asciinema plays back', async () => {
    const result = await run(
      'sshpass',
      ['-p', '123456', 'ssh', ...SSH_TEST_OPTIONS, '-tt', '-p', String(sshPort), `root@${decky.ip}`],
      'echo replay-marker-42\nexit\n',
    );
    expect(result.stdout).toContain('replay-marker-42');
    const sessions = await eventually(
      async () => {
        const all = await rows('session_recorded');
        return all.length >= 3 ? all : undefined;
      },
      'the interactive session_recorded row',
      STORED_WITHIN_MS,
    );
    const sid = sessions.at(-1)!.fields.sid!;
    const cast = join(home, 'recordings', decky.name, `${sid}.cast`);
    expect(existsSync(cast)).toBe(true);
    // asciinema 2.x `cat` insists on a terminal; script(1) gives it one.
    const played = await run('script', ['-qec', `asciinema cat ${cast}`, '/dev/null']);
    expect(played.code).toBe(0);
    expect(played.stdout).toContain('replay-marker-42');
    expect(readdirSync(join(home, 'recordings', decky.name)).length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
