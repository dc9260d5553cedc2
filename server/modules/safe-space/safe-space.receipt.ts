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
 * The stored form: scrypt (N=2^14, r=8: 16 MB, tens of milliseconds), salted with the city so the
 * same receipt hashes differently per city. Equality look-up needs a salt that does not vary per
 * row; with 100 random bits a precomputed table is out of reach anyway.
 */
export async function hashReceipt(cityId: string, normalised: string): Promise<string> {
  const hash = await scrypt(normalised, `lpn-safe-space-receipt:${cityId}`, 32, {
    N: 16384,
    r: 8,
    p: 1,
    maxmem: 64 * 1024 * 1024,
  });
  return hash.toString('base64url');
}
