// The referrals module's web surface used by other modules (the situation page shows the panel).
export { CaseReferralsPanel } from './CaseReferralsPanel';
