import { request } from './http.ts';
import type { Page, User, UserCreate, UserUpdate } from './types.ts';

export interface UserQuery {
  orgId?: number;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** GET /api/users. */
export function listUsers(query: UserQuery): Promise<Page<User>> {
  return request('/api/users', { query: { ...query } });
}

/** POST /api/users. */
export function createUser(input: UserCreate): Promise<User> {
  return request('/api/users', { method: 'POST', body: input });
}

/** PATCH /api/users/:id: also used to unlock, enable/disable and reset a password. */
export function updateUser(id: number, patch: UserUpdate): Promise<User> {
  return request(`/api/users/${id}`, { method: 'PATCH', body: patch });
}

/** POST /api/users/:id/second-factor/reset: clears a lost authenticator; the user enrols again at the next login. */
export function resetSecondFactor(id: number): Promise<void> {
  return request(`/api/users/${id}/second-factor/reset`, { method: 'POST' });
}
