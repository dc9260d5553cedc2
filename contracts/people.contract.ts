import { z } from 'zod';
import {
  cursorParam,
  decodeCursor,
  emailSchema,
  exactText,
  LIMITS,
  nonEmptyPatch,
  peopleCursor,
  requiredText,
  text,
  userIdSchema,
} from './primitives.js';
import { cityParams, defineRoute, pageOf, pageQuery, roleSchema } from './route.js';

export const person = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  organisation: z.string().nullable(),
  twoFactorEnabled: z.boolean(),
  joinedAt: z.string(),
});
export type Person = z.infer<typeof person>;

/** A person with their personal contact details; reading it is audited. */
export const personDetail = person.extend({ phone: z.string().nullable() });

export const peopleSorts = ['joinedAt', '-joinedAt', 'name', '-name'] as const;
export const peopleSort = z.enum(peopleSorts);
export const personParams = cityParams.extend({ userId: userIdSchema });

export const invitation = z.object({
  id: z.guid(),
  email: z.string(),
  role: roleSchema,
  organisation: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
});

export const phoneSchema = text(LIMITS.phone).regex(/^\+?[0-9 ()-]{5,25}$/);

const invitationToken = exactText(LIMITS.invitationToken, 20);

/** The people list's query: a cursor sorted by name carries a name, one sorted by join date a time. */
export const peopleQuery = pageQuery
  .extend({
    cursor: cursorParam(peopleCursor).optional(),
    sort: peopleSort.default('-joinedAt'),
    q: text(LIMITS.search).optional(),
  })
  .refine(
    (query) => {
      if (!query.cursor) return true;
      const decoded = decodeCursor(query.cursor, peopleCursor);
      return typeof decoded?.[0] === (query.sort.endsWith('name') ? 'string' : 'number');
    },
    { error: 'validation.cursor', path: ['cursor'] },
  );

export const peopleRoutes = {
  listPeople: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/people',
    summary: "The city's people and their roles (cursor-paginated)",
    tags: ['people'],
    params: cityParams,
    query: peopleQuery,
    response: pageOf(person),
  }),
  getPerson: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/people/:userId',
    summary: 'One person with contact details (audited read)',
    tags: ['people'],
    params: personParams,
    response: personDetail,
  }),
  updatePerson: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/people/:userId',
    summary: "Change a person's role or organisation (chair), or your own phone",
    tags: ['people'],
    params: personParams,
    body: nonEmptyPatch(
      z.object({
        role: roleSchema.optional(),
        organisation: text(LIMITS.organisation).nullable().optional(),
        phone: phoneSchema.nullable().optional(),
      }),
    ),
    response: personDetail,
  }),
  removePerson: defineRoute({
    method: 'DELETE',
    path: '/api/cities/:cityId/people/:userId',
    summary: 'Remove a person from the city (chair)',
    tags: ['people'],
    params: personParams,
    response: z.null(),
    status: 204,
  }),
  listInvitations: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/invitations',
    summary: 'Invitations of the city (chair)',
    tags: ['people'],
    params: cityParams,
    response: z.object({ items: z.array(invitation) }),
  }),
  createInvitation: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/invitations',
    summary: 'Invite a person with a role; returns the link (also e-mailed when SMTP is configured)',
    tags: ['people'],
    params: cityParams,
    body: z.object({
      email: emailSchema,
      role: roleSchema,
      organisation: text(LIMITS.organisation).optional(),
    }),
    response: z.object({ invitation, url: z.string(), emailed: z.boolean() }),
    status: 201,
  }),
  revokeInvitation: defineRoute({
    method: 'DELETE',
    path: '/api/cities/:cityId/invitations/:invitationId',
    summary: 'Revoke a pending invitation (chair)',
    tags: ['people'],
    params: cityParams.extend({ invitationId: z.guid() }),
    response: z.null(),
    status: 204,
  }),
  lookupInvitation: defineRoute({
    method: 'GET',
    path: '/api/invitations/:token',
    summary: 'What an invitation link is for (public; the token is the secret)',
    tags: ['people'],
    auth: false,
    params: z.object({ token: invitationToken }),
    response: z.object({
      cityName: z.string(),
      email: z.string(),
      role: roleSchema,
      expiresAt: z.string(),
      accountExists: z.boolean(),
    }),
  }),
  acceptInvitation: defineRoute({
    method: 'POST',
    path: '/api/invitations/:token/accept',
    summary: 'Accept an invitation: creates the account (name, password) or joins with the signed-in account',
    tags: ['people'],
    auth: false,
    params: z.object({ token: invitationToken }),
    body: z.object({
      name: requiredText(LIMITS.personName).optional(),
      password: exactText(LIMITS.password, LIMITS.passwordMin).optional(),
    }),
    response: z.object({ cityId: z.guid(), email: z.string() }),
  }),
};
