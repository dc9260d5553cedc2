import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { PublicLayout } from '../../components/PublicLayout';
import { useDocumentTitle } from '../../components/Page';
import { CredentialsForm } from './CredentialsForm';
import { SecondFactorForm } from './SecondFactorForm';
import { fetchPublicBranding } from './auth.api';

export interface SignInSearch {
  email?: string;
  redirect?: string;
  city?: string;
}

/** Where to go once signed in: only a local path, never another origin. */
export function signInTarget(search: SignInSearch): string {
  return search.redirect?.startsWith('/') && !search.redirect.startsWith('//') ? search.redirect : '/';
}

/**
 * Sign-in: e-mail and password, then a TOTP code (or a recovery code) when the account uses 2FA.
 * Free of the router, so the sign-in document (web/signIn.tsx) renders it without the app's router,
 * module registry and pages; inside the app the /sign-in route renders it too (SignInPage).
 */
export function SignInView({
  search,
  onSignedIn,
}: {
  search: SignInSearch;
  onSignedIn: (target: string) => void;
}) {
  const { t } = useTranslation();
  // Reached for a city (/sign-in?city=<short name>): its name, logo and colour; the default otherwise.
  const branding = useQuery({
    queryKey: ['public-branding', search.city],
    queryFn: ({ signal }) => fetchPublicBranding(search.city!, signal),
    enabled: !!search.city,
    retry: false,
    staleTime: 5 * 60_000,
  });
  const queryClient = useQueryClient();
  const [step, setStep] = useState<'credentials' | 'second-factor'>('credentials');
  useDocumentTitle(step === 'credentials' ? t('auth.signInTitle') : t('auth.twoFactorTitle'));

  function done() {
    queryClient.clear();
    onSignedIn(signInTarget(search));
  }

  return (
    <PublicLayout branding={branding.data}>
      {step === 'credentials' ? (
        <CredentialsForm
          initialEmail={search.email ?? ''}
          onSignedIn={done}
          onSecondFactor={() => setStep('second-factor')}
        />
      ) : (
        <SecondFactorForm onDone={done} onBack={() => setStep('credentials')} />
      )}
    </PublicLayout>
  );
}
