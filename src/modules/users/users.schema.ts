import { z } from 'zod';
import { ROLES } from '../auth/roles.ts';

export const UserOut = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  orgType: z.string(),
  roles: z.array(z.string()),
  phone: z.string().nullable(),
  /** An authenticator app is enrolled (ADMIN_SECOND_FACTOR). */
  secondFactorEnrolled: z.boolean(),
  active: z.boolean(),
  locked: z.boolean(),
  lastLoginAt: z.string().nullable(),
});
export type UserOut = z.infer<typeof UserOut>;

export const UserCreate = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字、下划线、点或连字符'),
  displayName: z.string().trim().min(1).max(50),
  orgId: z.number().int().positive(),
  roles: z.array(z.enum(ROLES)).min(1),
  phone: z.string().trim().max(30).nullish(),
  password: z.string().min(8).max(200),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z.object({
  displayName: z.string().trim().min(1).max(50).optional(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  phone: z.string().trim().max(30).nullish(),
  active: z.boolean().optional(),
  /** Sets a new password and ends the user's sessions. */
  password: z.string().min(8).max(200).optional(),
  /** Clears a lockout after repeated failed logins. */
  unlock: z.boolean().optional(),
});
export type UserUpdate = z.infer<typeof UserUpdate>;

export const UserListQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
