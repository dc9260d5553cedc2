import { navGroups, type HomeCard, type NavEntry, type NavGroup, type WebModule } from './lib/webModule';

// Every module folder's descriptor, found at build time: adding a module is adding a folder.
// Eager on purpose: descriptors are small (routes are lazy inside them) and the shell needs them all.
const found = import.meta.glob<{ default?: WebModule; module?: WebModule }>('./modules/*/*.module.ts{,x}', {
  eager: true,
});

function collect(): WebModule[] {
  const modules: WebModule[] = [];
  for (const [path, exports] of Object.entries(found)) {
    const module = exports.default ?? exports.module;
    if (!module) throw new Error(`${path} exports no WebModule (export default defineWebModule({...}))`);
    modules.push(module);
  }
  // A stable order whatever the file system returns.
  modules.sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set<string>();
  const navIds = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`two web modules are called "${m.name}"`);
    names.add(m.name);
    for (const entry of m.nav ?? []) {
      if (navIds.has(entry.id)) throw new Error(`nav entry "${entry.id}" is registered twice (${m.name})`);
      navIds.add(entry.id);
    }
  }
  return modules;
}

/** All web modules, sorted by name. */
export const webModules: readonly WebModule[] = collect();

/** Navigation entries by group, in the shell's group order and each group's own order. */
export const navByGroup: ReadonlyArray<{ group: NavGroup; entries: NavEntry[] }> = navGroups
  .map((group) => ({
    group,
    entries: webModules
      .flatMap((m) => m.nav ?? [])
      .filter((e) => e.group === group)
      .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)),
  }))
  .filter((g) => g.entries.length > 0);

/**
 * The modules whose messages a module's pages and cards need: its own and the ones it declares
 * (`messages`). Names without messages of their own (locales/<name>/) are skipped by the loader.
 */
export function messagesOf(module: WebModule): string[] {
  return [module.name, ...(module.messages ?? [])];
}

/**
 * Home-page cards of every module, in order, each with the messages it needs: its module's own and
 * those the card declares, or else everything its module declares (see messagesOf).
 */
export const homeCards: ReadonlyArray<HomeCard & { module: string; messages: string[] }> = webModules
  .flatMap((m) =>
    (m.homeCards ?? []).map((card) => ({
      ...card,
      module: m.name,
      messages: card.messages ? [m.name, ...card.messages] : messagesOf(m),
    })),
  )
  .sort((a, b) => a.order - b.order || a.module.localeCompare(b.module));
