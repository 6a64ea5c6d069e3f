/**
 * Types for `glossy` (MIT; devDependency, CommonJS), the syslog parser our tests and benchmark use as an
 * independent oracle and baseline. Only what we call is declared. Note that `Parse` is an instance, not a
 * constructor: `glossy.Parse.parse(line)`.
 */
declare module 'glossy' {
  export interface GlossyMessage {
    originalMessage: string;
    type?: 'RFC5424' | 'RFC3164';
    prival?: number;
    facilityID?: number;
    severityID?: number;
    time?: Date;
    host?: string | null;
    appName?: string | null;
    pid?: string | null;
    msgID?: string | null;
    structuredData?: Record<string, Record<string, string>>;
    message?: string;
  }
  interface GlossyParser {
    parse(raw: string | Buffer): GlossyMessage;
  }
  const glossy: { Parse: GlossyParser };
  export default glossy;
}
