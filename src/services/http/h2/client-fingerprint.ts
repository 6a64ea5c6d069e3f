/**
 * What an HTTP/2 client shows of itself before its first request, collected as the frames arrive: its
 * first SETTINGS (or an h2c Upgrade's HTTP2-Settings, RFC 7540 §3.2.1), its first connection-level
 * WINDOW_UPDATE, its PRIORITY frames and the first request's pseudo-header order. Together they make
 * the `http2_settings` event and its Akamai fingerprint (src/fingerprint/http2.ts), logged once.
 */
import { akamaiFingerprintOf, type Http2Priority } from '../../../fingerprint/http2.js';
import { H2_LIMITS } from './limits.js';
import { type Setting, settingsEventFields } from './settings.js';

export interface Http2SettingsEventFields {
  settings: string;
  frame_order: string;
  window_update?: number;
  priority?: string;
  pseudo_header_order?: string;
  akamai?: string;
  akamai_hash?: string;
}

export class ClientFingerprint {
  private settings: Setting[] | null = null;
  private windowUpdate: number | null = null;
  private readonly priorities: Http2Priority[] = [];
  private pseudoHeaderOrder: string[] | null = null;
  private logged = false;

  /** Whether the first request has been seen: later frames are not part of the fingerprint. */
  get complete(): boolean {
    return this.pseudoHeaderOrder !== null;
  }

  settingsSeen(settings: readonly Setting[]): void {
    if (this.settings === null) this.settings = [...settings];
  }

  windowUpdateSeen(increment: number): void {
    if (!this.complete && this.windowUpdate === null) this.windowUpdate = increment;
  }

  prioritySeen(priority: Http2Priority): void {
    if (!this.complete && this.priorities.length < H2_LIMITS.maxFingerprintPriorities)
      this.priorities.push(priority);
  }

  /** The first request's decoded header names, pseudo-headers among them. */
  requestSeen(names: readonly string[]): void {
    if (!this.complete) this.pseudoHeaderOrder = names.filter((n) => n.startsWith(':'));
  }

  /** The event's fields the first time they are asked for once SETTINGS have been seen; else null. */
  take(): Http2SettingsEventFields | null {
    if (this.logged || this.settings === null) return null;
    this.logged = true;
    const fields: Http2SettingsEventFields = settingsEventFields(this.settings);
    if (this.windowUpdate !== null) fields.window_update = this.windowUpdate;
    if (this.priorities.length > 0) {
      fields.priority = this.priorities
        .map((p) => `${p.streamId}:${p.exclusive ? 1 : 0}:${p.dependsOn}:${p.weight}`)
        .join(',');
    }
    if (this.pseudoHeaderOrder !== null) {
      fields.pseudo_header_order = this.pseudoHeaderOrder.join(',');
      const akamai = akamaiFingerprintOf({
        settings: this.settings,
        windowUpdate: this.windowUpdate,
        priorities: this.priorities,
        pseudoHeaderOrder: this.pseudoHeaderOrder,
      });
      fields.akamai = akamai.fingerprint;
      fields.akamai_hash = akamai.hash;
    }
    return fields;
  }
}
