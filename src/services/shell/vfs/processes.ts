/**
 * The processes a decky appears to run: kernel threads, the init system and the daemons its distro and
 * archetype imply (sshd, cron, a web server on a web server …), with seeded pids, start times, CPU
 * time and memory. `/proc/<pid>`, `ps`, `top` and `pgrep` all read this one table.
 */
import { archetype as archetypeByName } from '../../../fabric/catalogue/archetypes.js';
import { type SeededRandom, seededRandom } from '../../shared/seeded-random.js';
import type { Machine } from '../command.js';
import { familyOf, hypervisorOf, rootFsType } from '../machine.js';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  user: string;
  /** Controlling terminal as ps prints it (`?`, `tty1`, `pts/0`). */
  tty: string;
  /** ps STAT without the foreground `+` (`Ss`, `I<`, `Ssl` …). */
  stat: string;
  /** When it started, epoch milliseconds. */
  startMs: number;
  /** CPU time consumed, seconds. */
  cpuSeconds: number;
  vszKiB: number;
  rssKiB: number;
  /** The full command line (`[kthreadd]` for kernel threads). */
  command: string;
  /** The executable's name as /proc/<pid>/comm has it (15 characters at most). */
  comm: string;
  kernelThread: boolean;
  /** Nice value (ksmd and khugepaged run niced). */
  nice: number;
}

interface Template {
  user: string;
  command: string;
  stat?: string;
  tty?: string;
  /** Typical virtual size and resident set, KiB. */
  mem?: readonly number[];
  /** Seconds after boot it starts. */
  at?: number;
  /** CPU seconds per day of uptime. */
  cpuPerDay?: number;
  children?: readonly Template[];
  count?: number;
}

const MODERN_KERNEL_THREADS: readonly string[] = [
  'rcu_gp',
  'rcu_par_gp',
  'slub_flushwq',
  'netns',
  'kworker/0:0H-events_highpri',
  'mm_percpu_wq',
  'rcu_tasks_kthread',
  'rcu_tasks_rude_kthread',
  'rcu_tasks_trace_kthread',
  'ksoftirqd/0',
  'rcu_preempt',
  'migration/0',
  'idle_inject/0',
  'cpuhp/0',
];

const MODERN_KERNEL_TAIL: readonly string[] = [
  'kdevtmpfs',
  'inet_frag_wq',
  'kauditd',
  'khungtaskd',
  'oom_reaper',
  'writeback',
  'kcompactd0',
  'ksmd',
  'khugepaged',
  'kintegrityd',
  'kblockd',
  'blkcg_punt_bio',
  'tpm_dev_wq',
  'ata_sff',
  'md',
  'edac-poller',
  'devfreq_wq',
  'watchdogd',
  'kworker/0:1H-kblockd',
  'kswapd0',
  'kthrotld',
  'acpi_thermal_pm',
  'scsi_eh_0',
  'scsi_tmf_0',
  'mld',
  'ipv6_addrconf',
  'kstrp',
  'zswap-shrink',
  'charger_manager',
];

const CENTOS7_KERNEL_THREADS: readonly string[] = [
  'ksoftirqd/0',
  'kworker/0:0H',
  'migration/0',
  'rcu_bh',
  'rcu_sched',
  'lru-add-drain',
  'watchdog/0',
];

const CENTOS7_KERNEL_TAIL: readonly string[] = [
  'kdevtmpfs',
  'netns',
  'khungtaskd',
  'writeback',
  'kintegrityd',
  'bioset',
  'kblockd',
  'md',
  'edac-poller',
  'watchdogd',
  'kswapd0',
  'ksmd',
  'khugepaged',
  'crypto',
  'kthrotld',
  'kmpath_rdacd',
  'kaluad',
  'kpsmoused',
  'ipv6_addrconf',
  'deferwq',
  'kauditd',
  'ata_sff',
  'scsi_eh_0',
  'scsi_tmf_0',
  'xfsalloc',
  'xfs_mru_cache',
  'xfs-buf/dm-0',
  'xfs-data/dm-0',
  'xfs-conv/dm-0',
  'xfs-cil/dm-0',
  'xfs-reclaim/dm-',
  'xfs-log/dm-0',
  'xfs-eofblocks/d',
  'xfsaild/dm-0',
];

const EMBEDDED_KERNEL_THREADS: readonly string[] = [
  'ksoftirqd/0',
  'kworker/0:0H',
  'rcu_preempt',
  'rcu_sched',
  'rcu_bh',
  'migration/0',
  'cpuhp/0',
  'kdevtmpfs',
  'netns',
  'oom_reaper',
  'writeback',
  'kcompactd0',
  'crypto',
  'kblockd',
  'watchdogd',
  'rpciod',
  'kworker/u3:0',
  'xprtiod',
  'kswapd0',
  'nfsiod',
  'mmcqd/0',
];

function kernelThreadStat(name: string): string {
  if (
    /^(ksoftirqd|migration|cpuhp|idle_inject|watchdog|kswapd|kcompactd|khungtaskd|oom_reaper|kdevtmpfs|kauditd|scsi_eh|rcu_tasks|xfsaild|jbd2|mmcqd|rcu_sched|rcu_preempt|rcu_bh|watchdogd)/.test(
      name,
    )
  ) {
    return name.startsWith('rcu_tasks') || name.startsWith('rcu_preempt') || name.startsWith('rcu_sched')
      ? 'I'
      : 'S';
  }
  if (name === 'ksmd' || name === 'khugepaged') return 'SN';
  return 'I<';
}

