import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import PublicLookupPage from './public-lookup-page.tsx';

function renderLookup() {
  return render(
    <MemoryRouter initialEntries={['/e']}>
      <Routes>
        <Route path="/e" element={<PublicLookupPage />} />
        <Route path="/e/:code" element={<p>record page</p>} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('public lookup page', () => {
  it('opens the record for a rescue code, ignoring spaces', () => {
    renderLookup();
    fireEvent.change(screen.getByRole('textbox'), { target: { value: ' 370 112 ' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(screen.getByText('record page')).toBeTruthy();
  });

  it('refuses a code that is neither 20 digits nor 5–7 digits', () => {
    renderLookup();
    fireEvent.change(screen.getByRole('textbox'), { target: { value: '1234' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(screen.getByRole('alert').textContent).toContain('20 位注册代码');
    expect(screen.queryByText('record page')).toBeNull();
  });
});
