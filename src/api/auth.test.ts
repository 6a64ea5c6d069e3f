import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, TEST_ADMIN, TEST_ADMIN_NEW_PASSWORD, type TestApi } from '../../test/support/api.js';

describe('API authentication', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(async () => api.close());

  const login = (username: string, password: string, ip = '10.0.0.1') =>
    api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });
  const get = (url: string, token?: string) =>
    api.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('forces the first admin to change the password before anything else', async () => {
    const res = await login(TEST_ADMIN.username, TEST_ADMIN.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ token_type: 'bearer', must_change_password: true, expires_in: 3600 });
    const blocked = await get('/api/v1/config/users', body.access_token);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'password_change_required' });
    expect(blocked.json().message).toMatch(/change-password/);

    const changed = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      headers: { authorization: `Bearer ${body.access_token}` },
      payload: { old_password: TEST_ADMIN.password, new_password: TEST_ADMIN_NEW_PASSWORD },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().must_change_password).toBe(false);
    expect((await get('/api/v1/config/users', changed.json().access_token)).statusCode).toBe(200);
    // The token from before the change is revoked.
    expect((await get('/api/v1/auth/me', body.access_token)).statusCode).toBe(401);
  });

  it('lets requests in flight around a logout share session reads, and the logout stands', async () => {
    const token = await api.adminToken();
    const principal = await api.auth.authenticate(token);
    expect(principal).not.toBeNull();
    // Past the one-second caches: the next requests read the session again, all sharing one read.
    await api.clock.advance(1_000);
    const inFlight = Array.from({ length: 20 }, () => api.auth.authenticate(token));
    await api.auth.logout(principal!);
    await Promise.all(inFlight);
    // Whatever those reads saw, the logout stands for every later request.
    expect(await api.auth.authenticate(token)).toBeNull();
    expect((await get('/api/v1/auth/me', token)).statusCode).toBe(401);
  });

  it('answers 401 without a token, with a forged one and after logout', async () => {
    expect((await get('/api/v1/config/users')).statusCode).toBe(401);
    const token = await api.adminToken();
    const [h, p, s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: 'x' })).toString('base64url')}.${s}`;
    expect((await get('/api/v1/auth/me', forged)).statusCode).toBe(401);
    expect((await get('/api/v1/auth/me', 'garbage')).statusCode).toBe(401);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    expect((await get('/api/v1/auth/me', none)).statusCode).toBe(401);
    expect((await get('/api/v1/auth/me', token)).statusCode).toBe(200);
    const out = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.statusCode).toBe(204);
    expect((await get('/api/v1/auth/me', token)).statusCode).toBe(401);
  });

  it('expires tokens on the injected clock', async () => {
    const token = await api.adminToken();
    await api.clock.advance(3599_000);
    expect((await get('/api/v1/auth/me', token)).statusCode).toBe(200);
    await api.clock.advance(2_000);
    expect((await get('/api/v1/auth/me', token)).statusCode).toBe(401);
  });

  it('limits logins per address and per user name, and says when to retry', async () => {
    for (let i = 0; i < 10; i++)
      expect((await login('admin', 'wrong-password', '10.0.0.9')).statusCode).toBe(401);
    const limited = await login('admin', TEST_ADMIN.password, '10.0.0.9');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address, same name: the per-name window is full as well.
    expect((await login('admin', TEST_ADMIN.password, '10.0.0.10')).statusCode).toBe(429);
    expect((await login('nobody', 'whatever-pass', '10.0.0.10')).statusCode).toBe(401);
    await api.clock.advance(5 * 60_000);
    expect((await login('admin', TEST_ADMIN.password, '10.0.0.9')).statusCode).toBe(200);
  });

  it('checks the token before it looks at the body or parameters', async () => {
    const res = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/config/users/not-a-uuid/role',
      payload: 'not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('refuses non-JSON bodies and answers bad ones with the fields at fault', async () => {
    const text = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: 'username=admin',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('unsupported_media_type');
    const bad = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_request' });
    expect(bad.json().issues[0].path).toBe('body.password');
  });

  it('lets admins manage users but never remove the last admin, and viewers not at all', async () => {
    const admin = await api.adminToken();
    const viewer = await api.viewerToken('ana');
    expect((await get('/api/v1/auth/me', viewer)).json()).toMatchObject({ username: 'ana', role: 'viewer' });
    expect((await get('/api/v1/config/users', viewer)).statusCode).toBe(403);
    const users = (await get('/api/v1/config/users', admin)).json() as Array<{
      uuid: string;
      username: string;
    }>;
    expect(users.map((u) => u.username)).toEqual(['admin', 'ana']);
    const adminUuid = users[0]!.uuid;
    const demote = await api.app.inject({
      method: 'PUT',
      url: `/api/v1/config/users/${adminUuid}/role`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { role: 'viewer' },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('last_admin');
    const anaUuid = users[1]!.uuid;
    const promote = await api.app.inject({
      method: 'PUT',
      url: `/api/v1/config/users/${anaUuid}/role`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { role: 'admin' },
    });
    expect(promote.json()).toMatchObject({ role: 'admin' });
    // The role change revoked ana's token.
    expect((await get('/api/v1/auth/me', viewer)).statusCode).toBe(401);
    const taken = await api.app.inject({
      method: 'POST',
      url: '/api/v1/config/users',
      headers: { authorization: `Bearer ${admin}` },
      payload: { username: 'ana', password: 'another-password' },
    });
    expect(taken.statusCode).toBe(409);
  });

  it('shows component health only to a logged-in user', async () => {
    const anonymous = await get('/api/v1/health');
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ status: 'ok' });
    const full = await get('/api/v1/health', await api.adminToken());
    expect(full.json()).toMatchObject({ status: 'ok', components: { api: { state: 'up' } }, tasks: [] });
    expect((await get('/api/v1/health', 'forged')).statusCode).toBe(401);
  });
});
