import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Web unit tests only; the server has its own runner (node --test). */
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/web/**/*.test.{ts,tsx}'],
    setupFiles: ['src/web/test-setup.ts'],
    // jsdom renders of antd pages take seconds when the machine is loaded (2 cores, other test tiers or sessions
    // running); the timeout only guards against a hang, it is not a speed check.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
