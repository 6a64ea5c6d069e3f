/**
 * Distros: what a decky claims to run, down to the strings an attacker reads back (uname, the SSH
 * identification line, the HTTP Server header, /etc/os-release). The Linux set mirrors the reference's
 * (spec/decnet-services-and-deckies.md §5.1); Windows, FreeBSD, BusyBox and IOS entries exist because
 * Windows, firewall, printer, camera, PLC and router archetypes need something to claim too.
 * Versions are the last point release of each line as of late 2024.
 */

export type HostnameStyle = 'srv-word-nn' | 'word-nn-localdomain' | 'word-nn' | 'word-word';

export interface Distro {
  name: string;
  label: string;
  /** Name of the OsProfile whose sysctls the decky's namespace gets. */
  osProfile: string;
  /** What `uname -r` prints (for Windows: the build, for IOS: the release). */
  kernel: string;
  /** What `uname -v` prints (for Windows and IOS: their version banner). */
  kernelVersion: string;
  arch: string;
  /** The full SSH identification string, without CR LF. */
  sshBanner: string;
  /** The Server header its usual web server sends. */
  httpServer: string;
  /** How a decky with no archetype is named. */
  hostnameStyle: HostnameStyle;
  filesystem: {
    /** Full /etc/os-release; empty where the OS has none (Windows, IOS). */
    osRelease: string;
    /** Full /etc/issue, getty escapes (\n, \l, \r …) left as written; empty where there is none. */
    issue: string;
    shell: string;
    packageManager: string;
    /** Accounts beyond root/daemon/nobody that a stock install of it has. */
    users: readonly string[];
  };
}

function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

const WINDOWS_BUILT_IN_USERS = ['Administrator', 'Guest', 'DefaultAccount', 'WDAGUtilityAccount'] as const;

