import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { DeviceImportModal } from './device-import-modal.tsx';
import { DeviceImportResultView, importFieldLabel } from './device-import-result.tsx';

describe('device import result', () => {
  it('shows the created count and each rejected line with its field (in Chinese) and message, in line order', () => {
    render(
      <DeviceImportResultView
        result={{
          created: 12,
          rejected: [
            { line: 9, field: 'protocol', message: '不支持的终端协议“mqtt-x”，可选：native, jtc340' },
            { line: 3, field: 'registrationCode', message: '未找到注册代码为 31103701002015069999 的电梯' },
            { line: 3, field: 'secret', message: '接入密钥至少 12 位' },
          ],
        }}
      />,
    );
    const stat = (title: string) => screen.getByText(title, { selector: '.ant-statistic-title' }).closest('.ant-statistic')!;
    expect(within(stat('成功登记') as HTMLElement).getByText('12')).toBeTruthy();
    expect(within(stat('被拒绝') as HTMLElement).getByText('3')).toBeTruthy();
    expect(screen.getByText('被拒绝的行')).toBeTruthy();
    const rows = within(screen.getByTestId('device-import-rejected')).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['3', '电梯注册代码 (registrationCode)', '未找到注册代码为 31103701002015069999 的电梯'],
      ['3', '接入密钥 (secret)', '接入密钥至少 12 位'],
      ['9', '协议 (protocol)', '不支持的终端协议“mqtt-x”，可选：native, jtc340'],
    ]);
  });

  it('says so when every line was imported', () => {
    render(<DeviceImportResultView result={{ created: 5, rejected: [] }} />);
    expect(screen.getByText('全部行均已导入')).toBeTruthy();
    expect(screen.queryByTestId('device-import-rejected')).toBeNull();
  });

  it('names unknown fields as the server sent them', () => {
    expect(importFieldLabel('firmware')).toBe('固件版本');
    expect(importFieldLabel('header')).toBe('header');
  });

  it('uploads the CSV as a raw text/csv body and renders the answer', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(
      async () => new Response(JSON.stringify({ created: 1, rejected: [{ line: 3, field: 'deviceId', message: '终端编号已存在' }] }), { status: 200 }),
    );
    const onImported = vi.fn();
    render(
      <App>
        <DeviceImportModal open onClose={() => undefined} onImported={onImported} />
      </App>,
    );
    const csv = 'deviceId,protocol,secret,registrationCode\nD-1,native,s3cret-s3cret,31103701002015060012\nD-1,native,s3cret-s3cret,31103701002015060013\n';
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    fireEvent.change(input, { target: { files: [new File([csv], '终端.csv', { type: 'text/csv' })] } });

    await waitFor(() => expect(screen.getByTestId('device-import-rejected')).toBeTruthy());
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/devices/import');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(init?.body as Blob);
    });
    expect(text).toBe(csv);
    expect(within(screen.getByTestId('device-import-rejected')).getByText('终端编号已存在')).toBeTruthy();
    expect(onImported).toHaveBeenCalled();
  });
});
