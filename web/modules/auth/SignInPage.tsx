import { useNavigate, useSearch } from '@tanstack/react-router';
import { SignInView, type SignInSearch } from './SignInView';

/** The /sign-in route inside the app (reached by a client-side navigation, e.g. after signing out). */
export function SignInPage() {
  const search = useSearch({ strict: false }) as SignInSearch;
  const navigate = useNavigate();
  return <SignInView search={search} onSignedIn={(href) => void navigate({ href, replace: true })} />;
}
