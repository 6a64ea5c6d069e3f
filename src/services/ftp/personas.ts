/**
 * Which FTP server a decky runs and exactly how it answers: the greeting `nmap -sV` matches on
 * (nmap-service-probes: `220 (vsFTPd x)`, ProFTPD's HELP list, Pure-FTPd's banner block,
 * `220 Microsoft FTP Service`), then each reply's code and text as the real server writes it with its
 * distribution's default configuration.
 */
import type { DeckyPersona } from '../service.js';
import { isWindows } from '../shared/persona.js';
import type { UnixListingStyle } from './listing.js';

export const FTP_PERSONAS = ['auto', 'vsftpd', 'proftpd', 'pureftpd', 'microsoft'] as const;
export type FtpPersonaName = Exclude<(typeof FTP_PERSONAS)[number], 'auto'>;

/** Every reply a persona writes; each already carries its code and ends in CRLF. */
export interface FtpReplies {
  greeting: string;
  userOk(user: string): string;
  anonymousUserOk: string;
  loginOk(user: string): string;
  anonymousLoginOk: string;
  loginFailed: string;
  passWithoutUser: string;
  alreadyLoggedIn: string;
  notLoggedIn: string;
  tooManyFailures: string;
  syst: string;
  feat: string;
  help: string;
  pwd(dir: string): string;
  cwdOk(dir: string): string;
  cwdFailed(arg: string): string;
  type(code: 'A' | 'I'): string;
  typeBad: string;
  modeOk: string;
  modeBad: string;
  struOk: string;
  struBad: string;
  pasv(address: string): string;
  epsv(address: string): string;
  portOk: string;
  eprtOk: string;
  portBad: string;
  /** PORT/EPRT to any address but the client's own (FTP bounce, RFC 2577 §3). */
  portRefused(target: string, peer: string): string;
  noDataConnection: string;
  dataConnectFailed: string;
  listStart: string;
  listDone(count: number): string;
  retrStart(name: string, size: number): string;
  storStart(name: string): string;
  transferDone: string;
  transferAborted: string;
  uploadTooLarge: string;
  fileNotFound(arg: string): string;
  writeFailed(arg: string): string;
  size(bytes: number): string;
  sizeFailed(arg: string): string;
  mdtm(stamp: string): string;
  mdtmFailed(arg: string): string;
  deleOk(arg: string): string;
  deleFailed(arg: string): string;
  mkdOk(dir: string): string;
  mkdFailed(arg: string): string;
  rmdOk: string;
  rmdFailed(arg: string): string;
  rnfrOk: string;
  rnfrFailed(arg: string): string;
  rntoOk: string;
  rntoWithoutRnfr: string;
  rntoFailed: string;
  rest(offset: string): string;
  noop: string;
  quit: string;
  optsUtf8: string;
  optsBad: string;
  authTls: string;
  unknown(verb: string): string;
  tooLong: string;
  missingArgument(verb: string): string;
}

export interface FtpPersona {
  name: FtpPersonaName;
  replies: FtpReplies;
  /** `ls -l` columns, or IIS's MS-DOS listing. */
  listing: { style: 'unix'; unix: UnixListingStyle } | { style: 'dos' };
  /** Whether the server knows MLSD (RFC 3659); vsftpd 3.0 does not. */
  mlsd: boolean;
  /** Verbs answered before login besides USER, PASS and QUIT; any other gets `notLoggedIn`. */
  preLogin: ReadonlySet<string>;
}

/** The persona `auto` picks: IIS's FTP service on a Windows decky, vsftpd (Debian/Ubuntu's default) elsewhere. */
export function personaNameFor(decky: DeckyPersona): FtpPersonaName {
  return isWindows(decky) ? 'microsoft' : 'vsftpd';
}

const l = (text: string): string => `${text}\r\n`;

