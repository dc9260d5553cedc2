import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Vite plugin: writes `<name>.html` beside index.html for a page everyone lands on first (the sign-in
 * page), the same document plus a `<link rel="modulepreload">` for each chunk that page loads beyond
 * the entry. Without them the browser learns of the page's chunks only once the entry has run
 * (`router.load()` in web/main.tsx), one network round trip later; with them they download beside the
 * entry. The server sends this file for that path (server/platform/web.ts `PAGE_DOCUMENTS`).
 */
export function pagePreload(pages: Record<string, string>): Plugin {
  let outDir = '';
  const found = new Map<string, string[]>();
  return {
    name: 'lpn-page-preload',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (file: string, into: Set<string>) => {
        if (into.has(file)) return into;
        into.add(file);
        for (const next of byFile.get(file)?.imports ?? []) closure(next, into);
        return into;
      };
      const entry = new Set<string>();
      for (const c of chunks) if (c.isEntry) closure(c.fileName, entry);
      for (const [name, source] of Object.entries(pages)) {
        const page = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(source));
        if (!page) throw new Error(`pagePreload: no chunk for ${source}`);
        found.set(
          name,
          [...closure(page.fileName, new Set())].filter((f) => !entry.has(f)),
        );
      }
    },
    writeBundle() {
      const index = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
      for (const [name, files] of found) {
        const links = files.map((f) => `    <link rel="modulepreload" crossorigin href="/${f}">\n`).join('');
        fs.writeFileSync(path.join(outDir, `${name}.html`), index.replace('  </head>', `${links}  </head>`));
      }
    },
  };
}
