import type { DeckyStatus } from '../fabric/fabric.js';
import { terminalSafe } from './output.js';

// The decky table `deploy` and `status` print, apart from the deploy command so that `status` does not
// load the planner and the services with it.

export function renderDeckies(deckies: DeckyStatus[]): string {
  if (deckies.length === 0) return '  (no deckies)\n';
  return `${deckies
    .map((d) => {
      const down = d.services.flatMap((s) => s.ports).filter((p) => !p.listening).length;
      return (
        `  ${d.name.padEnd(10)} ${d.ip.padEnd(15)} ${terminalSafe(d.hostname).padEnd(18)} ${d.os.padEnd(14)} ` +
        `${ports(d)}  [${d.connections} conn${down ? `, ${down} port(s) not listening` : ''}${d.tarpit.enabled ? `, tarpit ${d.tarpit.delay_ms} ms` : ''}]`
      );
    })
    .join('\n')}\n`;
}

/** A decky's services and ports: `ssh(22) http(80→8080)`. */
export function ports(d: {
  services: {
    name: string;
    ports: { protocol: string; port: number; listen_port?: number; listenPort?: number }[];
  }[];
}): string {
  return d.services
    .map((s) => {
      const list = s.ports.map((p) => {
        const listen = p.listen_port ?? p.listenPort ?? p.port;
        return `${p.port}${p.protocol === 'udp' ? '/udp' : ''}${listen !== p.port ? `→${listen}` : ''}`;
      });
      return `${s.name}(${list.join(',')})`;
    })
    .join(' ');
}
