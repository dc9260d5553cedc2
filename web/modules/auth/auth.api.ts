import type { CityBranding } from '../../../contracts/index.js';
import { authCall } from '../../lib/api';

/** better-auth answers a password sign-in of a 2FA account with a redirect flag instead of a session. */
export interface SignInResult {
  twoFactorRedirect?: boolean;
}

export const signInEmail = (email: string, password: string) =>
  authCall<SignInResult>('/sign-in/email', { email, password });

export const verifyTotp = (code: string) => authCall('/two-factor/verify-totp', { code });

export const verifyBackupCode = (code: string) => authCall('/two-factor/verify-backup-code', { code });

/**
 * A city's sign-in branding (public). A plain fetch rather than the typed client: the client pulls in
 * zod and every contract, which the sign-in page's first load should not carry for four fields.
 */
export async function fetchPublicBranding(slug: string, signal?: AbortSignal): Promise<CityBranding | null> {
  const response = await fetch(`/api/public/cities/${encodeURIComponent(slug)}/branding`, {
    signal,
    headers: { accept: 'application/json' },
  });
  // An unknown city (404) or any failure shows the default page. The answer is read either way: an
  // unread body keeps the request open in the browser.
  const body = await response.text();
  if (!response.ok) return null;
  return JSON.parse(body) as CityBranding;
}
