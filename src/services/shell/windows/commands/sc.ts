/** `sc query [name]`, `sc queryex`, `sc qc`: service states from the decky's service table; changes are refused. */
import { defineCmd } from '../command.js';
import type { WindowsService } from '../processes.js';
import { windowsServices } from '../processes.js';

export const scCommand = defineCmd({
  name: 'sc',
  path: 'C:\\Windows\\System32\\sc.exe',
  run: (ctx) => {
    const args = ctx.args[0]?.startsWith('\\\\') ? ctx.args.slice(1) : ctx.args;
    const verb = (args[0] ?? '').toLowerCase();
    const services = windowsServices(ctx.machine);
    const named = args[1] && !args[1].includes('=') ? args[1] : null;
    switch (verb) {
      case 'query':
      case 'queryex': {
        const list = named
          ? services.filter((s) => s.name.toLowerCase() === named.toLowerCase())
          : services.filter((s) => s.running);
        if (list.length === 0) {
          ctx.stdout(
            `[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service.\r\n\r\n`,
          );
          return 1060;
        }
        ctx.stdout(list.map((s) => block(s, verb === 'queryex', named === null)).join(''));
        return 0;
      }
      case 'qc': {
        const service = services.find((s) => s.name.toLowerCase() === (named ?? '').toLowerCase());
        if (!service) {
          ctx.stdout(
            '[SC] OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service.\r\n\r\n',
          );
          return 1060;
        }
        ctx.stdout(
          `[SC] QueryServiceConfig SUCCESS\r\n\r\nSERVICE_NAME: ${service.name}\r\n        TYPE               : 10  WIN32_OWN_PROCESS\r\n        START_TYPE         : 2   AUTO_START\r\n        ERROR_CONTROL      : 1   NORMAL\r\n        BINARY_PATH_NAME   : C:\\Windows\\system32\\svchost.exe -k netsvcs -p\r\n        LOAD_ORDER_GROUP   : \r\n        TAG                : 0\r\n        DISPLAY_NAME       : ${service.displayName}\r\n        DEPENDENCIES       : \r\n        SERVICE_START_NAME : LocalSystem\r\n`,
        );
        return 0;
      }
      case 'create':
        ctx.stdout('[SC] CreateService SUCCESS\r\n');
        return 0;
      case 'config':
        ctx.stdout('[SC] ChangeServiceConfig SUCCESS\r\n');
        return 0;
      case 'start':
      case 'stop':
      case 'delete': {
        const service = services.find((s) => s.name.toLowerCase() === (named ?? '').toLowerCase());
        if (!service) {
          ctx.stdout(
            '[SC] OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service.\r\n\r\n',
          );
          return 1060;
        }
        ctx.stdout(
          `[SC] ${verb === 'start' ? 'StartService' : verb === 'stop' ? 'ControlService' : 'OpenService'} FAILED 5:\r\n\r\nAccess is denied.\r\n\r\n`,
        );
        return 5;
      }
      default:
        ctx.stdout(
          'DESCRIPTION:\r\n        SC is a command line program used for communicating with the\r\n        Service Control Manager and services.\r\nUSAGE:\r\n        sc <server> [command] [service name] <option1> <option2>...\r\n',
        );
        return verb === '' ? 0 : 1;
    }
  },
});

function block(service: WindowsService, extended: boolean, listing: boolean): string {
  const state = service.running ? '4  RUNNING' : '1  STOPPED';
  const controls = service.running
    ? '\r\n                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)'
    : '';
  return [
    `\r\nSERVICE_NAME: ${service.name}`,
    ...(listing ? [`DISPLAY_NAME: ${service.displayName}`] : []),
    '        TYPE               : 30  WIN32',
    `        STATE              : ${state}${controls}`,
    `        WIN32_EXIT_CODE    : ${service.running ? '0  (0x0)' : '1077  (0x435)'}`,
    '        SERVICE_EXIT_CODE  : 0  (0x0)',
    '        CHECKPOINT         : 0x0',
    '        WAIT_HINT          : 0x0',
    ...(extended ? [`        PID                : ${service.pid}`, '        FLAGS              : '] : []),
    '',
  ].join('\r\n');
}
