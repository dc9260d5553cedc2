import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { navMessagesPlugin } from './scripts/navMessages.js';
import { pagePreload } from './scripts/pagePreload.js';
import { precompress } from './scripts/precompress.js';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

// The web shell lives in web/ and is served by the Fastify server from dist/web in production.
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  // favicon, robots.txt: copied as they are to the root of dist/web.
  publicDir: fileURLToPath(new URL('./web/public', import.meta.url)),
  // sign-in.html: index.html with the sign-in page's chunks preloaded (scripts/pagePreload.ts).
  // virtual:nav-messages/<lang>: every module's navigation labels, for the shell (scripts/navMessages.ts).
  plugins: [
    react(),
    navMessagesPlugin(repoRoot),
    pagePreload({ 'sign-in': 'web/modules/auth/SignInPage.tsx' }),
    precompress(),
  ],
  // The contracts' zod schemas are never evaluated in the browser: the web client needs only each
  // route's method and path and the plain constants. See web/lib/inertZod.ts.
  resolve: {
    alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./web/lib/inertZod.ts', import.meta.url)) }],
  },
  // postcss.config.cjs sits at the repo root, above the web root.
  css: { postcss: repoRoot },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    // dist/web/.vite/manifest.json: which chunks each page pulls in (npm run budget:web reads it).
    manifest: true,
    rolldownOptions: {
      // contracts/ only declares routes and schemas: a page that uses casesRoutes does not need the
      // other modules' contracts evaluated, so unused contract files are left out of its chunks.
      // With zod inert in the browser (web/lib/inertZod.ts), building a schema has no effect: a schema
      // nothing reads is dropped.
      treeshake: {
        moduleSideEffects: (id: string) => !/[\\/]contracts[\\/][^\\/]+\.ts$/.test(id),
        manualPureFunctions: ['z'],
      },
      output: {
        codeSplitting: {
          groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    port: 5173,
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
