import { z } from 'zod';

/*
 * The building blocks every contract's input is made of, so a whole class of bad input is refused
 * at the edge for every route at once (issue 8, "zero 5xx on bad input"):
 *
 * - text: trimmed, at most a known number of characters, and never a NUL byte (PostgreSQL cannot
 *   store one in text or jsonb: it was a 500 on every route that saved or searched text);
 * - dates: real calendar dates (no 30 February) in a range the database and the app can handle;
 * - numbers: integers with both bounds;
 * - cursors: opaque to clients, but decoded and checked here, so a crafted one is a 400;
 * - patches: at least one field to change.
 *
 * A failed check's message is a key under `validation.` in locales/*.json (see `validationKey`), so
 * the server and the web forms show the same sentence in the reader's language. The limits are
 * exported for the web's character counters: the form and the server use the same numbers.
 */

/** The most characters each kind of free-text field takes; forms show a counter against these. */
export const LIMITS = {
  /** A person's display name, a representative's or guardian's name. */
  personName: 200,
  /** A given or family name in a case identity record. */
  givenName: 100,
  /** Titles and names of things: meetings, action items, organisations, services, the network, a ToR. */
  title: 200,
  cityName: 120,
  slug: 60,
  country: 80,
  /** An organisation as typed on a person or invitation. */
  organisation: 200,
  agendaTitle: 300,
  location: 300,
  /** A service's public contact, an address. */
  contact: 300,
  /** Why someone opens an identity or removes a person: kept in the audit log. */
  reason: 300,
  neighbourhood: 120,
  relationship: 80,
  phone: 40,
  email: 254,
  caseReference: 30,
  /** A taxonomy or factor code. */
  code: 80,
  label: 160,
  focus: 500,
  guidance: 1000,
  /** A decision note, a decline reason, a legal basis. */
  shortNote: 1000,
  /** A situation's originating reason, a service's description, a mandate item's scope. */
  summary: 2000,
  /** An organisation's notes, the network's description. */
  description: 4000,
  /** Agenda notes, decision text, referral message and feedback, follow-up and closure notes. */
  note: 5000,
  /** ToR sections, assessment summaries and plans. */
  longText: 10_000,
  /** An intervention or support plan. */
  plan: 20_000,
  /** A meeting's minutes. */
  minutes: 100_000,
  /** A search box. */
  search: 100,
  /** A person's account id in paths and bodies. */
  userId: 64,
  templateId: 64,
  password: 128,
  passwordMin: 12,
  invitationToken: 100,
  /** A pagination cursor as the server hands it out. */
  cursor: 2000,
} as const;
export type LimitName = keyof typeof LIMITS;

/** The dates the app accepts anywhere: wide enough for a date of birth, narrow enough for the database. */
export const DATE_RANGE = { min: '1900-01-01', max: '2200-12-31' } as const;

// eslint-disable-next-line no-control-regex -- the point is to name the NUL character
const NO_NUL = /^[^\u0000]*$/;

/** Free text: trimmed, at most `max` characters (at least `min`), never a NUL byte. */
export function text(max: number, min = 0) {
  const trimmed = z.string().trim();
  return (min > 0 ? trimmed.min(min) : trimmed).max(max).regex(NO_NUL, { error: 'validation.nul' });
}

/** Free text that must not be empty. */
export const requiredText = (max: number) => text(max, 1);

/** A string taken exactly as sent (passwords, tokens): at most `max` characters, never a NUL byte. */
export function exactText(max: number, min = 0) {
  return z.string().min(min).max(max).regex(NO_NUL, { error: 'validation.nul' });
}

/** A person's account id (better-auth's): letters, digits, '-' and '_'. */
export const userIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.userId)
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'validation.id' });

/** An e-mail address of at most 254 characters. */
export const emailSchema = z.email().max(LIMITS.email);

function inDateRange(date: string) {
  const day = date.slice(0, 10);
  return day >= DATE_RANGE.min && day <= DATE_RANGE.max;
}

/** A real calendar date, YYYY-MM-DD, between 1900-01-01 and 2200-12-31. */
export const isoDate = z.iso.date().refine(inDateRange, {
  error: 'validation.date-range',
  params: { min: DATE_RANGE.min, max: DATE_RANGE.max },
});

/** A date and time with an offset (ISO 8601), on a real calendar day between 1900 and 2200. */
export const isoDateTime = z.iso
  .datetime({ offset: true })
  .refine((value) => z.iso.date().safeParse(value.slice(0, 10)).success, { error: 'validation.datetime' })
  .refine(inDateRange, {
    error: 'validation.date-range',
    params: { min: DATE_RANGE.min, max: DATE_RANGE.max },
  });

