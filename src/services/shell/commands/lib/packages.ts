/** Installed packages per distro, as dpkg -l / rpm -qa / apk info / pacman -Q list them (a base install's). */
import type { Machine } from '../../command.js';
import { familyOf } from '../../machine.js';

export interface Package {
  name: string;
  version: string;
  arch: string;
  description: string;
}

const DEBIAN12: ReadonlyArray<readonly [string, string, string, string]> = [
  ['adduser', '3.134', 'all', 'add and remove users and groups'],
  ['apt', '2.6.1', 'amd64', 'commandline package manager'],
  ['base-files', '12.4+deb12u8', 'amd64', 'Debian base system miscellaneous files'],
  ['base-passwd', '3.6.1', 'amd64', 'Debian base system master password and group files'],
  ['bash', '5.2.15-2+b7', 'amd64', 'GNU Bourne Again SHell'],
  ['bsdutils', '1:2.38.1-5+deb12u2', 'amd64', 'basic utilities from 4.4BSD-Lite'],
  ['ca-certificates', '20230311', 'all', 'Common CA certificates'],
  ['coreutils', '9.1-1', 'amd64', 'GNU core utilities'],
  ['cron', '3.0pl1-162', 'amd64', 'process scheduling daemon'],
  ['dash', '0.5.12-2', 'amd64', 'POSIX-compliant shell'],
  ['dbus', '1.14.10-1~deb12u1', 'amd64', 'simple interprocess messaging system (system message bus)'],
  ['debianutils', '5.7-0.5~deb12u1', 'amd64', 'Miscellaneous utilities specific to Debian'],
  ['dpkg', '1.21.22', 'amd64', 'Debian package management system'],
  ['e2fsprogs', '1.47.0-2', 'amd64', 'ext2/ext3/ext4 file system utilities'],
  ['findutils', '4.9.0-4', 'amd64', 'utilities for finding files--find, xargs'],
  ['gpgv', '2.2.40-1.1', 'amd64', 'GNU privacy guard - signature verification tool'],
  ['grep', '3.8-5', 'amd64', 'GNU grep, egrep and fgrep'],
  ['gzip', '1.12-1', 'amd64', 'GNU compression utilities'],
  ['hostname', '3.23+nmu1', 'amd64', 'utility to set/show the host name or domain name'],
  ['ifupdown', '0.8.41', 'amd64', 'high level tools to configure network interfaces'],
  ['iproute2', '6.1.0-3', 'amd64', 'networking and traffic control tools'],
  ['iputils-ping', '3:20221126-1+deb12u1', 'amd64', 'Tools to test the reachability of network hosts'],
  ['libc6', '2.36-9+deb12u9', 'amd64', 'GNU C Library: Shared libraries'],
  ['login', '1:4.13+dfsg1-1+b1', 'amd64', 'system login tools'],
  ['mawk', '1.3.4.20200120-3.1', 'amd64', 'Pattern scanning and text processing language'],
  ['net-tools', '2.10-0.1', 'amd64', 'NET-3 networking toolkit'],
  [
    'openssh-client',
    '1:9.2p1-2+deb12u3',
    'amd64',
    'secure shell (SSH) client, for secure access to remote machines',
  ],
  [
    'openssh-server',
    '1:9.2p1-2+deb12u3',
    'amd64',
    'secure shell (SSH) server, for secure access from remote machines',
  ],
  ['passwd', '1:4.13+dfsg1-1+b1', 'amd64', 'change and administer password and group data'],
  ['procps', '2:4.0.2-3', 'amd64', '/proc file system utilities'],
  [
    'python3',
    '3.11.2-1+b1',
    'amd64',
    'interactive high-level object-oriented language (default python3 version)',
  ],
  ['rsyslog', '8.2302.0-1', 'amd64', 'reliable system and kernel logging daemon'],
  ['sed', '4.9-1', 'amd64', 'GNU stream editor for filtering/transforming text'],
  ['sudo', '1.9.13p3-1+deb12u1', 'amd64', 'Provide limited super user privileges to specific users'],
  ['systemd', '252.31-1~deb12u1', 'amd64', 'system and service manager'],
  ['tar', '1.34+dfsg-1.2+deb12u1', 'amd64', 'GNU version of the tar archiving utility'],
  ['util-linux', '2.38.1-5+deb12u2', 'amd64', 'miscellaneous system utilities'],
  ['vim-tiny', '2:9.0.1378-2', 'amd64', 'Vi IMproved - enhanced vi editor - compact version'],
  ['wget', '1.21.3-1+b2', 'amd64', 'retrieves files from the web'],
];

