import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { RouteContract } from '../../contracts/route.js';
import type { AuditActor } from './audit/audit.js';
import type { Db } from './db/index.js';
import { AppError, notFound, unauthenticated } from './errors.js';
import type { Actor } from './policy.js';
import type { SignedIn } from './auth/plugin.js';
import { resolveRequestScope, type RequestScope } from './auth/scope.js';
import type { ScopeCache } from './auth/scope-cache.js';
import type { Auth } from './auth/auth.js';

type Infer<T> = [NonNullable<T>] extends [z.ZodType] ? z.infer<NonNullable<T>> : undefined;

export interface RouteContext<C extends RouteContract> {
  request: FastifyRequest;
  reply: FastifyReply;
  params: Infer<C['params']>;
  query: Infer<C['query']>;
  body: Infer<C['body']>;
  /** Null only on routes with `auth: false`. */
  actor: Actor;
  signedIn: SignedIn | null;
  /** Who to write into the audit log for this request. */
  auditActor: AuditActor;
}

export interface RouteDeps {
  db: Db;
  auth: Auth;
  sessionAbsoluteHours: number;
  scopeCache: ScopeCache;
}

/**
 * The actor of a city route: the person's membership there. Someone with no membership gets 404,
 * not 403, so the existence of a city's records is not disclosed across tenants.
 */
function cityActor(scope: RequestScope, signedIn: SignedIn, cityId: string): Actor {
  if (scope.city && !scope.city.role && scope.platformAdminWithout2fa) {
    throw new AppError('two-factor-required', 403, 'Set up two-factor sign-in to use platform-admin rights');
  }
  if (!scope.city || (!scope.city.role && !scope.isPlatformAdmin)) throw notFound();
  const actor: Actor = {
    userId: signedIn.userId,
    isPlatformAdmin: scope.isPlatformAdmin,
    platformAdminWithout2fa: scope.platformAdminWithout2fa,
  };
  if (scope.city.role) {
    actor.city = { id: cityId, role: scope.city.role };
    if (scope.city.require2faRoles.includes(scope.city.role) && !signedIn.twoFactorEnabled) {
      throw new AppError('two-factor-required', 403, 'Set up two-factor sign-in to work in this city');
    }
  }
  return actor;
}

/** Registers one contract route: validation, serialisation and OpenAPI from the zod schemas; session and city scope. */
export function registerRoute<C extends RouteContract>(
  app: FastifyInstance,
  deps: RouteDeps,
  contract: C,
  handler: (ctx: RouteContext<C>) => Promise<Infer<C['response']>>,
  options: { rateLimit?: { max: number; timeWindow: string }; bodyLimit?: number } = {},
): void {
  const status = contract.status ?? 200;
  app.withTypeProvider<ZodTypeProvider>().route({
    method: contract.method,
    url: contract.path,
    ...(options.rateLimit ? { config: { rateLimit: options.rateLimit } } : {}),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    schema: {
      summary: contract.summary,
      tags: contract.tags,
      ...(contract.params ? { params: contract.params } : {}),
      ...(contract.query ? { querystring: contract.query } : {}),
      ...(contract.body ? { body: contract.body } : {}),
      ...(status === 204 ? {} : { response: { [status]: contract.response } }),
      ...(contract.auth === false ? {} : { security: [{ session: [] }] }),
    },
    async handler(request, reply) {
      const params = request.params as { cityId?: string };
      const cityId = contract.auth !== false ? params.cityId : undefined;
      const scope = await resolveRequestScope(deps, request, reply, cityId);
      const signedIn = scope.signedIn;
      if (contract.auth !== false && !signedIn) throw unauthenticated();
      const actor: Actor =
        signedIn && cityId
          ? cityActor(scope, signedIn, cityId)
          : {
              userId: signedIn?.userId ?? '',
              isPlatformAdmin: scope.isPlatformAdmin,
              platformAdminWithout2fa: scope.platformAdminWithout2fa,
            };
      const auditActor: AuditActor = {
        userId: signedIn?.userId ?? null,
        role: actor.city?.role ?? (actor.isPlatformAdmin ? 'platform_admin' : signedIn ? 'none' : 'public'),
        requestId: request.id,
      };
      const result = await handler({
        request,
        reply,
        params: request.params as never,
        query: request.query as never,
        body: request.body as never,
        actor,
        signedIn,
        auditActor,
      });
      if (status === 204) return reply.status(204).send();
      return reply.status(status).send(result);
    },
  });
}
