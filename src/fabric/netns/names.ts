/**
 * Kernel object names of an installation's deckies. Every name carries the installation tag, so two
 * DECNET homes on one host never touch each other's objects, and leftovers of a crash are found by
 * pattern (DESIGN.md "Decky fabric": teardown removes what it created and nothing else).
 *
 * Lengths keep the three kinds apart: a host link is `dn` + 4 + 9 hex (15 chars), a bridge `dnb` + 4 hex
 * (7 chars). A tag may start with `b`, so a prefix alone would confuse `dn<tag>…` with another
 * installation's `dnb<tag'>`; the patterns below match whole names.
 */
import { createHash } from 'node:crypto';
import { InvalidNameError } from './errors.js';
import { NETNS_LIMITS } from './limits.js';

const { tagHexChars, hostLinkHashHexChars, maxDeckyNameChars } = NETNS_LIMITS;

/** A decky name as it may appear in a namespace name: no shell, path or `ip` metacharacters. */
export const DECKY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const TAG_PATTERN = new RegExp(`^[0-9a-f]{${tagHexChars}}$`);

/** Any namespace, host link or bridge of any installation. */
export const NAMESPACE_NAME_PATTERN = new RegExp(
  `^decnet-[0-9a-f]{${tagHexChars}}-[A-Za-z0-9][A-Za-z0-9_-]{0,${maxDeckyNameChars - 1}}$`,
);
export const HOST_LINK_NAME_PATTERN = new RegExp(`^dn[0-9a-f]{${tagHexChars + hostLinkHashHexChars}}$`);
export const BRIDGE_NAME_PATTERN = new RegExp(`^dnb[0-9a-f]{${tagHexChars}}$`);

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function assertTag(tag: string): void {
  if (!TAG_PATTERN.test(tag))
    throw new InvalidNameError(
      `invalid installation tag ${JSON.stringify(tag)}: expected ${tagHexChars} lowercase hex characters from installationTag()`,
    );
}

/** Throws unless `decky` can safely be part of a namespace name. */
export function assertDeckyName(decky: string): void {
  if (decky.length > maxDeckyNameChars || !DECKY_NAME_PATTERN.test(decky))
    throw new InvalidNameError(
      `invalid decky name ${JSON.stringify(decky)}: use letters, digits, '_' and '-', starting with a letter or digit, at most ${maxDeckyNameChars} characters`,
    );
}

/** Short stable tag of an installation (DECNET_HOME path): 4 lowercase hex chars of sha256(home). */
export function installationTag(home: string): string {
  return sha256Hex(home).slice(0, tagHexChars);
}

/** Namespace name of a decky: `decnet-<tag>-<deckyName>`. */
export function namespaceName(tag: string, decky: string): string {
  assertTag(tag);
  assertDeckyName(decky);
  return `${namespacePrefix(tag)}${decky}`;
}

/** The installation's bridge: `dnb<tag>`. */
export function bridgeName(tag: string): string {
  assertTag(tag);
  return `dnb${tag}`;
}

/** Host end of a decky's veth: `dn<tag><9 hex of sha256(decky)>`, 15 chars, the most IFNAMSIZ allows. */
export function hostLinkName(tag: string, decky: string): string {
  assertTag(tag);
  assertDeckyName(decky);
  return `dn${tag}${sha256Hex(decky).slice(0, hostLinkHashHexChars)}`;
}

/** Every namespace of the installation starts with this. */
export function namespacePrefix(tag: string): string {
  assertTag(tag);
  return `decnet-${tag}-`;
}

/** Tag and decky of one of our namespace names, or null when `namespace` is not one. */
export function parseNamespaceName(namespace: string): { tag: string; decky: string } | null {
  if (!NAMESPACE_NAME_PATTERN.test(namespace)) return null;
  const tag = namespace.slice('decnet-'.length, 'decnet-'.length + tagHexChars);
  return { tag, decky: namespace.slice(namespacePrefix(tag).length) };
}

/** Whether `name` is a namespace / host link / bridge of the installation tagged `tag`. */
export function isInstallationNamespace(tag: string, name: string): boolean {
  return parseNamespaceName(name)?.tag === tag;
}
export function isInstallationHostLink(tag: string, name: string): boolean {
  return HOST_LINK_NAME_PATTERN.test(name) && name.startsWith(`dn${tag}`);
}
export function isInstallationBridge(tag: string, name: string): boolean {
  return name === bridgeName(tag);
}
