import { describe, expect, it } from 'vitest';
import { WindowsTestSession } from '../testing.js';

describe('network commands', () => {
  it.each<[string, RegExp]>([
    [
      'ipconfig',
      /^\r\nWindows IP Configuration\r\n\r\n\r\nEthernet adapter Ethernet\d?:\r\n\r\n {3}Connection-specific DNS Suffix {2}\. : \r\n {3}Link-local IPv6 Address \. \. \. \. \. : fe80::[0-9a-f:]+%\d+\r\n {3}IPv4 Address\. \. \. \. \. \. \. \. \. \. \. : 10\.20\.30\.41\r\n {3}Subnet Mask \. \. \. \. \. \. \. \. \. \. \. : 255\.255\.255\.0\r\n {3}Default Gateway \. \. \. \. \. \. \. \. \. : 10\.20\.30\.1\r\n$/,
    ],
    ['ipconfig /all', /^ {3}Physical Address\. \. \. \. \. \. \. \. \. : ([0-9A-F]{2}-){5}[0-9A-F]{2}\r$/m],
    ['ipconfig /all', /^ {3}Host Name \. \. \. \. \. \. \. \. \. \. \. \. : SRV-FILES-01\r$/m],
    [
      'netstat -ano',
      /^ {2}Proto {2}Local Address {10}Foreign Address {8}State {11}PID\r\n {2}TCP {4}0\.0\.0\.0:22 {13}0\.0\.0\.0:0 {14}LISTENING {7}\d+\r$/m,
    ],
    ['netstat -ano', /^ {2}TCP {4}10\.20\.30\.41:22 {9}10\.9\.8\.7:51234 {9}ESTABLISHED {5}\d+\r$/m],
    ['netstat -an', /^ {2}TCP {4}0\.0\.0\.0:445 {12}0\.0\.0\.0:0 {14}LISTENING\r$/m],
    ['netstat -an', /^ {2}TCP {4}0\.0\.0\.0:80 {13}0\.0\.0\.0:0 {14}LISTENING\r$/m],
    ['netstat -r', /^IPv4 Route Table\r$/m],
    ['route print', /^ {10}0\.0\.0\.0 {10}0\.0\.0\.0 {8}10\.20\.30\.1 {5}10\.20\.30\.41 {3}271\r$/m],
    [
      'arp -a',
      /^Interface: 10\.20\.30\.41 --- 0x6\r\n {2}Internet Address {6}Physical Address {6}Type\r\n {2}10\.20\.30\.1 {12}([0-9a-f]{2}-){5}[0-9a-f]{2} {5}dynamic\r$/m,
    ],
    [
      'ping -n 2 10.20.30.1',
      /^Reply from 10\.20\.30\.1: bytes=32 time=\dms TTL=64\r\n[\s\S]*Packets: Sent = 2, Received = 2, Lost = 0 \(0% loss\),/m,
    ],
    [
      'ping localhost',
      /^Pinging localhost \[127\.0\.0\.1\] with 32 bytes of data:\r\nReply from 127\.0\.0\.1: bytes=32 time<1ms TTL=128\r$/m,
    ],
    ['ping 8.8.8.8', /^Request timed out\.\r\n[\s\S]*Lost = 4 \(100% loss\),\r\n$/m],
    [
      'ping evil.example',
      /^Ping request could not find host evil\.example\. Please check the name and try again\.\r\n$/,
    ],
    [
      'tracert 8.8.8.8',
      /^ {2}1 {4}<1 ms {4}<1 ms {4}<1 ms {2}10\.20\.30\.1\r\n {2}2 {5}\* {8}\* {8}\* {5}Request timed out\.\r$/m,
    ],
    [
      'nslookup SRV-FILES-01',
      /^Server: {2}UnKnown\r\nAddress: {2}10\.20\.30\.1\r\n\r\nName: {4}SRV-FILES-01\r\nAddress: {2}10\.20\.30\.41\r\n/,
    ],
    ['netsh advfirewall show allprofiles', /^Domain Profile Settings: \r\n-{70}\r\nState {33}ON\r$/m],
    ['netsh firewall show state', /"netsh firewall" is deprecated;/],
    [
      'netsh advfirewall firewall add rule name=x dir=in action=allow protocol=TCP localport=4444',
      /^Ok\.\r\n\r\n$/,
    ],
    ['netsh interface show interface', /Enabled {8}Connected {6}Dedicated {8}Ethernet/],
  ])('%s', async (line, expected) => {
    const t = new WindowsTestSession();
    expect((await t.exec(line)).stdout).toMatch(expected);
  });

  it('never asks the host for anything but downloads: ping and nslookup stay on the decky', async () => {
    const t = new WindowsTestSession();
    await t.exec('ping -n 1 1.1.1.1 & nslookup evil.example & tracert 9.9.9.9');
    expect(t.fetches).toEqual([]);
  });
});
