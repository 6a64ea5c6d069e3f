/**
 * MAC addresses for deckies with a link of their own (netns driver). The first three bytes are a real
 * vendor's OUI that fits the machine (a printer from a printer maker, a camera from a camera maker), so
 * an ARP table or a DHCP log does not give the fleet away; the last three come from the decky's name,
 * so a decky keeps its MAC across redeploys.
 */
import { createHash } from 'node:crypto';

/** Vendor prefixes by the kind of machine; `server` is the fallback. */
const OUIS: Readonly<Record<string, readonly string[]>> = {
  // Dell, HP Enterprise, Supermicro, VMware guests, Intel NICs
  server: ['00:14:22', '3c:a8:2a', '0c:c4:7a', '00:50:56', 'a0:36:9f'],
  // Dell, Lenovo, HP, Intel wireless
  workstation: ['f8:bc:12', '54:e1:ad', '9c:7b:ef', '3c:6a:a7'],
  // HP printers, Brother, Xerox
  printer: ['a0:d3:c1', '00:80:77', '9c:93:4e'],
  // Hikvision, Axis, Dahua
  camera: ['c0:56:e3', 'ac:cc:8e', '3c:ef:8c'],
  // Cisco, MikroTik, Ubiquiti
  network: ['00:1b:54', '4c:5e:0c', 'f0:9f:c2'],
  // Siemens, Rockwell Automation, Schneider Electric
  industrial: ['00:1b:1b', '00:00:bc', '00:80:f4'],
  // Synology, QNAP
  storage: ['00:11:32', '24:5e:be'],
};

const KIND_BY_ARCHETYPE: Readonly<Record<string, string>> = {
  'windows-workstation': 'workstation',
  printer: 'printer',
  'ip-camera': 'camera',
  router: 'network',
  plc: 'industrial',
  nas: 'storage',
};

export function macFor(decky: string, archetype: string | null): string {
  const digest = createHash('sha256').update(`mac:${decky}`).digest();
  const choices = OUIS[KIND_BY_ARCHETYPE[archetype ?? ''] ?? 'server']!;
  const oui = choices[digest[0]! % choices.length]!;
  const tail = [digest[1]!, digest[2]!, digest[3]!].map((b) => b.toString(16).padStart(2, '0'));
  return `${oui}:${tail.join(':')}`;
}
