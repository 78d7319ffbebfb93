import { request, setToken } from './http.ts';
import type { LoginResult, Me, SecondFactorChallenge, TotpEnrolment } from './types.ts';

/**
 * POST /api/auth/login: stores the token on success, or returns the second-factor challenge of an administrative
 * account. 401 wrong password, 423 locked (ApiError).
 */
export async function login(username: string, password: string): Promise<LoginResult | SecondFactorChallenge> {
  const result = await request<LoginResult | SecondFactorChallenge>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
    anonymous: true,
  });
  if ('token' in result) setToken(result.token);
  return result;
}

/** POST /api/auth/second-factor/verify: a TOTP or recovery code for the challenge; stores the token. */
export async function verifySecondFactor(challenge: string, code: string): Promise<LoginResult> {
  const result = await request<LoginResult>('/api/auth/second-factor/verify', { method: 'POST', body: { challenge, code }, anonymous: true });
  setToken(result.token);
  return result;
}

/** POST /api/auth/second-factor/enrol: a new authenticator secret for an account that has none. */
export function startTotpEnrolment(challenge: string): Promise<TotpEnrolment> {
  return request<TotpEnrolment>('/api/auth/second-factor/enrol', { method: 'POST', body: { challenge }, anonymous: true });
}

/** POST /api/auth/second-factor/enrol/confirm: the first code; stores the token, returns the recovery codes. */
export async function confirmTotpEnrolment(challenge: string, code: string): Promise<LoginResult & { recoveryCodes: string[] }> {
  const result = await request<LoginResult & { recoveryCodes: string[] }>('/api/auth/second-factor/enrol/confirm', { method: 'POST', body: { challenge, code }, anonymous: true });
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
