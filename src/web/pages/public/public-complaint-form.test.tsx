import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { PublicComplaintForm } from './public-complaint-form.tsx';
import PublicTrackingPage from './public-tracking-page.tsx';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function renderForm(code = '31103701022019000001') {
  return render(
    <MemoryRouter>
      <PublicComplaintForm code={code} />
    </MemoryRouter>,
  );
}

describe('public 投诉举报 form', () => {
  it('sends the category, description and contact without a token and shows the tracking code with a link to the tracking page', async () => {
    localStorage.setItem('liftsafe.token', 'someone-elses');
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ trackingCode: 'K7QMX-3HP9T' }, 201));
    renderForm();
    fireEvent.click(screen.getByRole('button', { name: '投诉举报' }));
    fireEvent.click(screen.getByLabelText('未按规定维护保养'));
    fireEvent.change(screen.getByLabelText('问题描述'), { target: { value: '  三个月没见维保人员来过  ' } });
    fireEvent.change(screen.getByLabelText('联系电话或邮箱（选填）'), { target: { value: ' 13812345678 ' } });
    fireEvent.click(screen.getByRole('button', { name: '提交举报' }));

    expect((await screen.findByTestId('tracking-code')).textContent).toBe('K7QMX-3HP9T');
    expect(screen.getByTestId('complaint-ack').textContent).toContain('请保存查询码');
    expect(screen.getByRole('link', { name: '查询办理进度' }).getAttribute('href')).toBe('/public/reports/K7QMX-3HP9T');
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/public/reports');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ code: '31103701022019000001', category: 'no_maintenance', description: '三个月没见维保人员来过', contact: '13812345678' });
    expect((init?.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('is anonymous without a contact; checks length and contact before sending; shows the server’s field message', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ error: { code: 'VALIDATION_FAILED', message: '提交的数据不符合要求', details: { fields: [{ field: 'description', message: '问题描述不能超过 1000 字' }] } } }, 400));
    renderForm();
    fireEvent.click(screen.getByRole('button', { name: '投诉举报' }));
    fireEvent.change(screen.getByLabelText('问题描述'), { target: { value: '太短' } });
    fireEvent.click(screen.getByRole('button', { name: '提交举报' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请至少用 5 个字描述问题');
    fireEvent.change(screen.getByLabelText('问题描述'), { target: { value: '电梯运行抖动严重' } });
    fireEvent.change(screen.getByLabelText('联系电话或邮箱（选填）'), { target: { value: 'call me' } });
    fireEvent.click(screen.getByRole('button', { name: '提交举报' }));
    expect(screen.getByRole('alert').textContent).toBe('请填写电话号码或电子邮箱');
    expect(fetch).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('联系电话或邮箱（选填）'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: '提交举报' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('问题描述不能超过 1000 字'));
    expect(JSON.parse(String(fetch.mock.calls[0]![1]?.body))).toEqual({ code: '31103701022019000001', category: 'unsafe', description: '电梯运行抖动严重' });
  });
});

describe('public tracking page', () => {
  it('shows status, both deadlines with countdowns and the outcome with the reward; refuses a malformed code before asking', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      json({
        trackingCode: 'K7QMX-3HP9T',
        category: 'unsafe',
        status: 'confirmed',
        receivedAt: '2026-12-01T02:00:00.000Z',
        handledBy: '历下区市场监督管理局',
        acknowledge: { dueAt: '2026-12-02T02:00:00.000Z', doneAt: '2026-12-02T03:00:00.000Z', secondsLeft: null, overdue: true },
        outcome: { dueAt: '2026-12-31T02:00:00.000Z', doneAt: '2026-12-20T02:00:00.000Z', secondsLeft: null, overdue: false, extended: true },
        result: 'confirmed',
        resultText: '经核查，举报属实，已责令整改。',
        reward: { status: 'granted', amount: 500 },
        linked: true,
      }),
    );
    render(
      <MemoryRouter initialEntries={['/public/reports/K7QMX3HP9T']}>
        <Routes>
          <Route path="/public/reports/:trackingCode" element={<PublicTrackingPage />} />
          <Route path="/public/reports" element={<PublicTrackingPage />} />
        </Routes>
      </MemoryRouter>,
    );
    const status = await screen.findByTestId('tracking-status');
    expect(fetch.mock.calls[0]![0]).toBe('/api/public/reports/K7QMX3HP9T');
    expect(status.textContent).toContain('举报属实');
    expect(status.textContent).toContain('历下区市场监督管理局');
    expect(status.textContent).toContain('已依法延期');
    expect(screen.getByTestId('ack-countdown').textContent).toBe('2026-12-02 11:00:00 完成（超期）');
    expect(screen.getByTestId('ack-countdown').dataset.tone).toBe('doneLate');
    expect(screen.getByTestId('outcome-countdown').dataset.tone).toBe('done');
    expect(screen.getByTestId('tracking-result').textContent).toContain('经核查，举报属实，已责令整改。');
    expect(screen.getByTestId('tracking-reward').textContent).toBe('已决定奖励 500 元');
    expect(status.textContent).toContain('合并办理');
    fireEvent.change(screen.getByLabelText('查询码'), { target: { value: 'O0O0O' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect((await screen.findByRole('alert')).textContent).toBe('查询码为 10 位字母和数字');
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
