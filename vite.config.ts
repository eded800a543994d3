import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: built once, served by the Electron shell (app:// protocol) or by browser mode.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // No inline scripts anywhere (CSP script-src 'self'): keep module preload as a file.
    modulePreload: { polyfill: false },
  },
});