const UBUNTU22: ReadonlyArray<readonly [string, string, string, string]> = [
  ['adduser', '3.118ubuntu5', 'all', 'add and remove users and groups'],
  ['apt', '2.4.13', 'amd64', 'commandline package manager'],
  ['base-files', '12ubuntu4.7', 'amd64', 'Debian base system miscellaneous files'],
  ['bash', '5.1-6ubuntu1.1', 'amd64', 'GNU Bourne Again SHell'],
  [
    'busybox-static',
    '1:1.30.1-7ubuntu3.1',
    'amd64',
    'Standalone rescue shell with tons of builtin utilities',
  ],
  ['ca-certificates', '20240203~22.04.1', 'all', 'Common CA certificates'],
  [
    'cloud-init',
    '24.3.1-0ubuntu0~22.04.1',
    'all',
    'initialization and customization tool for cloud instances',
  ],
  ['coreutils', '8.32-4.1ubuntu1.2', 'amd64', 'GNU core utilities'],
  ['cron', '3.0pl1-137ubuntu3', 'amd64', 'process scheduling daemon'],
  ['curl', '7.81.0-1ubuntu1.18', 'amd64', 'command line tool for transferring data with URL syntax'],
  ['dash', '0.5.11+git20210903+057cd650a4ed-3build1', 'amd64', 'POSIX-compliant shell'],
  ['dpkg', '1.21.1ubuntu2.3', 'amd64', 'Debian package management system'],
  ['grep', '3.7-1build1', 'amd64', 'GNU grep, egrep and fgrep'],
  ['iproute2', '5.15.0-1ubuntu2', 'amd64', 'networking and traffic control tools'],
  ['libc6', '2.35-0ubuntu3.8', 'amd64', 'GNU C Library: Shared libraries'],
  ['linux-image-5.15.0-126-generic', '5.15.0-126.136', 'amd64', 'Signed kernel image generic'],
  ['lsb-release', '11.1.0ubuntu4', 'all', 'Linux Standard Base version reporting utility'],
  ['netcat-openbsd', '1.218-4ubuntu1', 'amd64', 'TCP/IP swiss army knife'],
  [
    'openssh-server',
    '1:8.9p1-3ubuntu0.10',
    'amd64',
    'secure shell (SSH) server, for secure access from remote machines',
  ],
  ['procps', '2:3.3.17-6ubuntu2.1', 'amd64', '/proc file system utilities'],
  [
    'python3',
    '3.10.6-1~22.04.1',
    'amd64',
    'interactive high-level object-oriented language (default python3 version)',
  ],
  ['snapd', '2.63+22.04ubuntu0.1', 'amd64', 'Daemon and tooling that enable snap packages'],
  ['sudo', '1.9.9-1ubuntu2.4', 'amd64', 'Provide limited super user privileges to specific users'],
  ['systemd', '249.11-0ubuntu3.12', 'amd64', 'system and service manager'],
  ['ubuntu-minimal', '1.481.4', 'amd64', 'Minimal core of Ubuntu'],
  ['ufw', '0.36.1-4ubuntu0.1', 'all', 'program for managing a Netfilter firewall'],
  ['vim', '2:8.2.3995-1ubuntu2.21', 'amd64', 'Vi IMproved - enhanced vi editor'],
  ['wget', '1.21.2-2ubuntu1.1', 'amd64', 'retrieves files from the web'],
];

