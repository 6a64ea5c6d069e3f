import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeSettings, renderSettingsDocs } from './settings-docs.js';

const DOCS = fileURLToPath(new URL('../../docs/configuration.md', import.meta.url));

describe('docs/configuration.md', () => {
  it('is exactly what renderSettingsDocs() produces (DECNET_UPDATE_DOCS=1 rewrites it)', () => {
    const rendered = renderSettingsDocs();
    if (process.env.DECNET_UPDATE_DOCS === '1') writeFileSync(DOCS, rendered);
    expect(readFileSync(DOCS, 'utf8')).toBe(rendered);
  });

  it('has one table row per setting, with escaped cells', () => {
    const rendered = renderSettingsDocs();
    for (const row of describeSettings()) {
      const line = rendered.split('\n').find((l) => l.startsWith(`| \`${row.variable}\` |`));
      expect(line, row.variable).toBeDefined();
      // Six delimiters: five cells. A stray "|" in a description would add one.
      expect(line!.replaceAll('\\|', '').split('|')).toHaveLength(7);
    }
  });
});
