/**
 * The one error type of the application. `code` names a translated title (locales: errors.<code>);
 * `detail` is for developers and must never carry personal data, SQL or stack traces.
 */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly status: number,
    public readonly detail?: string,
    /**
     * Per-field errors. `message` is English (or a `validation.*` key); with `key` (a message key of the
     * locale files) and `values` the answer carries that message in the caller's language instead. A
     * value that is a list of message keys is translated item by item and joined.
     */
    public readonly fieldErrors?: {
      path: string;
      code: string;
      message: string;
      key?: string;
      values?: Record<string, string | number | string[]>;
    }[],
  ) {
    super(detail ?? code);
    this.name = 'AppError';
  }
}

export const errorCodes = [
  'bad-request',
  'validation',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'rate-limited',
  'locked-out',
  'uri-too-long',
  'two-factor-required',
  'csrf',
  'invitation-invalid',
  'consent-required',
  'not-assigned',
  'wrong-stage',
  'internal',
  'service-unavailable',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const badRequest = (detail?: string) => new AppError('bad-request', 400, detail);
export const unauthenticated = () => new AppError('unauthenticated', 401);
export const forbidden = (detail?: string) => new AppError('forbidden', 403, detail);
// Not found is also what someone outside a city gets for its records: existence is not disclosed.
export const notFound = () => new AppError('not-found', 404);
export const conflict = (detail?: string) => new AppError('conflict', 409, detail);
/** Cases: a referral, disclosure or support needs consent or a legal basis first. */
export const consentRequired = (detail?: string) => new AppError('consent-required', 409, detail);
/** Cases: need-to-know — the person's organisation is not assigned to the situation. */
export const notAssigned = (detail?: string) => new AppError('not-assigned', 403, detail);
/** Cases: the step does not fit the situation's current stage. */
export const wrongStage = (detail?: string) => new AppError('wrong-stage', 409, detail);
/** The database cannot be reached right now (restart, failover): try again shortly. */
export const serviceUnavailable = () => new AppError('service-unavailable', 503);
