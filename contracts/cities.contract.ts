import { z } from 'zod';
import { emailSchema, LIMITS, text } from './primitives.js';
import { cityParams, defineRoute, localeSchema, roleSchema } from './route.js';

export const citySettings = z.object({ require2faRoles: z.array(roleSchema).max(roleSchema.options.length) });

export const city = z.object({
  id: z.guid(),
  slug: z.string(),
  name: z.string(),
  country: z.string().nullable(),
  defaultLocale: localeSchema,
  settings: citySettings,
  createdAt: z.string(),
});
export type City = z.infer<typeof city>;

export const cityWorkspace = z.object({
  city,
  role: roleSchema.nullable(),
  /** The actions this person may take in this city, from the policy (drives navigation). */
  permissions: z.array(z.string()),
});
export type CityWorkspace = z.infer<typeof cityWorkspace>;

export const createCityBody = z.object({
  name: text(LIMITS.cityName, 2),
  slug: text(LIMITS.slug, 2).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'validation.slug' }),
  country: text(LIMITS.country).optional(),
  defaultLocale: localeSchema.default('en'),
  /** Invite this person as the city's chair. */
  chairEmail: emailSchema.optional(),
});

/** Logo formats a city may upload for its sign-in page. */
export const logoMediaTypes = ['image/png', 'image/svg+xml', 'image/webp'] as const;
/** The largest logo accepted, in bytes (decoded). */
export const LOGO_MAX_BYTES = 200 * 1024;
/** The least contrast an accent colour must reach against white (WCAG AA for normal text). */
export const ACCENT_MIN_CONTRAST = 4.5;

/**
 * The chair's branding of the city's sign-in page. `logo` undefined keeps the current logo, null
 * removes it; `accentColor` null goes back to the default colour.
 */
export const cityBrandingBody = z.object({
  accentColor: text(7)
    .regex(/^#[0-9a-fA-F]{6}$/)
    .nullable(),
  logo: z
    .object({
      mediaType: z.enum(logoMediaTypes),
      // base64 of at most LOGO_MAX_BYTES, with a little room for padding; the decoded size is checked too.
      data: z
        .string()
        .max(Math.ceil(LOGO_MAX_BYTES / 3) * 4 + 4)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/),
    })
    .nullable()
    .optional(),
});
export type CityBrandingBody = z.infer<typeof cityBrandingBody>;

/** What the public sign-in page may know of a city: its name and branding, nothing else. */
export const cityBranding = z.object({
  name: z.string(),
  accentColor: z.string().nullable(),
  /** A data: URL of the logo, or null. */
  logo: z.string().nullable(),
});
export type CityBranding = z.infer<typeof cityBranding>;

/** WCAG 2 relative luminance of a "#rrggbb" colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of a "#rrggbb" colour against white (1 to 21). */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

export const citiesRoutes = {
  listCities: defineRoute({
    method: 'GET',
    path: '/api/cities',
    summary: 'Cities you belong to (all cities for a platform admin)',
    tags: ['cities'],
    response: z.object({ items: z.array(city) }),
  }),
  createCity: defineRoute({
    method: 'POST',
    path: '/api/cities',
    summary: 'Create a city (platform admin)',
    tags: ['cities'],
    body: createCityBody,
    response: z.object({ city, chairInvitationUrl: z.string().nullable() }),
    status: 201,
  }),
  getCity: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId',
    summary: 'A city workspace: the city, your role and what you may do',
    tags: ['cities'],
    params: cityParams,
    response: cityWorkspace,
  }),
  updateCitySettings: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/settings',
    summary: "Change a city's security settings (chair)",
    tags: ['cities'],
    params: cityParams,
    body: citySettings,
    response: city,
  }),
  updateCityBranding: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/branding',
    summary: "Set the city's sign-in page branding: accent colour and logo (chair)",
    tags: ['cities'],
    params: cityParams,
    body: cityBrandingBody,
    response: cityBranding,
  }),
  getPublicCityBranding: defineRoute({
    method: 'GET',
    path: '/api/public/cities/:slug/branding',
    summary: "A city's name and sign-in page branding (public: nothing else about the city)",
    tags: ['cities'],
    params: z.object({ slug: text(LIMITS.slug, 1) }),
    response: cityBranding,
    auth: false,
  }),
};
