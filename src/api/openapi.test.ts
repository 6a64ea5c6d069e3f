import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/support/api.js';
import { declaredRoutes } from './access.js';
import { DOCS_PATH } from './app.js';

interface Operation {
  'x-access'?: string;
  security?: unknown[];
}

type Paths = Record<string, Record<string, Operation>>;

/** A concrete URL for a documented path: ids get a well-formed value nobody has. */
function concrete(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    /uuid|id$/i.test(name) ? randomUUID() : 'decky-01',
  );
}

describe('the OpenAPI document', () => {
  let api: TestApi;
  let paths: Paths;
  beforeAll(async () => {
    api = await startTestApi();
    const res = await api.app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    paths = res.json().paths;
  });
  afterAll(async () => api.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = (await api.app.inject({ url: '/api/v1/openapi.json' })).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('covers every route the API serves, with its access level', () => {
    const served = declaredRoutes(api.app).filter(
      (r) => !r.url.startsWith(DOCS_PATH) && r.method !== 'HEAD' && r.method !== 'OPTIONS',
    );
    expect(served.length).toBeGreaterThan(5);
    for (const route of served) {
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const operation = paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url} is missing from the document`).toBeDefined();
      expect(operation!['x-access']).toBe(route.access);
      expect(operation!.security !== undefined).toBe(route.access !== 'public');
    }
  });

  it('serves its docs page without a token', async () => {
    const page = await api.app.inject({ url: DOCS_PATH });
    expect([200, 302]).toContain(page.statusCode);
  });
});

describe('the auth sweep over every documented route', () => {
  let api: TestApi;
  let operations: Array<{ method: string; path: string; access: string }>;
  let viewer: string;
  let mustChange: string;
  beforeAll(async () => {
    api = await startTestApi();
    const paths: Paths = (await api.app.inject({ url: '/api/v1/openapi.json' })).json().paths;
    operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        access: op['x-access']!,
      })),
    );
    viewer = await api.viewerToken();
    // A user who logged in but has not changed their first password yet.
    await api.app.inject({
      method: 'POST',
      url: '/api/v1/config/users',
      headers: { authorization: `Bearer ${await api.adminToken()}` },
      payload: { username: 'fresh', password: 'fresh-first-pass', role: 'admin' },
    });
    const first = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'fresh', password: 'fresh-first-pass' },
    });
    mustChange = first.json().access_token;
  });
  afterAll(async () => api.close());

  const call = (method: string, path: string, token?: string, payload?: unknown) =>
    api.app.inject({
      method: method as 'GET',
      url: concrete(path),
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('answers 401 on every non-public route without a token, even with a missing or bad body', async () => {
    const protectedOps = operations.filter((o) => o.access !== 'public');
    expect(protectedOps.length).toBeGreaterThan(5);
    for (const op of protectedOps) {
      const res = await call(op.method, op.path);
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(401);
      expect(res.json().code).toBe('unauthenticated');
      const forged = await call(op.method, op.path, `${viewer.slice(0, -4)}AAAA`);
      expect(forged.statusCode, `${op.method} ${op.path} with a forged token`).toBe(401);
    }
  });

  it('answers 403 to a viewer on every admin route', async () => {
    const adminOps = operations.filter((o) => o.access === 'admin');
    expect(adminOps.length).toBeGreaterThan(0);
    for (const op of adminOps) {
      const res = await call(
        op.method,
        op.path,
        viewer,
        op.method === 'GET' || op.method === 'DELETE' ? undefined : {},
      );
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(403);
    }
  });

  it('answers 403 on every viewer and admin route until the first password is changed', async () => {
    for (const op of operations.filter((o) => o.access === 'viewer' || o.access === 'admin')) {
      const res = await call(op.method, op.path, mustChange);
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(403);
      expect(res.json().code).toBe('password_change_required');
    }
  });
});
