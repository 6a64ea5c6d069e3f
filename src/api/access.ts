import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from './auth/authenticator.js';
import type { Principal } from './auth/principal.js';
import { ApiError } from './errors.js';

/**
 * Who may call a route. Every route under the API prefix declares one in `config.access`; a route that
 * does not is refused when the app is built, so no route is ever open by omission.
 *  - `public`: anyone (login, the liveness probe, the OpenAPI document and its docs page);
 *  - `account`: any logged-in user, even one who must still change their password (change-password,
 *    logout);
 *  - `viewer`: viewers and admins; `admin`: admins only.
 */
export const ACCESS_LEVELS = ['public', 'account', 'viewer', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** An SSE route: also takes a single-use `?ticket=` (EventSource cannot send headers). */
    stream?: boolean;
  }
  interface FastifyRequest {
    /** Set by the access hook on every route that is not `public`. */
    principal: Principal | null;
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

const declared = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Every route under the API prefix and its access level, as registered (for tests and docs). */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return declared.get(app) ?? [];
}

/** The principal of a request on a non-public route (the hook has run). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new Error(`route ${request.routeOptions.url} read a principal it has no access rule for`);
  return request.principal;
}

/**
 * Installs the access rules. The check runs in `onRequest`, before the body is read or validated, so a
 * request without a token gets 401 whatever else is wrong with it.
 */
export function installAccessControl(
  app: FastifyInstance,
  auth: Authenticator,
  prefix: string,
  publicPrefixes: readonly string[],
): void {
  app.decorateRequest('principal', null);
  const routes: DeclaredRoute[] = [];
  declared.set(app, routes);
  const record = (method: string | string[], url: string, access: Access) => {
    for (const m of Array.isArray(method) ? method : [method]) routes.push({ method: m, url, access });
  };

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(prefix)) return;
    const config = (route.config ?? {}) as { access?: Access };
    if (config.access && (ACCESS_LEVELS as readonly string[]).includes(config.access)) {
      // The OpenAPI document says which routes want a token, and of which role (`x-access`).
      const documented: Record<string, unknown> = { ...route.schema, 'x-access': config.access };
      if (config.access !== 'public') documented.security = [{ bearer: [] }];
      route.schema = documented;
      record(route.method, route.url, config.access);
      return;
    }
    if (publicPrefixes.some((p) => route.url.startsWith(p))) {
      route.config = { ...config, access: 'public' };
      record(route.method, route.url, 'public');
      return;
    }
    throw new Error(`route ${String(route.method)} ${route.url} declares no access level (config.access)`);
  });

  // A callback hook, not an async one: a request whose token was checked within the last second is
  // admitted without a promise (the API's hottest path); the rest wait for the real check.
  app.addHook('onRequest', (request, _reply, done) => {
    const config = request.routeOptions.config;
    const access = config.access;
    if (access === undefined || access === 'public') return done();
    const token = bearerToken(request);
    const recent = token ? auth.authenticateRecent(token) : undefined;
    if (recent !== undefined) return done(admit(request, access, recent));
    authenticate(request, auth, config.stream === true).then(
      (principal) => done(admit(request, access, principal)),
      (err: Error) => done(err),
    );
  });
}

/**
 * The caller on a public route that says more to a logged-in user (health): null without a token,
 * 401 with a bad one.
 */
export async function optionalPrincipal(
  request: FastifyRequest,
  auth: Authenticator,
): Promise<Principal | null> {
  if (request.headers.authorization === undefined) return null;
  const principal = await authenticate(request, auth, false);
  if (!principal) throw new ApiError(401, 'unauthenticated', 'the token is not valid; log in again');
  return principal;
}

/** Lets the request through (undefined) or says why not, once its principal is known. */
function admit(request: FastifyRequest, access: Access, principal: Principal | null): ApiError | undefined {
  if (!principal) {
    return new ApiError(401, 'unauthenticated', 'log in first: send "Authorization: Bearer <access_token>"', {
      'www-authenticate': 'Bearer realm="decnet"',
    });
  }
  request.principal = principal;
  if (access === 'account') return undefined;
  if (principal.mustChangePassword) {
    return new ApiError(
      403,
      'password_change_required',
      'change your password first: POST /api/v1/auth/change-password with {old_password, new_password}',
    );
  }
  if (access === 'admin' && principal.role !== 'admin')
    return new ApiError(403, 'forbidden', 'this needs the admin role');
  return undefined;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/i;
const MAX_BEARER_HEADER = 'Bearer '.length + 4096;
/** The same token alphabet, checked from offset 7 on by a sticky expression (no capture, no copy). */
const TOKEN_TEXT = /[A-Za-z0-9._~+/=-]+$/y;

/** The token of an `Authorization: Bearer` header; null when the header is there but malformed. */
function bearerToken(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  // The usual spelling first, without the regular expression (this runs on every request).
  if (header.startsWith('Bearer ') && header.length <= MAX_BEARER_HEADER) {
    TOKEN_TEXT.lastIndex = 'Bearer '.length;
    if (TOKEN_TEXT.test(header)) return header.slice('Bearer '.length);
  }
  return BEARER.exec(header)?.[1] ?? null;
}

async function authenticate(
  request: FastifyRequest,
  auth: Authenticator,
  stream: boolean,
): Promise<Principal | null> {
  const token = bearerToken(request);
  if (token !== undefined) return token === null ? null : auth.authenticate(token);
  if (stream) {
    const ticket = (request.query as Record<string, unknown> | undefined)?.ticket;
    if (typeof ticket === 'string' && ticket.length <= 128) return auth.tickets.redeem(ticket);
  }
  return null;
}
