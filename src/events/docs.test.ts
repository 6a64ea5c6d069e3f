import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from './catalogue.js';
import { renderEventDocs } from './docs.js';

const DOCS = fileURLToPath(new URL('../../docs/events.md', import.meta.url));

describe('docs/events.md', () => {
  it('is what renderEventDocs() generates (regenerate: UPDATE_EVENT_DOCS=1 npx vitest run src/events/docs.test.ts)', () => {
    const rendered = renderEventDocs();
    if (process.env.UPDATE_EVENT_DOCS === '1') writeFileSync(DOCS, rendered);
    expect(readFileSync(DOCS, 'utf8')).toBe(rendered);
  });

  it('has a row and a section for every event', () => {
    const rendered = renderEventDocs();
    for (const type of EVENT_TYPES) {
      expect(rendered).toContain(`| \`${type}\` |`);
      expect(rendered).toContain(`## \`${type}\``);
    }
  });
});
