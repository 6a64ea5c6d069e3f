/**
 * `ssh` (port 22): the decky's sshd, on ssh2, with the shared shell glue (login policy, interactive
 * sessions, download fetching).
 */
import { FETCH_FIELD } from '../interactive/fetcher.js';
import { LOGIN_FIELDS, LoginPolicy } from '../interactive/login-policy.js';
import { InteractiveSessions } from '../interactive/sessions.js';
import { defineSshService } from './service.js';

export const ssh = defineSshService({
  sessions: (ctx) => new InteractiveSessions(ctx, 'ssh'),
  loginPolicy: (ctx) => new LoginPolicy(ctx, 'ssh'),
  fields: [...LOGIN_FIELDS, FETCH_FIELD],
});

export { defineSshService } from './service.js';