/** The init system and the daemons every install of the distro runs. */
function systemTemplates(machine: Machine): Template[] {
  const d = machine.distro.name;
  const family = familyOf(machine.distro);
  const sd = family === 'rhel' ? '/usr/lib/systemd' : '/lib/systemd';
  const sshdListener =
    d === 'centos7' ? '/usr/sbin/sshd -D' : 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups';
  const hv = hypervisorOf(machine);
  const guestAgent: Template[] =
    hv?.sysVendor === 'QEMU'
      ? [{ user: 'root', command: '/usr/sbin/qemu-ga', stat: 'Ssl', mem: [85_000, 3_900], at: 6 }]
      : hv?.sysVendor === 'VMware, Inc.'
        ? [
            {
              user: 'root',
              command: '/usr/bin/vmtoolsd',
              stat: 'Ssl',
              mem: [170_000, 8_200],
              at: 6,
              cpuPerDay: 40,
            },
          ]
        : [];
  switch (family) {
    case 'debian': {
      const ubuntu = d.startsWith('ubuntu');
      return [
        {
          user: 'root',
          command: `${sd}/systemd-journald`,
          stat: 'Ss',
          mem: [48_000, 16_500],
          at: 1,
          cpuPerDay: 9,
        },
        ...(ubuntu
          ? [
              {
                user: 'root',
                command: '/sbin/multipathd -d -s',
                stat: 'SLsl',
                mem: [289_000, 27_000],
                at: 2,
                cpuPerDay: 20,
              },
            ]
          : []),
        { user: 'root', command: `${sd}/systemd-udevd`, stat: 'Ss', mem: [26_000, 7_100], at: 2 },
        ...(ubuntu
          ? [
              {
                user: 'systemd-network',
                command: `${sd}/systemd-networkd`,
                stat: 'Ss',
                mem: [16_200, 8_000],
                at: 3,
              },
              {
                user: 'systemd-resolve',
                command: `${sd}/systemd-resolved`,
                stat: 'Ss',
                mem: [25_400, 12_700],
                at: 3,
              },
            ]
          : []),
        {
          user: 'systemd-timesync',
          command: `${sd}/systemd-timesyncd`,
          stat: 'Ssl',
          mem: [90_000, 6_800],
          at: 3,
        },
        ...guestAgent,
        {
          user: 'root',
          command: d === 'ubuntu22' ? '/usr/sbin/cron -f -P' : '/usr/sbin/cron -f',
          stat: 'Ss',
          mem: [6_700, 2_700],
          at: 5,
        },
        {
          user: 'messagebus',
          command:
            '/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only',
          stat: 'Ss',
          mem: [9_000, 5_000],
          at: 5,
        },
        ...(ubuntu
          ? [
              {
                user: 'root',
                command: '/usr/bin/python3 /usr/bin/networkd-dispatcher --run-startup-triggers',
                stat: 'Ss',
                mem: [32_700, 19_500],
                at: 5,
              },
              {
                user: 'root',
                command: '/usr/libexec/polkitd --no-debug',
                stat: 'Ssl',
                mem: [234_000, 7_400],
                at: 5,
              },
              {
                user: 'root',
                command: '/usr/lib/snapd/snapd',
                stat: 'Ssl',
                mem: [1_547_000, 32_000],
                at: 5,
                cpuPerDay: 30,
              },
              {
                user: 'root',
                command: '/usr/libexec/udisks2/udisksd',
                stat: 'Ssl',
                mem: [392_000, 13_000],
                at: 5,
              },
            ]
          : []),
        {
          user: ubuntu ? 'syslog' : 'root',
          command: '/usr/sbin/rsyslogd -n -iNONE',
          stat: 'Ssl',
          mem: [222_000, 5_400],
          at: 5,
        },
        { user: 'root', command: `${sd}/systemd-logind`, stat: 'Ss', mem: [17_000, 7_800], at: 5 },
        ...(ubuntu || d === 'debian12'
          ? [
              {
                user: 'root',
                command:
                  '/usr/bin/python3 /usr/share/unattended-upgrades/unattended-upgrade-shutdown --wait-for-signal',
                stat: 'Ssl',
                mem: [110_000, 21_000],
                at: 7,
              },
            ]
          : []),
        {
          user: 'root',
          command:
            d === 'ubuntu22'
              ? '/sbin/agetty -o -p -- \\u --noclear tty1 linux'
              : '/sbin/agetty -o -p -- \\u --noclear - linux',
          stat: 'Ss+',
          tty: 'tty1',
          mem: [5_900, 1_900],
          at: 7,
        },
        { user: 'root', command: sshdListener, stat: 'Ss', mem: [15_400, 9_100], at: 7 },
      ];
    }
    case 'rhel': {
      const c7 = d === 'centos7';
      return [
        {
          user: 'root',
          command: `${sd}/systemd-journald`,
          stat: 'Ss',
          mem: [c7 ? 39_000 : 35_000, c7 ? 4_700 : 14_000],
          at: 1,
          cpuPerDay: 6,
        },
        {
          user: 'root',
          command: `${sd}/systemd-udevd`,
          stat: 'Ss',
          mem: [c7 ? 46_700 : 33_000, c7 ? 2_600 : 11_000],
          at: 2,
        },
        {
          user: 'root',
          command: c7 ? '/sbin/auditd' : '/sbin/auditd',
          stat: 'S<sl',
          mem: [c7 ? 55_500 : 51_000, c7 ? 880 : 2_400],
          at: 3,
        },
        ...guestAgent,
        ...(c7
          ? [
              {
                user: 'dbus',
                command:
                  '/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation',
                stat: 'Ssl',
                mem: [58_200, 2_400],
                at: 4,
              },
            ]
          : [
              {
                user: 'dbus',
                command: '/usr/bin/dbus-broker-launch --scope system --audit',
                stat: 'Ss',
                mem: [19_900, 4_600],
                at: 4,
              },
              {
                user: 'dbus',
                command:
                  'dbus-broker --log 4 --controller 9 --machine-id 0 --max-bytes 536870912 --max-fds 4096 --max-matches 131072 --audit',
                stat: 'S',
                mem: [5_000, 3_000],
                at: 4,
              },
            ]),
        {
          user: 'root',
          command: '/usr/sbin/irqbalance --foreground',
          stat: 'Ssl',
          mem: [c7 ? 21_700 : 76_000, c7 ? 1_100 : 3_500],
          at: 4,
          cpuPerDay: 15,
        },
        {
          user: 'root',
          command: `${sd}/systemd-logind`,
          stat: 'Ss',
          mem: [c7 ? 26_400 : 17_000, c7 ? 1_800 : 7_500],
          at: 4,
        },
        {
          user: 'polkitd',
          command: '/usr/lib/polkit-1/polkitd --no-debug',
          stat: 'Ssl',
          mem: [c7 ? 612_000 : 2_900_000, c7 ? 13_000 : 23_000],
          at: 4,
        },
        {
          user: 'chrony',
          command: c7 ? '/usr/sbin/chronyd' : '/usr/sbin/chronyd -F 2',
          stat: 'S',
          mem: [c7 ? 117_800 : 84_000, c7 ? 1_900 : 3_600],
          at: 4,
        },
        {
          user: 'root',
          command: '/usr/sbin/NetworkManager --no-daemon',
          stat: 'Ssl',
          mem: [c7 ? 614_000 : 258_000, c7 ? 9_100 : 18_900],
          at: 5,
          cpuPerDay: 4,
        },
        {
          user: 'root',
          command: c7
            ? '/usr/bin/python2 -Es /usr/sbin/tuned -l -P'
            : '/usr/bin/python3 -Es /usr/sbin/tuned -l -P',
          stat: 'Ssl',
          mem: [c7 ? 574_000 : 414_000, c7 ? 17_500 : 31_000],
          at: 6,
          cpuPerDay: 8,
        },
        {
          user: 'root',
          command: sshdListener,
          stat: 'Ss',
          mem: [c7 ? 112_900 : 15_800, c7 ? 4_300 : 9_300],
          at: 6,
        },
        {
          user: 'root',
          command: c7 ? '/usr/sbin/rsyslogd -n' : '/usr/sbin/rsyslogd -n',
          stat: 'Ssl',
          mem: [c7 ? 222_700 : 160_000, c7 ? 4_500 : 6_100],
          at: 6,
        },
        ...(c7
          ? [
              {
                user: 'root',
                command: '/usr/libexec/postfix/master -w',
                stat: 'Ss',
                mem: [89_700, 2_100],
                at: 7,
              },
              { user: 'postfix', command: 'qmgr -l -t unix -u', stat: 'S', mem: [90_000, 4_000], at: 7 },
            ]
          : []),
        {
          user: 'root',
          command: '/usr/sbin/crond -n',
          stat: 'Ss',
          mem: [c7 ? 126_300 : 221_000, c7 ? 1_600 : 3_600],
          at: 7,
        },
        {
          user: 'root',
          command: c7 ? '/sbin/agetty --noclear tty1 linux' : '/sbin/agetty -o -p -- \\u --noclear - linux',
          stat: 'Ss+',
          tty: 'tty1',
          mem: [c7 ? 110_100 : 3_000, c7 ? 860 : 1_900],
          at: 7,
        },
      ];
    }
    case 'arch':
      return [
        {
          user: 'root',
          command: '/usr/lib/systemd/systemd-journald',
          stat: 'Ss',
          mem: [46_000, 17_000],
          at: 1,
          cpuPerDay: 5,
        },
        { user: 'root', command: '/usr/lib/systemd/systemd-udevd', stat: 'Ss', mem: [35_000, 11_000], at: 2 },
        {
          user: 'systemd-network',
          command: '/usr/lib/systemd/systemd-networkd',
          stat: 'Ss',
          mem: [19_000, 9_700],
          at: 3,
        },
        {
          user: 'systemd-resolve',
          command: '/usr/lib/systemd/systemd-resolved',
          stat: 'Ss',
          mem: [21_000, 12_500],
          at: 3,
        },
        {
          user: 'systemd-timesync',
          command: '/usr/lib/systemd/systemd-timesyncd',
          stat: 'Ssl',
          mem: [91_000, 7_400],
          at: 3,
        },
        ...guestAgent,
        {
          user: 'dbus',
          command: '/usr/bin/dbus-broker-launch --scope system --audit',
          stat: 'Ss',
          mem: [8_000, 4_500],
          at: 4,
        },
        { user: 'root', command: '/usr/lib/systemd/systemd-logind', stat: 'Ss', mem: [18_000, 8_700], at: 4 },
        {
          user: 'root',
          command: '/usr/bin/agetty -o -p -- \\u --noclear - linux',
          stat: 'Ss+',
          tty: 'tty1',
          mem: [6_000, 2_000],
          at: 5,
        },
        {
          user: 'root',
          command: 'sshd: /usr/bin/sshd -D [listener] 0 of 10-100 startups',
          stat: 'Ss',
          mem: [11_000, 8_600],
          at: 5,
        },
      ];
    case 'alpine':
      return [
        { user: 'root', command: '/sbin/syslogd -t -n', stat: 'S', mem: [1_600, 900], at: 2 },
        { user: 'root', command: '/sbin/acpid', stat: 'S', mem: [1_600, 700], at: 2 },
        {
          user: 'root',
          command: `/sbin/udhcpc -b -R -p /var/run/udhcpc.${machine.network.iface}.pid -i ${machine.network.iface} -x hostname:${machine.hostname}`,
          stat: 'S',
          mem: [1_600, 800],
          at: 3,
        },
        { user: 'root', command: '/usr/sbin/crond -c /etc/crontabs -f', stat: 'S', mem: [1_600, 700], at: 4 },
        {
          user: 'root',
          command: 'sshd: /usr/sbin/sshd [listener] 0 of 10-100 startups',
          stat: 'S',
          mem: [5_200, 3_100],
          at: 4,
        },
        ...[1, 2, 3, 4, 5, 6].map((n) => ({
          user: 'root',
          command: `/sbin/getty 38400 tty${n}`,
          stat: 'S',
          tty: `tty${n}`,
          mem: [1_600, 700] as const,
          at: 5,
        })),
      ];
    case 'busybox':
      return [
        { user: 'root', command: '/sbin/syslogd -n', stat: 'S', mem: [1_500, 500], at: 2 },
        { user: 'root', command: '/sbin/klogd -n', stat: 'S', mem: [1_500, 400], at: 2 },
        {
          user: 'root',
          command: `/sbin/udhcpc -i ${machine.network.iface} -p /var/run/udhcpc.pid -b`,
          stat: 'S',
          mem: [1_500, 500],
          at: 3,
        },
        { user: 'root', command: '/usr/sbin/dropbear -R', stat: 'S', mem: [2_200, 900], at: 4 },
        { user: 'root', command: '/usr/sbin/telnetd -F', stat: 'S', mem: [1_500, 500], at: 4 },
        { user: 'root', command: '/usr/sbin/crond -f', stat: 'S', mem: [1_500, 500], at: 4 },
      ];
    default:
      return [];
  }
}

