/**
 * Windows binaries attackers run to load their code (rundll32, regsvr32, mshta, msiexec): each "runs"
 * and exits quietly as the real ones do when they succeed; the line is already logged, nothing loads.
 */
import { defineCmd } from '../command.js';

const quiet = (name: string, path: string) => defineCmd({ name, path, run: () => 0 });

export const rundll32Command = quiet('rundll32', 'C:\\Windows\\System32\\rundll32.exe');
export const regsvr32Command = quiet('regsvr32', 'C:\\Windows\\System32\\regsvr32.exe');
export const mshtaCommand = quiet('mshta', 'C:\\Windows\\System32\\mshta.exe');
export const msiexecCommand = quiet('msiexec', 'C:\\Windows\\System32\\msiexec.exe');
export const gpupdateCommand = defineCmd({
  name: 'gpupdate',
  path: 'C:\\Windows\\System32\\gpupdate.exe',
  run: (ctx) => {
    ctx.stdout(
      'Updating policy...\r\n\r\nComputer Policy update has completed successfully.\r\nUser Policy update has completed successfully.\r\n\r\n',
    );
    return 0;
  },
});
