/**
 * Hostnames that look like someone's naming convention: `WS-FIN-07`, `DESKTOP-7K2QX9A`, `db-pg-01`,
 * `mail01.localdomain`, `cam-lobby-02`. Pure: the only randomness is the injected `random`, so the same
 * seed always names a decky the same way.
 *
 * Patterns are text with `{token}` placeholders; see HOSTNAME_TOKENS for the vocabulary. Tokens
 * written in upper case (`{DEPT}`, `{RAND7}`) render upper case, others lower; the OS family then
 * has the last word (Windows upper-cases everything, Linux and BSD lower-case it).
 */
import { mulberry32, seedOf } from '../../runtime/seeded-random.js';
import type { Archetype } from './archetypes.js';
import type { Distro } from './distros.js';
import { type OsFamily, osProfile } from './os-profiles.js';

/** RFC 1123 §2.1 via RFC 1035 §2.3.4: a label is at most 63 octets. */
export const MAX_HOSTNAME_LABEL = 63;
/** NetBIOS names are 16 bytes, the last a type suffix, so Windows computer names stop at 15. */
export const MAX_NETBIOS_NAME = 15;

function wordList(text: string): readonly string[] {
  return text.trim().split(/\s+/);
}

const WORDS: Readonly<Record<string, readonly string[]>> = {
  // Role words for generic servers.
  word: wordList(`
    app web data core edge node vault files backup build proxy cache
    api auth batch portal legacy ops infra util svc mgmt stor sync`),
  // Pet names, for hosts named by people rather than by a convention.
  pet: wordList(`
    atlas orion hermes nova falcon phoenix apollo zeus luna titan
    comet raven cobalt onyx ember aurora vega pluto kepler sirius`),
  dept: ['fin', 'hr', 'it', 'ops', 'dev', 'sales', 'mkt', 'legal', 'eng', 'acct', 'admin', 'exec'],
  env: ['prod', 'stg', 'dev', 'qa', 'int'],
  // Airport-style site codes, as network teams name routers and domain controllers.
  city: ['nyc', 'lon', 'fra', 'sfo', 'sin', 'chi', 'ams', 'par', 'dal', 'tor', 'syd', 'muc'],
  // Where a camera points.
  spot: ['lobby', 'dock', 'gate', 'hall', 'parking', 'entry', 'yard', 'stairs', 'garage', 'office'],
  floor: ['1f', '2f', '3f', '4f', '5f', 'b1'],
  // Printer model slugs as their vendors' default names spell them.
  printer: [
    'hp-lj-m404',
    'hp-mfp-m428',
    'hp-lj-e50145',
    'xrx-c8030',
    'brn-l8900',
    'cnr-c5535',
    'ricoh-im430',
  ],
  db: ['pg', 'mysql', 'maria', 'redis', 'mongo'],
  line: ['line1', 'line2', 'press', 'pump', 'boiler', 'hvac', 'conveyor', 'packer'],
};

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789ABCDEF';

/** `{nn}` the index zero-padded to two digits, `{n}` bare, `{randN}`/`{hexN}` N random characters. */
export const HOSTNAME_TOKENS: readonly string[] = ['nn', 'n', 'randN', 'hexN', ...Object.keys(WORDS)];

const TOKEN = /\{([A-Za-z]+)(\d*)\}/g;

export function isKnownHostnamePattern(pattern: string): boolean {
  for (const match of pattern.matchAll(TOKEN)) {
    if (!knownToken(match[1]!, match[2]!)) return false;
  }
  return !/[{}]/.test(pattern.replace(TOKEN, ''));
}

function knownToken(name: string, digits: string): boolean {
  const lower = name.toLowerCase();
  if (lower === 'rand' || lower === 'hex') return digits !== '' && Number(digits) <= MAX_HOSTNAME_LABEL;
  return digits === '' && (lower === 'nn' || lower === 'n' || lower in WORDS);
}

/**
 * Names decky number `index` (1-based). Draws from `random`, in order: the pattern (so a fleet driven by
 * one stream keeps one convention), then the seeds of two streams. Word tokens come from the first,
 * which ignores the index, and are then rotated by the index: consecutive deckies get different words
 * (`WS-FIN-01`, `WS-HR-02`) and a pattern without a number still names each decky differently until the
 * word list runs out. Random characters come from the second, which the index perturbs.
 */
