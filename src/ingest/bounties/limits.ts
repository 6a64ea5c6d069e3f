/**
 * Every bound and threshold bounty extraction uses, with where its value comes from. Attacker input
 * reaches these functions unfiltered, so work and payload size are capped here and nowhere else.
 */

/** Header entries read from one `headers` field. Apache's LimitRequestFields default; real clients send 5–30. */
export const MAX_HEADERS_CONSIDERED = 100;

/** Header value kept (and classified) per header. nginx's and Apache's per-line default limit is 8 KiB. */
export const MAX_HEADER_VALUE_CHARS = 8192;

/** Header name kept per header. No standard field name comes near it; it only stops abuse. */
export const MAX_HEADER_NAME_CHARS = 256;

/**
 * JSON-carrying fields (`headers`) longer than this are treated as absent, bounding JSON.parse per record.
 * 2 MiB holds MAX_HEADERS_CONSIDERED headers of MAX_HEADER_VALUE_CHARS with room for escapes.
 */
export const MAX_JSON_FIELD_CHARS = 2 * 1024 * 1024;

/** Any other wire string copied into a payload (path, certificate names, mail subject …): one header line. */
export const MAX_PAYLOAD_TEXT_CHARS = 8192;

/** X-Forwarded-For tokens examined for the leftmost IP. Real proxy chains are a handful of hops. */
export const MAX_FORWARDED_HOPS = 64;

/** Longest text handed to the IP parser: 45 chars of IPv4-mapped IPv6 plus a short zone id. */
export const MAX_IP_TEXT_CHARS = 64;

/** Longest bot name lifted out of a User-Agent as `tool`; real crawler tokens are under 30 chars. */
export const MAX_TOOL_NAME_CHARS = 64;

/** UA shorter than this (in code points) signals `suspicious_short` (spec §1.7: "<8 chars"). */
export const UA_SHORT_BELOW_CHARS = 8;

/** UA longer than this (in code points) signals `suspicious_long` (spec §1.7: ">512"). */
export const UA_LONG_ABOVE_CHARS = 512;

/** `order_hash` / `casing_hash` are this many hex chars of a SHA-256 (spec §1.7: "sha256[:16]"). */
export const QUIRKS_HASH_HEX_CHARS = 16;
