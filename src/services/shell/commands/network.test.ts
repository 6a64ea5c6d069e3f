import { describe, expect, it } from 'vitest';
import { testShell } from './testing.js';

describe('ip (iproute2)', () => {
  it('shows addresses in the iproute2 layout with the decky address and MAC', async () => {
    const sh = testShell({ distro: 'debian12' });
    const mac = sh.machine.network.mac;
    const eth0 = (await sh.run('ip addr show eth0')).stdout;
    expect(eth0.split('\n').slice(0, 4).join('\n')).toBe(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n' +
        `    link/ether ${mac} brd ff:ff:ff:ff:ff:ff\n` +
        '    inet 10.20.30.17/24 brd 10.20.30.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever',
    );
    expect(eth0).toMatch(
      /\n {4}inet6 fe80::[0-9a-f:]+\/64 scope link \n {7}valid_lft forever preferred_lft forever\n$/,
    );
    const all = (await sh.run('ip a')).stdout;
    expect(all).toMatch(
      /^1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n/,
    );
    expect(all).toContain('    inet 127.0.0.1/8 scope host lo\n');
    expect((await sh.run('ip -4 a')).stdout).not.toContain('link/ether');
    expect(await sh.run('ip link show eth9')).toMatchObject({
      stderr: 'Device "eth9" does not exist.\n',
      status: 1,
    });
    expect(await sh.run('ip foo')).toMatchObject({
      stderr: 'Object "foo" is unknown, try "ip help".\n',
      status: 255,
    });
  });

  it('prints the brief and route forms', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    expect((await sh.run('ip -br a')).stdout).toMatch(
      /^lo {15}UNKNOWN {8}127\.0\.0\.1\/8 ::1\/128 \neth0 {13}UP {13}10\.20\.30\.17\/24 fe80::[0-9a-f:]+\/64 \n$/,
    );
    expect((await sh.run('ip r')).stdout).toBe(
      'default via 10.20.30.1 dev eth0 proto static \n10.20.30.0/24 dev eth0 proto kernel scope link src 10.20.30.17 \n',
    );
  });

  it('names the interface as the distro does (ens192 on Rocky, with NetworkManager routes)', async () => {
    const sh = testShell({ distro: 'rocky9' });
    expect((await sh.run('ip r')).stdout).toBe(
      'default via 10.20.30.1 dev ens192 proto static metric 100 \n10.20.30.0/24 dev ens192 proto kernel scope link src 10.20.30.17 metric 100 \n',
    );
  });
});

describe('net-tools', () => {
  it('is absent where a default install lacks it', async () => {
    for (const distro of ['ubuntu22', 'rocky9']) {
      const sh = testShell({ distro });
      expect(await sh.run('ifconfig')).toMatchObject({
        stderr: '-bash: ifconfig: command not found\n',
        status: 127,
      });
    }
  });

  it('prints ifconfig, netstat and route in the net-tools 2.10 layout', async () => {
    const sh = testShell({ distro: 'kali' });
    const ifconfig = (await sh.run('ifconfig')).stdout;
    expect(ifconfig).toMatch(
      /^eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST> {2}mtu 1500\n {8}inet 10\.20\.30\.17 {2}netmask 255\.255\.255\.0 {2}broadcast 10\.20\.30\.255\n/,
    );
    expect(ifconfig).toContain('\nlo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n');
    const netstat = (await sh.run('netstat -tlnp')).stdout.split('\n');
    expect(netstat[0]).toBe('Active Internet connections (only servers)');
    expect(netstat[1]).toBe(
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ',
    );
    expect(
      netstat.some((l) => /^tcp {8}0 {6}0 0\.0\.0\.0:22 {14}0\.0\.0\.0:\* {15}LISTEN {6}\d+\/sshd/.test(l)),
    ).toBe(true);
    expect((await sh.run('route -n')).stdout).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        '0.0.0.0         10.20.30.1      0.0.0.0         UG    0      0        0 eth0\n' +
        '10.20.30.0      0.0.0.0         255.255.255.0   U     0      0        0 eth0\n',
    );
  });

  it('prints the BusyBox ifconfig on Alpine', async () => {
    const sh = testShell({ distro: 'alpine319' });
    expect((await sh.run('ifconfig eth0')).stdout).toMatch(
      /^eth0 {6}Link encap:Ethernet {2}HWaddr [0-9A-F:]{17} {2}\n {10}inet addr:10\.20\.30\.17 {2}Bcast:10\.20\.30\.255 {2}Mask:255\.255\.255\.0\n/,
    );
  });
});

describe('ss', () => {
  it('lists the archetype listeners and the attacker connection', async () => {
    const sh = testShell({ distro: 'debian12' });
    const out = (await sh.run('ss -tan')).stdout.split('\n');
    expect(out[0]).toBe('State  Recv-Q Send-Q Local Address:Port Peer Address:Port ');
    expect(out).toContain('LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    ');
    expect(out.some((l) => /^ESTAB .* 10\.20\.30\.17:22 +203\.0\.113\.5:51514$/.test(l))).toBe(true);
  });
});

describe('ping', () => {
  it('gets replies from the gateway only, and loses everything else', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    const gw = await sh.run('ping -c 3 10.20.30.1');
    expect(gw.status).toBe(0);
    expect(gw.stdout).toMatch(
      /^PING 10\.20\.30\.1 \(10\.20\.30\.1\) 56\(84\) bytes of data\.\n64 bytes from 10\.20\.30\.1: icmp_seq=1 ttl=64 time=\d+\.\d{3} ms\n/,
    );
    expect(gw.stdout).toContain('3 packets transmitted, 3 received, 0% packet loss, time 2003ms\n');
    const far = await sh.run('ping -c 2 8.8.8.8');
    expect(far.status).toBe(1);
    expect(far.stdout).toMatch(/2 packets transmitted, 0 received, 100% packet loss, time \d+ms\n$/);
    expect(await sh.run('ping -c 1 example.com')).toMatchObject({
      stderr: 'ping: example.com: Temporary failure in name resolution\n',
      status: 2,
    });
  });

  it('prints the BusyBox form on Alpine', async () => {
    const sh = testShell({ distro: 'alpine319' });
    expect((await sh.run('ping -c 1 10.20.30.1')).stdout).toMatch(
      /^PING 10\.20\.30\.1 \(10\.20\.30\.1\): 56 data bytes\n64 bytes from 10\.20\.30\.1: seq=0 ttl=64 time=\d+\.\d{3} ms\n\n--- 10\.20\.30\.1 ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\n/,
    );
  });
});

describe('nc and telnet', () => {
  it('time out without touching the network', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    expect(await sh.run('nc 1.2.3.4 22')).toEqual({
      stdout: '',
      stderr: 'nc: connect to 1.2.3.4 port 22 (tcp) failed: Connection timed out\n',
      status: 1,
    });
    expect(await sh.run('nc -w 3 -zv 1.2.3.4 22')).toMatchObject({
      stderr: 'nc: connect to 1.2.3.4 port 22 (tcp) timed out: Operation now in progress\n',
      status: 1,
    });
    expect((await sh.run('nc -z 1.2.3.4 22')).stderr).toBe('');
    expect(sh.fetches).toEqual([]);
    const bb = testShell({ distro: 'alpine319' });
    expect((await bb.run('nc 1.2.3.4 80')).stderr).toBe(
      "nc: can't connect to remote host (1.2.3.4): Connection timed out\n",
    );
  });
});