export function makeHostname(opts: {
  archetype: Archetype | null;
  distro: Distro;
  index: number;
  random: () => number;
}): string {
  const { archetype, distro, index, random } = opts;
  if (!Number.isSafeInteger(index) || index < 1) {
    throw new RangeError(`decky index must be a whole number from 1, got ${index}`);
  }
  const family = osProfile(archetype?.osProfile ?? distro.osProfile)?.family ?? 'linux';
  const pattern = archetype
    ? pick(archetype.hostnamePatterns, random)
    : DISTRO_STYLE_PATTERNS[distro.hostnameStyle];
  const streams: TokenStreams = {
    words: seededRandom(drawSeed(random)),
    characters: seededRandom((drawSeed(random) ^ Math.imul(index, GOLDEN_RATIO_32)) >>> 0),
  };
  const rendered = pattern.replace(TOKEN, (_, name: string, digits: string) =>
    renderToken(name, digits, index, streams),
  );
  const wantsLocaldomain = distro.hostnameStyle === 'word-nn-localdomain' && !rendered.includes('.');
  return finish(rendered, family, wantsLocaldomain);
}

interface TokenStreams {
  words: () => number;
  characters: () => number;
}

/** 2^32 / φ: spreads consecutive indexes across the 32-bit seed space. */
const GOLDEN_RATIO_32 = 0x9e3779b9;

function drawSeed(random: () => number): number {
  return Math.floor(random() * 2 ** 32) >>> 0;
}

const DISTRO_STYLE_PATTERNS: Readonly<Record<Distro['hostnameStyle'], string>> = {
  'srv-word-nn': 'srv-{word}-{nn}',
  // The `.localdomain` suffix is added by finish() for this style.
  'word-nn-localdomain': '{word}{nn}',
  'word-nn': '{word}-{nn}',
  'word-word': '{pet}-{word}',
};

function renderToken(name: string, digits: string, index: number, streams: TokenStreams): string {
  const lower = name.toLowerCase();
  const upper = name !== lower;
  let text: string;
  if (lower === 'nn') text = String(index).padStart(2, '0');
  else if (lower === 'n') text = String(index);
  else if (lower === 'rand' || lower === 'hex') {
    const alphabet = [...(lower === 'rand' ? ALPHANUMERIC : HEX)];
    text = Array.from({ length: Number(digits) }, () => pick(alphabet, streams.characters)).join('');
  } else {
    const words = WORDS[lower];
    if (!words) throw new Error(`unknown hostname token {${name}${digits}}`);
    const start = Math.floor(streams.words() * words.length);
    text = words[(start + index) % words.length]!;
  }
  return upper ? text.toUpperCase() : text.toLowerCase();
}

/** Applies the family's case and length rules and RFC 1123 syntax to a rendered pattern. */
function finish(rendered: string, family: OsFamily, wantsLocaldomain: boolean): string {
  const cased =
    family === 'windows'
      ? rendered.toUpperCase()
      : family === 'linux' || family === 'bsd'
        ? rendered.toLowerCase()
        : rendered;
  const labelLimit = family === 'windows' ? MAX_NETBIOS_NAME : MAX_HOSTNAME_LABEL;
  const labels = cased
    .split('.')
    .map((label) => toLabel(label, labelLimit))
    .filter((label) => label !== '');
  // A Windows computer name is a single NetBIOS-length label: no domain suffix.
  const name = family === 'windows' ? (labels[0] ?? 'HOST') : labels.join('.') || 'host';
  return wantsLocaldomain && family !== 'windows' ? `${name}.localdomain` : name;
}

function toLabel(text: string, limit: number): string {
  return text
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .slice(0, limit)
    .replace(/^-+|-+$/g, '');
}

function pick<T>(items: readonly T[], random: () => number): T {
  if (items.length === 0) throw new Error('cannot pick from an empty list');
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]!;
}

/** A seeded PRNG of floats in [0, 1) (see src/runtime/seeded-random.ts). */
export const seededRandom = mulberry32;
export { seedOf };
