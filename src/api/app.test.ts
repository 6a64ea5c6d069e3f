import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/support/api.js';

describe('the API application', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api.close());

  it('keeps CORS closed by default: no allow-origin header, even on a preflight', async () => {
    const preflight = await api.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await api.app.inject({
      url: '/api/v1/health',
      headers: { origin: 'https://evil.example' },
    });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends headers that stop a browser from reading an answer as a page', async () => {
    const res = await api.app.inject({ url: '/api/v1/health' });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers unknown routes, huge bodies and huge URLs with the common error body', async () => {
    const missing = await api.app.inject({ url: '/api/v1/no-such-thing?x=<script>' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      statusCode: 404,
      code: 'not_found',
      error: 'Not Found',
      message: 'no route GET /api/v1/no-such-thing',
    });
    const huge = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('body_too_large');
    const longUrl = await api.app.inject({ url: `/api/v1/health?${'a'.repeat(10_000)}` });
    expect(longUrl.statusCode).toBe(414);
    const badJson = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe('invalid_json');
  });
});

describe('the API with allowed origins', () => {
  it('answers a preflight from an allowed origin and no other', async () => {
    const api = await startTestApi({ corsOrigins: ['https://soc.example.org'] });
    try {
      const allowed = await api.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/auth/login',
        headers: { origin: 'https://soc.example.org', 'access-control-request-method': 'POST' },
      });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://soc.example.org');
      const other = await api.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/auth/login',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await api.close();
    }
  });
});
