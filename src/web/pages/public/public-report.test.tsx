import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { isPhone, PublicReport, shanghaiTime } from './public-report.tsx';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('public 96333 report', () => {
  it('sends 我被困了 with the people count and phone, without a token, and acknowledges with the number and time', async () => {
    localStorage.setItem('liftsafe.token', 'someone-elses');
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ id: 4711, status: 'received', receivedAt: '2026-12-01T05:05:22.000Z', merged: false }, 201));
    render(<PublicReport code="370112" />);
    fireEvent.click(screen.getByRole('button', { name: '我被困了' }));
    fireEvent.click(screen.getByRole('button', { name: '+' }));
    fireEvent.change(screen.getByLabelText('您的手机号（选填，便于救援人员联系您）'), { target: { value: ' 13812345678 ' } });
    fireEvent.click(screen.getByRole('button', { name: '发送求助' }));

    const ack = await screen.findByTestId('public-ack');
    expect(ack.textContent).toContain('96333 已收到');
    expect(ack.textContent).toContain('#4711');
    expect(ack.textContent).toContain('2026-12-01 13:05:22');
    expect(ack.textContent).toContain('请保持冷静');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/public/incidents');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ code: '370112', type: 'trapped', trapped: 2, callerPhone: '13812345678' });
    expect((init?.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('reports a fault without a count, and says when it joined a call already being handled', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ id: 12, status: 'dispatched', receivedAt: '2026-12-01T05:00:00.000Z', merged: true }, 201));
    render(<PublicReport code="31103701002019000001" />);
    fireEvent.click(screen.getByRole('button', { name: '报告故障' }));
    expect(screen.queryByText('被困人数')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '提交报告' }));
    expect((await screen.findByTestId('public-ack')).textContent).toContain('该电梯的救援已在处理中');
    expect(JSON.parse(String(fetch.mock.calls[0][1]?.body))).toEqual({ code: '31103701002019000001', type: 'fault' });
  });

  it('refuses a malformed phone number before sending, and shows the server’s message when it refuses', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' } }, 429));
    render(<PublicReport code="370112" />);
    fireEvent.click(screen.getByRole('button', { name: '我被困了' }));
    fireEvent.change(screen.getByLabelText('您的手机号（选填，便于救援人员联系您）'), { target: { value: 'abc' } });
    fireEvent.click(screen.getByRole('button', { name: '发送求助' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请输入正确的电话号码');
    expect(fetch).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('您的手机号（选填，便于救援人员联系您）'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: '发送求助' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('请求过于频繁，请稍后再试'));
    // Back to the two buttons.
    fireEvent.click(screen.getByRole('button', { name: '返回' }));
    expect(screen.getByRole('button', { name: '报告故障' })).toBeTruthy();
  });

  it('checks phones like the server and shows times in Shanghai', () => {
    expect(isPhone('0531-88886666')).toBe(true);
    expect(isPhone('+86 138 1234 5678')).toBe(true);
    expect(isPhone('1234')).toBe(false);
    expect(isPhone('13812345678x')).toBe(false);
    expect(shanghaiTime('2026-12-31T16:30:05Z')).toBe('2027-01-01 00:30:05');
  });
});
