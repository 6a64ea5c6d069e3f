import type { UserRole } from '../../db/repositories/users.js';

/** Who a request acts as, once its token (or stream ticket) checked out. */
export interface Principal {
  uuid: string;
  username: string;
  role: UserRole;
  mustChangePassword: boolean;
  /** The token's id, for logout. */
  jti: string;
  /** When the token expires, epoch milliseconds. */
  expiresMs: number;
  /** When the token counts as issued (its `auth_ms`), epoch milliseconds. */
  issuedMs: number;
}
