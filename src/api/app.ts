import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { VERSION } from '../cli/version.js';
import { installAccessControl } from './access.js';
import { TurnAdmission } from './admission.js';
import type { ApiDeps } from './deps.js';
import { installErrorHandling } from './errors.js';
import { ROUTE_GROUPS } from './routes/index.js';
import { installStreams } from './sse.js';

export type { ApiDeps } from './deps.js';

export const API_PREFIX = '/api/v1';
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;
export const DOCS_PATH = `${API_PREFIX}/docs`;

/** Request bodies above this are refused before they are read (the API takes JSON, not uploads). */
const BODY_LIMIT_BYTES = 1024 * 1024;
/** Longest URL accepted (path and query); beyond it, 414. */
const MAX_URL_BYTES = 8 * 1024;
/** Idle keep-alive connections close after this; requests must arrive whole within the second figure. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** Open connections at most (dashboards, scripts and their live streams); beyond it new ones are closed. */
const MAX_CONNECTIONS = 10_000;
/**
 * How long a turn of the event loop should last while requests queue (see TurnAdmission). Short enough
 * that 500 connections opened at once are all accepted within about a second under full load.
 */
const ADMISSION_TURN_MS = 2;

/** Every answer: no sniffing a JSON body into HTML, no referrer leaking a URL, no framing. */
const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;
/** API answers also load nothing and are never cached (they carry attacker data and tokens). */
const API_HEADERS = {
  ...COMMON_HEADERS,
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
} as const;
/** The docs page runs Swagger UI's scripts; @fastify/swagger-ui sets its own CSP for them. */
const DOCS_HEADERS = COMMON_HEADERS;

/**
 * The HTTP application. Fastify logs nothing of its own here: requests can carry attacker-influenced
 * strings and tokens, and operator logs stay free of both. Every answer is JSON (or the docs page);
 * attacker-controlled text inside it is data, and `nosniff` stops a browser from reading it as HTML.
 */
export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
  });
  app.server.maxConnections = MAX_CONNECTIONS;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app, deps.logger);

  // JSON bodies only: Fastify would otherwise also parse text/plain, which a cross-site form can send
  // without a CORS preflight.
  app.removeContentTypeParser(['text/plain']);

  // First of all hooks: what follows it runs for a bounded number of requests per turn of the loop.
  const admission = new TurnAdmission(ADMISSION_TURN_MS, (error) =>
    deps.logger.error(
      { err: error instanceof Error ? error.message : String(error) },
      'API request hand-on failed',
    ),
  );
  app.addHook('onRequest', (_request, _reply, done) => admission.admit(done));

  // Callback hooks with the headers set in one call: this runs on every request.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.length > MAX_URL_BYTES) {
      return done(Object.assign(new Error('the URL is too long'), { statusCode: 414 }));
    }
    reply.headers(request.url.startsWith(DOCS_PATH) ? DOCS_HEADERS : API_HEADERS);
    done();
  });

  if (deps.corsOrigins.length > 0) {
    await app.register(cors, { origin: [...deps.corsOrigins], credentials: false, maxAge: 600 });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'DECNET API',
        version: VERSION,
        description:
          'Deckies, attackers, credentials, logs and live streams of a DECNET installation. Log in with ' +
          '`POST /api/v1/auth/login` and send the token as `Authorization: Bearer <access_token>`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  installAccessControl(app, deps.auth, API_PREFIX, [DOCS_PATH]);
  await app.register(swaggerUi, { routePrefix: DOCS_PATH, staticCSP: true });

  app.get(
    OPENAPI_PATH,
    {
      config: { access: 'public' },
      schema: {
        summary: 'This document (OpenAPI 3.1)',
        tags: ['system'],
        response: { 200: z.looseObject({ openapi: z.string() }) },
      },
    },
    async () => app.swagger(),
  );
  installStreams(app, deps.clock, deps.logger, (principal) => deps.auth.stillValid(principal));
  for (const group of ROUTE_GROUPS) await app.register(group(deps), { prefix: API_PREFIX });
  return app;
}