/** Daemons behind the archetype's services. */
function serviceTemplates(machine: Machine): Template[] {
  const family = familyOf(machine.distro);
  const services = new Set(archetypeByName(machine.persona.archetype ?? '')?.services ?? []);
  const debian = family === 'debian';
  const webUser =
    family === 'rhel' ? 'apache' : family === 'alpine' ? 'nginx' : family === 'arch' ? 'http' : 'www-data';
  const out: Template[] = [];
  const workers = Math.min(4, machine.cpu.cores);
  if (family === 'busybox') {
    if (services.has('http'))
      out.push({
        user: 'root',
        command: '/usr/sbin/lighttpd -D -f /etc/lighttpd/lighttpd.conf',
        stat: 'S',
        mem: [3_800, 1_600],
        at: 6,
      });
    const vendor: Record<string, Template[]> = {
      'ip-camera': [
        {
          user: 'root',
          command: '/usr/bin/ipc_server',
          stat: 'Sl',
          mem: [68_000, 21_000],
          at: 8,
          cpuPerDay: 900,
        },
        {
          user: 'root',
          command: '/usr/bin/rtspd -p 554',
          stat: 'Sl',
          mem: [21_000, 6_000],
          at: 8,
          cpuPerDay: 400,
        },
        { user: 'root', command: '/usr/bin/watchdog_daemon', stat: 'S', mem: [1_500, 400], at: 8 },
      ],
      printer: [
        {
          user: 'root',
          command: '/usr/bin/printd -c /etc/printd.conf',
          stat: 'Sl',
          mem: [24_000, 7_000],
          at: 8,
        },
        {
          user: 'root',
          command: '/usr/sbin/snmpd -Lsd -p /var/run/snmpd.pid',
          stat: 'S',
          mem: [5_600, 2_900],
          at: 8,
        },
        { user: 'root', command: '/usr/sbin/ippd', stat: 'S', mem: [4_100, 1_700], at: 8 },
      ],
      plc: [
        {
          user: 'root',
          command: '/opt/plc/bin/plcruntime -c /opt/plc/etc/runtime.conf',
          stat: 'Sl',
          mem: [46_000, 12_000],
          at: 8,
          cpuPerDay: 1200,
        },
        { user: 'root', command: '/usr/bin/modbusd -p 502', stat: 'S', mem: [2_700, 1_100], at: 8 },
        {
          user: 'root',
          command: '/usr/sbin/snmpd -Lsd -p /var/run/snmpd.pid',
          stat: 'S',
          mem: [5_600, 2_900],
          at: 8,
        },
      ],
      'iot-device': [
        {
          user: 'root',
          command: '/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf',
          stat: 'S',
          mem: [4_600, 2_200],
          at: 8,
        },
        {
          user: 'root',
          command: '/usr/bin/gatewayd',
          stat: 'Sl',
          mem: [18_000, 5_400],
          at: 8,
          cpuPerDay: 300,
        },
      ],
    };
    out.push(...(vendor[machine.persona.archetype ?? ''] ?? []));
    return out;
  }
  if (services.has('http') || services.has('https')) {
    const server = machine.distro.httpServer.toLowerCase();
    if (server.startsWith('nginx')) {
      out.push({
        user: 'root',
        command: 'nginx: master process /usr/sbin/nginx -g daemon on; master_process on;',
        stat: 'Ss',
        mem: [55_200, 1_600],
        at: 8,
        children: [
          {
            user: webUser,
            command: 'nginx: worker process',
            stat: 'S',
            mem: [55_900, 5_600],
            count: workers,
            at: 8,
          },
        ],
      });
    } else if (family === 'rhel') {
      out.push({
        user: 'root',
        command: '/usr/sbin/httpd -DFOREGROUND',
        stat: 'Ss',
        mem: [20_200, 11_300],
        at: 8,
        children: [
          {
            user: webUser,
            command: '/usr/sbin/httpd -DFOREGROUND',
            stat: 'Sl',
            mem: [1_799_000, 13_900],
            count: 4,
            at: 8,
          },
        ],
      });
    } else {
      out.push({
        user: 'root',
        command: '/usr/sbin/apache2 -k start',
        stat: 'Ss',
        mem: [6_800, 4_600],
        at: 8,
        children: [
          {
            user: webUser,
            command: '/usr/sbin/apache2 -k start',
            stat: 'Sl',
            mem: [1_213_000, 5_000],
            count: 2,
            at: 8,
          },
        ],
      });
    }
  }
  if (services.has('ftp')) {
    out.push({
      user: 'root',
      command: debian ? '/usr/sbin/vsftpd /etc/vsftpd.conf' : '/usr/sbin/vsftpd /etc/vsftpd/vsftpd.conf',
      stat: 'Ss',
      mem: [9_000, 3_800],
      at: 8,
    });
  }
  if (services.has('mysql')) {
    const mysqld =
      machine.distro.name === 'debian12'
        ? '/usr/sbin/mariadbd'
        : family === 'rhel'
          ? '/usr/libexec/mysqld --basedir=/usr'
          : '/usr/sbin/mysqld';
    out.push({
      user: 'mysql',
      command: mysqld,
      stat: 'Ssl',
      mem: [1_321_000, 398_000],
      at: 9,
      cpuPerDay: 600,
    });
  }
  if (services.has('postgres')) {
    const version = machine.distro.name === 'debian12' ? 15 : machine.distro.name === 'ubuntu22' ? 14 : 12;
    const main =
      family === 'rhel'
        ? '/usr/bin/postgres -D /var/lib/pgsql/data'
        : `/usr/lib/postgresql/${version}/bin/postgres -D /var/lib/postgresql/${version}/main -c config_file=/etc/postgresql/${version}/main/postgresql.conf`;
    const prefix = family === 'rhel' ? 'postgres: ' : `postgres: ${version}/main: `;
    out.push({
      user: 'postgres',
      command: main,
      stat: 'Ss',
      mem: [217_000, 29_000],
      at: 9,
      children: [
        'checkpointer',
        'background writer',
        'walwriter',
        'autovacuum launcher',
        'logical replication launcher',
      ].map((p) => ({
        user: 'postgres',
        command: `${prefix}${p}`,
        stat: 'Ss',
        mem: [217_000, 6_000] as const,
        at: 9,
      })),
    });
  }
  if (services.has('redis'))
    out.push({
      user: 'redis',
      command: '/usr/bin/redis-server 127.0.0.1:6379',
      stat: 'Ssl',
      mem: [67_000, 11_800],
      at: 9,
      cpuPerDay: 250,
    });
  if (services.has('smtp')) {
    out.push({
      user: 'root',
      command: debian ? '/usr/lib/postfix/sbin/master -w' : '/usr/libexec/postfix/master -w',
      stat: 'Ss',
      mem: [42_000, 4_600],
      at: 9,
    });
    out.push({ user: 'postfix', command: 'qmgr -l -t unix -u', stat: 'S', mem: [42_500, 7_400], at: 9 });
    out.push({ user: 'postfix', command: 'pickup -l -t unix -u -c', stat: 'S', mem: [42_400, 7_300], at: 9 });
  }
  if (services.has('imap') || services.has('pop3')) {
    out.push({
      user: 'root',
      command: '/usr/sbin/dovecot -F',
      stat: 'Ss',
      mem: [8_800, 3_200],
      at: 9,
      children: [
        { user: 'dovecot', command: 'dovecot/anvil', stat: 'S', mem: [6_500, 2_900], at: 9 },
        { user: 'root', command: 'dovecot/log', stat: 'S', mem: [6_600, 3_200], at: 9 },
        { user: 'root', command: 'dovecot/config', stat: 'S', mem: [9_900, 6_100], at: 9 },
      ],
    });
  }
  if (services.has('smb')) {
    out.push({
      user: 'root',
      command: '/usr/sbin/smbd --foreground --no-process-group',
      stat: 'Ss',
      mem: [82_000, 21_000],
      at: 9,
    });
    out.push({
      user: 'root',
      command: '/usr/sbin/nmbd --foreground --no-process-group',
      stat: 'Ss',
      mem: [24_000, 12_000],
      at: 9,
    });
  }
  if (services.has('nfs')) {
    out.push({
      user: debian ? '_rpc' : 'rpc',
      command: '/sbin/rpcbind -f -w',
      stat: 'Ss',
      mem: [7_900, 3_600],
      at: 8,
    });
    out.push({ user: 'root', command: '/usr/sbin/rpc.mountd', stat: 'Ss', mem: [8_200, 3_000], at: 9 });
  }
  if (services.has('docker_api') || services.has('k8s')) {
    out.push({
      user: 'root',
      command: '/usr/bin/containerd',
      stat: 'Ssl',
      mem: [1_875_000, 46_000],
      at: 8,
      cpuPerDay: 900,
    });
    out.push({
      user: 'root',
      command: '/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock',
      stat: 'Ssl',
      mem: [2_208_000, 78_000],
      at: 9,
      cpuPerDay: 700,
    });
  }
  if (services.has('k8s')) {
    out.push({
      user: 'root',
      command:
        '/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9',
      stat: 'Ssl',
      mem: [1_936_000, 98_000],
      at: 12,
      cpuPerDay: 5_000,
    });
  }
  if (services.has('snmp')) {
    out.push({
      user: debian ? 'Debian-snmp' : 'root',
      command: debian
        ? '/usr/sbin/snmpd -LOw -u Debian-snmp -g Debian-snmp -I -smux mteTrigger mteTriggerConf -f -p /run/snmpd.pid'
        : '/usr/sbin/snmpd -LS0-6d -f',
      stat: 'Ss',
      mem: [23_000, 9_600],
      at: 9,
    });
  }
  if (services.has('sip'))
    out.push({
      user: 'asterisk',
      command: '/usr/sbin/asterisk -f -U asterisk -G asterisk -vvvg -c',
      stat: 'Ssl',
      mem: [1_390_000, 61_000],
      at: 10,
      cpuPerDay: 800,
    });
  if (services.has('tftp'))
    out.push({
      user: 'root',
      command: '/usr/sbin/in.tftpd --listen --user tftp --address :69 --secure /srv/tftp',
      stat: 'Ss',
      mem: [9_900, 1_700],
      at: 9,
    });
  if (services.has('vnc'))
    out.push({
      user: 'root',
      command: '/usr/bin/Xtigervnc :1 -localhost=0 -rfbport 5901 -SecurityTypes VncAuth',
      stat: 'Sl',
      mem: [310_000, 64_000],
      at: 30,
    });
  if (services.has('mqtt'))
    out.push({
      user: 'mosquitto',
      command: '/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf',
      stat: 'Ss',
      mem: [11_000, 5_600],
      at: 9,
    });
  if (machine.persona.archetype === 'monitoring-node') {
    out.push({
      user: 'zabbix',
      command: '/usr/sbin/zabbix_agentd -c /etc/zabbix/zabbix_agentd.conf',
      stat: 'S',
      mem: [26_000, 4_300],
      at: 10,
      children: [
        {
          user: 'zabbix',
          command: '/usr/sbin/zabbix_agentd: collector [idle 1 sec]',
          stat: 'S',
          mem: [26_000, 3_900],
          at: 10,
        },
        {
          user: 'zabbix',
          command: '/usr/sbin/zabbix_agentd: listener #1 [waiting for connection]',
          stat: 'S',
          mem: [26_000, 3_900],
          at: 10,
        },
        {
          user: 'zabbix',
          command: '/usr/sbin/zabbix_agentd: active checks #1 [idle 1 sec]',
          stat: 'S',
          mem: [26_000, 3_900],
          at: 10,
        },
      ],
    });
    out.push({
      user: 'prometheus',
      command: '/usr/bin/prometheus-node-exporter',
      stat: 'Ssl',
      mem: [725_000, 19_000],
      at: 10,
      cpuPerDay: 200,
    });
  }
  return out;
}

