/** Every external command the fake shell emulates, listed explicitly (STYLE.md "Register explicitly"). */
import type { CommandSpec } from '../command.js';
import { awkCommand } from './awk.js';
import { base64Command } from './base64.js';
import { busyboxCommand } from './busybox.js';
import { catCommand } from './cat.js';
import { chattrCommand, lsattrCommand } from './chattr.js';
import { chgrpCommand, chmodCommand, chownCommand } from './chmod.js';
import { cpCommand, mvCommand } from './cp.js';
import { crontabCommand } from './crontab.js';
import { curlCommand } from './curl.js';
import { cutCommand, teeCommand, trCommand } from './cut.js';
import { dateCommand, sleepCommand } from './date.js';
import { ddCommand } from './dd.js';
import { dfCommand } from './df.js';
import { duCommand } from './du.js';
import { hexdumpCommand, odCommand, xxdCommand } from './dump.js';
import { envCommand, printenvCommand } from './env.js';
import { fileCommand } from './file.js';
import { findCommand } from './find.js';
import { freeCommand } from './free.js';
import { freebsdVersionCommand } from './freebsd-version.js';
import { egrepCommand, fgrepCommand, grepCommand } from './grep.js';
import { gunzipCommand, gzipCommand, zcatCommand } from './gzip.js';
import {
  dmesgCommand,
  getconfCommand,
  localeCommand,
  lsblkCommand,
  lsbReleaseCommand,
  lscpuCommand,
  lspciCommand,
  lsusbCommand,
  mountCommand,
  nprocCommand,
} from './hardware.js';
import { md5sumCommand, sha1sumCommand, sha256sumCommand, sha512sumCommand } from './hashsum.js';
import { headCommand, tailCommand } from './head.js';
import { hostnameCommand, hostnamectlCommand } from './hostname.js';
import { groupsCommand, idCommand, whoamiCommand } from './id.js';
import { ifconfigCommand } from './ifconfig.js';
import {
  ccCommand,
  gccCommand,
  makeCommand,
  perlCommand,
  python3Command,
  pythonCommand,
} from './interpreters.js';
import { ipCommand } from './ip.js';
import { killallCommand, killCommand, pgrepCommand, pkillCommand } from './kill.js';
import { lastCommand, lastlogCommand } from './last.js';
import { lnCommand } from './ln.js';
import { dirCommand, lsCommand } from './ls.js';
import { mkdirCommand, rmdirCommand } from './mkdir.js';
import { iptablesCommand, ncatCommand, ncCommand, pingCommand, telnetCommand } from './netclients.js';
import { netstatCommand } from './netstat.js';
import { nohupCommand } from './nohup.js';
import { rcServiceCommand, rcStatusCommand } from './openrc.js';
import {
  apkCommand,
  aptCommand,
  aptGetCommand,
  dnfCommand,
  dpkgCommand,
  pacmanCommand,
  pkgCommand,
  rpmCommand,
  yumCommand,
} from './packages.js';
import { lessCommand, moreCommand } from './pager.js';
import { chpasswdCommand, passwdCommand } from './passwd.js';
import {
  basenameCommand,
  dirnameCommand,
  mktempCommand,
  pwdCommand,
  readlinkCommand,
  realpathCommand,
} from './paths.js';
import { echoCommand, printfCommand } from './printf.js';
import { psCommand } from './ps.js';
import { rmCommand } from './rm.js';
import { arpCommand, routeCommand } from './route.js';
import { sedCommand } from './sed.js';
import { seqCommand, yesCommand } from './seq.js';
import { journalctlCommand, serviceCommand, systemctlCommand } from './services.js';
import { sortCommand, uniqCommand } from './sort.js';
import { ssCommand } from './ss.js';
import { scpCommand, sshCommand } from './ssh.js';
import { statCommand } from './stat.js';
import { suCommand } from './su.js';
import { sudoCommand } from './sudo.js';
import { sysctlCommand } from './sysctl.js';
import { revCommand, tacCommand } from './tac.js';
import { tarCommand } from './tar.js';
import { clearCommand, resetCommand, tputCommand } from './terminal.js';
import { bracketCommand, falseCommand, testCommand, trueCommand } from './test.js';
import { ftpgetCommand, tftpCommand } from './tftp.js';
import { timeoutCommand } from './timeout.js';
import { topCommand } from './top.js';
import { touchCommand } from './touch.js';
import { archCommand, unameCommand } from './uname.js';
import { uptimeCommand } from './uptime.js';
import {
  addgroupCommand,
  adduserCommand,
  deluserCommand,
  groupaddCommand,
  useraddCommand,
  userdelCommand,
  usermodCommand,
} from './users.js';
import { wCommand } from './w.js';
import { wcCommand } from './wc.js';
import { wgetCommand } from './wget.js';
import { whereisCommand, whichCommand } from './which.js';
import { whoCommand } from './who.js';
import { xargsCommand } from './xargs.js';

