import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaCompiler,
} from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { safeParse, type $ZodType } from 'zod/v4/core';
import { validationKey } from '../../contracts/primitives.js';
import { AppError, type ErrorCode } from './errors.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { hasMessage, negotiateLocale, translate } from './i18n.js';
import type { Locale } from '../../contracts/route.js';

type FieldError = { path: string; code: string; message: string };

/** Retry-After on 503 answers: about how long a database restart or failover takes. */
export const RETRY_AFTER_SECONDS = 5;

function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  extra: {
    detail?: string;
    errors?: FieldError[] | ((locale: Locale) => FieldError[]);
    instance?: false;
  } = {},
) {
  const locale = negotiateLocale(request.headers['accept-language']);
  if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  const errors = typeof extra.errors === 'function' ? extra.errors(locale) : extra.errors;
  return reply
    .status(status)
    .type('application/problem+json')
    .header('content-language', locale)
    .send({
      type: `https://lpn.example/problems/${code}`,
      title: translate(locale, `errors.${code}`),
      status,
      code,
      ...(extra.detail ? { detail: extra.detail } : {}),
      ...(extra.instance === false ? {} : { instance: request.url.split('?')[0] }),
      requestId: request.id,
      ...(errors ? { errors } : {}),
    });
}

// fastify-type-provider-zod marks its validation errors with this symbol; ours carry it too, so
// `hasZodFastifySchemaValidationErrors` keeps recognising them.
const zodValidationError = Symbol.for('ZodFastifySchemaValidationError');

/**
 * The zod validator of fastify-type-provider-zod, with one change: every failed check is named by
 * a `validation.*` message key (contracts/primitives.ts `validationKey`) rather than zod's English,
 * so the error handler can answer in the caller's language. The input is never put in an issue.
 */
export const validatorCompiler: FastifySchemaCompiler<$ZodType> =
  ({ schema }) =>
  (data) => {
    const result = safeParse(schema, data, { error: validationKey });
    if (result.success) return { value: result.data };
    return {
      error: result.error.issues.map((issue) => {
        const { path, code, message, ...params } = issue as typeof issue & { path: PropertyKey[] };
        return {
          [zodValidationError]: true,
          keyword: code,
          instancePath: `/${path.map(String).join('/')}`,
          schemaPath: `#/${path.map(String).join('/')}/${code}`,
          message,
          params,
        };
      }) as unknown as Error,
    };
  };

/** The values a validation message may show: bounds, the expected type, the allowed values. */
function messageValues(params: Record<string, unknown> | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (!params) return values;
  for (const name of ['minimum', 'maximum', 'expected', 'format']) {
    if (typeof params[name] === 'number' || typeof params[name] === 'string') values[name] = params[name];
  }
  if (Array.isArray(params.values)) values.values = params.values.map(String).join(', ');
  const custom = params.params as Record<string, unknown> | undefined;
  if (custom && typeof custom === 'object') {
    for (const [name, value] of Object.entries(custom)) {
      if (typeof value === 'number' || typeof value === 'string') values[name] = value;
    }
  }
  return values;
}

/**
 * Every error leaves as RFC 9457 problem+json with a translated title. Unknown errors are logged
 * (serialised without request bodies) and answered with a bare 500: no stack, SQL or data leaks.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'application error');
      const fieldErrors = error.fieldErrors;
      return sendProblem(request, reply, error.status, error.code, {
        detail: error.detail,
        // A field message may be a `validation.*` key (pagination.ts): translate it like the contracts'.
        errors: fieldErrors
          ? (locale) =>
              fieldErrors.map(({ key, values, ...e }) => {
                if (key && hasMessage(key)) {
                  const filled = Object.fromEntries(
                    Object.entries(values ?? {}).map(([name, v]) => [
                      name,
                      Array.isArray(v)
                        ? v.map((k) => (hasMessage(k) ? translate(locale, k) : k)).join(' / ')
                        : v,
                    ]),
                  );
                  return { ...e, message: translate(locale, key, filled) };
                }
                return e.message.startsWith('validation.') && hasMessage(e.message)
                  ? { ...e, message: translate(locale, e.message) }
                  : e;
              })
          : undefined,
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      // One entry per failed check: where (body.title), what (a stable code such as "too-long"),
      // and a sentence in the caller's language with the limit it broke.
      const issues = error.validation.map((issue) => {
        const key =
          issue.message?.startsWith('validation.') && hasMessage(issue.message)
            ? issue.message
            : 'validation.invalid';
        return {
          path: [error.validationContext, ...String(issue.instancePath).split('/').filter(Boolean)].join('.'),
          key,
          values: messageValues(issue.params as Record<string, unknown>),
        };
      });
      return sendProblem(request, reply, 400, 'validation', {
        errors: (locale) =>
          issues.map(({ path, key, values }) => ({
            path,
            code: key.slice('validation.'.length),
            message: translate(locale, key, values),
          })),
      });
    }
    if (isResponseSerializationError(error)) {
      request.log.error(
        { errType: 'response-serialization', method: error.method, url: error.url },
        'bad response shape',
      );
      return sendProblem(request, reply, 500, 'internal');
    }
    if (isDatabaseUnavailable(error)) {
      // The database is restarting or unreachable: the client may retry; nothing was changed
      // unless it was acknowledged. The pool reconnects by itself once the database is back.
      request.log.warn(
        { errName: error.name, errCode: error.code ?? (error.cause as { code?: string } | undefined)?.code },
        'database unavailable',
      );
      return sendProblem(request, reply, 503, 'service-unavailable');
    }
    if (error.statusCode === 429) return sendProblem(request, reply, 429, 'rate-limited');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors (bad JSON, too large, unsupported media type): say so without echoing input.
      return sendProblem(
        request,
        reply,
        error.statusCode,
        error.statusCode === 404 ? 'not-found' : 'bad-request',
        {
          detail: error.code,
        },
      );
    }
    // Log the error class and code only: messages from the database driver can quote SQL and values.
    request.log.error(
      {
        errName: error.name,
        errCode: error.code,
        stack: error.stack
          ?.split('\n')
          .filter((line) => line.trim().startsWith('at '))
          .slice(0, 6),
      },
      'unhandled error',
    );
    return sendProblem(request, reply, 500, 'internal');
  });

  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 404, 'not-found'));
}

/**
 * Errors the router raises before any route or hook runs (Fastify's `frameworkErrors`): a path
 * parameter longer than the router takes (414) or a malformed percent-encoding (400). They leave
 * as problem+json like every other error, without echoing the path.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendProblem(request, reply, 414, 'uri-too-long', { instance: false });
  return sendProblem(request, reply, 400, 'bad-request', { instance: false });
}

export { sendProblem };
