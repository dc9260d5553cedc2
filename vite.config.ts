import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { navMessagesPlugin } from './scripts/navMessages.js';
import { precompress } from './scripts/precompress.js';
import { contractsForBrowser } from './scripts/contractsForBrowser.js';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

// The web shell lives in web/ and is served by the Fastify server from dist/web in production.
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  // favicon, robots.txt: copied as they are to the root of dist/web.
  publicDir: fileURLToPath(new URL('./web/public', import.meta.url)),
  // virtual:nav-messages/<lang>: every module's navigation labels, for the shell (scripts/navMessages.ts).
  plugins: [
    react(),
    navMessagesPlugin(repoRoot),
    // Routes keep only what the client calls them with (method, path): scripts/contractsForBrowser.ts.
    contractsForBrowser(),
    {
      // Mantine's ScrollArea (under every Table and Modal) imports one hook from @floating-ui/react,
      // which pulled all of floating-ui (15 KB gzip) into every page with a table: see the file below.
      name: 'lpn-scroll-area-merge-refs',
      enforce: 'pre',
      resolveId(source, importer) {
        if (
          source === '@floating-ui/react' &&
          importer &&
          /[\\/]ScrollArea[\\/]ScrollArea\.mjs$/.test(importer)
        )
          return fileURLToPath(new URL('./web/lib/scrollAreaMergeRefs.ts', import.meta.url));
        return null;
      },
    },
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
      // Two documents: index.html (the app) and sign-in.html (web/signIn.tsx: the sign-in page alone,
      // without the router and the module registry), sent by the server for a first visit to /sign-in.
      input: {
        index: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        'sign-in': fileURLToPath(new URL('./web/sign-in.html', import.meta.url)),
      },
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
          // Libraries in a few long-cached chunks by family, so that a document loads only the families
          // it uses: the sign-in document takes React, Mantine, i18next and TanStack Query, not the router.
          groups: [
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|use-sync-external-store)[\\/]/,
              tags: ['$initial'],
            },
            { name: 'mantine', test: /[\\/]node_modules[\\/]@mantine[\\/]/, tags: ['$initial'] },
            {
              name: 'router',
              test: /[\\/]node_modules[\\/]@tanstack[\\/](router-core|react-router|history|store|react-store)[\\/]/,
              tags: ['$initial'],
            },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'] },
          ],
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