/** A whole number from `min` to `max`. */
export const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** A yes/no in a query string: "true" or "false". */
export const queryBool = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A whole number from `min` to `max` in a query string. */
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A body's PATCH: at least one known field must be given (unknown fields are dropped first). */
export function nonEmptyPatch<T extends z.ZodObject>(schema: T) {
  return schema.refine((value) => Object.values(value).some((field) => field !== undefined), {
    error: 'validation.empty-patch',
  });
}

type PatchShape<T extends z.ZodRawShape> = {
  [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer Inner> ? Inner : T[K]>;
};

/**
 * The PATCH form of a create body: every field optional and without its default (a field left out
 * stays as it is, rather than being reset to the default), and at least one field given.
 */
export function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [
      key,
      z.optional(field instanceof z.ZodDefault ? field.unwrap() : field),
    ]),
  ) as PatchShape<T>;
  return nonEmptyPatch(z.object(shape));
}

// ---------------------------------------------------------------------------------------------
// Cursors: base64url of a JSON array (the last row's sort value, then its id). Clients treat them
// as opaque; the shape each list hands out is declared here so a crafted cursor never reaches SQL.

/** Newest- or soonest-first lists sorted by a timestamp, tie-broken by a uuid. */
export const timeCursor = z.tuple([isoDateTime, z.guid()]);

/** Lists sorted by a calendar day (e.g. reviews by due date), tie-broken by a uuid. */
export const dateCursor = z.tuple([isoDate, z.guid()]);

/** The people list: the lower-cased name (by name) or the join time in ms (by join date), then the account id. */
export const peopleCursor = z.tuple([
  z.union([text(LIMITS.personName), z.number().int().min(0).max(8_640_000_000_000_000)]),
  userIdSchema,
]);

function toBase64Url(value: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(value: string): string {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The cursor for a row: its sort value and id. */
export function encodeCursor(value: string | number, id: string): string {
  return toBase64Url(JSON.stringify([value, id]));
}

/** The cursor's sort value and id if it has the shape `shape` describes; otherwise null. */
export function decodeCursor<T extends z.ZodType>(cursor: string, shape: T): z.output<T> | null {
  try {
    const parsed = shape.safeParse(JSON.parse(fromBase64Url(cursor)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A query's `cursor`: one this server could have handed out for a list of the given shape. */
export function cursorParam<T extends z.ZodType>(shape: T) {
  return z
    .string()
    .max(LIMITS.cursor)
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'validation.cursor' })
    .refine((cursor) => decodeCursor(cursor, shape) !== null, { error: 'validation.cursor' });
}

/** The audit log's cursor: the sequence number to continue below. */
export const seqCursor = z
  .string()
  .max(15)
  .regex(/^[1-9]\d{0,14}$/, { error: 'validation.cursor' });

// ---------------------------------------------------------------------------------------------
// Messages

/** A zod issue as an error map sees it (the input is there, never reported back). */
type Issue = z.core.$ZodRawIssue;

/**
 * A zod error map (pass as `safeParse(data, { error: validationKey })`): names each failed check
 * by a key under `validation.` in the locale files. Values to show ({{maximum}}, {{values}}…)
 * come from the issue itself. Messages set on a schema (`validation.nul`…) take precedence.
 */
export function validationKey(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'validation.required' : 'validation.type';
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? 'validation.empty' : 'validation.too-short';
      if (issue.origin === 'array' || issue.origin === 'set') return 'validation.too-few';
      return 'validation.too-small';
    case 'too_big':
      if (issue.origin === 'string') return 'validation.too-long';
      if (issue.origin === 'array' || issue.origin === 'set') return 'validation.too-many';
      return 'validation.too-large';
    case 'invalid_format':
      if (issue.format === 'date') return 'validation.date';
      if (issue.format === 'datetime') return 'validation.datetime';
      if (issue.format === 'email') return 'validation.email';
      if (issue.format === 'guid' || issue.format === 'uuid') return 'validation.id';
      return 'validation.format';
    case 'invalid_value':
      return issue.input === undefined ? 'validation.required' : 'validation.choice';
    case 'invalid_union':
      return issue.input === undefined ? 'validation.required' : 'validation.invalid';
    case 'unrecognized_keys':
      return 'validation.unknown-field';
    default:
      return 'validation.invalid';
  }
}
