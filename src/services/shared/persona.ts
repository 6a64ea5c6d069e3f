/** Questions services ask of a decky's persona. */
import type { DeckyPersona } from '../service.js';

/** OS profiles `windows` and `windows_server` (src/fabric/catalogue/os-profiles.ts). */
export function isWindows(persona: Pick<DeckyPersona, 'osProfile'>): boolean {
  return persona.osProfile.startsWith('windows');
}
