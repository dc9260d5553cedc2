import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PublicLayout } from '../../components/PublicLayout';
import { useDocumentTitle } from '../../components/Page';
import { CredentialsForm } from './CredentialsForm';
import { SecondFactorForm } from './SecondFactorForm';
import { fetchPublicBranding } from './auth.api';

/** Sign-in: e-mail and password, then a TOTP code (or a recovery code) when the account uses 2FA. */
export function SignInPage() {
  const { t } = useTranslation();
  const search = useSearch({ strict: false }) as { email?: string; redirect?: string; city?: string };
  // Reached for a city (/sign-in?city=<short name>): its name, logo and colour; the default otherwise.
  const branding = useQuery({
    queryKey: ['public-branding', search.city],
    queryFn: ({ signal }) => fetchPublicBranding(search.city!, signal),
    enabled: !!search.city,
    retry: false,
    staleTime: 5 * 60_000,
  });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<'credentials' | 'second-factor'>('credentials');
  useDocumentTitle(step === 'credentials' ? t('auth.signInTitle') : t('auth.twoFactorTitle'));

  function done() {
    queryClient.clear();
    // Only follow local redirects, never another origin.
    const target =
      search.redirect?.startsWith('/') && !search.redirect.startsWith('//') ? search.redirect : '/';
    void navigate({ href: target, replace: true });
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
