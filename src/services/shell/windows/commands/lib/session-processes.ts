/** The process list as this session sees it: the decky's, plus its own sshd, cmd, conhost and the tool running. */

import { qualifiedName } from '../../accounts.js';
import type { CmdContext } from '../../command.js';
import { sessionProcesses, type WindowsProcess } from '../../processes.js';

export function processesFor(ctx: CmdContext, running: string): WindowsProcess[] {
  // The connection's client address and port tell this session's processes from another's.
  const key = ctx.env.get('SSH_CLIENT') ?? ctx.user.name;
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) >>> 0;
  return sessionProcesses(ctx.machine, qualifiedName(ctx.machine, ctx.user), hash, [running]);
}
