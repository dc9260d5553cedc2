import type { FastifyInstance, FastifyRequest } from 'fastify';
import { peopleRoutes } from '../../../contracts/people.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import { AppError } from '../../platform/errors.js';
import { createUserWithPassword } from '../../platform/auth/auth.js';
import * as people from './people.service.js';

/** The link a person opens to accept: the web app's /invite/<token> route. */
export function invitationUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/invite/${token}`;
}

export function requestBaseUrl(deps: AppDeps, request: FastifyRequest): string {
  return deps.config.publicUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}

export async function peopleModule(app: FastifyInstance, deps: AppDeps) {
  registerRoute(app, deps, peopleRoutes.listPeople, ({ actor, params, query }) =>
    people.listPeople(deps.db, actor, params.cityId, query),
  );
  registerRoute(app, deps, peopleRoutes.getPerson, ({ actor, auditActor, params }) =>
    people.getPerson(deps, actor, auditActor, params.cityId, params.userId),
  );
  registerRoute(app, deps, peopleRoutes.updatePerson, ({ actor, auditActor, params, body }) =>
    people.updatePerson(deps, actor, auditActor, params.cityId, params.userId, body),
  );
  registerRoute(app, deps, peopleRoutes.removePerson, async ({ actor, auditActor, params }) => {
    await people.removePerson(deps.db, actor, auditActor, params.cityId, params.userId);
    return null;
  });

  registerRoute(app, deps, peopleRoutes.listInvitations, async ({ actor, params }) => ({
    items: await people.listInvitations(deps.db, actor, params.cityId),
  }));
  registerRoute(
    app,
    deps,
    peopleRoutes.createInvitation,
    async ({ actor, auditActor, params, body, request }) => {
      const created = await people.createInvitation(deps.db, actor, auditActor, params.cityId, body);
      const url = invitationUrl(requestBaseUrl(deps, request), created.token);
      const emailed = await deps.mailer
        .send({
          to: body.email,
          subject: 'Invitation to LPN Workspace',
          text: `You have been invited to join a Local Prevention Network on LPN Workspace.\n\nOpen this link within ${people.INVITATION_DAYS} days to accept:\n${url}\n`,
        })
        .catch((error: Error) => {
          request.log.warn({ errName: error.name }, 'invitation e-mail could not be sent');
          return false;
        });
      return { invitation: created.invitation, url, emailed };
    },
  );
  registerRoute(app, deps, peopleRoutes.revokeInvitation, async ({ actor, auditActor, params }) => {
    await people.revokeInvitation(deps.db, actor, auditActor, params.cityId, params.invitationId);
    return null;
  });

  // Public: the token is the secret. Tighter rate limit against guessing.
  const publicLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };
  registerRoute(
    app,
    deps,
    peopleRoutes.lookupInvitation,
    async ({ params }) => {
      const found = await people.findOpenInvitation(deps.db, params.token);
      return {
        cityName: found.cityName,
        email: found.invitation.email,
        role: found.invitation.role as never,
        expiresAt: found.invitation.expiresAt.toISOString(),
        accountExists: found.existingUserId !== null,
      };
    },
    publicLimit,
  );
  registerRoute(
    app,
    deps,
    peopleRoutes.acceptInvitation,
    async ({ params, body, signedIn }) => {
      const found = await people.findOpenInvitation(deps.db, params.token);
      let userId: string;
      if (found.existingUserId) {
        // An existing account joins only when its owner is signed in: the link alone is not enough.
        if (signedIn?.userId !== found.existingUserId) {
          throw new AppError('unauthenticated', 401, 'Sign in with the invited account to accept');
        }
        userId = found.existingUserId;
      } else {
        if (!body.name || !body.password) {
          throw new AppError('validation', 400, 'Name and password are required to create the account', [
            ...(!body.name ? [{ path: 'body.name', code: 'required', message: 'required' }] : []),
            ...(!body.password ? [{ path: 'body.password', code: 'required', message: 'required' }] : []),
          ]);
        }
        userId = await createUserWithPassword(deps.auth, {
          email: found.invitation.email,
          name: body.name,
          password: body.password,
        });
      }
      await people.completeInvitation(deps.db, found, userId);
      return { cityId: found.invitation.cityId, email: found.invitation.email };
    },
    publicLimit,
  );
}