/** /proc/<pid>/comm: the executable's basename, truncated to TASK_COMM_LEN - 1. */
export function commOf(command: string): string {
  if (command.startsWith('[')) return command.slice(1, -1).slice(0, 15);
  if (command.startsWith('sshd:')) return 'sshd';
  if (command.startsWith('nginx:')) return 'nginx';
  if (command.startsWith('postgres:')) return 'postgres';
  if (command.startsWith('dovecot/')) return command.slice(8, 23);
  const first = command.split(' ')[0] ?? command;
  const name = first.slice(first.lastIndexOf('/') + 1).replace(/:$/, '');
  if (name.startsWith('python')) {
    const script = command.split(' ').find((a, i) => i > 0 && a.startsWith('/'));
    if (script) return script.slice(script.lastIndexOf('/') + 1).slice(0, 15);
  }
  return name.slice(0, 15);
}

/** Workqueue threads are recycled: the recent ones started within the last few hours. */
const LATE_START_MAX_SECONDS = 4 * 3600;

/** The table as it stands at `now` (CPU time grows with uptime; recent workers started recently). */
export function processTable(machine: Machine, now: number): ProcessInfo[] {
  const family = familyOf(machine.distro);
  if (family === 'bsd') return freebsdProcessTable(machine, now);
  const random = seededRandom(machine.persona.seed, 'processes');
  const uptimeDays = Math.max(0.01, (now - machine.bootMs) / 86_400_000);
  const out: ProcessInfo[] = [];
  let pid = 1;
  const boot = machine.bootMs;
  const push = (t: Template, ppid: number, atPid?: number): number => {
    const thisPid = atPid ?? pid;
    pid = Math.max(pid, thisPid) + 1;
    const [vsz = 0, rss = 0] = t.mem ?? [];
    const jitter = (v: number) => Math.round(v * (0.9 + random.next() * 0.2));
    out.push({
      pid: thisPid,
      ppid,
      user: t.user,
      tty: t.tty ?? '?',
      stat: t.stat ?? 'S',
      startMs: boot + (t.at ?? 0) * 1000 + random.int(0, 900),
      cpuSeconds: Math.round((t.cpuPerDay ?? 0.08) * uptimeDays * (0.7 + random.next() * 0.6) * 100) / 100,
      vszKiB: jitter(vsz),
      rssKiB: jitter(rss),
      command: t.command,
      comm: commOf(t.command),
      kernelThread: false,
      nice: 0,
    });
    return thisPid;
  };

  const init: Template =
    family === 'rhel'
      ? {
          user: 'root',
          command: `/usr/lib/systemd/systemd ${machine.distro.name === 'fedora39' ? 'rhgb ' : ''}--switched-root --system --deserialize ${machine.distro.name === 'centos7' ? 22 : 31}`,
          stat: 'Ss',
          mem: [
            machine.distro.name === 'centos7' ? 193_900 : 173_000,
            machine.distro.name === 'centos7' ? 6_800 : 16_900,
          ],
          cpuPerDay: 8,
        }
      : family === 'busybox'
        ? { user: 'root', command: 'init', stat: 'S', mem: [1_500, 500] }
        : {
            user: 'root',
            command: machine.distro.name === 'ubuntu20' ? '/sbin/init maybe-ubiquity' : '/sbin/init',
            stat: 'Ss',
            mem: family === 'alpine' ? [1_600, 900] : [167_000, 12_900],
            cpuPerDay: family === 'alpine' ? 0.2 : 8,
          };
  push(init, 0, 1);

  // Kernel threads: kthreadd (2) and its children, per-CPU threads repeated per core.
  const kthreadd = 2;
  const kt = (name: string) => {
    out.push({
      pid,
      ppid: kthreadd,
      user: 'root',
      tty: '?',
      stat: kernelThreadStat(name),
      startMs: boot + random.int(0, 1500),
      cpuSeconds:
        name.startsWith('rcu_preempt') || name.startsWith('ksoftirqd') ? Math.round(uptimeDays * 20) / 10 : 0,
      vszKiB: 0,
      rssKiB: 0,
      command: `[${name}]`,
      comm: name.slice(0, 15),
      kernelThread: true,
      nice:
        name === 'ksmd'
          ? 5
          : name === 'khugepaged'
            ? 19
            : name.includes('H') || kernelThreadStat(name) === 'I<'
              ? -20
              : 0,
    });
    pid++;
  };
  {
    out.push({
      pid: kthreadd,
      ppid: 0,
      user: 'root',
      tty: '?',
      stat: 'S',
      startMs: boot,
      cpuSeconds: 0,
      vszKiB: 0,
      rssKiB: 0,
      command: '[kthreadd]',
      comm: 'kthreadd',
      kernelThread: true,
      nice: 0,
    });
    pid = 3;
    const head =
      family === 'busybox'
        ? EMBEDDED_KERNEL_THREADS
        : machine.distro.name === 'centos7'
          ? CENTOS7_KERNEL_THREADS
          : MODERN_KERNEL_THREADS;
    const tail =
      family === 'busybox'
        ? []
        : machine.distro.name === 'centos7'
          ? CENTOS7_KERNEL_TAIL
          : MODERN_KERNEL_TAIL;
    for (const name of head) kt(name);
    const oldKernel = family === 'busybox' || machine.distro.name === 'centos7';
    for (let cpu = 1; cpu < machine.cpu.cores; cpu++) {
      for (const name of oldKernel
        ? ['cpuhp', 'migration', 'ksoftirqd']
        : ['cpuhp', 'idle_inject', 'migration', 'ksoftirqd'])
        kt(`${name}/${cpu}`);
      kt(oldKernel ? `kworker/${cpu}:0H` : `kworker/${cpu}:0H-events_highpri`);
    }
    for (const name of tail) kt(name);
    pid += random.int(20, 60);
    if (rootFsType(machine) === 'ext4') {
      const disk = machine.disk.device.includes('/mapper/')
        ? 'dm-0'
        : machine.disk.device.slice(machine.disk.device.lastIndexOf('/') + 1);
      kt(`jbd2/${disk}-8`);
      kt('ext4-rsv-conver');
    }
  }

  pid += family === 'busybox' ? random.int(10, 40) : random.int(100, 220);
  const spawn = (t: Template, parent: number) => {
    const times = t.count ?? 1;
    for (let i = 0; i < times; i++) {
      const me = push(t, parent);
      pid += random.next() < 0.3 ? random.int(1, 6) : 0;
      for (const child of t.children ?? []) spawn(child, me);
    }
  };
  for (const t of systemTemplates(machine)) spawn(t, 1);
  pid += random.int(5, 60);
  for (const t of serviceTemplates(machine)) spawn(t, 1);

  // Workqueue threads come and go while the machine runs: a few recent ones with high pids.
  if (family !== 'busybox') {
    pid += random.int(800, 20_000);
    for (let i = 0; i < 3; i++) {
      const name = random.pick([
        `kworker/0:${random.int(0, 3)}-events`,
        `kworker/u${machine.cpu.cores * 2}:${random.int(0, 3)}-events_unbound`,
        `kworker/${random.int(0, machine.cpu.cores - 1)}:${random.int(0, 2)}-mm_percpu_wq`,
      ] as const);
      out.push({
        pid,
        ppid: kthreadd,
        user: 'root',
        tty: '?',
        stat: 'I',
        startMs: Math.max(boot, now - random.int(60, LATE_START_MAX_SECONDS) * 1000),
        cpuSeconds: 0,
        vszKiB: 0,
        rssKiB: 0,
        command: `[${name}]`,
        comm: name.slice(0, 15),
        kernelThread: true,
        nice: 0,
      });
      pid += random.int(3, 400);
    }
  }
  return out;
}

