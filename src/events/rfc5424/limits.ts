/**
 * Sizes and numbers of the RFC 5424 wire format, shared by the formatter and the parser so that what
 * one writes the other always accepts.
 */

/** Longest line either side handles, in UTF-16 code units (64 KiB). Longer input is rejected unread. */
export const MAX_LINE_LENGTH = 65_536;

/** RFC 5424 §6.2.4–6.2.7: maximum lengths of the header fields (all PRINTUSASCII, so 1 unit = 1 octet). */
export const MAX_HOSTNAME_LENGTH = 255;
export const MAX_APP_NAME_LENGTH = 48;
export const MAX_PROCID_LENGTH = 128;
export const MAX_MSGID_LENGTH = 32;

/** RFC 5424 §6.3.2–6.3.3: SD-ID and PARAM-NAME are SD-NAME, 1 to 32 PRINTUSASCII characters. */
export const MAX_SD_NAME_LENGTH = 32;

/** RFC 5424 §6.2.1: PRIVAL is facility × 8 + severity, 0..191 (facility 0..23). */
export const MAX_PRIVAL = 191;

/** Facility local0, which every DECNET emitter uses (spec §1.1: INFO gives `<134>`). */
export const FACILITY_LOCAL0 = 16;

/**
 * Envelopes the parser peels off (spec §1.2: Docker capture wraps the bash logger line once; we allow a few
 * more layers for relays, and stop there so a hostile line cannot make us recurse without bound).
 */
export const MAX_ENVELOPE_DEPTH = 4;

/** RFC 5424 §6.2.3.1: TIME-SECFRAC has 1..6 digits; we also accept nanosecond emitters (9) and cut to µs. */
export const MAX_FRACTION_DIGITS = 9;

/** Longest text we even try to read as an IP address (a full IPv6 with zone id and port fits easily). */
export const MAX_ADDRESS_TEXT_LENGTH = 80;
