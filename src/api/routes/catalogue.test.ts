import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../test/support/api.js';
import { ARCHETYPES } from '../../fabric/catalogue/archetypes.js';
import { DISTROS } from '../../fabric/catalogue/distros.js';
import { OS_PROFILES } from '../../fabric/catalogue/os-profiles.js';
import { SERVICES } from '../../services/registry.js';

describe('catalogue routes', () => {
  let api: TestApi;
  let viewer: string;
  beforeAll(async () => {
    api = await startTestApi();
    viewer = await api.viewerToken();
  });
  afterAll(async () => api.close());

  const get = (url: string, token: string | null = viewer) =>
    api.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('lists every registered service with its default ports and fields', async () => {
    const res = await get('/api/v1/services');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { name: string; ports: unknown[]; fields: { key: string }[] }[];
    expect(body.map((s) => s.name)).toEqual(SERVICES.map((s) => s.name));
    const http = body.find((s) => s.name === 'http')!;
    expect(http.ports).toEqual([{ port: 80, protocol: 'tcp' }]);
    expect(http.fields.map((f) => f.key)).toContain('http_versions');
  });

  it('answers a service schema as fields and as JSON Schema, multi_enum as a unique non-empty array', async () => {
    const res = await get('/api/v1/services/http/schema');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.service).toBe('http');
    const versions = body.fields.find((f: { key: string }) => f.key === 'http_versions');
    expect(versions).toMatchObject({ type: 'multi_enum', enum: expect.any(Array), secret: false });
    expect(body.json_schema.properties.http_versions).toMatchObject({
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: versions.enum },
    });
    expect(body.json_schema.properties.port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535 });
    expect(body.json_schema.additionalProperties).toBe(false);
  });

  it('answers 404 for a service that does not exist', async () => {
    const res = await get('/api/v1/services/gopher/schema');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'unknown_service' });
  });

  it('lists archetypes, distros and OS profiles from the in-code catalogues', async () => {
    const archetypes = (await get('/api/v1/archetypes')).json();
    expect(archetypes).toHaveLength(ARCHETYPES.length);
    expect(archetypes[0]).toMatchObject({
      name: ARCHETYPES[0]!.name,
      os_profile: ARCHETYPES[0]!.osProfile,
      services: [...ARCHETYPES[0]!.services],
    });
    const distros = (await get('/api/v1/distros')).json();
    expect(distros.map((d: { name: string }) => d.name)).toEqual(DISTROS.map((d) => d.name));
    expect(distros[0].ssh_banner).toBe(DISTROS[0]!.sshBanner);
    const profiles = (await get('/api/v1/os-profiles')).json();
    expect(profiles.map((p: { name: string }) => p.name)).toEqual(OS_PROFILES.map((p) => p.name));
    expect(profiles.find((p: { name: string }) => p.name === 'windows').ttl).toBe(128);
  });

  it('answers 401 without a token on every catalogue route', async () => {
    for (const url of ['/services', '/services/ssh/schema', '/archetypes', '/distros', '/os-profiles']) {
      expect((await get(`/api/v1${url}`, null)).statusCode, url).toBe(401);
    }
  });

  it('documents the fleet, catalogue and workers routes in the OpenAPI document', async () => {
    const doc = (await get('/api/v1/openapi.json', null)).json() as { paths: Record<string, object> };
    for (const path of [
      '/api/v1/deckies',
      '/api/v1/deckies/deploy',
      '/api/v1/deckies/{name}',
      '/api/v1/deckies/{name}/services',
      '/api/v1/deckies/{name}/services/{svc}',
      '/api/v1/deckies/{name}/services/{svc}/config',
      '/api/v1/services',
      '/api/v1/services/{svc}/schema',
      '/api/v1/archetypes',
      '/api/v1/distros',
      '/api/v1/os-profiles',
      '/api/v1/workers',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
