import { eq } from 'drizzle-orm';
import {
  ACCENT_MIN_CONTRAST,
  LOGO_MAX_BYTES,
  contrastWithWhite,
  type CityBranding,
  type CityBrandingBody,
} from '../../../contracts/cities.contract.js';
import type { Db } from '../../platform/db/index.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { authorize, type Actor } from '../../platform/policy.js';
import { city, cityBranding } from './cities.table.js';

const invalid = (path: string, message: string) =>
  new AppError('validation', 400, message, [{ path, code: 'invalid', message }]);

/*
 * An SVG is a document, not a picture: it can carry script, event handlers, external references and
 * entity tricks. Shown through <img> none of that runs, but someone may open the data URL on its own,
 * so rather than rewrite a file we do not fully understand, we refuse any SVG with such constructs.
 */
const svgDanger = [
  /<script/i,
  /\son[a-z]+\s*=/i, // onload=, onclick=, …
  /javascript:/i,
  /<!ENTITY/i,
  /<!DOCTYPE/i,
  /<foreignObject/i,
  /<(iframe|embed|object|audio|video|animate|set|handler|listener)\b/i,
  // Only in-document references (#id) and embedded data: images; nothing fetched from elsewhere.
  /(?:xlink:)?href\s*=\s*["']\s*(?!#|data:image\/(?:png|webp|jpeg);)/i,
  /url\(\s*["']?\s*(?!#)/i,
  /@import/i,
];

/** Why this logo is refused, or null when it is a clean PNG, WebP or SVG within the size limit. */
export function logoProblem(mediaType: string, bytes: Buffer): string | null {
  if (bytes.length === 0) return 'The logo is empty';
  if (bytes.length > LOGO_MAX_BYTES) return `The logo is larger than ${LOGO_MAX_BYTES / 1024} KB`;
  if (mediaType === 'image/png') {
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return bytes.subarray(0, 8).equals(signature) ? null : 'The file is not a PNG image';
  }
  if (mediaType === 'image/webp') {
    const ok =
      bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
      bytes.subarray(8, 12).toString('latin1') === 'WEBP';
    return ok ? null : 'The file is not a WebP image';
  }
  if (mediaType === 'image/svg+xml') {
    const text = bytes.toString('utf8');
    if (text.includes('\uFFFD') || !/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text))
      return 'The file is not an SVG image';
    return svgDanger.some((re) => re.test(text))
      ? 'The SVG contains script, event handlers or external references'
      : null;
  }
  return 'Unsupported image type';
}

/** Why this accent colour is refused (too light on white), or null. */
export function accentProblem(hex: string): string | null {
  const ratio = contrastWithWhite(hex);
  return ratio < ACCENT_MIN_CONTRAST
    ? `The colour's contrast with white is ${ratio.toFixed(2)}:1; at least ${ACCENT_MIN_CONTRAST}:1 is needed`
    : null;
}

function view(name: string, row: typeof cityBranding.$inferSelect | undefined): CityBranding {
  return {
    name,
    accentColor: row?.accentColor ?? null,
    logo: row?.logoType && row.logoData ? `data:${row.logoType};base64,${row.logoData}` : null,
  };
}

/** The public branding of a city, by its short name: its name, accent colour and logo only. */
export async function getPublicBranding(db: Db, slug: string): Promise<CityBranding> {
  const [row] = await db
    .select({ id: city.id, name: city.name })
    .from(city)
    .where(eq(city.slug, slug.toLowerCase()));
  if (!row) throw notFound();
  const [branding] = await db.select().from(cityBranding).where(eq(cityBranding.cityId, row.id));
  return view(row.name, branding);
}

/**
 * Chair: sets the sign-in page's accent colour and logo. Everything is checked before anything is
 * written, so a refused logo or colour changes nothing.
 */
export async function updateBranding(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  body: CityBrandingBody,
): Promise<CityBranding> {
  authorize(actor, 'city.update-settings');
  const accentColor = body.accentColor ? body.accentColor.toLowerCase() : null;
  if (accentColor) {
    const problem = accentProblem(accentColor);
    if (problem) throw invalid('body.accentColor', problem);
  }
  let logo: { logoType: string | null; logoData: string | null } | undefined;
  if (body.logo === null) logo = { logoType: null, logoData: null };
  else if (body.logo) {
    const bytes = Buffer.from(body.logo.data, 'base64');
    const problem = logoProblem(body.logo.mediaType, bytes);
    if (problem) throw invalid('body.logo', problem);
    logo = { logoType: body.logo.mediaType, logoData: bytes.toString('base64') };
  }
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const values = { accentColor, ...logo, updatedAt: new Date() };
    const [row] = await tx
      .insert(cityBranding)
      .values({ cityId, ...values })
      .onConflictDoUpdate({ target: cityBranding.cityId, set: values })
      .returning();
    const [named] = await tx.select({ name: city.name }).from(city).where(eq(city.id, cityId));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'city',
      recordId: cityId,
      fields: ['branding.accentColor', ...(logo ? ['branding.logo'] : [])],
    });
    return view(named.name, row);
  });
}
