/**
 * Kernel identity beyond uname: the build line of /proc/version and the boot messages of the ring
 * buffer (`dmesg`, /var/log/dmesg), consistent with the machine's CPU, memory, disk and NIC.
 */
import { seededRandom } from '../../shared/seeded-random.js';
import type { Machine } from '../command.js';
import { familyOf, hypervisorOf } from '../machine.js';

const BUILDERS: Readonly<Record<string, string>> = {
  debian12:
    '(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40)',
  ubuntu22:
    '(buildd@lcy02-amd64-086) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38)',
  ubuntu20:
    '(buildd@lcy02-amd64-051) (gcc (Ubuntu 9.4.0-1ubuntu1~20.04.2) 9.4.0, GNU ld (GNU Binutils for Ubuntu) 2.34)',
  rocky9:
    '(mockbuild@iad1-prod-build001.bld.equ.rockylinux.org) (gcc (GCC) 11.5.0 20240719 (Red Hat 11.5.0-2), GNU ld version 2.35.2-54.el9)',
  centos7: '(mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) )',
  alpine319:
    '(buildozer@build-3-19-x86_64) (gcc (Alpine 13.2.1_git20231014) 13.2.1 20231014, GNU ld (GNU Binutils) 2.41)',
  fedora39:
    '(mockbuild@b3f5b2d4a7c94d7c9a0d6d3e1d4c2f5a) (gcc (GCC) 13.3.1 20240913 (Red Hat 13.3.1-3), GNU ld version 2.40-14.fc39)',
  kali: '(devel@kali.org) (x86_64-linux-gnu-gcc-14 (Debian 14.2.0-6) 14.2.0, GNU ld (GNU Binutils for Debian) 2.43.1)',
  arch: '(linux@archlinux) (gcc (GCC) 14.2.1 20240910, GNU ld (GNU Binutils) 2.43.0)',
  busybox:
    '(builder@buildhost) (arm-buildroot-linux-gnueabihf-gcc.br_real (Buildroot 2023.02.2) 11.4.0, GNU ld (GNU Binutils) 2.38)',
};

/** The whole of /proc/version. */
export function procVersion(machine: Machine): string {
  const d = machine.distro;
  return `Linux version ${d.kernel} ${BUILDERS[d.name] ?? '(root@localhost) (gcc version 12.2.0)'} ${d.kernelVersion}\n`;
}

/** The kernel command line the boot loader passed. */
export function kernelCommandLine(machine: Machine): string {
  const d = machine.distro;
  switch (familyOf(d)) {
    case 'rhel': {
      const vg = machine.disk.device.replace('/dev/mapper/', '').replace('-root', '');
      return `BOOT_IMAGE=(hd0,msdos1)/vmlinuz-${d.kernel} root=${machine.disk.device} ro crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M resume=/dev/mapper/${vg}-swap rd.lvm.lv=${vg}/root rd.lvm.lv=${vg}/swap rhgb quiet`;
    }
    case 'alpine':
      return `BOOT_IMAGE=/boot/vmlinuz-lts root=UUID=${seededRandom(machine.persona.seed, 'cmdline').int(0x10000000, 0x7fffffff).toString(16)}-4f1c-4c1e-9d0e-2b8a7f1d6c3a ro modules=sd-mod,usb-storage,ext4 quiet rootfstype=ext4`;
    case 'busybox':
      return `console=ttyS0,115200 root=/dev/mmcblk0p2 rootwait rw mem=${Math.round(machine.memoryKiB / 1024)}M`;
    default:
      return `BOOT_IMAGE=/boot/vmlinuz-${d.kernel} root=${machine.disk.device.includes('mapper') ? machine.disk.device : `UUID=${seededRandom(machine.persona.seed, 'cmdline').int(0x10000000, 0x7fffffff).toString(16)}-2b6e-4b8f-9c3d-5e1f7a2d9c40`} ro quiet`;
  }
}

function stamp(seconds: number): string {
  return `[${seconds.toFixed(6).padStart(12, ' ')}]`;
}

