/// <reference types="vitest/config" />
import { resolve } from 'node:path';

import { lingui } from '@lingui/vite-plugin';
import babel from '@rolldown/plugin-babel';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Where `npm run dev` forwards API calls (the API started by `make dev`).
const api = process.env.API_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [
    react(),
    // Lingui macros (t, msg, <Trans>) are compiled away by Babel; catalogs (.po) are
    // compiled at import time by the Lingui plugin.
    babel({ plugins: ['@lingui/babel-plugin-lingui-macro'] }),
    lingui(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Mantine's CSS and GraphiQL's are large but cached forever (hashed names).
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      // GraphiQL's packages carry "use no memo" directives that bundling drops: harmless.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        app: resolve(import.meta.dirname, 'index.html'),
        graphiql: resolve(import.meta.dirname, 'graphiql/index.html'),
        // The support console (staff), served at /suporte/ (backend/api/web.py).
        console: resolve(import.meta.dirname, 'console/index.html'),
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: api, ws: true },
      '/v1': api,
      '/oauth': api,
      '/healthz': api,
      '/.well-known': api,
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
