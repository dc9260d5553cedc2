import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRootRoute, createRoute, type AnyRoute } from '@tanstack/react-router';
import { describe, expect, it } from 'vitest';
import type { RouteParents } from './lib/webModule';
import { homeCards, navByGroup, webModules } from './webModules';

// The shell builds its route tree from the modules' descriptors, so TypeScript can no longer check
// link paths against it; these tests do instead, and keep the descriptors light.

const webDir = fileURLToPath(new URL('.', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every full path the modules register, as the router sees it. */
function registeredPaths(): Set<string> {
  const root = createRootRoute();
  const app = createRoute({ getParentRoute: () => root, id: 'app' });
  const city = createRoute({ getParentRoute: () => app, path: '/c/$cityId' });
  const parents: RouteParents = { root, app, city };
  const paths = new Set<string>();
  for (const module of webModules) {
    for (const route of module.routes?.(parents) ?? []) {
      const parent = (route.options as { getParentRoute: () => AnyRoute }).getParentRoute();
      const path = (route.options as { path: string }).path;
      const full = parent === city ? `/c/$cityId${path === '/' ? '' : path}` : path;
      expect(paths.has(full), `${full} registered twice`).toBe(false);
      paths.add(full);
    }
  }
  return paths;
}

describe('web modules', () => {
  const paths = registeredPaths();

  it('are found by folder, one descriptor each, with every existing page', () => {
    const folders = readdirSync(join(webDir, 'modules')).filter((f) =>
      statSync(join(webDir, 'modules', f)).isDirectory(),
    );
    expect(webModules.map((m) => m.name).sort()).toEqual(folders.sort());
    for (const path of [
      '/sign-in',
      '/invite/$token',
      '/',
      '/account',
      '/c/$cityId',
      '/c/$cityId/cases/$caseId',
    ])
      expect(paths).toContain(path);
  });

  // Their labels are checked by `npm run i18n:check` (it reads each descriptor's label key).
  it('link every navigation entry to a registered page', () => {
    const entries = navByGroup.flatMap((g) => g.entries);
    expect(entries.length).toBeGreaterThanOrEqual(14);
    for (const entry of entries) {
      expect(paths, `nav-${entry.id} → ${entry.to}`).toContain(entry.to);
    }
    expect(homeCards.length).toBeGreaterThan(0);
  });

  it('every literal link path in the web code is a registered page', () => {
    const unknown: string[] = [];
    for (const file of files(webDir)) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\bto(?:="|:\s*')(\/[^"']*)["']/g))
        if (!paths.has(m[1])) unknown.push(`${relative(webDir, file)}: ${m[1]}`);
    }
    expect(unknown).toEqual([]);
  });

  it('keep descriptors light: no static import of a page or card (only lazy import())', () => {
    const allowed = new Set([
      '@tanstack/react-router',
      'react',
      '../../components/icons',
      '../../lib/webModule',
    ]);
    const heavy: string[] = [];
    for (const file of files(join(webDir, 'modules')).filter((f) => /\.module\.tsx?$/.test(f))) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gm))
        if (!allowed.has(m[1])) heavy.push(`${relative(webDir, file)} imports ${m[1]}`);
    }
    expect(heavy).toEqual([]);
  });
});
