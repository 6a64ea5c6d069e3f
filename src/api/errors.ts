import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Logger } from '../runtime/logger.js';

/**
 * Every error the API answers has this body, whatever produced it: a route, validation, auth, a
 * limit or Fastify itself. `code` is stable and machine-readable; `message` says what to do.
 */
export const ErrorBody = z
  .object({
    statusCode: z.number().int(),
    code: z.string(),
    error: z.string().describe('The HTTP reason phrase'),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('What was wrong with the request, field by field (400, and 422 where a route says so)'),
    error_id: z
      .string()
      .optional()
      .describe('Quote it to an operator: the server log has the details (500 only)'),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An expected failure a route or hook answers with: a status, a stable code and a message. */
export class ApiError extends Error {
  /** What was wrong, field by field, when a route checks more than the schema can (service config). */
  issues?: { path: string; message: string }[];

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(statusCode: number, code: string, message: string): ErrorBody {
  return { statusCode, code, error: REASONS[statusCode] ?? 'Error', message };
}

/** The error responses every route documents, so clients and the OpenAPI document agree. */
export const ERROR_RESPONSES = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  429: ErrorBody,
  500: ErrorBody,
  503: ErrorBody,
} as const;

/**
 * Turns whatever was thrown into an {@link ErrorBody}. Messages of unexpected errors stay in the server
 * log under an `error_id`; the client gets the id, never a stack or a SQL fragment.
 */
export function installErrorHandling(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler(
    (err: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply) => {
      if (err instanceof ApiError) {
        reply.headers(err.headers);
        const body = errorBody(err.statusCode, err.code, err.message);
        return reply.code(err.statusCode).send(err.issues ? { ...body, issues: err.issues } : body);
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const issues = err.validation.map((v) => ({
          path: `${err.validationContext ?? 'request'}${v.instancePath.replaceAll('/', '.')}`,
          message: v.message ?? 'is invalid',
        }));
        const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
        return reply.code(400).send({ ...errorBody(400, 'invalid_request', summary), issues });
      }
      const status = (err as FastifyError).statusCode;
      if (!isResponseSerializationError(err) && status !== undefined && status >= 400 && status < 500) {
        return reply.code(status).send(errorBody(status, clientErrorCode(err as FastifyError), err.message));
      }
      const errorId = randomUUID();
      logger.error(
        { error_id: errorId, method: request.method, route: request.routeOptions.url, err: err.message },
        'API request failed',
      );
      return reply.code(500).send({
        ...errorBody(500, 'internal_error', 'the server failed to answer this request'),
        error_id: errorId,
      });
    },
  );

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, 'not_found', `no route ${request.method} ${pathOf(request.url)}`));
  });
}

/** Fastify's own 4xx errors (body too large, bad JSON, bad content type) under stable codes. */
function clientErrorCode(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'invalid_json';
    default:
      return 'bad_request';
  }
}

/** The path of a request without its query string, capped: it is echoed back in 404 messages. */
function pathOf(url: string): string {
  const path = url.split('?', 1)[0]!;
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
