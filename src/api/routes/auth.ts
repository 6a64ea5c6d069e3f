import { z } from 'zod';
import { principalOf } from '../access.js';
import { AUTH_LIMITS } from '../auth/limits.js';
import { ERROR_RESPONSES } from '../errors.js';
import type { RouteGroup } from './group.js';

const LoginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(AUTH_LIMITS.password.maxLength),
});

const TokenBody = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int().describe('Seconds until the token expires'),
  must_change_password: z
    .boolean()
    .describe('When true, every route but change-password and logout answers 403'),
});

const ChangePasswordBody = z.object({
  old_password: z.string().min(1).max(AUTH_LIMITS.password.maxLength),
  new_password: z.string().min(1).max(AUTH_LIMITS.password.maxLength),
});

const Me = z.object({
  uuid: z.string(),
  username: z.string(),
  role: z.enum(['admin', 'viewer']),
  must_change_password: z.boolean(),
  expires_at: z.string().describe('When this token expires (ISO-8601)'),
});

const StreamTicket = z.object({
  ticket: z.string().describe('Pass as `?ticket=` to one SSE route; single use'),
  expires_in: z.number().int(),
});

/** Login, logout, own password, own identity and SSE tickets (reference: `/auth/*`). */
export const authRoutes: RouteGroup = (deps) => async (app) => {
  const { auth } = deps;

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Exchange a user name and password for an access token',
        tags: ['auth'],
        body: LoginBody,
        response: { 200: TokenBody, ...ERROR_RESPONSES },
      },
    },
    async (request) => auth.login(request.body.username, request.body.password, request.ip),
  );

  app.post(
    '/auth/change-password',
    {
      config: { access: 'account' },
      schema: {
        summary: 'Change your own password; answers a fresh token and revokes every older one',
        tags: ['auth'],
        body: ChangePasswordBody,
        response: { 200: TokenBody, ...ERROR_RESPONSES, 422: ERROR_RESPONSES[400] },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const fresh = await auth.changePassword(
        principal,
        request.body.old_password,
        request.body.new_password,
      );
      // Every older token of this user is revoked, and so are the streams opened with them.
      app.streams.closeUser(principal.uuid);
      return fresh;
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'account' },
      schema: {
        summary: 'Revoke the token this request carries',
        tags: ['auth'],
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      await auth.logout(principal);
      app.streams.closeToken(principal.jti);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'account' },
      schema: {
        summary: 'Who this token belongs to',
        tags: ['auth'],
        response: { 200: Me, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return {
        uuid: p.uuid,
        username: p.username,
        role: p.role,
        must_change_password: p.mustChangePassword,
        expires_at: new Date(p.expiresMs).toISOString(),
      };
    },
  );

  app.post(
    '/auth/sse-ticket',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Mint a single-use, 60-second ticket for one live stream (EventSource cannot send headers)',
        tags: ['auth'],
        response: { 200: StreamTicket, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { ticket, expiresInS } = auth.tickets.mint(principalOf(request));
      return { ticket, expires_in: expiresInS };
    },
  );
};
