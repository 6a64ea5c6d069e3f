/** `netsh`: firewall and advfirewall state, interface addresses; rule changes answer "Ok." and change nothing. */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { hardwareOf } from '../system.js';

const PROFILE_STATE = (name: string) =>
  [
    `${name} Profile Settings: `,
    '----------------------------------------------------------------------',
    'State                                 ON',
    'Firewall Policy                       BlockInbound,AllowOutbound',
    'LocalFirewallRules                    N/A (GPO-store only)',
    'LocalConSecRules                      N/A (GPO-store only)',
    'InboundUserNotification               Disable',
    'RemoteManagement                      Disable',
    'UnicastResponseToMulticast            Enable',
    '',
    'Logging:',
    'LogAllowedConnections                 Disable',
    'LogDroppedConnections                 Disable',
    'FileName                              %systemroot%\\system32\\LogFiles\\Firewall\\pfirewall.log',
    'MaxFileSize                           4096',
    '',
  ].join('\r\n');

export const netshCommand = defineCmd({
  name: 'netsh',
  path: 'C:\\Windows\\System32\\netsh.exe',
  run: (ctx) => {
    const words = ctx.args.map((a) => a.toLowerCase());
    const line = words.join(' ');
    if (/^(advfirewall|firewall)\b.*\b(add|set|delete)\b/.test(line) && !/\bshow\b/.test(line)) {
      ctx.stdout(
        words[0] === 'firewall'
          ? 'IMPORTANT: Command executed successfully.\r\nHowever, "netsh firewall" is deprecated;\r\nuse "netsh advfirewall firewall" instead.\r\n\r\nOk.\r\n\r\n'
          : 'Ok.\r\n\r\n',
      );
      return 0;
    }
    if (line.startsWith('advfirewall show')) {
      const which = words[2] ?? 'allprofiles';
      const profiles =
        which === 'allprofiles'
          ? ['Domain', 'Private', 'Public']
          : [which.replace(/profile$/, '').replace(/^./, (c) => c.toUpperCase())];
      ctx.stdout(`\r\n${profiles.map(PROFILE_STATE).join('\r\n')}Ok.\r\n\r\n`);
      return 0;
    }
    if (line.startsWith('advfirewall firewall show rule')) {
      ctx.stdout(rules());
      return 0;
    }
    if (line.startsWith('firewall show')) {
      ctx.stdout(
        '\r\nFirewall status:\r\n-------------------------------------------------------------------\r\nProfile                           = Standard\r\nOperational mode                  = Enable\r\nException mode                    = Enable\r\nMulticast/broadcast response mode = Enable\r\nNotification mode                 = Disable\r\nGroup policy version              = Windows Defender Firewall\r\nRemote admin mode                 = Disable\r\n\r\nPorts currently open on all network interfaces:\r\nPort   Protocol  Version  Program\r\n-------------------------------------------------------------------\r\nNo ports are currently open on all network interfaces.\r\n\r\nIMPORTANT: Command executed successfully.\r\nHowever, "netsh firewall" is deprecated;\r\nuse "netsh advfirewall firewall" instead.\r\n\r\n',
      );
      return 0;
    }
    if (line.startsWith('interface') || line.startsWith('int')) return interfaces(ctx);
    if (line.startsWith('wlan')) {
      ctx.stdout('The Wireless AutoConfig Service (wlansvc) is not running.\r\n');
      return 1;
    }
    if (words.length === 0) {
      ctx.stdout('netsh>');
      return 0;
    }
    ctx.stdout(`The following command was not found: ${ctx.args.join(' ')}.\r\n`);
    return 1;
  },
});

function rules(): string {
  const rule = (name: string, port: string) =>
    `\r\nRule Name:                            ${name}\r\n----------------------------------------------------------------------\r\nEnabled:                              Yes\r\nDirection:                            In\r\nProfiles:                             Domain,Private,Public\r\nGrouping:                             \r\nLocalIP:                              Any\r\nRemoteIP:                             Any\r\nProtocol:                             TCP\r\nLocalPort:                            ${port}\r\nRemotePort:                           Any\r\nEdge traversal:                       No\r\nAction:                               Allow\r\n`;
  return `${rule('OpenSSH SSH Server (sshd)', '22')}${rule('Remote Desktop - User Mode (TCP-In)', '3389')}${rule('File and Printer Sharing (SMB-In)', '445')}Ok.\r\n\r\n`;
}

function interfaces(ctx: CmdContext): number {
  const hardware = hardwareOf(ctx.machine);
  ctx.stdout(
    `\r\nAdmin State    State          Type             Interface Name\r\n-------------------------------------------------------------------------\r\nEnabled        Connected      Dedicated        ${hardware.adapterName}\r\n\r\n`,
  );
  return 0;
}
