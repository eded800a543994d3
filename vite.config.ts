import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const page = (name: string) => fileURLToPath(new URL(`./renderer/${name}`, import.meta.url));

// The renderer: built once into dist/renderer. Two pages: the counter's screen (index.html,
// served by the Electron shell or by browser mode) and the hall page (hall.html, served by the
// hall server). Code both use (React, antd, the contract) goes to shared chunks.
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
    rollupOptions: {
      input: { index: page('index.html'), hall: page('hall.html') },
      // The libraries both pages load, in one chunk named for what it is; the charts (ECharts) only
      // the hall page's desk draws, in their own chunk, so the counter's screen never loads them.
      output: {
        codeSplitting: {
          groups: [
            { name: 'charts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, priority: 2, includeDependenciesRecursively: false },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
