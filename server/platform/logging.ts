import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { LoggerOptions } from 'pino';

/**
 * What a log line may hold. The app decides this once, here, whatever logger options the caller
 * passes: a request line is the method, the route *template* (never the URL: query strings carry
 * what people type into searches), the status and the time taken; errors are their class, code and
 * stack frames (never their message: database errors quote SQL and values). Described for operators
 * in docs/OPERATIONS.md ("Logs").
 */

/**
 * Routes that anonymous people use (the public pages, and a safe-space module to come): their log
 * lines carry no client address. A route elsewhere opts in with `config: { anonymous: true }`.
 */
export const ANONYMOUS_ROUTE_PREFIXES = ['/api/public/', '/api/anonymous/', '/p/'];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Log no client address for this route (anonymous callers: see ANONYMOUS_ROUTE_PREFIXES). */
    anonymous?: boolean;
  }
}

/** A second line of defence for objects logged by hand: these keys are censored wherever they appear. */
export const logRedact = {
  paths: [
    'req.headers.cookie',
    'req.headers.authorization',
    'res.headers["set-cookie"]',
    '*.password',
    '*.email',
    '*.phone',
    '*.token',
  ],
  censor: '[redacted]',
};

/** The route template of a request ("/api/cities/:cityId/people"), or null when no route matched. */
export function routeTemplate(request: FastifyRequest): string | null {
  return request.routeOptions?.url ?? null;
}

/** True when the request's line must not carry the client's address. */
export function isAnonymousRoute(request: FastifyRequest): boolean {
  if (request.routeOptions?.config?.anonymous) return true;
  // The raw path too: an unmatched URL under a public prefix (a 404) is still an anonymous caller.
  const paths = [routeTemplate(request), request.raw?.url ?? request.url].filter(Boolean) as string[];
  return paths.some((p) => ANONYMOUS_ROUTE_PREFIXES.some((prefix) => p.startsWith(prefix)));
}

/** Stack frames only: the first line of a stack is the error's message. */
function stackFrames(stack: unknown): string[] | undefined {
  if (typeof stack !== 'string') return undefined;
  return stack
    .split('\n')
    .filter((line) => line.trim().startsWith('at '))
    .slice(0, 8)
    .map((line) => line.trim());
}

/** Fastify logs `{ req, res, err }` objects; these serialisers decide what each becomes. */
export const logSerializers = {
  req(request: FastifyRequest) {
    return {
      method: request.method,
      route: routeTemplate(request),
      ...(isAnonymousRoute(request) ? {} : { ip: request.ip }),
    };
  },
  res(reply: FastifyReply) {
    return { statusCode: reply.statusCode };
  },
  err(error: Error & { code?: unknown; statusCode?: unknown; status?: unknown }) {
    if (!(error instanceof Error)) return { type: typeof error };
    const code = typeof error.code === 'string' || typeof error.code === 'number' ? error.code : undefined;
    const status = error.statusCode ?? error.status;
    return {
      type: error.name,
      ...(code !== undefined ? { code } : {}),
      ...(typeof status === 'number' ? { statusCode: status } : {}),
      stack: stackFrames(error.stack),
    };
  },
};

/** Query strings inside free-text messages (Fastify's own warnings quote the raw URL). */
const QUERY_IN_TEXT = /\?[^\s"'`]+/g;

const logHooks: NonNullable<LoggerOptions['hooks']> = {
  logMethod(args, method) {
    const [first, ...rest] = args as unknown[];
    // pino makes an error's message the line's message when none is given: give it the class instead.
    if (first instanceof Error) {
      const msg = typeof rest[0] === 'string' ? rest[0] : first.name;
      return method.apply(this, [{ err: first }, msg.replace(QUERY_IN_TEXT, '?…')] as never);
    }
    if (
      first &&
      typeof first === 'object' &&
      (first as { err?: unknown }).err instanceof Error &&
      !rest.length
    )
      return method.apply(this, [first, ((first as { err: Error }).err as Error).name] as never);
    const scrubbed = args.map((arg: unknown) =>
      typeof arg === 'string' ? arg.replace(QUERY_IN_TEXT, '?…') : arg,
    );
    return method.apply(this, scrubbed as never);
  },
};

/** The pino options every logger of the app uses (the server's and main.ts's job logger). */
export function logOptions(level: string): LoggerOptions {
  return {
    level,
    redact: logRedact,
    serializers: logSerializers as LoggerOptions['serializers'],
    hooks: logHooks,
  };
}

/**
 * The app's logger: the caller's level and destination, with our serialisers, redaction and hooks
 * laid over whatever else it passed (a caller cannot switch them off).
 */
export function appLoggerOptions(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  return { ...base, ...logOptions(base.level ?? 'info') } as FastifyServerOptions['logger'];
}

/**
 * Fastify's own log lines, held to the same rule (its defaults log the full URL and address, and
 * use an error's message as the line's message). One line per request, when its response has gone:
 * `{ reqId, req: { method, route, ip? }, res: { statusCode }, ms, msg: "request" }`.
 */
export class AppLogController extends LogController {
  override incomingRequest(): void {
    // Nothing: the completed line says all, once.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = { req: request, res: reply, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request');
  }

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply) {
    if (reply.statusCode >= 500) reply.log.error({ req: request, res: reply, err: error }, 'request failed');
    else reply.log.info({ res: reply, err: error }, 'request refused');
  }

  override routeNotFound(request: FastifyRequest) {
    request.log.info({ req: request }, 'route not found');
  }

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply) {
    reply.log.warn({ req: request, res: reply, err: error }, 'could not write the response head');
  }
}
