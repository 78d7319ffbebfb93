import { render, screen } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginPath, request, setToken, setUnauthorizedHandler } from '../../api/http.ts';
import LoginPage from './login-page.tsx';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function renderAt(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <App>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="*" element={<div>home</div>} />
        </Routes>
      </App>
    </MemoryRouter>,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
  setToken(null);
});

describe('session end', () => {
  it('a 401 SESSION_IDLE drops the token and sends the user to /login saying why', async () => {
    setToken('abc');
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ error: { code: 'SESSION_IDLE', message: '长时间未操作，登录已失效，请重新登录' } }, 401));
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    await expect(request('/api/auth/me')).rejects.toMatchObject({ code: 'SESSION_IDLE' });
    expect(handler).toHaveBeenCalledWith('SESSION_IDLE');
    expect(localStorage.getItem('liftsafe.token')).toBeNull();
    expect(loginPath('SESSION_IDLE', '/registry?q=1')).toBe('/login?next=%2Fregistry%3Fq%3D1&reason=SESSION_IDLE');
    expect(loginPath('UNAUTHENTICATED', '/x')).toBe('/login?next=%2Fx');
  });

  it('the login page explains an idle logout in Chinese', async () => {
    renderAt('/login?next=%2Fregistry&reason=SESSION_IDLE');
    expect(await screen.findByText('您已长时间未操作，为保护账号安全已自动退出，请重新登录')).toBeTruthy();
  });

  it('shows nothing for an unknown reason', async () => {
    renderAt('/login?reason=<b>x</b>');
    await screen.findByLabelText('用户名');
    expect(screen.queryByText(/长时间未操作/)).toBeNull();
  });
});
