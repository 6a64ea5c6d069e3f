/**
 * The files a decky's FTP server holds: a small tree with the bait an attacker hopes for (a database
 * dump, a password list, a config backup), its names, sizes, dates and contents chosen by the decky's
 * seed so the same decky always shows the same tree and two deckies differ.
 */
import { gzipSync } from 'node:zlib';
import { type SeededRandom, seededRandom } from '../shared/seeded-random.js';

export interface FtpFile {
  kind: 'file';
  /** Bytes served by RETR; null for an upload too large to keep (listed, not served). */
  content: Buffer | null;
  size: number;
  mtimeMs: number;
}

export interface FtpDirectory {
  kind: 'dir';
  mtimeMs: number;
}

export type FtpEntry = FtpFile | FtpDirectory;

/** Absolute path (`/pub/x`) → entry; `/` is always present. */
export type FtpTree = ReadonlyMap<string, FtpEntry>;

const DAY_MS = 86_400_000;

function file(content: Buffer, mtimeMs: number): FtpFile {
  return { kind: 'file', content, size: content.length, mtimeMs };
}

function daysAgo(now: number, random: SeededRandom, min: number, max: number): number {
  // Whole minutes, as a file a person saved: a listing never shows seconds.
  const at = now - random.int(min, max) * DAY_MS - random.int(0, 86_399) * 1_000;
  return at - (at % 60_000);
}

function passwordsFile(random: SeededRandom, hostname: string): Buffer {
  const users = ['admin', 'backup', 'deploy', 'svc_sql', 'ftpuser', 'jenkins', 'monitor'];
  const words = ['Summer', 'Winter', 'Welcome', 'Company', 'Spring', 'Secure', 'Office'];
  const lines = [`# ${hostname} service accounts - do not share`];
  for (const user of users.slice(0, random.int(4, users.length))) {
    const word = words[random.int(0, words.length - 1)] as string;
    lines.push(`${user}:${word}${random.int(2015, 2025)}${random.pick(['!', '#', '$', '@'])}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

function configBackup(random: SeededRandom, hostname: string): Buffer {
  const dbHost = `10.${random.int(0, 20)}.${random.int(0, 255)}.${random.int(2, 250)}`;
  return Buffer.from(
    [
      `# ${hostname} application settings (backup)`,
      '[database]',
      `host = ${dbHost}`,
      'port = 3306',
      'name = production',
      'user = app_rw',
      `password = ${random.pick(['Pr0d', 'Db', 'Sql', 'App'])}_${random.int(1000, 9999)}!${random.pick(['x', 'k', 'q'])}`,
      '',
      '[smtp]',
      `host = mail.${hostname}.local`,
      'user = noreply',
      `password = ${random.pick(['Mail', 'Smtp', 'Notify'])}${random.int(100, 999)}`,
      '',
    ].join('\n'),
  );
}

function sqlDump(random: SeededRandom): Buffer {
  const rows: string[] = [];
  const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
  for (let i = 1; i <= random.int(20, 60); i++) {
    const name = names[random.int(0, names.length - 1)] as string;
    const hash = random.bytes(16).toString('hex');
    rows.push(`(${i},'${name}${random.int(1, 99)}','${name}@example.com','${hash}')`);
  }
  const dump = [
    '-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)',
    '--',
    '-- Host: localhost    Database: production',
    '-- ------------------------------------------------------',
    'DROP TABLE IF EXISTS `users`;',
    'CREATE TABLE `users` (`id` int NOT NULL AUTO_INCREMENT, `login` varchar(64), `email` varchar(128), `password_md5` char(32), PRIMARY KEY (`id`));',
    `INSERT INTO \`users\` VALUES ${rows.join(',')};`,
    '',
  ].join('\n');
  return gzipSync(Buffer.from(dump), { level: 9 });
}

/** The decky's tree as of `now` (dates are days before it). */
export function seededTree(seed: number, hostname: string, now: number): FtpTree {
  const random = seededRandom(seed, 'ftp-tree');
  const tree = new Map<string, FtpEntry>();
  const oldest = daysAgo(now, random, 700, 900);
  tree.set('/', { kind: 'dir', mtimeMs: oldest });
  tree.set('/pub', { kind: 'dir', mtimeMs: daysAgo(now, random, 30, 200) });
  tree.set('/incoming', { kind: 'dir', mtimeMs: daysAgo(now, random, 1, 30) });
  tree.set('/backup', { kind: 'dir', mtimeMs: daysAgo(now, random, 1, 60) });
  tree.set(
    '/pub/README',
    file(Buffer.from(`Files for ${hostname}. Uploads go to /incoming.\n`), daysAgo(now, random, 300, 700)),
  );
  tree.set('/pub/passwords.txt', file(passwordsFile(random, hostname), daysAgo(now, random, 20, 200)));
  tree.set('/pub/config.bak', file(configBackup(random, hostname), daysAgo(now, random, 10, 150)));
  const stamp = new Date(daysAgo(now, random, 1, 20)).toISOString().slice(0, 10).replace(/-/g, '');
  tree.set(`/backup/backup-${stamp}.sql.gz`, file(sqlDump(random), daysAgo(now, random, 1, 20)));
  tree.set('/backup/backup.sql.gz', file(sqlDump(random), daysAgo(now, random, 1, 5)));
  return tree;
}
