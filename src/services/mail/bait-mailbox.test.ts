import { describe, expect, it } from 'vitest';
import { testPersona } from '../testing.js';
import { BAIT_LIMITS, baitMailbox, mailDomain } from './bait-mailbox.js';
import { summariseMessage } from './message-summary.js';

const NOW = Date.UTC(2026, 10, 27, 12);

describe('baitMailbox', () => {
  it('is the same inbox for the same decky and a different one for another', () => {
    const a = baitMailbox(testPersona(), 'root', 'corp.test', NOW);
    expect(baitMailbox(testPersona(), 'root', 'corp.test', NOW)).toEqual(a);
    const subjects = (seed: number) =>
      baitMailbox(testPersona({ seed }), 'root', 'corp.test', NOW).map(
        (m) => summariseMessage(m.raw).subject,
      );
    const fleet = new Set(Array.from({ length: 20 }, (_, i) => subjects(i).join('|')));
    expect(fleet.size).toBeGreaterThan(5);
  });

  it('holds 3–5 dated, addressed messages, oldest first, UIDs from 1, the newest unread', () => {
    for (let seed = 0; seed < 50; seed++) {
      const box = baitMailbox(testPersona({ seed }), 'ubuntu', 'corp.test', NOW);
      expect(box.length).toBeGreaterThanOrEqual(BAIT_LIMITS.minMessages);
      expect(box.length).toBeLessThanOrEqual(BAIT_LIMITS.maxMessages);
      expect(box.map((m) => m.uid)).toEqual(box.map((_, i) => i + 1));
      for (let i = 1; i < box.length; i++)
        expect(box[i]!.receivedAt).toBeGreaterThanOrEqual(box[i - 1]!.receivedAt);
      expect(box.at(-1)?.flags).toEqual([]);
      for (const m of box) {
        expect(summariseMessage(m.raw).to).toBe('ubuntu@corp.test');
        expect(m.receivedAt).toBeLessThan(NOW);
      }
    }
  });

  it('takes the mail domain from the config, else the hostname', () => {
    expect(mailDomain(testPersona({ hostname: 'mx1.Corp.test' }), '')).toBe('corp.test');
    expect(mailDomain(testPersona({ hostname: 'web-01' }), '')).toBe('web-01.localdomain');
    expect(mailDomain(testPersona(), 'Example.ORG')).toBe('example.org');
  });
});
