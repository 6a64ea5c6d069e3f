/**
 * Bytes the ingest planner allocates per line, and where: parses and plans the first 50k lines of the
 * 200k corpus the way the ingester does (8,000-line batches planned 1,000 lines at a time) under V8's
 * sampling heap profiler, counting objects the garbage collector has already freed too. Allocation
 * rate is what drives the ingester's heap growth, so this is the figure to bring down for memory.
 *
 *   node --import tsx bench/ingest-allocations.ts [parse|plan]
 *
 * Prints the total and per-line figure, then the top allocation sites.
 */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseLine } from '../src/events/rfc5424/parse.js';
import { NO_TRUSTED_PROXIES } from '../src/ingest/bounties/index.js';
import { PlanBuilder } from '../src/ingest/plan.js';
import { corpusFile } from './support.js';

const lines = readFileSync(corpusFile(200_000), 'utf8').split('\n').filter(Boolean).slice(0, 50000);
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 4096,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const stage = process.argv[2] === 'parse' ? 'parse' : 'plan';
for (let b = 0; b < lines.length; b += 8000) {
  const builder = new PlanBuilder({
    now: '2026-01-01T00:00:00.000000Z',
    ts: 1,
    newId: () => 'x',
    bounties: { trustedProxies: NO_TRUSTED_PROXIES },
  });
  const batch = lines.slice(b, b + 8000);
  for (let c = 0; c < batch.length; c += 1000) {
    const logs = [];
    for (const l of batch.slice(c, c + 1000)) {
      const r = parseLine(l);
      if (r.ok) logs.push({ record: r.record, rawLine: l });
    }
    if (stage !== 'parse') builder.addLogs(logs);
  }
  if (stage !== 'parse') builder.build(null, 'x');
}
const { profile } = await session.post('HeapProfiler.stopSampling');
const self = new Map<string, number>();
type ProfileNode = {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
};
const walk = (n: ProfileNode): void => {
  const k = `${n.callFrame.functionName} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + n.selfSize);
  for (const c of n.children) walk(c);
};
walk(profile.head as unknown as ProfileNode);
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(stage, 'allocated MB', (total / 1e6).toFixed(0), 'per line B', Math.round(total / lines.length));
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 22))
  console.log((v / 1e6).toFixed(1).padStart(7), k);
