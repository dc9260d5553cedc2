import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/** Crockford's base32: no I, L, O or U, so a receipt read aloud or copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 20 characters of 5 bits: 100 bits, shown as five groups of four. */
export const RECEIPT_CHARS = 20;

export function newReceipt(): string {
  const bytes = crypto.randomBytes(RECEIPT_CHARS);
  // 256 is a multiple of 32: every character is uniform.
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The canonical form of a typed receipt (case, spaces, dashes, O/0 and I/L/1 forgiven), or null. */
export function normaliseReceipt(input: string): string | null {
  if (input.length > 80) return null;
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (cleaned.length !== RECEIPT_CHARS) return null;
  for (const c of cleaned) if (!ALPHABET.includes(c)) return null;
  return cleaned;
}

/** The receipt's last group: what the sender types to confirm they saved it. */
export const lastGroup = (normalised: string) => normalised.slice(-4);

/**
 * The stored form: scrypt (N=2^12, r=8: 4 MB, about 9 ms of one core), salted with the city so the
 * same receipt hashes differently per city, written as `s12.<hash>`. Equality look-up needs a salt
 * that does not vary per row; with 100 random bits a precomputed table is out of reach anyway, and so
 * is any guessing: the slow hash is defence in depth, not what protects the receipt. Its cost is paid
 * on every submission, so it bounds the rate the server accepts them (issue 12: ≥ 100/s on this
 * 2-core machine); N=2^14 (48 ms) held that to about 40/s. See docs/SAFE_SPACE.md.
 */
export async function hashReceipt(cityId: string, normalised: string): Promise<string> {
  return `s12.${(await scryptOf(cityId, normalised, 4096)).toString('base64url')}`;
}

/**
 * Every stored form a receipt may have: the current one and, for submissions made before the cost
 * was lowered (2026-12-08), the N=2^14 hash stored bare. Look-ups match either; a new submission
 * always stores the current form.
 */
export async function storedFormsOfReceipt(cityId: string, normalised: string): Promise<string[]> {
  const [current, legacy] = await Promise.all([
    hashReceipt(cityId, normalised),
    scryptOf(cityId, normalised, 16384).then((hash) => hash.toString('base64url')),
  ]);
  return [current, legacy];
}

function scryptOf(cityId: string, normalised: string, N: number): Promise<Buffer> {
  return scrypt(normalised, `lpn-safe-space-receipt:${cityId}`, 32, {
    N,
    r: 8,
    p: 1,
    maxmem: 64 * 1024 * 1024,
  });
}
