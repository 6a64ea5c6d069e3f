/** Greetings of the line protocols whose server speaks first, as stock packages send them. */
import type { DeckyPersona } from '../service.js';

function line(text: string): Buffer {
  return Buffer.from(`${text}\r\n`, 'latin1');
}

/** vsftpd 3.0.5 (Debian 12, Ubuntu 22.04+) with its default ftpd_banner unset. */
export function ftpGreeting(): Buffer {
  return line('220 (vsFTPd 3.0.5)');
}

/** Postfix's default smtpd_banner `$myhostname ESMTP $mail_name (Debian/GNU)` (the reference's default). */
export function smtpGreeting(persona: DeckyPersona): Buffer {
  return line(`220 ${persona.hostname} ESMTP Postfix (Debian/GNU)`);
}

/** Dovecot's default login_greeting. */
export function pop3Greeting(): Buffer {
  return line('+OK Dovecot ready.');
}

/** Dovecot's IMAP greeting lists its pre-login capabilities (RFC 9051 §7.1.2 response code). */
export function imapGreeting(): Buffer {
  return line(
    '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN] Dovecot ready.',
  );
}

/** RFB 3.8 ProtocolVersion (RFC 6143 §7.1.1): twelve bytes, LF-terminated. */
export function vncGreeting(): Buffer {
  return Buffer.from('RFB 003.008\n', 'latin1');
}
