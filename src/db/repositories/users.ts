import type { Database } from '../connection.js';
import type { UserRow } from '../schema.js';

export const USER_ROLES = ['admin', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface NewUser {
  uuid: string;
  username: string;
  passwordHash: string;
  role: UserRole;
  mustChangePassword: boolean;
  createdAt: string;
}

export function userByName(database: Database, username: string): Promise<UserRow | undefined> {
  return database.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function userByUuid(database: Database, uuid: string): Promise<UserRow | undefined> {
  return database.db.selectFrom('users').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

export function listUsers(database: Database): Promise<UserRow[]> {
  return database.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('username').execute();
}

export async function countUsers(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts the user unless the name is taken; says whether it did (two processes may race on it). */
export async function insertUser(database: Database, user: NewUser): Promise<boolean> {
  const result = await database.db
    .insertInto('users')
    .values({
      uuid: user.uuid,
      username: user.username,
      password_hash: user.passwordHash,
      role: user.role,
      must_change_password: user.mustChangePassword,
      tokens_valid_from: null,
      created_at: user.createdAt,
    })
    .onConflict((oc) => oc.column('username').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * Sets a new password hash; `validFrom` revokes every token issued before it. Returns false when the
 * user no longer exists.
 */
export async function setPassword(
  database: Database,
  uuid: string,
  passwordHash: string,
  mustChangePassword: boolean,
  validFrom: string,
): Promise<boolean> {
  const result = await database.db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      must_change_password: mustChangePassword,
      tokens_valid_from: validFrom,
    })
    .where('uuid', '=', uuid)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Changes a role and revokes the user's tokens, so the old role stops working at once. */
export async function setRole(
  database: Database,
  uuid: string,
  role: UserRole,
  validFrom: string,
): Promise<boolean> {
  const result = await database.db
    .updateTable('users')
    .set({ role, tokens_valid_from: validFrom })
    .where('uuid', '=', uuid)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteUser(database: Database, uuid: string): Promise<boolean> {
  const result = await database.db.deleteFrom('users').where('uuid', '=', uuid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function countAdmins(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function revokeToken(
  database: Database,
  jti: string,
  userUuid: string,
  expiresAt: string,
): Promise<void> {
  await database.db
    .insertInto('revoked_tokens')
    .values({ jti, user_uuid: userUuid, expires_at: expiresAt })
    .onConflict((oc) => oc.column('jti').doNothing())
    .execute();
}

export async function isTokenRevoked(database: Database, jti: string): Promise<boolean> {
  const row = await database.db
    .selectFrom('revoked_tokens')
    .select('jti')
    .where('jti', '=', jti)
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets revocations of tokens that have expired anyway. */
export async function purgeRevokedTokens(database: Database, now: string): Promise<void> {
  await database.db.deleteFrom('revoked_tokens').where('expires_at', '<', now).execute();
}
