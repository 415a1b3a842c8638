import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dashboard is served by the API server at `/`, its assets under `/assets/`.
// `npm run dev` proxies the API to a running server (RINGWATCH_API, default http://127.0.0.1:8080).
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/v1': { target: process.env.RINGWATCH_API ?? 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
