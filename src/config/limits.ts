/**
 * Every bound the configuration readers enforce, with where its value comes from. Parsers read input an
 * operator (or an API client uploading a deployment file) controls, so each of them is bounded.
 */

/** Largest INI file accepted, in bytes: the reference's own limit (`validate_ini_string`, 512 KB). */
export const INI_MAX_BYTES = 512 * 1024;

/**
 * Longest INI line, in characters. Long enough for a `b64:`-encoded textarea value (a custom HTTP body of
 * a few dozen KiB) on one line, short enough that one line cannot hold the whole file budget unnoticed.
 */
export const INI_MAX_LINE_LENGTH = 64 * 1024;

/** Most sections in one INI file: 100-decky groups × 20 plus their per-service sections fit easily. */
export const INI_MAX_SECTIONS = 4096;

/** Most keys in one section. The largest service schema in the reference (dns) has ten keys. */
export const INI_MAX_KEYS_PER_SECTION = 512;

/** `amount=` bounds for a decky group: the reference rejects values below 1 and above 100 (ini_loader). */
export const DECKY_AMOUNT_MIN = 1;
export const DECKY_AMOUNT_MAX = 100;

/**
 * Most deckies one deployment file may describe after `amount=` expansion. A /18 worth of addresses;
 * far beyond the reference's tested fleets, but a guard against a file that multiplies by accident.
 */
export const MAX_DECKIES_PER_FILE = 16_384;

/** Longest decky name. The reference's DeckySpec allows 128 characters. */
export const DECKY_NAME_MAX_LENGTH = 128;

/** `mutate_interval` is in minutes (reference: DeckyConfig.mutate_interval); at most one year. */
export const MUTATE_INTERVAL_MIN = 1;
export const MUTATE_INTERVAL_MAX = 525_600;

/** Linux interface names are at most IFNAMSIZ - 1 = 15 bytes. */
export const INTERFACE_NAME_MAX_LENGTH = 15;

/**
 * Longest path usable for a Unix domain socket: `sun_path` is 108 bytes on Linux including the final NUL.
 * The control socket lives under DECNET_HOME, so a very deep home is refused at startup.
 */
export const UNIX_SOCKET_PATH_MAX_BYTES = 107;
