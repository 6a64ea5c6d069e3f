/**
 * Which distros ship which program, as a default install of each does (Ubuntu 22.04 has no ifconfig,
 * Rocky 9 minimal no wget, CentOS 7 no python3, Alpine's tools are BusyBox applets …). Absent programs
 * are "command not found" — the interpreter's answer, as on the real machine.
 */
import type { Distro } from '../../../../fabric/catalogue/distros.js';
import { type DistroFamily, familyOf, usesSystemd } from '../../machine.js';
import { busyboxFor } from '../../vfs/busybox.js';

export type Availability = (distro: Distro) => boolean;

function isLinux(distro: Distro): boolean {
  const f = familyOf(distro);
  return f !== 'other' && f !== 'bsd';
}

/** On glibc distros always; on BusyBox userlands when the build has the applet. */
export function coreTool(name: string): Availability {
  return (distro) => {
    if (!isLinux(distro)) return false;
    const f = familyOf(distro);
    if (f === 'alpine' || f === 'busybox') return busyboxFor(distro)?.applets.has(name) ?? false;
    return true;
  };
}

/** Only on the listed distros (by catalogue name) or families. */
export function onlyOn(...names: Array<string | DistroFamily>): Availability {
  return (distro) => names.includes(distro.name) || names.includes(familyOf(distro));
}

/** A package every glibc distro installs, plus the applet on BusyBox userlands that have it. */
export function packaged(names: readonly (string | DistroFamily)[], applet?: string): Availability {
  return (distro) => {
    const f = familyOf(distro);
    if ((f === 'alpine' || f === 'busybox') && applet)
      return busyboxFor(distro)?.applets.has(applet) ?? false;
    return names.includes(distro.name) || names.includes(f);
  };
}

export const systemdOnly: Availability = (distro) => usesSystemd(distro);

/** glibc distros only (util-linux, procps, shadow …), never on BusyBox userlands. */
export const gnuOnly: Availability = (distro) => {
  const f = familyOf(distro);
  return f === 'debian' || f === 'rhel' || f === 'arch';
};