export const COMMANDS: readonly CommandSpec[] = Object.freeze([
  addgroupCommand,
  adduserCommand,
  apkCommand,
  aptCommand,
  aptGetCommand,
  archCommand,
  arpCommand,
  awkCommand,
  base64Command,
  basenameCommand,
  bracketCommand,
  busyboxCommand,
  catCommand,
  ccCommand,
  chattrCommand,
  chgrpCommand,
  chmodCommand,
  chownCommand,
  chpasswdCommand,
  clearCommand,
  cpCommand,
  crontabCommand,
  curlCommand,
  cutCommand,
  dateCommand,
  ddCommand,
  deluserCommand,
  dfCommand,
  dirCommand,
  dirnameCommand,
  dmesgCommand,
  dnfCommand,
  dpkgCommand,
  duCommand,
  echoCommand,
  egrepCommand,
  envCommand,
  falseCommand,
  fgrepCommand,
  fileCommand,
  findCommand,
  freebsdVersionCommand,
  freeCommand,
  ftpgetCommand,
  gccCommand,
  getconfCommand,
  grepCommand,
  groupaddCommand,
  groupsCommand,
  gunzipCommand,
  gzipCommand,
  headCommand,
  hexdumpCommand,
  hostnameCommand,
  hostnamectlCommand,
  idCommand,
  ifconfigCommand,
  ipCommand,
  iptablesCommand,
  journalctlCommand,
  killallCommand,
  killCommand,
  lastCommand,
  lastlogCommand,
  lessCommand,
  lnCommand,
  localeCommand,
  lsattrCommand,
  lsblkCommand,
  lsbReleaseCommand,
  lsCommand,
  lscpuCommand,
  lspciCommand,
  lsusbCommand,
  makeCommand,
  md5sumCommand,
  mkdirCommand,
  mktempCommand,
  moreCommand,
  mountCommand,
  mvCommand,
  ncatCommand,
  ncCommand,
  netstatCommand,
  nohupCommand,
  nprocCommand,
  odCommand,
  pacmanCommand,
  passwdCommand,
  perlCommand,
  pgrepCommand,
  pkgCommand,
  pingCommand,
  pkillCommand,
  printenvCommand,
  printfCommand,
  psCommand,
  pwdCommand,
  python3Command,
  pythonCommand,
  rcServiceCommand,
  rcStatusCommand,
  readlinkCommand,
  realpathCommand,
  resetCommand,
  revCommand,
  rmCommand,
  rmdirCommand,
  routeCommand,
  rpmCommand,
  scpCommand,
  sedCommand,
  seqCommand,
  serviceCommand,
  sha1sumCommand,
  sha256sumCommand,
  sha512sumCommand,
  sleepCommand,
  sortCommand,
  ssCommand,
  sshCommand,
  statCommand,
  suCommand,
  sudoCommand,
  sysctlCommand,
  systemctlCommand,
  tacCommand,
  tailCommand,
  tarCommand,
  teeCommand,
  telnetCommand,
  testCommand,
  tftpCommand,
  timeoutCommand,
  topCommand,
  touchCommand,
  tputCommand,
  trCommand,
  trueCommand,
  unameCommand,
  uniqCommand,
  uptimeCommand,
  useraddCommand,
  userdelCommand,
  usermodCommand,
  wcCommand,
  wCommand,
  wgetCommand,
  whereisCommand,
  whichCommand,
  whoamiCommand,
  whoCommand,
  xargsCommand,
  xxdCommand,
  yesCommand,
  yumCommand,
  zcatCommand,
]);