/** vsftpd 3.0.5 (Debian 12, Ubuntu 22.04/24.04): strings from its ftpcmdio/postlogin.c. */
function vsftpd(): FtpPersona {
  return {
    name: 'vsftpd',
    mlsd: false,
    preLogin: new Set(['FEAT', 'OPTS']),
    listing: { style: 'unix', unix: { owner: '0', group: '0', idWidth: 8, sizeWidth: 8 } },
    replies: {
      greeting: l('220 (vsFTPd 3.0.5)'),
      userOk: () => l('331 Please specify the password.'),
      anonymousUserOk: l('331 Please specify the password.'),
      loginOk: () => l('230 Login successful.'),
      anonymousLoginOk: l('230 Login successful.'),
      loginFailed: l('530 Login incorrect.'),
      passWithoutUser: l('503 Login with USER first.'),
      alreadyLoggedIn: l("530 Can't change to another user."),
      notLoggedIn: l('530 Please login with USER and PASS.'),
      tooManyFailures: l('421 Service not available, remote server has closed connection.'),
      syst: l('215 UNIX Type: L8'),
      feat: '211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n',
      help:
        '214-The following commands are recognized.\r\n' +
        ' ABOR ACCT ALLO APPE CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM MKD\r\n' +
        ' MODE NLST NOOP OPTS PASS PASV PORT PWD  QUIT REIN REST RETR RMD  RNFR\r\n' +
        ' RNTO SITE SIZE SMNT STAT STOR STOU STRU SYST TYPE USER XCUP XCWD XMKD\r\n' +
        ' XPWD XRMD\r\n214 Help OK.\r\n',
      pwd: (dir) => l(`257 "${dir}" is the current directory`),
      cwdOk: () => l('250 Directory successfully changed.'),
      cwdFailed: () => l('550 Failed to change directory.'),
      type: (code) => l(code === 'I' ? '200 Switching to Binary mode.' : '200 Switching to ASCII mode.'),
      typeBad: l('500 Unrecognised TYPE command.'),
      modeOk: l('200 Mode set to S.'),
      modeBad: l('504 Bad MODE command.'),
      struOk: l('200 Structure set to F.'),
      struBad: l('504 Bad STRU command.'),
      pasv: (address) => l(`227 Entering Passive Mode ${address}.`),
      epsv: (address) => l(`229 Entering Extended Passive Mode ${address}`),
      portOk: l('200 PORT command successful. Consider using PASV.'),
      eprtOk: l('200 EPRT command successful. Consider using EPSV.'),
      portBad: l('500 Illegal PORT command.'),
      portRefused: () => l('500 Illegal PORT command.'),
      noDataConnection: l('425 Use PORT or PASV first.'),
      dataConnectFailed: l('425 Failed to establish connection.'),
      listStart: l('150 Here comes the directory listing.'),
      listDone: () => l('226 Directory send OK.'),
      retrStart: (name, size) => l(`150 Opening BINARY mode data connection for ${name} (${size} bytes).`),
      storStart: () => l('150 Ok to send data.'),
      transferDone: l('226 Transfer complete.'),
      transferAborted: l('426 Failure writing network stream.'),
      uploadTooLarge: l('552 Exceeded storage allocation.'),
      fileNotFound: () => l('550 Failed to open file.'),
      writeFailed: () => l('553 Could not create file.'),
      size: (bytes) => l(`213 ${bytes}`),
      sizeFailed: () => l('550 Could not get file size.'),
      mdtm: (stamp) => l(`213 ${stamp}`),
      mdtmFailed: () => l('550 Could not get file modification time.'),
      deleOk: () => l('250 Delete operation successful.'),
      deleFailed: () => l('550 Delete operation failed.'),
      mkdOk: (dir) => l(`257 "${dir}" created`),
      mkdFailed: () => l('550 Create directory operation failed.'),
      rmdOk: l('250 Remove directory operation successful.'),
      rmdFailed: () => l('550 Remove directory operation failed.'),
      rnfrOk: l('350 Ready for RNTO.'),
      rnfrFailed: () => l('550 RNFR command failed.'),
      rntoOk: l('250 Rename successful.'),
      rntoWithoutRnfr: l('503 RNFR required first.'),
      rntoFailed: l('550 Rename failed.'),
      rest: (offset) => l(`350 Restart position accepted (${offset}).`),
      noop: l('200 NOOP ok.'),
      quit: l('221 Goodbye.'),
      optsUtf8: l('200 Always in UTF8 mode.'),
      optsBad: l('501 Option not understood.'),
      // Without ssl_enable, vsftpd treats AUTH before login like any other command.
      authTls: l('530 Please login with USER and PASS.'),
      unknown: () => l('500 Unknown command.'),
      tooLong: l('500 Command line too long'),
      missingArgument: () => l('500 Unknown command.'),
    },
  };
}

