import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Web front end: sources in src/web, built into dist/web (served by the API server as a SPA).
 * In dev, /api is proxied to the API server on :8080.
 */
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080' },
  },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Heavy libraries in their own chunks so the public lookup pages (plain HTML + CSS) stay small.
        codeSplitting: {
          // Higher priority captures first; React goes first so the antd group does not pull it in.
          groups: [
            { name: 'react', priority: 3, test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|cookie|set-cookie-parser)[\\/]/ },
            { name: 'echarts', priority: 2, test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
            { name: 'antd', priority: 1, test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|@emotion|stylis|dayjs|classnames|@babel)[\\/]/ },
          ],
        },
      },
    },
  },
});
