import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  countAdmins,
  deleteUser,
  insertUser,
  listUsers,
  setRole,
  USER_ROLES,
  userByUuid,
} from '../../db/repositories/users.js';
import { formatTimestamp } from '../../events/rfc5424/timestamp.js';
import { principalOf } from '../access.js';
import { AUTH_LIMITS } from '../auth/limits.js';
import { ApiError, ERROR_RESPONSES } from '../errors.js';
import type { RouteGroup } from './group.js';

const User = z
  .object({
    uuid: z.string(),
    username: z.string(),
    role: z.enum(USER_ROLES),
    must_change_password: z.boolean(),
    created_at: z.string(),
  })
  .meta({ id: 'User' });

const NewUserBody = z.object({
  username: z.string().regex(AUTH_LIMITS.username.pattern, `expected ${AUTH_LIMITS.username.description}`),
  password: z.string().min(1).max(AUTH_LIMITS.password.maxLength),
  role: z.enum(USER_ROLES).default('viewer'),
});

const UuidParams = z.object({ uuid: z.string().uuid() });
const RoleBody = z.object({ role: z.enum(USER_ROLES) });
const ResetBody = z.object({ new_password: z.string().min(1).max(AUTH_LIMITS.password.maxLength) });

const CONFLICT = { 409: ERROR_RESPONSES[400], 422: ERROR_RESPONSES[400] };

/**
 * User management for admins (reference: `/config/users…`). New and reset users must change their
 * password at first login; every change of password or role revokes the user's tokens. The last
 * admin cannot be deleted or demoted, so the installation never locks itself out.
 */
export const userRoutes: RouteGroup = (deps) => async (app) => {
  const { auth } = deps;
  const now = () => formatTimestamp(deps.clock.now() * 1000);
  const toUser = (row: {
    uuid: string;
    username: string;
    role: string;
    must_change_password: boolean;
    created_at: string;
  }) => ({
    uuid: row.uuid,
    username: row.username,
    role: row.role as (typeof USER_ROLES)[number],
    must_change_password: row.must_change_password,
    created_at: row.created_at,
  });

  app.get(
    '/config/users',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Every user',
        tags: ['users'],
        response: { 200: z.array(User), ...ERROR_RESPONSES },
      },
    },
    async () => (await listUsers(deps.database())).map(toUser),
  );

  app.post(
    '/config/users',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Create a user; they must change the password at first login',
        tags: ['users'],
        body: NewUserBody,
        response: { 201: User, ...ERROR_RESPONSES, ...CONFLICT },
      },
    },
    async (request, reply) => {
      const { username, password, role } = request.body;
      auth.requirePolicy(password, username);
      const user = {
        uuid: randomUUID(),
        username,
        passwordHash: await auth.hasher.hash(password),
        role,
        mustChangePassword: true,
        createdAt: now(),
      };
      if (!(await insertUser(deps.database(), user))) {
        throw new ApiError(409, 'username_taken', `a user named ${username} already exists`);
      }
      reply.code(201);
      return toUser({ ...user, must_change_password: true, created_at: user.createdAt });
    },
  );

  app.delete(
    '/config/users/:uuid',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Delete a user and revoke their tokens',
        tags: ['users'],
        params: UuidParams,
        response: { 204: z.null(), ...ERROR_RESPONSES, ...CONFLICT },
      },
    },
    async (request, reply) => {
      const database = deps.database();
      const target = await existing(request.params.uuid);
      if (target.uuid === principalOf(request).uuid) {
        throw new ApiError(409, 'cannot_delete_self', 'you cannot delete your own user; ask another admin');
      }
      if (target.role === 'admin' && (await countAdmins(database)) <= 1) {
        throw new ApiError(409, 'last_admin', 'this is the last admin; make another user admin first');
      }
      await deleteUser(database, target.uuid);
      auth.forgetUser(target.uuid);
      app.streams.closeUser(target.uuid);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/config/users/:uuid/role',
    {
      config: { access: 'admin' },
      schema: {
        summary: "Change a user's role and revoke their tokens",
        tags: ['users'],
        params: UuidParams,
        body: RoleBody,
        response: { 200: User, ...ERROR_RESPONSES, ...CONFLICT },
      },
    },
    async (request) => {
      const database = deps.database();
      const target = await existing(request.params.uuid);
      if (target.role === 'admin' && request.body.role !== 'admin' && (await countAdmins(database)) <= 1) {
        throw new ApiError(409, 'last_admin', 'this is the last admin; make another user admin first');
      }
      await setRole(database, target.uuid, request.body.role, auth.revocationTime(target.tokens_valid_from));
      auth.forgetUser(target.uuid);
      app.streams.closeUser(target.uuid);
      return toUser(await existing(target.uuid));
    },
  );

  app.put(
    '/config/users/:uuid/reset-password',
    {
      config: { access: 'admin' },
      schema: {
        summary: "Set a user's password; they must change it at next login, and their tokens are revoked",
        tags: ['users'],
        params: UuidParams,
        body: ResetBody,
        response: { 200: User, ...ERROR_RESPONSES, ...CONFLICT },
      },
    },
    async (request) => {
      const target = await existing(request.params.uuid);
      auth.requirePolicy(request.body.new_password, target.username);
      await auth.setPassword(target.uuid, request.body.new_password, true);
      app.streams.closeUser(target.uuid);
      return toUser(await existing(target.uuid));
    },
  );

  async function existing(uuid: string) {
    const row = await userByUuid(deps.database(), uuid);
    if (!row) throw new ApiError(404, 'user_not_found', `no user ${uuid}`);
    return row;
  }
};
