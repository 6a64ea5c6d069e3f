import { describe, expect, it } from 'vitest';
import { parseTimeFilter } from './filters.js';

describe('parseTimeFilter', () => {
  it.each([
    ['2026-05-10T12:00:00Z', '2026-05-10T12:00:00.000000Z'],
    ['2026-05-10T12:00:00.5Z', '2026-05-10T12:00:00.500000Z'],
    ['2026-05-10T12:00:00.123456789Z', '2026-05-10T12:00:00.123456Z'],
    ['2026-05-10t12:00:00z', '2026-05-10T12:00:00.000000Z'],
    ['2026-05-10T14:30:00+02:30', '2026-05-10T12:00:00.000000Z'],
    ['2026-05-10T00:00:00.25-01:00', '2026-05-10T01:00:00.250000Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000000Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000000Z'],
  ])('normalises %s to the stored form', (text, stored) => {
    expect(parseTimeFilter(text)).toBe(stored);
  });

  it.each([
    ['no zone', '2026-05-10T12:00:00'],
    ['date only', '2026-05-10'],
    ['words', 'yesterday'],
    ['month 13', '2026-13-10T12:00:00Z'],
    ['30 February', '2026-02-30T12:00:00Z'],
    ['29 February outside a leap year', '2026-02-29T12:00:00Z'],
    ['hour 24', '2026-05-10T24:00:00Z'],
    ['leap second', '2026-06-30T23:59:60Z'],
    ['offset hour 24', '2026-05-10T12:00:00+24:00'],
    ['before year 0000 after the offset', '0000-01-01T00:00:00+01:00'],
    ['ten fraction digits', '2026-05-10T12:00:00.1234567890Z'],
    ['trailing text', '2026-05-10T12:00:00Z '],
  ])('refuses %s', (_, text) => {
    expect(parseTimeFilter(text)).toBeNull();
  });
});