const RHEL9: readonly string[] = [
  'audit-3.1.5-1.el9.x86_64',
  'basesystem-11-13.el9.noarch',
  'bash-5.1.8-9.el9.x86_64',
  'chrony-4.5-3.el9.x86_64',
  'coreutils-8.32-36.el9.x86_64',
  'cronie-1.5.7-12.el9.x86_64',
  'curl-minimal-7.76.1-31.el9.x86_64',
  'dnf-4.14.0-17.el9.noarch',
  'firewalld-1.3.4-7.el9.noarch',
  'glibc-2.34-125.el9_5.1.x86_64',
  'grep-3.6-5.el9.x86_64',
  'iproute-6.2.0-6.el9_4.x86_64',
  'kernel-5.14.0-503.15.1.el9_5.x86_64',
  'NetworkManager-1.48.10-2.el9_5.x86_64',
  'openssh-server-8.7p1-43.el9.x86_64',
  'procps-ng-3.3.17-14.el9.x86_64',
  'python3-3.9.21-1.el9_5.x86_64',
  'rocky-release-9.5-1.2.el9.noarch',
  'rpm-4.16.1.3-34.el9.x86_64',
  'rsyslog-8.2310.0-4.el9.x86_64',
  'sudo-1.9.5p2-10.el9_3.x86_64',
  'systemd-252-46.el9_5.2.0.1.x86_64',
  'tar-1.34-7.el9.x86_64',
  'tuned-2.24.0-1.el9.noarch',
  'util-linux-2.37.4-20.el9.x86_64',
  'vim-minimal-8.2.2637-21.el9.x86_64',
];

const CENTOS7: readonly string[] = [
  'audit-2.8.5-4.el7.x86_64',
  'bash-4.2.46-35.el7_9.x86_64',
  'centos-release-7-9.2009.1.el7.centos.x86_64',
  'coreutils-8.22-24.el7_9.2.x86_64',
  'cronie-1.4.11-25.el7_9.x86_64',
  'curl-7.29.0-59.el7_9.2.x86_64',
  'glibc-2.17-326.el7_9.3.x86_64',
  'kernel-3.10.0-1160.119.1.el7.x86_64',
  'net-tools-2.0-0.25.20131004git.el7.x86_64',
  'NetworkManager-1.18.8-2.el7_9.x86_64',
  'openssh-server-7.4p1-23.el7_9.x86_64',
  'postfix-2.10.1-9.el7.x86_64',
  'procps-ng-3.3.10-28.el7.x86_64',
  'python-2.7.5-94.el7_9.x86_64',
  'rpm-4.11.3-48.el7_9.x86_64',
  'rsyslog-8.24.0-57.el7_9.3.x86_64',
  'sudo-1.8.23-10.el7_9.3.x86_64',
  'systemd-219-78.el7_9.9.x86_64',
  'yum-3.4.3-168.el7.centos.noarch',
];

export function debianPackages(machine: Machine): Package[] {
  const list = machine.distro.name === 'debian12' || machine.distro.name === 'kali' ? DEBIAN12 : UBUNTU22;
  return list.map(([name, version, arch, description]) => ({ name, version, arch, description }));
}

export function rpmPackages(machine: Machine): string[] {
  return [...(machine.distro.name === 'centos7' ? CENTOS7 : RHEL9)];
}

export function isInstalled(machine: Machine, name: string): boolean {
  const family = familyOf(machine.distro);
  if (family === 'debian') return debianPackages(machine).some((p) => p.name === name);
  if (family === 'rhel')
    return rpmPackages(machine).some((p) => p.startsWith(`${name}-`) && /^\d/.test(p.slice(name.length + 1)));
  return false;
}
