/// <reference types="vitest" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build talks to the API only through same-origin paths (/api/, /payments/) that
// nginx routes; no address or secret is compiled in. For `npx vite` during development
// the proxy targets come from the environment (ADMIN_DEV_API, ADMIN_DEV_PAYMENTS).
const devApi = process.env.ADMIN_DEV_API ?? 'http://127.0.0.1:3000';
const devPayments = process.env.ADMIN_DEV_PAYMENTS ?? 'http://127.0.0.1:8000';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    proxy: {
      '/api/': { target: devApi, rewrite: (p) => p.replace(/^\/api/, '') },
      '/payments/': { target: devPayments },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    pool: 'threads',
    poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
  },
});
