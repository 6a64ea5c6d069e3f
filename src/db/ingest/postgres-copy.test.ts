import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScratchDatabase, scratchDatabase } from '../../../test/support/databases.js';
import { openPostgresPool } from '../postgres-pool.js';
import { CopyTextEncoder, copyRows } from './postgres-copy.js';

/** Texts an attacker could put in a log line, aimed at COPY's own syntax and at the encoder's buffer. */
const HOSTILE = [
  'plain',
  '',
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\.',
  'ends with a backslash\\',
  '\\\\t literal backslash-t',
  'ünïcødé ✓ 𝕏 日本',
  '\u0001\u0007\u001b[31m control bytes',
  'x'.repeat(300_000),
];

describe('CopyTextEncoder', () => {
  it('escapes the separators, backslash and NULL, and nothing else', () => {
    const encoder = new CopyTextEncoder();
    encoder.value('a\tb\nc\rd\\e');
    encoder.value(null);
    encoder.value(42);
    encoder.value(false);
    const bytes = Buffer.from('x\ty\\z\u00e9');
    encoder.utf8(bytes, 0, bytes.length);
    encoder.endRow();
    expect(encoder.take().toString('utf8')).toBe('a\\tb\\nc\\rd\\\\e\t\\N\t42\tf\tx\\ty\\\\z\u00e9\n');
    expect(encoder.size).toBe(0);
  });

  it('grows past its chunk size for a single long value', () => {
    const encoder = new CopyTextEncoder(16);
    encoder.value('\t'.repeat(100));
    encoder.endRow();
    expect(encoder.take().toString('utf8')).toBe(`${'\\t'.repeat(100)}\n`);
  });
});

describe('copyRows on PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    scratch = await scratchDatabase('postgres');
    pool = await openPostgresPool(scratch.url);
    await pool.query('CREATE TABLE t (id int PRIMARY KEY, label text, doc jsonb, raw text, flag boolean)');
  });

  afterAll(async () => {
    await pool.end();
    await scratch.drop();
  });

  it('stores every hostile text exactly, as a value and as UTF-8 bytes', async () => {
    const docs = HOSTILE.map((text) => Buffer.from(JSON.stringify({ text })));
    const raws = HOSTILE.map((text) => Buffer.from(text));
    const client = await pool.connect();
    try {
      await copyRows(client, 't', ['id', 'label', 'doc', 'raw', 'flag'], HOSTILE.length, (i, row) => {
        row.value(i);
        row.value(HOSTILE[i]);
        row.utf8(docs[i]!, 0, docs[i]!.length);
        row.utf8(raws[i]!, 0, raws[i]!.length);
        row.value(i % 2 === 0 ? true : null);
      });
    } finally {
      client.release();
    }
    const { rows } = await pool.query('SELECT id, label, doc, raw, flag FROM t ORDER BY id');
    expect(rows).toEqual(
      HOSTILE.map((text, id) => ({
        id,
        label: text,
        doc: { text },
        raw: text,
        flag: id % 2 === 0 ? true : null,
      })),
    );
  });

  it('fails the COPY on a row the server rejects, leaving the connection usable and nothing stored', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const copied = copyRows(client, 't', ['id', 'doc'], 3, (i, row) => {
        row.value(1000 + i);
        row.value(i === 2 ? '{not json' : '{}');
      });
      await expect(copied).rejects.toThrow(/json/i);
      await client.query('ROLLBACK');
      expect((await client.query('SELECT count(*)::int AS n FROM t WHERE id >= 1000')).rows[0].n).toBe(0);
    } finally {
      client.release();
    }
  });

  it('cancels the COPY when encoding a row throws', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const copied = copyRows(client, 't', ['id'], 5, (i, row) => {
        if (i === 3) throw new Error('cannot encode row 3');
        row.value(2000 + i);
      });
      await expect(copied).rejects.toThrow('cannot encode row 3');
      await client.query('ROLLBACK');
      expect((await client.query('SELECT count(*)::int AS n FROM t WHERE id >= 2000')).rows[0].n).toBe(0);
    } finally {
      client.release();
    }
  });
});