/**
 * FreeBSD kernel processes (ps shows them in brackets, parented to pid 0, the kernel itself), in the
 * order a 14.x GENERIC kernel creates them; [idle] is always pid 11 and [intr] pid 12.
 */
const FREEBSD_KERNEL_PROCS: readonly (readonly [string, string])[] = [
  ['clock', 'DL'],
  ['crypto', 'DL'],
  ['crypto returns 0', 'DL'],
  ['cam', 'DL'],
  ['busdma', 'DL'],
  ['soaiod1', 'DL'],
  ['soaiod2', 'DL'],
  ['soaiod3', 'DL'],
  ['soaiod4', 'DL'],
  ['idle', 'RNL'],
  ['intr', 'WL'],
  ['geom', 'DL'],
  ['sequencer 00', 'DL'],
  ['usb', 'DL'],
  ['acpi_thermal', 'DL'],
  ['audit', 'DL'],
  ['rand_harvestq', 'DL'],
  ['pagedaemon', 'DL'],
  ['vmdaemon', 'DL'],
  ['bufdaemon', 'DL'],
  ['vnlru', 'DL'],
  ['syncer', 'DL'],
  ['bufspacedaemon-0', 'DL'],
  ['bufspacedaemon-1', 'DL'],
];

/** What a FreeBSD 14 install runs: rc.conf's defaults (devd, dhclient, syslogd, ntpd, sshd, cron, getty). */
function freebsdProcessTable(machine: Machine, now: number): ProcessInfo[] {
  const random = seededRandom(machine.persona.seed, 'processes');
  const uptimeDays = Math.max(0.01, (now - machine.bootMs) / 86_400_000);
  const boot = machine.bootMs;
  const iface = machine.network.iface;
  const out: ProcessInfo[] = [];
  const jitter = (v: number) => Math.round(v * (0.9 + random.next() * 0.2));
  const add = (
    pid: number,
    ppid: number,
    user: string,
    command: string,
    stat: string,
    mem: readonly [number, number],
    at: number,
    cpuPerDay = 0.05,
    tty = '-',
  ): void => {
    const kernel = ppid === 0 && command.startsWith('[');
    out.push({
      pid,
      ppid,
      user,
      tty,
      stat,
      startMs: boot + at * 1000 + random.int(0, 900),
      cpuSeconds: Math.round(cpuPerDay * uptimeDays * (0.7 + random.next() * 0.6) * 100) / 100,
      vszKiB: kernel ? 0 : jitter(mem[0]),
      rssKiB: jitter(mem[1]),
      command,
      comm: kernel ? command.slice(1, -1).slice(0, 19) : commOf(command),
      kernelThread: kernel,
      nice: 0,
    });
  };
  add(0, 0, 'root', '[kernel]', 'DLs', [0, 1_200], 0, 2);
  add(1, 0, 'root', '/sbin/init', 'ILs', [11_700, 1_300], 0, 0.02);
  let pid = 2;
  for (const [name, stat] of FREEBSD_KERNEL_PROCS) {
    // [idle] accrues a CPU's worth of time per core; the rest next to nothing.
    const perDay = name === 'idle' ? 86_400 * machine.cpu.cores * 0.97 : name === 'intr' ? 40 : 0.5;
    add(pid, 0, 'root', `[${name}]`, stat, [0, name === 'idle' ? 64 * machine.cpu.cores : 16], 0, perDay);
    pid++;
  }
  pid = 300 + random.int(0, 120);
  const daemon = (
    user: string,
    command: string,
    stat: string,
    mem: readonly [number, number],
    at: number,
    ppid = 1,
  ) => {
    add(pid, ppid, user, command, stat, mem, at);
    const me = pid;
    pid += random.int(1, 60);
    return me;
  };
  daemon('root', '/sbin/devd', 'Ss', [39_700, 5_400], 3);
  const dhclient = daemon('root', `dhclient: ${iface} [priv]`, 'Is', [13_800, 2_700], 4);
  daemon('_dhcp', `dhclient: ${iface}`, 'ICs', [13_900, 2_900], 4, dhclient);
  daemon('root', '/usr/sbin/syslogd -s', 'Ss', [13_700, 2_900], 5);
  daemon(
    'ntpd',
    '/usr/sbin/ntpd -p /var/db/ntp/ntpd.pid -c /etc/ntp.conf -f /var/db/ntp/ntpd.drift -g',
    'Ss',
    [23_100, 5_600],
    6,
  );
  daemon('root', 'sshd: /usr/sbin/sshd [listener] 0 of 10-100 startups', 'Ss', [22_400, 9_600], 6);
  const services = new Set(archetypeByName(machine.persona.archetype ?? '')?.services ?? []);
  if (services.has('http')) {
    const master = daemon('root', 'nginx: master process /usr/local/sbin/nginx', 'Is', [25_600, 9_900], 7);
    for (let i = 0; i < Math.min(4, machine.cpu.cores); i++)
      daemon('www', 'nginx: worker process', 'I', [26_200, 10_600], 7, master);
  }
  daemon('root', '/usr/sbin/cron -s', 'Ss', [13_700, 2_600], 7);
  for (let v = 0; v < 8; v++)
    add(pid + v, 1, 'root', `/usr/libexec/getty Pc ttyv${v}`, 'Is', [13_600, 2_500], 8, 0.01, `v${v}`);
  return out;
}

/** A pid for this session's processes above every seeded one (stable for a session, varied between them). */
export function sessionPidBase(table: readonly ProcessInfo[], sessionKey: string): number {
  const top = table.reduce((max, p) => Math.max(max, p.pid), 0);
  const random: SeededRandom = seededRandom(0x51d, sessionKey);
  return top + random.int(200, 4000);
}
