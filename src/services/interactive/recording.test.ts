import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORDING_LIMITS, SessionRecording } from './recording.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-rec-'));
  dirs.push(dir);
  return dir;
}

async function finished(recording: SessionRecording, dir: string): Promise<string[]> {
  recording.close();
  await recording.flushed();
  return readFileSync(join(dir, recording.file), 'utf8').trimEnd().split('\n');
}

describe('SessionRecording', () => {
  it('writes an asciicast v2 header and timed events, keeping split UTF-8 characters whole', async () => {
    const dir = scratch();
    let now = 1_700_000_000_000;
    const recording = new SessionRecording(
      dir,
      'sid-1',
      { columns: 120, rows: 40, startedMs: now, shell: '/bin/bash', term: 'xterm-256color' },
      () => now,
      (err) => {
        throw err;
      },
    );
    now += 1500;
    const euro = Buffer.from('€', 'utf8');
    recording.output(Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)]));
    recording.output(euro.subarray(1));
    now += 250;
    recording.input('ls\r');
    recording.resize(100, 30);
    const lines = await finished(recording, dir);
    expect(JSON.parse(lines[0]!)).toEqual({
      version: 2,
      width: 120,
      height: 40,
      timestamp: 1_700_000_000,
      env: { SHELL: '/bin/bash', TERM: 'xterm-256color' },
    });
    expect(lines.slice(1).map((l) => JSON.parse(l))).toEqual([
      [1.5, 'o', 'a'],
      [1.5, 'o', '€'],
      [1.75, 'i', 'ls\r'],
      [1.75, 'r', '100x30'],
    ]);
  });

  it('stops at its size cap and says it was truncated', async () => {
    const dir = scratch();
    const recording = new SessionRecording(
      dir,
      'sid-2',
      { columns: 80, rows: 24, startedMs: 0, shell: '/bin/sh', term: 'vt100' },
      () => 0,
      (err) => {
        throw err;
      },
    );
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < (RECORDING_LIMITS.maxBytes / chunk.length) * 2; i++) recording.output(chunk);
    const summary = recording.close();
    await recording.flushed();
    expect(summary.truncated).toBe(true);
    expect(summary.bytes).toBeLessThanOrEqual(RECORDING_LIMITS.maxBytes);
  });
});
