import { z } from 'zod';
import { createCityBody } from '../../contracts/cities.contract.js';
import { peopleRoutes } from '../../contracts/people.contract.js';
import { createCity } from '../modules/cities/cities.service.js';
import { createInvitation, INVITATION_DAYS } from '../modules/people/people.service.js';
import { invitationUrl } from '../modules/people/people.routes.js';
import {
  cityBySlug,
  cliActor,
  cliAuditActor,
  CliError,
  mailInvitation,
  ok,
  type CliContext,
  type CliResult,
} from './context.js';

/** Validates command-line input with the same zod schema the API uses; names the offending option. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  optionNames: Record<string, string> = {},
): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    return `--${optionNames[key] ?? key}: ${issue.message}`;
  });
  throw new CliError(`Invalid input: ${problems.join('; ')}`);
}

export interface CreateCityArgs {
  name?: string;
  slug?: string;
  country?: string;
  locale?: string;
  chairEmail?: string;
}

/** `lpn create-city`: a city with its data key and audit chain; optionally invites its chair. */
export async function createCityCommand(ctx: CliContext, args: CreateCityArgs): Promise<CliResult> {
  const input = parseInput(
    createCityBody,
    {
      name: args.name,
      slug: args.slug,
      country: args.country,
      defaultLocale: args.locale,
      chairEmail: args.chairEmail,
    },
    { defaultLocale: 'locale', chairEmail: 'chair-email' },
  );
  const created = await createCity(ctx.deps, cliActor, cliAuditActor('create-city'), input);
  const lines = [`Created city "${created.city.name}" (${created.city.slug})`, `  id: ${created.city.id}`];
  if (created.chairToken && input.chairEmail) {
    const url = invitationUrl(ctx.baseUrl, created.chairToken);
    lines.push(
      `  chair invitation (valid ${INVITATION_DAYS} days): ${url}`,
      `  ${await mailInvitation(ctx.deps.mailer, input.chairEmail, url, INVITATION_DAYS)}`,
    );
  }
  return ok(lines.join('\n'));
}

export interface InviteArgs {
  city?: string;
  email?: string;
  role?: string;
  organisation?: string;
}

/** `lpn invite`: an invitation link for a person with a role in a city (e-mailed when SMTP is set). */
export async function inviteCommand(ctx: CliContext, args: InviteArgs): Promise<CliResult> {
  if (!args.city) throw new CliError('--city is required');
  const input = parseInput(peopleRoutes.createInvitation.body!, {
    email: args.email,
    role: args.role,
    organisation: args.organisation,
  });
  const row = await cityBySlug(ctx.deps, args.city);
  const created = await createInvitation(ctx.deps.db, cliActor, cliAuditActor('invite'), row.id, input);
  const url = invitationUrl(ctx.baseUrl, created.token);
  return ok(
    [
      `Invitation to "${row.name}" as ${input.role} (valid ${INVITATION_DAYS} days):`,
      url,
      await mailInvitation(ctx.deps.mailer, input.email, url, INVITATION_DAYS),
    ].join('\n'),
  );
}
