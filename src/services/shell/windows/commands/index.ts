/** Every program and internal command the cmd.exe emulation knows, listed explicitly (STYLE.md "Register explicitly"). */
import type { CmdCommand } from '../command.js';
import { arpCommand } from './arp.js';
import { attribCommand } from './attrib.js';
import { bcdeditCommand } from './bcdedit.js';
import { bitsadminCommand } from './bitsadmin.js';
import {
  callCommand,
  endlocalCommand,
  gotoCommand,
  setlocalCommand,
  shiftCommand,
  verifyCommand,
} from './call.js';
import { cdCommand } from './cd.js';
import { certutilCommand } from './certutil.js';
import { clsCommand } from './cls.js';
import { cmdCommand } from './cmd.js';
import { cmdkeyCommand } from './cmdkey.js';
import { copyCommand } from './copy.js';
import { cscriptCommand, wscriptCommand } from './cscript.js';
import { curlCommand } from './curl.js';
import { delCommand } from './del.js';
import { dirCommand } from './dir.js';
import { echoCommand } from './echo.js';
import { exitCommand } from './exit.js';
import { findCommand } from './find.js';
import { findstrCommand } from './findstr.js';
import { forCommand } from './for.js';
import { getmacCommand } from './getmac.js';
import { hostnameCommand } from './hostname.js';
import { icaclsCommand } from './icacls.js';
import { ifCommand } from './if.js';
import { ipconfigCommand } from './ipconfig.js';
import {
  gpupdateCommand,
  mshtaCommand,
  msiexecCommand,
  regsvr32Command,
  rundll32Command,
} from './lolbins.js';
import { mkdirCommand } from './mkdir.js';
import { moreCommand } from './more.js';
import { moveCommand } from './move.js';
import { netCommand } from './net.js';
import { netshCommand } from './netsh.js';
import { netstatCommand } from './netstat.js';
import { nltestCommand } from './nltest.js';
import { nslookupCommand } from './nslookup.js';
import { pathCommand } from './path.js';
import { pauseCommand } from './pause.js';
import { pingCommand } from './ping.js';
import { powershellCommand } from './powershell.js';
import { popdCommand, pushdCommand } from './pushd.js';
import { queryCommand, quserCommand } from './query.js';
import { regCommand } from './reg.js';
import { colorCommand, promptCommand, remCommand, titleCommand } from './rem.js';
import { renCommand } from './ren.js';
import { rmdirCommand } from './rmdir.js';
import { routeCommand } from './route.js';
import { scCommand } from './sc.js';
import { schtasksCommand } from './schtasks.js';
import { setCommand } from './set.js';
import { shutdownCommand } from './shutdown.js';
import { sortCommand } from './sort.js';
import { startCommand } from './start.js';
import { systeminfoCommand } from './systeminfo.js';
import { taskkillCommand } from './taskkill.js';
import { tasklistCommand } from './tasklist.js';
import { dateCommand, timeCommand } from './time.js';
import { timeoutCommand } from './timeout.js';
import { tracertCommand } from './tracert.js';
import { treeCommand } from './tree.js';
import { typeCommand } from './type.js';
import { verCommand } from './ver.js';
import { volCommand } from './vol.js';
import { vssadminCommand } from './vssadmin.js';
import { wevtutilCommand } from './wevtutil.js';
import { whereCommand } from './where.js';
import { whoamiCommand } from './whoami.js';
import { wmicCommand } from './wmic.js';

export const CMD_COMMANDS: readonly CmdCommand[] = [
  arpCommand,
  attribCommand,
  bitsadminCommand,
  cdCommand,
  certutilCommand,
  clsCommand,
  cmdCommand,
  cmdkeyCommand,
  colorCommand,
  copyCommand,
  curlCommand,
  dateCommand,
  delCommand,
  dirCommand,
  echoCommand,
  exitCommand,
  findCommand,
  findstrCommand,
  hostnameCommand,
  icaclsCommand,
  ifCommand,
  ipconfigCommand,
  mkdirCommand,
  moreCommand,
  moveCommand,
  netCommand,
  netshCommand,
  netstatCommand,
  nslookupCommand,
  pathCommand,
  pingCommand,
  powershellCommand,
  promptCommand,
  queryCommand,
  quserCommand,
  regCommand,
  remCommand,
  renCommand,
  rmdirCommand,
  routeCommand,
  scCommand,
  schtasksCommand,
  setCommand,
  shutdownCommand,
  sortCommand,
  startCommand,
  systeminfoCommand,
  taskkillCommand,
  tasklistCommand,
  timeCommand,
  timeoutCommand,
  titleCommand,
  tracertCommand,
  treeCommand,
  typeCommand,
  verCommand,
  volCommand,
  whereCommand,
  whoamiCommand,
  wmicCommand,
  bcdeditCommand,
  callCommand,
  cscriptCommand,
  endlocalCommand,
  forCommand,
  getmacCommand,
  gotoCommand,
  gpupdateCommand,
  msiexecCommand,
  mshtaCommand,
  nltestCommand,
  pauseCommand,
  popdCommand,
  pushdCommand,
  regsvr32Command,
  rundll32Command,
  setlocalCommand,
  shiftCommand,
  verifyCommand,
  vssadminCommand,
  wevtutilCommand,
  wscriptCommand,
];

/** cmd's internal commands (no program file): their names end at `.`, `\`, `/` … as well as at a blank. */
export const INTERNAL_COMMANDS: ReadonlySet<string> = new Set(
  CMD_COMMANDS.filter((c) => c.path === undefined).flatMap((c) => [c.name, ...(c.aliases ?? [])]),
);
