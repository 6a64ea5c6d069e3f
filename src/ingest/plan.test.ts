import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/support/cli.js';
import { parseLine } from '../events/rfc5424/parse.js';
import { NO_TRUSTED_PROXIES } from './bounties/index.js';
import { type BatchInput, PlanBuilder, type PlanOptions, planBatch } from './plan.js';

function corpus(lines: number): BatchInput['logs'] {
  const text = execFileSync(
    'python3',
    [join(REPO_ROOT, '../shared/tools/gen-decnet-corpus.py'), String(lines), '17'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    },
  ).toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const parsed = parseLine(line);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return { record: parsed.record, rawLine: line };
    });
}

function options(): PlanOptions {
  let n = 0;
  return {
    now: '2026-05-10T13:00:00.000000Z',
    ts: 1_778_418_000,
    newId: () => `event-${n++}`,
    bounties: { trustedProxies: NO_TRUSTED_PROXIES },
  };
}

describe('PlanBuilder', () => {
  it('plans a batch added in chunks exactly as in one go', () => {
    const logs = corpus(3000);
    const whole = planBatch(
      { logs, deadLetters: [], cursor: { key: 'k', value: 1 }, source: 'spool' },
      options(),
    );
    const builder = new PlanBuilder(options());
    for (let i = 0; i < logs.length; i += 257) builder.addLogs(logs.slice(i, i + 257));
    const chunked = builder.build({ key: 'k', value: 1 }, 'spool');
    // The log texts (a megabyte) are compared as bytes: compared element by element, as toEqual
    // compares a typed array, they took most of the test's time on a loaded machine.
    const { logs: chunkedLogs, ...chunkedRest } = chunked;
    const { logs: wholeLogs, ...wholeRest } = whole;
    const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(chunkedLogs.text).equals(bytes(wholeLogs.text))).toBe(true);
    expect(bytes(chunkedLogs.textEnds).equals(bytes(wholeLogs.textEnds))).toBe(true);
    expect({ ...chunkedLogs, text: null, textEnds: null }).toEqual({
      ...wholeLogs,
      text: null,
      textEnds: null,
    });
    expect(chunkedRest).toEqual(wholeRest);
    expect(whole.credentials.length).toBeGreaterThan(100);
    expect(whole.commands.at(-1)!.log_index).toBeLessThan(3000);
  });

  it('adds up the attempts of one credential across chunks', () => {
    const logs = corpus(2000).filter((l) => l.record.eventType === 'auth_attempt');
    const twice = [...logs, ...logs];
    const builder = new PlanBuilder(options());
    builder.addLogs(logs);
    builder.addLogs(logs);
    const plan = builder.build(null, 'import');
    expect(plan.credentials).toEqual(
      planBatch({ logs: twice, deadLetters: [], cursor: null, source: 'import' }, options()).credentials,
    );
    const attempts = plan.credentials.reduce((sum, c) => sum + c.attempt_count, 0);
    expect(attempts).toBe(twice.length);
  });
});
