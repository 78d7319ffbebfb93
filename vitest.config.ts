import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Web unit tests only; the server has its own runner (node --test). */
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/web/**/*.test.{ts,tsx}'],
    setupFiles: ['src/web/test-setup.ts'],
  },
});
