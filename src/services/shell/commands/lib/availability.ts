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

/**
 * Programs of FreeBSD's base system that have an emulator here. Those whose output differs between the
 * systems (uname, ps, df, mount, ifconfig, netstat, sysctl, top, w, uptime, dmesg) print FreeBSD's form;
 * the rest follow the GNU tools', which is closer to the truth than "not found". free, lscpu and ip are
 * Linux programs FreeBSD does not have.
 */
const FREEBSD_BASE: ReadonlySet<string> = new Set(
  (
    'awk basename cat chmod chown cp cut date dd df dirname dmesg du echo env expr false find ' +
    'freebsd-version grep egrep fgrep gzip gunzip head hostname id ifconfig kill killall ln ls md5sum mkdir ' +
    'mktemp more mount mv netstat nohup nproc pgrep pkg pkill printenv printf ps pwd readlink realpath rm ' +
    'rmdir sed seq service sleep sort stat su sysctl tail tar tee test top touch tr true tty uname uniq ' +
    'uptime w wc which who whoami xargs yes'
  ).split(' '),
);

/** On glibc distros always; on BusyBox userlands when the build has the applet; on FreeBSD if its base has it. */
export function coreTool(name: string): Availability {
  return (distro) => {
    if (familyOf(distro) === 'bsd') return FREEBSD_BASE.has(name);
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