/** The ring buffer as `dmesg` prints it (the boot messages; a quiet server logs little after). */
export function kernelLog(machine: Machine): string[] {
  const random = seededRandom(machine.persona.seed, 'dmesg');
  const d = machine.distro;
  const hv = hypervisorOf(machine);
  const mem = machine.memoryKiB;
  const embedded = familyOf(d) === 'busybox';
  let t = 0;
  const out: string[] = [];
  const log = (text: string, step = 0.0001 + random.next() * 0.002) => {
    out.push(`${stamp(t)} ${text}`);
    t += step;
  };
  log(procVersion(machine).trimEnd(), 0);
  log(`Command line: ${kernelCommandLine(machine)}`, 0);
  if (embedded) {
    log(`CPU: ${machine.cpu.model.replace(' Processor', '')} [410fc075] revision 5 (ARMv7), cr=10c5387d`);
    log('CPU: div instructions available: patching division code');
    log('OF: fdt: Machine model: Generic DT based system');
    log(`Memory: ${Math.round(mem * 0.92)}K/${mem}K available`);
  } else {
    log("x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'");
    log("x86/fpu: Supporting XSAVE feature 0x002: 'SSE registers'");
    log("x86/fpu: Supporting XSAVE feature 0x004: 'AVX registers'");
    log("x86/fpu: Enabled xstate features 0x7, context size is 832 bytes, using 'compacted' format.");
    log('signal: max sigframe size: 1776');
    log('BIOS-provided physical RAM map:');
    log('BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable');
    log('BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved');
    log('BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved');
    log(`BIOS-e820: [mem 0x0000000000100000-0x${(0xbffdafff).toString(16).padStart(16, '0')}] usable`);
    log('NX (Execute Disable) protection: active');
    log('SMBIOS 2.8 present.');
    if (hv) {
      log(
        `DMI: ${hv.sysVendor} ${hv.productName}, BIOS ${hv.biosVendor === 'SeaBIOS' ? 'rel-1.16.2-0-gea1b7a073390-prebuilt.qemu.org 04/01/2014' : '6.00 11/12/2020'}`,
      );
      log(`Hypervisor detected: ${hv.vendor}`);
    }
    log(`tsc: Detected ${machine.cpu.mhz.toFixed(3)} MHz processor`, 0.002);
    log(
      `Memory: ${Math.round(mem * 0.955)}K/${Math.round(mem * 1.02)}K available (16384K kernel code, 2763K rwdata, 10632K rodata, 2968K init, 4952K bss, ${Math.round(mem * 0.04)}K reserved, 0K cma-reserved)`,
    );
    log(`SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=${machine.cpu.cores}, Nodes=1`);
    log(`smpboot: CPU0: ${machine.cpu.model} (family: 0x6, model: 0x4f, stepping: 0x1)`, 0.05);
    log(`smp: Brought up 1 node, ${machine.cpu.cores} CPU${machine.cpu.cores > 1 ? 's' : ''}`);
    log(`smpboot: Max logical packages: ${machine.cpu.cores}`);
    log(
      `smpboot: Total of ${machine.cpu.cores} processors activated (${(machine.cpu.mhz * 2 * machine.cpu.cores).toFixed(2)} BogoMIPS)`,
      0.1,
    );
  }
  log('NET: Registered PF_INET protocol family');
  log('TCP established hash table entries: 32768 (order: 6, 262144 bytes, linear)');
  log('Freeing unused kernel image (initmem) memory: 2968K', 0.3);
  if (!embedded) {
    const disk = machine.disk.device.includes('vda') ? 'vda' : 'sda';
    const gb = ((machine.disk.blocks / 1024 / 1024) * 1.07).toFixed(1);
    if (disk === 'sda') {
      log(
        `scsi 2:0:0:0: Direct-Access     ${hv?.sysVendor === 'VMware, Inc.' ? 'VMware   Virtual disk     2.0' : 'QEMU     QEMU HARDDISK    2.5+'} PQ: 0 ANSI: 5`,
      );
      log(
        `sd 2:0:0:0: [sda] ${Math.round((machine.disk.blocks * 2) / 0.96)} 512-byte logical blocks: (${gb} GB/${(Number(gb) / 1.074).toFixed(1)} GiB)`,
      );
      log('sd 2:0:0:0: [sda] Write Protect is off');
      log('sd 2:0:0:0: [sda] Attached SCSI disk', 0.2);
    } else {
      log(
        `virtio_blk virtio2: [vda] ${Math.round((machine.disk.blocks * 2) / 0.96)} 512-byte logical blocks (${gb} GB/${(Number(gb) / 1.074).toFixed(1)} GiB)`,
        0.2,
      );
    }
    log(
      `EXT4-fs (${disk}1): mounted filesystem with ordered data mode. Quota mode: none.`,
      1.1 + random.next(),
    );
    log("systemd[1]: Inserted module 'autofs4'");
    log(
      `systemd[1]: systemd ${d.name === 'debian12' ? '252.31-1~deb12u1' : d.name === 'ubuntu22' ? '249.11-0ubuntu3.12' : '252-46.el9_5.2.0.1.rocky'} running in system mode`,
    );
    log(`systemd[1]: Hostname set to <${machine.hostname}>.`, 0.4);
    const driver =
      hv?.sysVendor === 'VMware, Inc.'
        ? 'vmxnet3'
        : hv?.productName === 'VirtualBox'
          ? 'e1000'
          : 'virtio_net';
    log(
      `${driver} ${driver === 'virtio_net' ? 'virtio0' : '0000:0b:00.0'} ${machine.network.iface}: renamed from eth0`,
      0.8,
    );
  }
  log(`IPv6: ADDRCONF(NETDEV_CHANGE): ${machine.network.iface}: link becomes ready`, 2 + random.next() * 3);
  return out;
}
