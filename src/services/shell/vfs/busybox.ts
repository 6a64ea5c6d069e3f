/**
 * The BusyBox builds a decky may carry: Alpine's (1.36.1, the alpine `busybox` package's config) and a
 * Buildroot firmware's (1.36.1 with the network applets IoT firmware keeps: tftp, ftpget, telnetd …),
 * with the directory each applet is installed in, as `busybox --install` lays them out.
 */
import type { Distro } from '../../../fabric/catalogue/distros.js';
import { familyOf } from '../machine.js';

const ALPINE_APPLETS: Readonly<Record<string, string>> = {
  '/bin':
    'arch ash base64 bbconfig cat chattr chgrp chmod chown cp date dd df dmesg dnsdomainname dumpkmap echo egrep false fatattr fdflush fgrep fsync getopt grep gunzip gzip hostname ionice iostat ipcalc kbd_mode kill link linux32 linux64 ln login ls lsattr lzop makemime mkdir mknod mktemp more mount mountpoint mpstat mv netstat nice pidof ping ping6 pipe_progress printenv ps pwd reformime rev rm rmdir run-parts sed setpriv setserial sh sleep stat stty su sync tar touch true umount uname usleep watch zcat',
  '/sbin':
    'acpid adjtimex arp blkid blockdev depmod fbsplash fdisk findfs fsck fstrim getty halt hwclock ifconfig ifdown ifenslave ifup init inotifyd insmod ip ipaddr iplink ipneigh iproute iprule iptunnel klogd ldconfig loadkmap logread losetup lsmod mdev mkdosfs mkfs.vfat mkswap modinfo modprobe nameif nologin pivot_root poweroff raidautorun reboot rmmod route setconsole slattach swapoff swapon switch_root sysctl syslogd tunctl udhcpc vconfig watchdog',
  '/usr/bin':
    '[ [[ awk basename bc beep blkdiscard bunzip2 bzcat bzip2 cal chvt cksum clear cmp comm cpio crontab cryptpw cut dc deallocvt diff dirname dos2unix du eject env expand expr factor fallocate find flock fold free fuser getfattr groups hd head hexdump hostid id install ipcrm ipcs killall last less logger lsof lsusb lzcat lzma lzopcat md5sum mesg microcom mkfifo mkpasswd nc nl nmeter nohup nproc nsenter nslookup od openvt passwd paste patch pgrep pkill pmap printf pscan pstree pwdx readlink realpath renice reset resize seq setkeycodes setsid sha1sum sha256sum sha3sum sha512sum showkey shred shuf sort split strings sum tac tail tee test time timeout top tr traceroute traceroute6 tree truncate tty ttysize udhcpc6 unexpand uniq unix2dos unlink unlzma unlzop unshare unxz unzip uptime uudecode uuencode vi vlock volname wc wget which who whoami whois xargs xxd xzcat yes',
  '/usr/sbin':
    'add-shell addgroup adduser arping brctl chpasswd chroot crond delgroup deluser fbset killall5 loadfont nanddump nandwrite nbd-client ntpd partprobe rdate readahead remove-shell rfkill sendmail setfont setlogcons',
};