export const DISTROS: readonly Distro[] = [
  {
    name: 'debian12',
    label: 'Debian GNU/Linux 12 (bookworm)',
    osProfile: 'linux',
    kernel: '6.1.0-28-amd64',
    kernelVersion: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)',
    arch: 'x86_64',
    sshBanner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3',
    httpServer: 'Apache/2.4.62 (Debian)',
    hostnameStyle: 'word-nn',
    filesystem: {
      osRelease: lines(
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
        'NAME="Debian GNU/Linux"',
        'VERSION_ID="12"',
        'VERSION="12 (bookworm)"',
        'VERSION_CODENAME=bookworm',
        'ID=debian',
        'HOME_URL="https://www.debian.org/"',
        'SUPPORT_URL="https://www.debian.org/support"',
        'BUG_REPORT_URL="https://bugs.debian.org/"',
      ),
      issue: 'Debian GNU/Linux 12 \\n \\l\n\n',
      shell: '/bin/bash',
      packageManager: 'apt',
      users: ['_apt', 'systemd-network', 'messagebus', 'sshd', 'www-data'],
    },
  },
  {
    name: 'ubuntu22',
    label: 'Ubuntu 22.04.5 LTS',
    osProfile: 'linux',
    kernel: '5.15.0-126-generic',
    kernelVersion: '#136-Ubuntu SMP Wed Nov 6 10:38:22 UTC 2024',
    arch: 'x86_64',
    sshBanner: 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10',
    httpServer: 'nginx/1.18.0 (Ubuntu)',
    hostnameStyle: 'srv-word-nn',
    filesystem: {
      osRelease: lines(
        'PRETTY_NAME="Ubuntu 22.04.5 LTS"',
        'NAME="Ubuntu"',
        'VERSION_ID="22.04"',
        'VERSION="22.04.5 LTS (Jammy Jellyfish)"',
        'VERSION_CODENAME=jammy',
        'ID=ubuntu',
        'ID_LIKE=debian',
        'HOME_URL="https://www.ubuntu.com/"',
        'SUPPORT_URL="https://help.ubuntu.com/"',
        'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
        'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
        'UBUNTU_CODENAME=jammy',
      ),
      issue: 'Ubuntu 22.04.5 LTS \\n \\l\n\n',
      shell: '/bin/bash',
      packageManager: 'apt',
      users: ['_apt', 'systemd-network', 'syslog', 'messagebus', 'sshd', 'lxd', 'ubuntu', 'www-data'],
    },
  },
  {
    name: 'ubuntu20',
    label: 'Ubuntu 20.04.6 LTS',
    osProfile: 'linux',
    kernel: '5.4.0-202-generic',
    kernelVersion: '#222-Ubuntu SMP Fri Nov 8 14:45:04 UTC 2024',
    arch: 'x86_64',
    sshBanner: 'SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.11',
    httpServer: 'Apache/2.4.41 (Ubuntu)',
    hostnameStyle: 'word-nn',
    filesystem: {
      osRelease: lines(
        'NAME="Ubuntu"',
        'VERSION="20.04.6 LTS (Focal Fossa)"',
        'ID=ubuntu',
        'ID_LIKE=debian',
        'PRETTY_NAME="Ubuntu 20.04.6 LTS"',
        'VERSION_ID="20.04"',
        'HOME_URL="https://www.ubuntu.com/"',
        'SUPPORT_URL="https://help.ubuntu.com/"',
        'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
        'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
        'VERSION_CODENAME=focal',
        'UBUNTU_CODENAME=focal',
      ),
      issue: 'Ubuntu 20.04.6 LTS \\n \\l\n\n',
      shell: '/bin/bash',
      packageManager: 'apt',
      users: ['_apt', 'systemd-network', 'syslog', 'messagebus', 'sshd', 'landscape', 'www-data'],
    },
  },
  {
    name: 'rocky9',
    label: 'Rocky Linux 9.5 (Blue Onyx)',
    osProfile: 'linux',
    kernel: '5.14.0-503.15.1.el9_5.x86_64',
    kernelVersion: '#1 SMP PREEMPT_DYNAMIC Thu Nov 28 07:25:19 UTC 2024',
    arch: 'x86_64',
    sshBanner: 'SSH-2.0-OpenSSH_8.7',
    httpServer: 'Apache/2.4.62 (Rocky Linux)',
    hostnameStyle: 'word-nn-localdomain',
    filesystem: {
      osRelease: lines(
        'NAME="Rocky Linux"',
        'VERSION="9.5 (Blue Onyx)"',
        'ID="rocky"',
        'ID_LIKE="rhel centos fedora"',
        'VERSION_ID="9.5"',
        'PLATFORM_ID="platform:el9"',
        'PRETTY_NAME="Rocky Linux 9.5 (Blue Onyx)"',
        'ANSI_COLOR="0;32"',
        'LOGO="fedora-logo-icon"',
        'CPE_NAME="cpe:/o:rocky:rocky:9::baseos"',
        'HOME_URL="https://rockylinux.org/"',
        'BUG_REPORT_URL="https://bugs.rockylinux.org/"',
        'SUPPORT_END="2032-05-31"',
        'ROCKY_SUPPORT_PRODUCT="Rocky-Linux-9"',
        'ROCKY_SUPPORT_PRODUCT_VERSION="9.5"',
        'REDHAT_SUPPORT_PRODUCT="Rocky Linux"',
        'REDHAT_SUPPORT_PRODUCT_VERSION="9.5"',
      ),
      issue: '\\S\nKernel \\r on an \\m\n\n',
      shell: '/bin/bash',
      packageManager: 'dnf',
      users: ['sshd', 'chrony', 'polkitd', 'dbus', 'tss', 'systemd-oom'],
    },
  },
  {
    name: 'centos7',
    label: 'CentOS Linux 7 (Core)',
    osProfile: 'linux',
    kernel: '3.10.0-1160.119.1.el7.x86_64',
    kernelVersion: '#1 SMP Tue Jun 4 14:43:51 UTC 2024',
    arch: 'x86_64',
    sshBanner: 'SSH-2.0-OpenSSH_7.4',
    httpServer: 'Apache/2.4.6 (CentOS)',
    hostnameStyle: 'word-nn-localdomain',
    filesystem: {
      osRelease: lines(
        'NAME="CentOS Linux"',
        'VERSION="7 (Core)"',
        'ID="centos"',
        'ID_LIKE="rhel fedora"',
        'VERSION_ID="7"',
        'PRETTY_NAME="CentOS Linux 7 (Core)"',
        'ANSI_COLOR="0;31"',
        'CPE_NAME="cpe:/o:centos:centos:7"',
        'HOME_URL="https://www.centos.org/"',
        'BUG_REPORT_URL="https://bugs.centos.org/"',
        '',
        'CENTOS_MANTISBT_PROJECT="CentOS-7"',
        'CENTOS_MANTISBT_PROJECT_VERSION="7"',
        'REDHAT_SUPPORT_PRODUCT="centos"',
        'REDHAT_SUPPORT_PRODUCT_VERSION="7"',
        '',
      ),
      issue: '\\S\nKernel \\r on an \\m\n\n',
      shell: '/bin/bash',
      packageManager: 'yum',
      users: ['sshd', 'chrony', 'polkitd', 'dbus', 'postfix', 'tss', 'systemd-network'],
    },
  },
  {
    name: 'alpine319',
    label: 'Alpine Linux v3.19',
    osProfile: 'linux',
    kernel: '6.6.58-0-lts',
    kernelVersion: '#1-Alpine SMP PREEMPT_DYNAMIC Tue, 22 Oct 2024 11:57:22 +0000',
    arch: 'x86_64',
    sshBanner: 'SSH-2.0-OpenSSH_9.6',
    httpServer: 'nginx/1.24.0',
    hostnameStyle: 'word-nn',
    filesystem: {
      osRelease: lines(
        'NAME="Alpine Linux"',
        'ID=alpine',
        'VERSION_ID=3.19.4',
        'PRETTY_NAME="Alpine Linux v3.19"',
        'HOME_URL="https://alpinelinux.org/"',
        'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"',
      ),
      issue: 'Welcome to Alpine Linux 3.19\nKernel \\r on an \\m (\\l)\n\n',
      shell: '/bin/ash',
      packageManager: 'apk',
      users: ['sshd', 'ntp', 'smmsp', 'guest', 'nginx'],
    },
  },
  {
    name: 'fedora39',
    label: 'Fedora Linux 39 (Server Edition)',
    osProfile: 'linux',
    kernel: '6.11.9-100.fc39.x86_64',
    kernelVersion: '#1 SMP PREEMPT_DYNAMIC Sun Nov 17 18:52:19 UTC 2024',
    arch: 'x86_64',
    sshBanner: 'SSH-2.0-OpenSSH_9.3',
    httpServer: 'Apache/2.4.62 (Fedora Linux)',
    hostnameStyle: 'word-nn-localdomain',
    filesystem: {
      osRelease: lines(
        'NAME="Fedora Linux"',
        'VERSION="39 (Server Edition)"',
        'ID=fedora',
        'VERSION_ID=39',
        'VERSION_CODENAME=""',
        'PLATFORM_ID="platform:f39"',
        'PRETTY_NAME="Fedora Linux 39 (Server Edition)"',
        'ANSI_COLOR="0;38;2;60;110;180"',
        'LOGO=fedora-logo-icon',
        'CPE_NAME="cpe:/o:fedoraproject:fedora:39"',
        'HOME_URL="https://fedoraproject.org/"',
        'DOCUMENTATION_URL="https://docs.fedoraproject.org/en-US/fedora/f39/system-administrators-guide/"',
        'SUPPORT_URL="https://ask.fedoraproject.org/"',
        'BUG_REPORT_URL="https://bugzilla.redhat.com/"',
        'REDHAT_BUGZILLA_PRODUCT="Fedora"',
        'REDHAT_BUGZILLA_PRODUCT_VERSION=39',
        'REDHAT_SUPPORT_PRODUCT="Fedora"',
        'REDHAT_SUPPORT_PRODUCT_VERSION=39',
        'SUPPORT_END=2024-11-12',
        'VARIANT="Server Edition"',
        'VARIANT_ID=server',
      ),
      issue: '\\S\nKernel \\r on an \\m (\\l)\n\n',
      shell: '/bin/bash',
      packageManager: 'dnf',
      users: ['sshd', 'chrony', 'polkitd', 'dbus', 'tss', 'systemd-oom'],
    },
  },
  {
    name: 'kali',
    label: 'Kali GNU/Linux Rolling 2024.4',
    osProfile: 'linux',
    kernel: '6.11.2-amd64',
    kernelVersion: '#1 SMP PREEMPT_DYNAMIC Kali 6.11.2-1kali1 (2024-10-15)',
    arch: 'x86_64',
    sshBanner: 'SSH-2.0-OpenSSH_9.9p1 Debian-3',
    httpServer: 'Apache/2.4.62 (Debian)',
    hostnameStyle: 'word-word',
    filesystem: {
      osRelease: lines(
        'PRETTY_NAME="Kali GNU/Linux Rolling"',
        'NAME="Kali GNU/Linux"',
        'VERSION_ID="2024.4"',
        'VERSION="2024.4"',
        'VERSION_CODENAME=kali-rolling',
        'ID=kali',
        'ID_LIKE=debian',
        'HOME_URL="https://www.kali.org/"',
        'SUPPORT_URL="https://forums.kali.org/"',
        'BUG_REPORT_URL="https://bugs.kali.org/"',
        'ANSI_COLOR="1;31"',
      ),
      issue: 'Kali GNU/Linux Rolling \\n \\l\n\n',
      // Kali's default login shell has been zsh since 2020.4.
      shell: '/usr/bin/zsh',
      packageManager: 'apt',
      users: ['kali', '_apt', 'messagebus', 'sshd', 'postgres', 'mysql', 'redsocks'],
    },
  },
  {
    name: 'arch',
    label: 'Arch Linux',
    osProfile: 'linux',
    kernel: '6.12.4-arch1-1',
    kernelVersion: '#1 SMP PREEMPT_DYNAMIC Mon, 09 Dec 2024 14:31:57 +0000',
    arch: 'x86_64',
    sshBanner: 'SSH-2.0-OpenSSH_9.9',
    httpServer: 'nginx/1.26.2',
    hostnameStyle: 'word-word',
    filesystem: {
      osRelease: lines(
        'NAME="Arch Linux"',
        'PRETTY_NAME="Arch Linux"',
        'ID=arch',
        'BUILD_ID=rolling',
        'ANSI_COLOR="38;2;23;147;209"',
        'HOME_URL="https://archlinux.org/"',
        'DOCUMENTATION_URL="https://wiki.archlinux.org/"',
        'SUPPORT_URL="https://bbs.archlinux.org/"',
        'BUG_REPORT_URL="https://gitlab.archlinux.org/groups/archlinux/-/issues"',
        'PRIVACY_POLICY_URL="https://terms.archlinux.org/docs/privacy-policy/"',
        'LOGO=archlinux-logo',
      ),
      issue: 'Arch Linux \\r (\\l)\n\n',
      shell: '/bin/bash',
      packageManager: 'pacman',
      users: ['dbus', 'systemd-network', 'systemd-resolve', 'systemd-timesync', 'http', 'git'],
    },
  },
  {
    name: 'freebsd14',
    label: 'FreeBSD 14.1-RELEASE',
    osProfile: 'bsd',
    kernel: '14.1-RELEASE-p6',
    kernelVersion: 'FreeBSD 14.1-RELEASE-p6 GENERIC',
    arch: 'amd64',
    sshBanner: 'SSH-2.0-OpenSSH_9.7 FreeBSD-20240318',
    httpServer: 'nginx/1.26.2',
    hostnameStyle: 'word-nn-localdomain',
    filesystem: {
      osRelease: lines(
        'NAME=FreeBSD',
        'VERSION="14.1-RELEASE-p6"',
        'VERSION_ID="14.1"',
        'ID=freebsd',
        'ANSI_COLOR="0;31"',
        'PRETTY_NAME="FreeBSD 14.1-RELEASE-p6"',
        'CPE_NAME="cpe:/o:freebsd:freebsd:14.1"',
        'HOME_URL="https://FreeBSD.org/"',
        'BUG_REPORT_URL="https://bugs.FreeBSD.org/"',
      ),
      // FreeBSD ships no /etc/issue; its login prompt comes from gettytab.
      issue: '',
      shell: '/bin/sh',
      packageManager: 'pkg',
      users: ['_pflogd', '_dhcp', 'unbound', 'sshd', 'www'],
    },
  },
  {
    name: 'windows10',
    label: 'Windows 10 Pro 22H2',
    osProfile: 'windows',
    kernel: '10.0.19045',
    kernelVersion: 'Microsoft Windows [Version 10.0.19045.5247]',
    arch: 'AMD64',
    sshBanner: 'SSH-2.0-OpenSSH_for_Windows_8.1',
    httpServer: 'Microsoft-IIS/10.0',
    hostnameStyle: 'srv-word-nn',
    filesystem: {
      osRelease: '',
      issue: '',
      shell: 'C:\\Windows\\System32\\cmd.exe',
      packageManager: 'winget',
      users: WINDOWS_BUILT_IN_USERS,
    },
  },
  {
    name: 'windows11',
    label: 'Windows 11 Pro 23H2',
    osProfile: 'windows',
    kernel: '10.0.22631',
    kernelVersion: 'Microsoft Windows [Version 10.0.22631.4602]',
    arch: 'AMD64',
    sshBanner: 'SSH-2.0-OpenSSH_for_Windows_9.5',
    httpServer: 'Microsoft-IIS/10.0',
    hostnameStyle: 'srv-word-nn',
    filesystem: {
      osRelease: '',
      issue: '',
      shell: 'C:\\Windows\\System32\\cmd.exe',
      packageManager: 'winget',
      users: WINDOWS_BUILT_IN_USERS,
    },
  },
  {
    name: 'windows2019',
    label: 'Windows Server 2019 Standard',
    osProfile: 'windows_server',
    kernel: '10.0.17763',
    kernelVersion: 'Microsoft Windows [Version 10.0.17763.6659]',
    arch: 'AMD64',
    sshBanner: 'SSH-2.0-OpenSSH_for_Windows_7.7',
    httpServer: 'Microsoft-IIS/10.0',
    hostnameStyle: 'srv-word-nn',
    filesystem: {
      osRelease: '',
      issue: '',
      shell: 'C:\\Windows\\System32\\cmd.exe',
      packageManager: 'none',
      users: ['Administrator', 'Guest', 'DefaultAccount'],
    },
  },
  {
    name: 'windows2022',
    label: 'Windows Server 2022 Standard',
    osProfile: 'windows_server',
    kernel: '10.0.20348',
    kernelVersion: 'Microsoft Windows [Version 10.0.20348.2966]',
    arch: 'AMD64',
    sshBanner: 'SSH-2.0-OpenSSH_for_Windows_8.1',
    httpServer: 'Microsoft-IIS/10.0',
    hostnameStyle: 'srv-word-nn',
    filesystem: {
      osRelease: '',
      issue: '',
      shell: 'C:\\Windows\\System32\\cmd.exe',
      packageManager: 'none',
      users: ['Administrator', 'Guest', 'DefaultAccount', 'WDAGUtilityAccount'],
    },
  },
  {
    // Buildroot + BusyBox: what most printer, camera and PLC firmware boils down to.
    name: 'busybox',
    label: 'Buildroot 2023.02 (BusyBox 1.36.1)',
    osProfile: 'embedded',
    kernel: '4.19.125',
    kernelVersion: '#1 SMP PREEMPT Mon Jun 12 10:22:41 CST 2023',
    arch: 'armv7l',
    sshBanner: 'SSH-2.0-dropbear_2022.83',
    httpServer: 'lighttpd/1.4.69',
    hostnameStyle: 'word-nn',
    filesystem: {
      osRelease: lines(
        'NAME=Buildroot',
        'VERSION=2023.02.2',
        'ID=buildroot',
        'VERSION_ID=2023.02.2',
        'PRETTY_NAME="Buildroot 2023.02.2"',
      ),
      issue: 'Welcome to Buildroot\n',
      shell: '/bin/sh',
      packageManager: 'none',
      users: ['www-data', 'operator', 'admin'],
    },
  },
  {
    name: 'ios',
    label: 'Cisco IOS 15.7(3)M5',
    osProfile: 'cisco',
    kernel: '15.7(3)M5',
    kernelVersion:
      'Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M5, RELEASE SOFTWARE (fc1)',
    arch: 'mips',
    sshBanner: 'SSH-2.0-Cisco-1.25',
    httpServer: 'cisco-IOS',
    hostnameStyle: 'word-nn',
    filesystem: {
      osRelease: '',
      issue: '',
      shell: 'ios-exec',
      packageManager: 'none',
      users: [],
    },
  },
];

const BY_NAME = new Map(DISTROS.map((d) => [d.name, d]));

export function distro(name: string): Distro | undefined {
  return BY_NAME.get(name);
}
