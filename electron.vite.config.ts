import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { buildWorkers } from './scripts/build-workers.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __SIGNDESK_VERSION__: JSON.stringify(pkg.version) };

export default defineConfig({
  main: {
    define,
    // The worker threads' entries are bundled on their own, self-contained, beside the main bundle.
    plugins: [{ name: 'signdesk-workers', apply: 'build', closeBundle: () => buildWorkers(resolve('out/main/workers')).then(() => undefined) }],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('main/shell/index.ts'),
          cli: resolve('main/cli/index.ts'),
          bridge: resolve('main/bridge/index.ts'),
          // Bulk verification's worker threads (main/core/verify/bulk-verify.ts finds it beside the bundle).
          'verify-worker': resolve('main/core/verify/bulk-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load modules: everything (zod, the contract) is bundled into one CJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: {
        input: {
          index: resolve('renderer/index.html'),
          web: resolve('renderer/web.html'),
        },
      },
    },
  },
});
