/** `systeminfo`: the machine summary, every field from the decky's seeded identity and hardware. */
import { defineCmd } from '../command.js';
import {
  groupDigits,
  hardwareOf,
  identityOf,
  longDateTime,
  memoryMiB,
  releaseOf,
  rolesOf,
} from '../system.js';

export const systeminfoCommand = defineCmd({
  name: 'systeminfo',
  path: 'C:\\Windows\\System32\\systeminfo.exe',
  run: (ctx) => {
    const machine = ctx.machine;
    const release = releaseOf(machine);
    const identity = identityOf(machine);
    const hardware = hardwareOf(machine);
    const roles = rolesOf(machine);
    const totalMb = memoryMiB(machine);
    const availableMb = Math.round(totalMb * 0.42);
    const pageMb = Math.min(totalMb, 8192) + 1280;
    const configuration = roles.domainController
      ? 'Primary Domain Controller'
      : release.server
        ? 'Standalone Server'
        : 'Standalone Workstation';
    const mhz = Math.round(machine.cpu.mhz);
    const cpuLine =
      machine.cpu.vendor === 'AuthenticAMD'
        ? `AMD64 Family 23 Model 49 Stepping 0 AuthenticAMD ~${mhz} Mhz`
        : `Intel64 Family 6 Model 85 Stepping 4 GenuineIntel ~${mhz} Mhz`;
    const field = (name: string, value: string) => `${`${name}:`.padEnd(27)}${value}`;
    const lines = [
      '',
      field('Host Name', identity.computerName),
      field('OS Name', `Microsoft ${release.productName}`),
      field('OS Version', `10.0.${release.build} N/A Build ${release.build}`),
      field('OS Manufacturer', 'Microsoft Corporation'),
      field('OS Configuration', configuration),
      field('OS Build Type', 'Multiprocessor Free'),
      field('Registered Owner', release.server ? 'Windows User' : 'user'),
      field('Registered Organization', ''),
      field('Product ID', identity.productId),
      field('Original Install Date', longDateTime(identity.installMs)),
      field('System Boot Time', longDateTime(machine.bootMs)),
      field('System Manufacturer', hardware.manufacturer),
      field('System Model', hardware.model),
      field('System Type', 'x64-based PC'),
      field('Processor(s)', `${machine.cpu.cores > 1 ? 2 : 1} Processor(s) Installed.`),
      ...Array.from(
        { length: machine.cpu.cores > 1 ? 2 : 1 },
        (_, i) => `${' '.repeat(27)}[0${i + 1}]: ${cpuLine}`,
      ),
      field('BIOS Version', hardware.biosVersion),
      field('Windows Directory', 'C:\\Windows'),
      field('System Directory', 'C:\\Windows\\system32'),
      field('Boot Device', '\\Device\\HarddiskVolume1'),
      field('System Locale', 'en-us;English (United States)'),
      field('Input Locale', 'en-us;English (United States)'),
      field('Time Zone', '(UTC) Coordinated Universal Time'),
      field('Total Physical Memory', `${groupDigits(totalMb)} MB`),
      field('Available Physical Memory', `${groupDigits(availableMb)} MB`),
      field('Virtual Memory: Max Size', `${groupDigits(totalMb + pageMb)} MB`),
      field('Virtual Memory: Available', `${groupDigits(availableMb + Math.round(pageMb * 0.8))} MB`),
      field(
        'Virtual Memory: In Use',
        `${groupDigits(totalMb + pageMb - availableMb - Math.round(pageMb * 0.8))} MB`,
      ),
      field('Page File Location(s)', 'C:\\pagefile.sys'),
      field('Domain', 'WORKGROUP'),
      field('Logon Server', `\\\\${identity.computerName}`),
      field('Hotfix(s)', `${release.hotfixes.length} Hotfix(s) Installed.`),
      ...release.hotfixes.map((kb, i) => `${' '.repeat(27)}[${String(i + 1).padStart(2, '0')}]: ${kb}`),
      field('Network Card(s)', '1 NIC(s) Installed.'),
      `${' '.repeat(27)}[01]: ${hardware.adapterDescription}`,
      `${' '.repeat(33)}Connection Name: ${hardware.adapterName}`,
      `${' '.repeat(33)}DHCP Enabled:    No`,
      `${' '.repeat(33)}IP address(es)`,
      `${' '.repeat(33)}[01]: ${machine.network.ip}`,
      field(
        'Hyper-V Requirements',
        'A hypervisor has been detected. Features required for Hyper-V will not be displayed.',
      ),
    ];
    ctx.stdout(`${lines.join('\r\n')}\r\n`);
    return 0;
  },
});
