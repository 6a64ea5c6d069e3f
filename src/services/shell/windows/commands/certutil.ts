/**
 * `certutil`: `-urlcache [-split] -f URL [file]` downloads through the host (the LOLBin download every
 * intrusion kit uses), `-decode`/`-encode` convert base64 files on the drive, `-hashfile` hashes one.
 */
import { createHash } from 'node:crypto';
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { driveMessage } from '../drive.js';
import { download, fileNameOf, WINHTTP_ERRORS } from './lib/download.js';

export const certutilCommand = defineCmd({
  name: 'certutil',
  path: 'C:\\Windows\\System32\\certutil.exe',
  run: async (ctx) => {
    const verbs = ctx.args.filter((a) => /^[-/]/.test(a)).map((a) => a.slice(1).toLowerCase());
    const operands = ctx.args.filter((a) => !/^[-/]/.test(a));
    if (verbs.includes('urlcache') || verbs.includes('verifyctl')) return urlcache(ctx, verbs, operands);
    if (verbs.includes('decode') || verbs.includes('decodehex')) return convert(ctx, operands, 'decode');
    if (verbs.includes('encode')) return convert(ctx, operands, 'encode');
    if (verbs.includes('hashfile')) return hashfile(ctx, operands);
    ctx.stdout('CertUtil: -dump command completed successfully.\r\n');
    return 0;
  },
});

async function urlcache(
  ctx: CmdContext,
  verbs: readonly string[],
  operands: readonly string[],
): Promise<number> {
  const url = operands.find((o) => /^[a-z]+:\/\//i.test(o)) ?? operands[0];
  ctx.stdout('****  Online  ****\r\n');
  if (url === undefined) {
    ctx.stdout('CertUtil: -URLCache command completed successfully.\r\n');
    return 0;
  }
  const destination = operands[operands.indexOf(url) + 1] ?? fileNameOf(url);
  const outcome = await download(ctx, url, 'certutil', destination);
  if (outcome.ok) {
    if (verbs.includes('split'))
      ctx.stdout(`  0000  ...\r\n  ${outcome.body.length.toString(16).padStart(4, '0')}\r\n`);
    ctx.stdout('CertUtil: -URLCache command completed successfully.\r\n');
    return 0;
  }
  if (outcome.error === 'write_failed') {
    ctx.stdout(
      `CertUtil: -URLCache command FAILED: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\nCertUtil: ${outcome.message ?? 'Access is denied.'}\r\n`,
    );
    return -2147024891;
  }
  const error = WINHTTP_ERRORS[outcome.error] ?? WINHTTP_ERRORS.timeout!;
  ctx.stdout(
    `CertUtil: -URLCache command FAILED: ${error.hresult} (${error.name})\r\nCertUtil: ${error.text}\r\n`,
  );
  return Number.parseInt(error.hresult, 16) | 0;
}

function convert(ctx: CmdContext, operands: readonly string[], mode: 'decode' | 'encode'): number {
  const [input, output] = operands;
  if (input === undefined || output === undefined) {
    ctx.stdout(
      `CertUtil: -${mode} command FAILED: 0x80070057 (WIN32: 87 ERROR_INVALID_PARAMETER)\r\nCertUtil: The parameter is incorrect.\r\n`,
    );
    return -2147024809;
  }
  try {
    const data = ctx.drive.read(input);
    let result: Buffer;
    if (mode === 'decode') {
      const text = data.toString('latin1').replace(/-----(BEGIN|END)[^-]*-----/g, '');
      result = Buffer.from(text.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    } else {
      const lines = data.toString('base64').match(/.{1,64}/g) ?? [];
      result = Buffer.from(
        `-----BEGIN CERTIFICATE-----\r\n${lines.join('\r\n')}\r\n-----END CERTIFICATE-----\r\n`,
        'latin1',
      );
    }
    if (ctx.drive.exists(output)) {
      ctx.stdout(
        `Output Length = 0\r\nCertUtil: -${mode} command FAILED: 0x80070050 (WIN32: 80 ERROR_FILE_EXISTS)\r\nCertUtil: The file exists.\r\n`,
      );
      return -2147024816;
    }
    ctx.drive.write(output, result);
    ctx.stdout(
      `Input Length = ${data.length}\r\nOutput Length = ${result.length}\r\nCertUtil: -${mode} command completed successfully.\r\n`,
    );
    return 0;
  } catch (err) {
    ctx.stdout(
      `CertUtil: -${mode} command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\r\nCertUtil: ${driveMessage(err)}\r\n`,
    );
    return -2147024894;
  }
}

function hashfile(ctx: CmdContext, operands: readonly string[]): number {
  const [file, algorithm = 'SHA1'] = operands;
  const name = algorithm.toUpperCase();
  const node = ({ MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' } as const)[
    name as 'MD5'
  ];
  if (file === undefined || node === undefined) {
    ctx.stdout(
      'CertUtil: -hashfile command FAILED: 0x80090008 (-2146893816 NTE_BAD_ALGID)\r\nCertUtil: Invalid algorithm specified.\r\n',
    );
    return -2146893816;
  }
  try {
    const digest = createHash(node).update(ctx.drive.read(file)).digest('hex');
    ctx.stdout(
      `${name} hash of ${file}:\r\n${digest}\r\nCertUtil: -hashfile command completed successfully.\r\n`,
    );
    return 0;
  } catch (err) {
    ctx.stdout(
      `CertUtil: -hashfile command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\r\nCertUtil: ${driveMessage(err)}\r\n`,
    );
    return -2147024894;
  }
}
