/*
 * Which errors mean "the database cannot be reached right now" (a restart, a failover, a dropped
 * connection) rather than "this request is wrong" or "the code is wrong". The one error handler
 * answers these with 503 and Retry-After, so no route needs to know about database outages.
 */

/** Socket-level failures while reaching or talking to the server. */
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server going away or not accepting connections yet: 57P01 admin_shutdown
 * (pg_ctl stop -m fast, pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (starting up, shutting down, in recovery), 53300 too_many_connections. Class 08 (connection
 * exception) is matched by prefix.
 */
const sqlStates = new Set(['57P01', '57P02', '57P03', '53300']);

/** node-postgres raises these as plain Errors without a code. */
const driverMessages = [
  'Connection terminated', // …unexpectedly, …due to connection timeout, or ended while a query waited
  'timeout exceeded when trying to connect', // pool checkout (connectionTimeoutMillis)
  'is not queryable', // a client that already lost its connection
  'Cannot use a pool after calling end on the pool', // the app is shutting down
];

/** True when the error (or one it wraps: Drizzle's cause, an AggregateError's errors) is a lost or refused database connection. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (
    typeof code === 'string' &&
    (socketCodes.has(code) || sqlStates.has(code) || /^08[0-9A-Z]{3}$/.test(code))
  )
    return true;
  if (
    typeof message === 'string' &&
    !code &&
    driverMessages.some((m) => message.startsWith(m) || message.endsWith(m))
  )
    return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
