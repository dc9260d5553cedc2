import { identitySchema, MINOR_AGE_BANDS, type Identity } from '../../../contracts/cases.contract.js';
import type { CityKeys } from '../../platform/crypto/keys.js';

/*
 * Identity of persons in a situation: one encrypted JSON document per person, plus keyed hashes for
 * the duplicate-person check. Every module that touches identity goes through these functions so
 * the encryption context and the normalisation are the same everywhere.
 */

/** AAD context of the identity document (bound to the city by CityKeys). */
export const IDENTITY_CONTEXT = 'case_person.identity';
/** AAD contexts of the other restricted texts. */
export const RESTRICTED_CONTEXT = {
  plan: 'case_situation.plan',
  closureNote: 'case_situation.closure_note',
  assessmentSummary: 'case_assessment.summary',
  assessmentPlan: 'case_assessment.management_plan',
  assessmentChanges: 'case_assessment.changes',
  followUpNote: 'case_follow_up.note',
  referralMessage: 'case_referral.message',
  referralFeedback: 'case_referral.feedback',
  informDeferredReason: 'case_situation.inform_deferred_reason',
} as const;
const MATCH_PURPOSE = 'case_person.match';

export async function encryptIdentity(keys: CityKeys, cityId: string, identity: Identity): Promise<string> {
  return keys.encrypt(cityId, IDENTITY_CONTEXT, JSON.stringify(identity));
}

export async function decryptIdentity(keys: CityKeys, cityId: string, ciphertext: string): Promise<Identity> {
  return identitySchema.parse(JSON.parse(await keys.decrypt(cityId, IDENTITY_CONTEXT, ciphertext)));
}

/** The identity fields that hold a value (for audit entries: names of fields, never values). */
export function presentIdentityFields(identity: Identity): string[] {
  return Object.entries(identity)
    .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== ''))
    .map(([k]) => k);
}

/** Lower case, accents and punctuation removed, single spaces: "  Zoë-Anne  O'Neil" → "zoe anne o neil". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Keyed hashes of the person's normalised name and date of birth. Two keys so that swapped given
 * and family names still match; without a date of birth a name alone is too weak to match on.
 */
export async function matchKeys(
  keys: CityKeys,
  cityId: string,
  person: { givenName: string; familyName: string; dateOfBirth?: string },
): Promise<string[]> {
  if (!person.dateOfBirth) return [];
  const given = normaliseName(person.givenName);
  const family = normaliseName(person.familyName);
  const variants = new Set([
    `${given}|${family}|${person.dateOfBirth}`,
    `${family}|${given}|${person.dateOfBirth}`,
  ]);
  return Promise.all([...variants].map((v) => keys.blindIndex(cityId, MATCH_PURPOSE, v)));
}

/** Under 18 on `on` (a date of birth decides; without one, nothing is assumed). */
export function isMinorOn(dateOfBirth: string | undefined, on: Date = new Date()): boolean {
  if (!dateOfBirth) return false;
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  const eighteenth = Date.UTC(y + 18, m - 1, d);
  return on.getTime() < eighteenth;
}

export function isMinorAgeBand(ageBand: string): boolean {
  return MINOR_AGE_BANDS.includes(ageBand);
}