const PROFTPD_HELP =
  "214-The following commands are recognized (* =>'s unimplemented):\r\n" +
  ' CWD     XCWD    CDUP    XCUP    SMNT*   QUIT    PORT    PASV    \r\n' +
  ' EPRT    EPSV    ALLO*   RNFR    RNTO    DELE    MDTM    RMD     \r\n' +
  ' XRMD    MKD     XMKD    PWD     XPWD    SIZE    SYST    HELP    \r\n' +
  ' NOOP    FEAT    OPTS    HOST    CLNT    AUTH*   CCC*    CONF*   \r\n' +
  ' ENC*    MIC*    PBSZ*   PROT*   TYPE    STRU    MODE    RETR    \r\n' +
  ' STOR    STOU    APPE    REST    ABOR    RANG    USER    PASS    \r\n' +
  ' ACCT*   REIN*   LIST    NLST    STAT    SITE    MLSD    MLST    \r\n';

/** ProFTPD 1.3.8 as Debian 12 packages it (ServerIdent "ProFTPD Server (Debian)"). */
function proftpd(decky: DeckyPersona): FtpPersona {
  return {
    name: 'proftpd',
    mlsd: true,
    preLogin: new Set(['FEAT', 'OPTS', 'HELP', 'NOOP', 'AUTH']),
    listing: { style: 'unix', unix: { owner: 'ftp', group: 'ftp', idWidth: 8, sizeWidth: 12 } },
    replies: {
      greeting: l(`220 ProFTPD Server (Debian) [::ffff:${decky.ip}]`),
      userOk: (user) => l(`331 Password required for ${user}`),
      anonymousUserOk: l('331 Anonymous login ok, send your complete email address as your password'),
      loginOk: (user) => l(`230 User ${user} logged in`),
      anonymousLoginOk: l('230 Anonymous access granted, restrictions apply'),
      loginFailed: l('530 Login incorrect.'),
      passWithoutUser: l('503 Login with USER first'),
      alreadyLoggedIn: l('503 You are already logged in'),
      notLoggedIn: l('530 Please login with USER and PASS'),
      tooManyFailures: l('421 Login timeout (300 seconds): closing control connection'),
      syst: l('215 UNIX Type: L8'),
      feat:
        '211-Features:\r\n CLNT\r\n EPRT\r\n EPSV\r\n HOST\r\n LANG en-US*\r\n MDTM\r\n' +
        ' MFF modify;UNIX.group;UNIX.mode;\r\n MFMT\r\n' +
        ' MLST modify*;perm*;size*;type*;unique*;UNIX.group*;UNIX.groupname*;UNIX.mode*;UNIX.owner*;UNIX.ownername*;\r\n' +
        ' PASV\r\n REST STREAM\r\n SIZE\r\n SSCN\r\n TVFS\r\n UTF8\r\n211 End\r\n',
      help: `${PROFTPD_HELP}${l(`214 Direct comments to root@${decky.hostname}`)}`,
      pwd: (dir) => l(`257 "${dir}" is the current directory`),
      cwdOk: () => l('250 CWD command successful'),
      cwdFailed: (arg) => l(`550 ${arg}: No such file or directory`),
      type: (code) => l(`200 Type set to ${code}`),
      typeBad: l("504 TYPE not implemented for 'X' parameter"),
      modeOk: l('200 Mode set to S'),
      modeBad: l("504 'MODE' unsupported transfer mode"),
      struOk: l('200 Structure set to F'),
      struBad: l("504 'STRU' unsupported structure type"),
      pasv: (address) => l(`227 Entering Passive Mode ${address}.`),
      epsv: (address) => l(`229 Entering Extended Passive Mode ${address}`),
      portOk: l('200 PORT command successful'),
      eprtOk: l('200 EPRT command successful'),
      portBad: l('501 Illegal PORT command'),
      portRefused: () => l('500 Illegal PORT command'),
      noDataConnection: l('425 Unable to build data connection: Connection refused'),
      dataConnectFailed: l('425 Unable to build data connection: Connection timed out'),
      listStart: l('150 Opening ASCII mode data connection for file list'),
      listDone: () => l('226 Transfer complete'),
      retrStart: (name, size) => l(`150 Opening BINARY mode data connection for ${name} (${size} bytes)`),
      storStart: (name) => l(`150 Opening BINARY mode data connection for ${name}`),
      transferDone: l('226 Transfer complete'),
      transferAborted: l('426 Transfer aborted. Data connection closed'),
      uploadTooLarge: l('552 Transfer aborted. Disk quota exceeded'),
      fileNotFound: (arg) => l(`550 ${arg}: No such file or directory`),
      writeFailed: (arg) => l(`553 ${arg}: Permission denied`),
      size: (bytes) => l(`213 ${bytes}`),
      sizeFailed: (arg) => l(`550 ${arg}: No such file or directory`),
      mdtm: (stamp) => l(`213 ${stamp}`),
      mdtmFailed: (arg) => l(`550 ${arg}: No such file or directory`),
      deleOk: () => l('250 DELE command successful'),
      deleFailed: (arg) => l(`550 ${arg}: No such file or directory`),
      mkdOk: (dir) => l(`257 "${dir}" - Directory successfully created`),
      mkdFailed: (arg) => l(`550 ${arg}: File exists`),
      rmdOk: l('250 RMD command successful'),
      rmdFailed: (arg) => l(`550 ${arg}: Directory not empty`),
      rnfrOk: l('350 File or directory exists, ready for destination name'),
      rnfrFailed: (arg) => l(`550 ${arg}: No such file or directory`),
      rntoOk: l('250 Rename successful'),
      rntoWithoutRnfr: l('503 Bad sequence of commands'),
      rntoFailed: l('550 Rename failed: File exists'),
      rest: (offset) => l(`350 Restarting at ${offset}. Send STORE or RETRIEVE to initiate transfer`),
      noop: l('200 NOOP command successful'),
      quit: l('221 Goodbye.'),
      optsUtf8: l('200 UTF8 set to on'),
      optsBad: l('501 OPTS: unsupported option'),
      // Debian ships mod_tls unloaded: AUTH is one of HELP's unimplemented commands.
      authTls: l('500 AUTH not understood'),
      unknown: (verb) => l(`500 ${verb} not understood`),
      tooLong: l('500 Command line too long'),
      missingArgument: (verb) => l(`500 ${verb}: Invalid number of parameters`),
    },
  };
}

