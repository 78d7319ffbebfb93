import { request, setToken } from './http.ts';
import type { LoginResult, Me } from './types.ts';

/** POST /api/auth/login: stores the token on success. 401 wrong password, 423 locked (ApiError). */
export async function login(username: string, password: string): Promise<LoginResult> {
  const result = await request<LoginResult>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
    anonymous: true,
  });
  setToken(result.token);
  return result;
}

/** GET /api/auth/me: the signed-in user with permissions. */
export function getMe(): Promise<Me> {
  return request<Me>('/api/auth/me');
}

/** POST /api/auth/logout: ends the session; the token is dropped even if the call fails. */
export async function logout(): Promise<void> {
  try {
    await request<void>('/api/auth/logout', { method: 'POST' });
  } finally {
    setToken(null);
  }
}