const BUILDROOT_APPLETS: Readonly<Record<string, string>> = {
  '/bin':
    'arch ash base64 cat chattr chgrp chmod chown cp cpio date dd df dmesg dnsdomainname dumpkmap echo egrep false fdflush fgrep getopt grep gunzip gzip hostname kill link linux32 linux64 ln login ls lsattr mkdir mknod mktemp more mount mountpoint mt mv netstat nice pidof ping pipe_progress printenv ps pwd resume rm rmdir run-parts sed setarch setpriv setserial sh sleep stat stty su sync tar touch true umount uname usleep vi watch zcat',
  '/sbin':
    'arp blkid devmem fdisk freeramdisk fsck fstrim getty halt hdparm hwclock ifconfig ifdown ifup init insmod ip ipaddr iplink ipneigh iproute iprule iptunnel klogd loadkmap losetup lsmod mdev mkdosfs mke2fs mkswap modprobe pivot_root poweroff reboot rmmod route run-init runlevel sulogin swapoff swapon switch_root sysctl syslogd tc udhcpc uevent vconfig watchdog',
  '/usr/bin':
    '[ [[ awk basename bunzip2 bzcat chvt clear cmp crontab cut dc deallocvt diff dirname dos2unix du eject env expr factor fallocate find flock fold free fuser head hexdump hexedit hostid id install ipcrm ipcs killall last less logger logname lsof lsscsi lsusb lzcat lzma md5sum mesg microcom mkfifo mkpasswd nc nl nohup nproc nslookup od openvt passwd paste patch pgrep pkill printf readlink realpath reset resize seq setfattr setkeycodes setsid sha1sum sha256sum sha3sum sha512sum shred sort strings svc tail tee telnet test tftp time top tr traceroute truncate ts tty uniq unix2dos unlink unlzma unxz unzip uptime uudecode uuencode vlock w wc wget which who whoami xargs xxd xz xzcat yes',
  '/usr/sbin':
    'addgroup adduser arping chpasswd chroot crond delgroup deluser dnsd ether-wake fbset fdformat fsfreeze ftpget ftpput httpd inetd loadfont nanddump nandwrite partprobe rdate readprofile setlogcons telnetd ubiattach ubidetach ubimkvol ubirename ubirmvol ubirsvol ubiupdatevol',
};

/**
 * Debian/Ubuntu's `busybox` package (pulled in by initramfs-tools): the binary exists, its applets are
 * not installed as links.
 */
const DEBIAN_APPLETS: Readonly<Record<string, string>> = {
  '/bin': `${ALPINE_APPLETS['/bin']} ${ALPINE_APPLETS['/usr/bin']} ${ALPINE_APPLETS['/sbin']}`,
};

export interface BusyboxBuild {
  /** First line of `busybox --help`. */
  banner: string;
  /** Applet name → directory it is linked into. */
  applets: ReadonlyMap<string, string>;
  /** Whether the applets are installed as links (false on Debian/Ubuntu, where only /bin/busybox exists). */
  linked: boolean;
}

function build(banner: string, table: Readonly<Record<string, string>>, linked: boolean): BusyboxBuild {
  const applets = new Map<string, string>();
  for (const [dir, names] of Object.entries(table))
    for (const name of names.split(' ')) if (!applets.has(name)) applets.set(name, dir);
  return { banner, applets, linked };
}

const BUILDS = {
  alpine: build('BusyBox v1.36.1 (2024-06-12 11:52:11 UTC) multi-call binary.', ALPINE_APPLETS, true),
  buildroot: build('BusyBox v1.36.1 (2023-06-12 10:22:41 CST) multi-call binary.', BUILDROOT_APPLETS, true),
  debian: build('BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) multi-call binary.', DEBIAN_APPLETS, false),
  ubuntu22: build('BusyBox v1.30.1 (Ubuntu 1:1.30.1-7ubuntu3.1) multi-call binary.', DEBIAN_APPLETS, false),
  ubuntu20: build('BusyBox v1.30.1 (Ubuntu 1:1.30.1-4ubuntu6.4) multi-call binary.', DEBIAN_APPLETS, false),
} as const;

/** The distro's BusyBox, or null where it has none (Red Hat family, Arch). */
export function busyboxFor(distro: Distro): BusyboxBuild | null {
  switch (familyOf(distro)) {
    case 'alpine':
      return BUILDS.alpine;
    case 'busybox':
      return BUILDS.buildroot;
    case 'debian':
      return distro.name === 'ubuntu22'
        ? BUILDS.ubuntu22
        : distro.name === 'ubuntu20'
          ? BUILDS.ubuntu20
          : BUILDS.debian;
    default:
      return null;
  }
}

/** Where the applet lives on a distro whose core tools are BusyBox links, or null when it is no applet there. */
export function appletDir(distro: Distro, name: string): string | null {
  const bb = busyboxFor(distro);
  if (!bb?.linked) return null;
  return bb.applets.get(name) ?? null;
}
