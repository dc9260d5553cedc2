import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from './errors.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { negotiateLocale, translate } from './i18n.js';

/** Retry-After on 503 answers: about how long a database restart or failover takes. */
export const RETRY_AFTER_SECONDS = 5;

function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  extra: { detail?: string; errors?: { path: string; code: string; message: string }[] } = {},
) {
  const locale = negotiateLocale(request.headers['accept-language']);
  if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
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
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...(extra.errors ? { errors: extra.errors } : {}),
    });
}

/**
 * Every error leaves as RFC 9457 problem+json with a translated title. Unknown errors are logged
 * (serialised without request bodies) and answered with a bare 500: no stack, SQL or data leaks.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'application error');
      return sendProblem(request, reply, error.status, error.code, {
        detail: error.detail,
        errors: error.fieldErrors,
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((issue) => ({
        path: [error.validationContext, ...String(issue.instancePath).split('/').filter(Boolean)].join('.'),
        code: String(issue.params?.issue && (issue.params.issue as { code?: string }).code) || issue.keyword,
        message: issue.message ?? 'invalid',
      }));
      return sendProblem(request, reply, 400, 'validation', { errors });
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

export { sendProblem };