/** Pure-FTPd 1.0.50 (Debian/Ubuntu pure-ftpd package, TLS off). */
function pureftpd(): FtpPersona {
  return {
    name: 'pureftpd',
    mlsd: true,
    preLogin: new Set(['FEAT', 'OPTS', 'HELP', 'NOOP', 'SYST', 'AUTH']),
    listing: { style: 'unix', unix: { owner: '1000', group: '1000', idWidth: 10, sizeWidth: 10 } },
    replies: {
      greeting:
        '220---------- Welcome to Pure-FTPd [privsep] ----------\r\n' +
        '220-You are user number 1 of 50 allowed.\r\n' +
        '220-This is a private system - No anonymous login\r\n' +
        '220-IPv6 connections are also welcome on this server.\r\n' +
        '220 You will be disconnected after 15 minutes of inactivity.\r\n',
      userOk: (user) => l(`331 User ${user} OK. Password required`),
      anonymousUserOk: l('331 Any password will work'),
      loginOk: () => l('230 OK. Current directory is /'),
      anonymousLoginOk: l('230 Anonymous user logged in'),
      loginFailed: l('530 Login authentication failed'),
      passWithoutUser: l('530 Login authentication failed'),
      alreadyLoggedIn: l("530 You're already logged in"),
      notLoggedIn: l("530 You aren't logged in"),
      tooManyFailures: l('421 Too many authentication failures - Try again later'),
      syst: l('215 UNIX Type: L8'),
      feat:
        '211-Extensions supported:\r\n EPRT\r\n IDLE\r\n MDTM\r\n SIZE\r\n MFMT\r\n REST STREAM\r\n' +
        ' MLST type*;size*;sizd*;modify*;UNIX.mode*;UNIX.uid*;UNIX.gid*;unique*;\r\n MLSD\r\n PRET\r\n' +
        ' ESTP\r\n PASV\r\n EPSV\r\n SPSV\r\n UTF8\r\n ESTA\r\n211 End.\r\n',
      help:
        '214-The following SITE commands are recognized\r\n ALIAS\r\n CHMOD\r\n IDLE\r\n UTIME\r\n' +
        '214 Pure-FTPd - http://pureftpd.org/\r\n',
      pwd: (dir) => l(`257 "${dir}" is your current location`),
      cwdOk: (dir) => l(`250 OK. Current directory is ${dir}`),
      cwdFailed: (arg) => l(`550 Can't change directory to ${arg}: No such file or directory`),
      type: (code) => l(code === 'I' ? '200 TYPE is now 8-bit binary' : '200 TYPE is now ASCII'),
      typeBad: l('504 Unknown TYPE'),
      modeOk: l('200 S OK'),
      modeBad: l('504 Please use S(tream) mode'),
      struOk: l('200 F OK'),
      struBad: l('504 Only F(ile) is supported'),
      pasv: (address) => l(`227 Entering Passive Mode ${address}`),
      epsv: (address) => l(`229 Extended Passive mode OK ${address}`),
      portOk: l('200 PORT command successful'),
      eprtOk: l('200 PORT command successful'),
      portBad: l('501 Syntax error in IP address'),
      portRefused: (target, peer) => l(`500 I won't open a connection to ${target} (only to ${peer})`),
      noDataConnection: l('425 No data connection'),
      dataConnectFailed: l('425 Could not open data connection to port: Connection refused'),
      listStart: l('150 Accepted data connection'),
      listDone: (count) => `226-Options: -l \r\n${l(`226 ${count} matches total`)}`,
      retrStart: (_name, size) =>
        `150-Accepted data connection\r\n${l(`150 ${(size / 1024).toFixed(1)} kbytes to download`)}`,
      storStart: () => l('150 Accepted data connection'),
      transferDone: l('226 File successfully transferred'),
      transferAborted: l('426 Data connection closed'),
      uploadTooLarge: l('552 Quota exceeded: file too large'),
      fileNotFound: (arg) => l(`550 Can't open ${arg}: No such file or directory`),
      writeFailed: (arg) => l(`553 Can't open that file: ${arg}: Permission denied`),
      size: (bytes) => l(`213 ${bytes}`),
      sizeFailed: () => l("550 Can't check for file existence"),
      mdtm: (stamp) => l(`213 ${stamp}`),
      mdtmFailed: () => l("550 Can't check for file existence"),
      deleOk: (arg) => l(`250 Deleted ${arg}`),
      deleFailed: (arg) => l(`550 Could not delete ${arg}: No such file or directory`),
      mkdOk: (dir) => l(`257 "${dir}" : The directory was successfully created`),
      mkdFailed: () => l("550 Can't create directory: File exists"),
      rmdOk: l('250 The directory was successfully removed'),
      rmdFailed: () => l("550 Can't remove directory: Directory not empty"),
      rnfrOk: l('350 RNFR accepted - file exists, ready for destination'),
      rnfrFailed: () => l("550 Sorry, but that file doesn't exist"),
      rntoOk: l('250 File successfully renamed or moved'),
      rntoWithoutRnfr: l('503 Need RNFR before RNTO'),
      rntoFailed: l('451 Rename/move failure: File exists'),
      rest: (offset) => l(`350 Restarting at ${offset}`),
      noop: l('200 Zzz...'),
      quit: '221-Goodbye. You uploaded 0 and downloaded 0 kbytes.\r\n221 Logout.\r\n',
      optsUtf8: l('200 OK, UTF-8 enabled'),
      optsBad: l('504 Unknown command'),
      authTls: l('500 This security scheme is not implemented'),
      unknown: () => l('500 Unknown command'),
      tooLong: l('500 Command line too long'),
      missingArgument: () => l('501 Missing argument'),
    },
  };
}

