import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/app.js';
import { Authenticator } from '../../src/api/auth/authenticator.js';
import type { ApiDeps, FleetControl } from '../../src/api/deps.js';
import { ApiError } from '../../src/api/errors.js';
import type { Bus } from '../../src/bus/bus.js';
import { createMemoryBus } from '../../src/bus/memory.js';
import type { Database } from '../../src/db/connection.js';
import { type Clock, ManualClock } from '../../src/runtime/clock.js';
import { silentLogger } from '../../src/runtime/logger.js';
import type { Health } from '../../src/runtime/supervisor.js';
import { type Dialect, openScratch } from './databases.js';

export const TEST_ADMIN = { username: 'admin', password: 'first-Admin-pass-1' } as const;
/** What the first admin's password becomes after the forced change. */
export const TEST_ADMIN_NEW_PASSWORD = 'changed-Admin-pass-2';

export interface TestApi {
  app: FastifyInstance;
  database: Database;
  auth: Authenticator;
  clock: ManualClock;
  bus: Bus;
  /** Logs the first admin in, changes the password and answers a token good for every route. */
  adminToken(): Promise<string>;
  /** Creates a viewer (as admin), logs them in, changes their password and answers their token. */
  viewerToken(name?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  dialect?: Dialect;
  /** Where captured files and recordings are read from; defaults to directories that do not exist. */
  files?: ApiDeps['files'];
  fleet?: FleetControl | null;
  health?: () => Health;
  clock?: ManualClock;
  corsOrigins?: string[];
}

/**
 * The API over a scratch database with a first admin (who must change the password), driven with
 * `app.inject` or over a real socket after `app.listen`.
 */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const { database, cleanup } = await openScratch(options.dialect ?? 'sqlite');
  const clock = options.clock ?? new ManualClock(Date.UTC(2026, 10, 28, 12));
  const bus = createMemoryBus({ clock: clock as Clock, logger: silentLogger });
  const auth = new Authenticator({
    clock,
    database: () => database,
    jwtKey: new TextEncoder().encode('a test key of at least thirty-two bytes!'),
    tokenTtlS: 3600,
  });
  await auth.ensureFirstAdmin(TEST_ADMIN.username, TEST_ADMIN.password);
  const fleet = options.fleet ?? null;
  const deps: ApiDeps = {
    clock,
    logger: silentLogger,
    health: options.health ?? (() => ({ status: 'ok', components: { api: { state: 'up' } }, tasks: [] })),
    database: () => database,
    bus: () => bus,
    auth,
    fleet: () => {
      if (!fleet) throw new ApiError(503, 'no_instance', 'no fleet in this test');
      return fleet;
    },
    files: options.files ?? {
      capturesDir: '/nonexistent/captures',
      recordingsDir: '/nonexistent/recordings',
    },
    corsOrigins: options.corsOrigins ?? [],
  };
  const app = await buildApi(deps);
  await app.ready();

  let adminToken: string | null = null;
  const login = async (username: string, password: string): Promise<string> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    return res.json().access_token;
  };
  const changePassword = async (token: string, oldPassword: string, newPassword: string): Promise<string> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      headers: { authorization: `Bearer ${token}` },
      payload: { old_password: oldPassword, new_password: newPassword },
    });
    if (res.statusCode !== 200) throw new Error(`change-password: ${res.statusCode} ${res.body}`);
    return res.json().access_token;
  };
  const api: TestApi = {
    app,
    database,
    auth,
    clock,
    bus,
    async adminToken() {
      adminToken ??= await changePassword(
        await login(TEST_ADMIN.username, TEST_ADMIN.password),
        TEST_ADMIN.password,
        TEST_ADMIN_NEW_PASSWORD,
      );
      return adminToken;
    },
    async viewerToken(name = 'viewer') {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/config/users',
        headers: { authorization: `Bearer ${await api.adminToken()}` },
        payload: { username: name, password: 'viewer-first-pass', role: 'viewer' },
      });
      if (created.statusCode !== 201) throw new Error(`create viewer: ${created.statusCode} ${created.body}`);
      return changePassword(
        await login(name, 'viewer-first-pass'),
        'viewer-first-pass',
        'viewer-second-pass',
      );
    },
    async close() {
      await app.close();
      await bus.close();
      await cleanup();
    },
  };
  return api;
}
