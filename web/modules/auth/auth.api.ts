import { authCall } from '../../lib/api';

/** better-auth answers a password sign-in of a 2FA account with a redirect flag instead of a session. */
export interface SignInResult {
  twoFactorRedirect?: boolean;
}

export const signInEmail = (email: string, password: string) =>
  authCall<SignInResult>('/sign-in/email', { email, password });

export const verifyTotp = (code: string) => authCall('/two-factor/verify-totp', { code });

export const verifyBackupCode = (code: string) => authCall('/two-factor/verify-backup-code', { code });