/** IIS 10's FTP service (Windows Server 2016–2022), SSL not required, no certificate bound. */
function microsoft(): FtpPersona {
  return {
    name: 'microsoft',
    mlsd: false,
    preLogin: new Set(['FEAT', 'OPTS', 'HELP', 'NOOP', 'SYST', 'AUTH']),
    listing: { style: 'dos' },
    replies: {
      greeting: l('220 Microsoft FTP Service'),
      userOk: () => l('331 Password required'),
      anonymousUserOk: l('331 Anonymous access allowed, send identity (e-mail name) as password.'),
      loginOk: () => l('230 User logged in.'),
      anonymousLoginOk: l('230 User logged in.'),
      loginFailed: l('530 User cannot log in.'),
      passWithoutUser: l('503 Login with USER first.'),
      alreadyLoggedIn: l('503 Bad sequence of commands.'),
      notLoggedIn: l('530 Please login with USER and PASS.'),
      tooManyFailures: l('421 Too many failed login attempts. Closing control connection.'),
      syst: l('215 Windows_NT'),
      feat: '211-Extended features supported:\r\n LANG EN*\r\n UTF8\r\n HOST\r\n SIZE\r\n MDTM\r\n REST STREAM\r\n211 END\r\n',
      help:
        "214-The following commands are recognized (* ==>'s unimplemented).\r\n" +
        '    ABOR\r\n    ACCT\r\n    ADAT *\r\n    ALLO\r\n    APPE\r\n    AUTH\r\n    CCC\r\n    CDUP\r\n' +
        '    CWD\r\n    DELE\r\n    ENC *\r\n    EPRT\r\n    EPSV\r\n    FEAT\r\n    HELP\r\n    HOST\r\n' +
        '    LANG\r\n    LIST\r\n    MDTM\r\n    MIC *\r\n    MKD\r\n    MODE\r\n    NLST\r\n    NOOP\r\n' +
        '    OPTS\r\n    PASS\r\n    PASV\r\n    PBSZ\r\n    PORT\r\n    PROT\r\n    PWD\r\n    QUIT\r\n' +
        '    REIN\r\n    REST\r\n    RETR\r\n    RMD\r\n    RNFR\r\n    RNTO\r\n    SITE\r\n    SIZE\r\n' +
        '    SMNT\r\n    STAT\r\n    STOR\r\n    STOU\r\n    STRU\r\n    SYST\r\n    TYPE\r\n    USER\r\n' +
        '    XCUP\r\n    XCWD\r\n    XMKD\r\n    XPWD\r\n    XRMD\r\n214 HELP command successful.\r\n',
      pwd: (dir) => l(`257 "${dir}" is current directory.`),
      cwdOk: () => l('250 CWD command successful.'),
      cwdFailed: () => l('550 The system cannot find the file specified. '),
      type: (code) => l(`200 Type set to ${code}.`),
      typeBad: l('501 Server cannot accept argument.'),
      modeOk: l('200 MODE S command successful.'),
      modeBad: l('504 Command not implemented for that parameter.'),
      struOk: l('200 STRU F command successful.'),
      struBad: l('504 Command not implemented for that parameter.'),
      pasv: (address) => l(`227 Entering Passive Mode ${address}.`),
      epsv: (address) => l(`229 Entering Extended Passive Mode ${address}`),
      portOk: l('200 PORT command successful.'),
      eprtOk: l('200 EPRT command successful.'),
      portBad: l('501 Server cannot accept argument.'),
      portRefused: () => l('501 Server cannot accept argument.'),
      noDataConnection: l("425 Can't open data connection."),
      dataConnectFailed: l("425 Can't open data connection."),
      listStart: l('125 Data connection already open; Transfer starting.'),
      listDone: () => l('226 Transfer complete.'),
      retrStart: () => l('125 Data connection already open; Transfer starting.'),
      storStart: () => l('125 Data connection already open; Transfer starting.'),
      transferDone: l('226 Transfer complete.'),
      transferAborted: l('426 Connection closed; transfer aborted.'),
      uploadTooLarge: l('552 Exceeded storage allocation.'),
      fileNotFound: () => l('550 The system cannot find the file specified. '),
      writeFailed: () => l('550 Access is denied. '),
      size: (bytes) => l(`213 ${bytes}`),
      sizeFailed: () => l('550 The system cannot find the file specified. '),
      mdtm: (stamp) => l(`213 ${stamp}`),
      mdtmFailed: () => l('550 The system cannot find the file specified. '),
      deleOk: () => l('250 DELE command successful.'),
      deleFailed: () => l('550 The system cannot find the file specified. '),
      mkdOk: (dir) => l(`257 "${dir}" directory created.`),
      mkdFailed: () => l('550 Cannot create a file when that file already exists. '),
      rmdOk: l('250 RMD command successful.'),
      rmdFailed: () => l('550 The directory is not empty. '),
      rnfrOk: l('350 Requested file action pending further information.'),
      rnfrFailed: () => l('550 The system cannot find the file specified. '),
      rntoOk: l('250 RNTO command successful.'),
      rntoWithoutRnfr: l('503 Bad sequence of commands.'),
      rntoFailed: l('550 Cannot create a file when that file already exists. '),
      rest: (offset) => l(`350 Restarting at ${offset}.`),
      noop: l('200 NOOP command successful.'),
      quit: l('221 Goodbye.'),
      optsUtf8: l('200 OPTS UTF8 command successful - UTF8 encoding now ON.'),
      optsBad: l('501 Option not supported.'),
      authTls: l('534 Local policy on server does not allow TLS secure connections.'),
      unknown: () => l('500 Command not understood.'),
      tooLong: l('500 Command line too long'),
      missingArgument: () => l('501 Syntax error in parameters or arguments.'),
    },
  };
}

export function ftpPersona(name: FtpPersonaName, decky: DeckyPersona): FtpPersona {
  switch (name) {
    case 'vsftpd':
      return vsftpd();
    case 'proftpd':
      return proftpd(decky);
    case 'pureftpd':
      return pureftpd();
    case 'microsoft':
      return microsoft();
  }
}
