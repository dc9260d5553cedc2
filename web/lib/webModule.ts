import type { AnyRoute } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import type { Me } from '../../contracts/index.js';
import type { Icon } from '../components/icons';

/**
 * How a web module plugs into the shell. Each module folder has one `<name>.module.ts(x)` that
 * default-exports (or exports as `module`) a WebModule; `web/webModules.ts` finds them with
 * import.meta.glob, so adding a module is adding a folder — no shared list to edit.
 *
 * Keep descriptors light: they are in the first load. Pages and cards are imported lazily
 * (lazyRouteComponent / React.lazy), never at the top of a descriptor.
 */
export interface WebModule {
  /** Unique, the folder's name (and the server module's name where there is one). */
  name: string;
  /** The module's routes, created under the shell's parents (see RouteParents). */
  routes?: (parents: RouteParents) => AnyRoute[];
  /** Navigation entries; the shell groups, orders and filters them. */
  nav?: NavEntry[];
  /** Cards on a city's home page. */
  homeCards?: HomeCard[];
  /**
   * Other modules whose messages (locales/<module>/) this module's pages and cards use, e.g. a
   * `t('network.sectors.…')` in referrals. The module's own messages are always loaded; only these are
   * added (web/webModules.test.ts fails on a use of another module's keys that is not declared here).
   */
  messages?: string[];
}

/** Where a module's routes hang: public pages, signed-in pages, or pages inside a city. */
export interface RouteParents {
  /** Public pages (sign-in, invitations): no session needed. */
  root: AnyRoute;
  /** Signed-in pages outside a city (path from '/'). */
  app: AnyRoute;
  /** Pages inside a city: path relative to /c/$cityId, the city workspace already loaded. */
  city: AnyRoute;
}

/** The shell's navigation groups, in the order they are shown. */
export const navGroups = [
  'overview',
  'network',
  'casework',
  'planning',
  'administration',
  'platform',
] as const;
export type NavGroup = (typeof navGroups)[number];

/** One permission, or a list of which any one is enough. */
export type Requirement = string | readonly string[];

export interface NavEntry {
  /** Rendered as data-testid="nav-<id>" (the browser journeys click these). */
  id: string;
  group: NavGroup;
  /** i18n key of the label (checked by `npm run i18n:check`). */
  labelKey: string;
  icon: Icon;
  /** A route path; '$cityId' is filled in with the current city. Entries with $cityId show only inside a city. */
  to: string;
  /** Position inside the group (lower first). */
  order: number;
  /** City permission(s) from the workspace; omitted = everyone in the city. */
  permission?: Requirement;
  /** Only for platform administrators. */
  platformAdmin?: boolean;
  /** Active only on this exact path (e.g. a home page), not on the pages below it. */
  exact?: boolean;
}

export interface HomeCard {
  /** Unique within the module; for React keys and tests. */
  id: string;
  /** Position on the home page (lower first). */
  order: number;
  /** City permission(s) needed to see the card; omitted = everyone in the city. */
  permission?: Requirement;
  /** 'full' spans the page; 'half' shares a row on wider screens. */
  size?: 'full' | 'half';
  /** Import the card lazily (React.lazy) so the descriptor stays light. */
  component: ComponentType<{ cityId: string }>;
  /**
   * Other modules whose messages this card uses. Given, the home page loads only these with the
   * card's own module's, instead of everything the module's pages declare (`WebModule.messages`):
   * the city home shows every card, so each card should bring only what it reads.
   * web/moduleMessages.test.ts checks the card's files against it.
   */
  messages?: string[];
}

/** What decides whether an entry or card shows: the person and their permissions in this city. */
export interface Access {
  me: Me;
  permissions: readonly string[] | undefined;
}

/** Whether the requirement is met (any one permission of a list is enough). */
export function allows(access: Access, permission: Requirement | undefined): boolean {
  if (permission === undefined) return !!access.permissions;
  const perms = access.permissions ?? [];
  return (typeof permission === 'string' ? [permission] : permission).some((p) => perms.includes(p));
}

/** Identity function that types a descriptor. */
export function defineWebModule(module: WebModule): WebModule {
  return module;
}
