/**
 * Which web server or application a decky's port 80 answers as, and the Server header it sends: the
 * distro's own Apache or nginx build (distro catalogue `httpServer`) on Linux, IIS 10.0 on Windows,
 * or the app the operator chose with `fake_app`.
 */
import type { DeckyPersona } from '../service.js';
import { isWindows } from '../shared/persona.js';

export const FAKE_APPS = [
  'auto',
  'apache',
  'nginx',
  'iis',
  'tomcat',
  'wordpress',
  'phpmyadmin',
  'grafana',
  'jenkins',
  'router',
] as const;
export type FakeApp = Exclude<(typeof FAKE_APPS)[number], 'auto'>;

/** Whose error pages and header order the persona imitates. */
export type ServerFamily = 'apache' | 'nginx' | 'iis' | 'tomcat' | 'jetty' | 'grafana' | 'router';

export interface HttpPersona {
  app: FakeApp;
  family: ServerFamily;
  /** The Server header, or null for servers that send none (Tomcat 9, Grafana). */
  server: string | null;
  hostname: string;
  /** The port it serves, as Apache's signature names it ("Server at web-01 Port 443"); 80 when unset. */
  port?: number;
  /** Headers the app adds to every response (X-Powered-By, X-Jenkins, …), in its order. */
  appHeaders: readonly (readonly [string, string])[];
}

/** A distro's Server header, from the distro catalogue. */
export type HttpServerLookup = (distro: string) => string | undefined;

/** Stock builds when the distro's own is of the other server: Ubuntu 24.04's packages. */
const STOCK_APACHE = 'Apache/2.4.58 (Ubuntu)';
const STOCK_NGINX = 'nginx/1.24.0 (Ubuntu)';
const IIS = 'Microsoft-IIS/10.0';
const PRINTABLE = /^[\x21-\x7e][\x20-\x7e]*$/;

function chooseApp(decky: DeckyPersona, distroServer: string | undefined): FakeApp {
  if (isWindows(decky)) return 'iis';
  return distroServer?.toLowerCase().startsWith('nginx') ? 'nginx' : 'apache';
}

export function httpPersona(decky: DeckyPersona, chosen: string, lookup: HttpServerLookup): HttpPersona {
  const fromDistro = lookup(decky.distro);
  const distroServer = fromDistro !== undefined && PRINTABLE.test(fromDistro) ? fromDistro : undefined;
  const app: FakeApp =
    chosen === 'auto' || !(FAKE_APPS as readonly string[]).includes(chosen)
      ? chooseApp(decky, distroServer)
      : (chosen as FakeApp);
  const apache = distroServer?.startsWith('Apache') ? distroServer : STOCK_APACHE;
  const nginx = distroServer?.startsWith('nginx') ? distroServer : STOCK_NGINX;
  const base = { app, hostname: decky.hostname };
  switch (app) {
    case 'apache':
      return { ...base, family: 'apache', server: apache, appHeaders: [] };
    case 'nginx':
      return { ...base, family: 'nginx', server: nginx, appHeaders: [] };
    case 'iis':
      return { ...base, family: 'iis', server: IIS, appHeaders: [['X-Powered-By', 'ASP.NET']] };
    case 'tomcat':
      return { ...base, family: 'tomcat', server: null, appHeaders: [] };
    case 'wordpress':
      return {
        ...base,
        family: 'apache',
        server: apache,
        appHeaders: [['X-Powered-By', 'PHP/8.1.2-1ubuntu2.19']],
      };
    case 'phpmyadmin':
      return {
        ...base,
        family: 'apache',
        server: apache,
        appHeaders: [['X-Powered-By', 'PHP/8.1.2-1ubuntu2.19']],
      };
    case 'grafana':
      return {
        ...base,
        family: 'grafana',
        server: null,
        appHeaders: [
          ['Cache-Control', 'no-store'],
          ['X-Content-Type-Options', 'nosniff'],
          ['X-Frame-Options', 'deny'],
          ['X-Xss-Protection', '1; mode=block'],
        ],
      };
    case 'jenkins':
      return {
        ...base,
        family: 'jetty',
        server: 'Jetty(10.0.20)',
        appHeaders: [
          ['X-Content-Type-Options', 'nosniff'],
          ['X-Hudson', '1.395'],
          ['X-Jenkins', '2.440.3'],
          ['X-Jenkins-Session', 'b6f3c2a1'],
        ],
      };
    case 'router':
      return { ...base, family: 'router', server: 'mini_httpd/1.30 26Oct2018', appHeaders: [] };
  }
}
