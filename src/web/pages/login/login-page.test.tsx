import { fireEvent, render, screen } from '@testing-library/react';
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

describe('second factor at login', () => {
  const fill = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
  const user = { id: 1, username: 'admin', displayName: '系统管理员', roles: ['admin'], orgId: 1, orgName: '平台', orgType: 'platform', regionCode: '370000' };

  it('asks an administrative account for the code, refuses a wrong one with the server message, then signs in', async () => {
    const calls: { url: string; body: unknown }[] = [];
    let attempts = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      if (url === '/api/auth/login') return json({ secondFactor: { method: 'totp', step: 'verify', challenge: 'ch-1', expiresAt: '2026-12-01T02:05:00Z' } });
      if (url === '/api/auth/second-factor/verify') {
        attempts++;
        return attempts === 1 ? json({ error: { code: 'SECOND_FACTOR_INVALID', message: '动态验证码错误' } }, 401) : json({ token: 'tok-2fa', expiresAt: '2026-12-01T14:00:00Z', user });
      }
      return json({});
    });
    renderAt('/login?next=%2Fusers');
    fill('用户名', 'admin');
    fill('密码', 'Admin12345');
    fireEvent.click(screen.getByRole('button', { name: '登 录' }));
    await screen.findByText('动态验证码');
    expect(localStorage.getItem('liftsafe.token')).toBeNull();
    fill('验证码', '123456');
    fireEvent.click(screen.getByRole('button', { name: '验 证' }));
    await screen.findByText('动态验证码错误');
    // A 401 on this anonymous step is an ordinary error: the user stays on the code step.
    fill('验证码', '654321');
    fireEvent.click(screen.getByRole('button', { name: '验 证' }));
    await screen.findByText('home');
    expect(localStorage.getItem('liftsafe.token')).toBe('tok-2fa');
    expect(calls.filter((c) => c.url === '/api/auth/second-factor/verify').map((c) => c.body)).toEqual([
      { challenge: 'ch-1', code: '123456' },
      { challenge: 'ch-1', code: '654321' },
    ]);
  });

  it('enrols an account without an authenticator: secret and QR shown, first code confirms, recovery codes shown once', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      if (url === '/api/auth/login') return json({ secondFactor: { method: 'totp', step: 'enrol', challenge: 'ch-e', expiresAt: '2026-12-01T02:05:00Z' } });
      if (url === '/api/auth/second-factor/enrol') return json({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/LiftSafe%3Aadmin?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', qrDataUrl: 'data:image/png;base64,AAAA' });
      if (url === '/api/auth/second-factor/enrol/confirm') return json({ token: 'tok-new', expiresAt: '2026-12-01T14:00:00Z', user, recoveryCodes: ['abcde-fghij', 'klmno-pqrst'] });
      return json({});
    });
    renderAt('/login');
    fill('用户名', 'admin');
    fill('密码', 'Admin12345');
    fireEvent.click(screen.getByRole('button', { name: '登 录' }));
    expect((await screen.findByTestId('totp-secret')).textContent).toContain('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(document.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,AAAA');
    fill('验证码', '123456');
    fireEvent.click(screen.getByRole('button', { name: '完成绑定并登录' }));
    expect((await screen.findByTestId('recovery-codes')).textContent).toBe('abcde-fghij\nklmno-pqrst');
    expect(localStorage.getItem('liftsafe.token')).toBe('tok-new');
    fireEvent.click(screen.getByRole('button', { name: '我已保存，进入系统' }));
    await screen.findByText('home');
  });

  it('an expired challenge sends the user back to the password step', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      if (url === '/api/auth/login') return json({ secondFactor: { method: 'totp', step: 'verify', challenge: 'old', expiresAt: '2026-12-01T02:05:00Z' } });
      return json({ error: { code: 'SECOND_FACTOR_CHALLENGE_INVALID', message: '验证已超时或无效，请重新输入用户名和密码' } }, 401);
    });
    renderAt('/login');
    fill('用户名', 'admin');
    fill('密码', 'Admin12345');
    fireEvent.click(screen.getByRole('button', { name: '登 录' }));
    await screen.findByText('动态验证码');
    fill('验证码', '123456');
    fireEvent.click(screen.getByRole('button', { name: '验 证' }));
    await screen.findByText('验证已超时或无效，请重新输入用户名和密码');
    expect(screen.getByLabelText('密码')).toBeTruthy();
  });
});
