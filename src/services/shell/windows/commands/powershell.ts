/**
 * `powershell`: `-Command`/`-c` and `-EncodedCommand`/`-enc` (base64 of UTF-16LE, logged decoded as its
 * own `command` event), `-File`, a script on stdin, or, at the console, PowerShell's own prompt until
 * `exit`. The script runs in the small PowerShell of `../powershell.ts`.
 */
import { defineCmd } from '../command.js';
import { CMD_LIMITS } from '../limits.js';
import { PowerShell } from '../powershell.js';
import { releaseOf } from '../system.js';

/** Options that take a value, so the value is not taken for the command. */
const WITH_VALUE =
  /^-(w|windowstyle|ep|ex|exec|executionpolicy|version|v|inputformat|outputformat|if|of|configurationname|psconsolefile)$/i;
const COMMAND = /^-(c|co|com|comm|comma|comman|command)$/i;
const ENCODED = /^-(e|ec|en|enc|enco|encod|encode|encoded|encodedc|encodedco|encodedcom|encodedcommand)$/i;
const FILE = /^-(f|fi|fil|file)$/i;

export const powershellCommand = defineCmd({
  name: 'powershell',
  aliases: ['powershell_ise'],
  path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  run: async (ctx) => {
    const args = ctx.args;
    let script: string | null = null;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] as string;
      if (COMMAND.test(arg)) {
        script = args.slice(i + 1).join(' ');
        break;
      }
      if (ENCODED.test(arg)) {
        const encoded = args[i + 1] ?? '';
        script = Buffer.from(encoded, 'base64')
          .toString('utf16le')
          .replace(/\0/g, '')
          .slice(0, CMD_LIMITS.maxDecodedChars);
        ctx.shell.logNested(script);
        break;
      }
      if (FILE.test(arg)) {
        const file = args[i + 1] ?? '';
        try {
          script = ctx.drive.read(file).toString('utf8');
        } catch {
          ctx.stderr(
            `The argument '${file}' to the -File parameter does not exist. Provide the path to an existing '.ps1' file as an argument to the -File parameter.\r\n`,
          );
          // PowerShell exits with 0xFFFD0000 for a missing -File script.
          return -196608;
        }
        break;
      }
      if (WITH_VALUE.test(arg)) {
        i++;
        continue;
      }
      if (arg.startsWith('-')) continue;
      // The first word that is not an option starts the command (`powershell whoami`).
      script = args.slice(i).join(' ');
      break;
    }
    if (script === null && ctx.stdin.length > 0) script = ctx.stdin.toString('utf8');
    if (script === null) {
      if (!ctx.shell.enterPowerShell()) return 0;
      const tip =
        releaseOf(ctx.machine).build === '17763'
          ? 'Try the new cross-platform PowerShell https://aka.ms/pscore6\r\n\r\n'
          : 'Install the latest PowerShell for new features and improvements! https://aka.ms/PSWindows\r\n\r\n';
      ctx.stdout(
        `Windows PowerShell\r\nCopyright (C) Microsoft Corporation. All rights reserved.\r\n\r\n${tip}`,
      );
      return 0;
    }
    return new PowerShell().run(script, ctx);
  },
});
