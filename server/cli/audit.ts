import fs from 'node:fs';
import path from 'node:path';
import { asc, eq, gt, and } from 'drizzle-orm';
import { auditEvent } from '../platform/audit/audit.table.js';
import { appendAudit, verifyAuditChain } from '../platform/audit/audit.js';
import { user } from '../platform/auth/auth.table.js';
import { city } from '../modules/cities/cities.table.js';
import { toCity } from '../modules/cities/cities.service.js';
import { invitation, membership } from '../modules/people/people.table.js';
import { PHONE_CONTEXT } from '../modules/people/people.service.js';
import { cityBySlug, cliAuditActor, CliError, type CliContext, type CliResult } from './context.js';

/** `lpn verify-audit`: walks each city's hash chain; exit code 1 when any chain is broken. */
export async function verifyAuditCommand(ctx: CliContext, args: { city?: string }): Promise<CliResult> {
  const cities = args.city
    ? [await cityBySlug(ctx.deps, args.city)]
    : await ctx.deps.db.select().from(city).orderBy(asc(city.slug));
  if (!cities.length) return { output: 'No cities yet: nothing to verify.', exitCode: 0 };
  let broken = 0;
  const lines: string[] = [];
  for (const c of cities) {
    const verdict = await verifyAuditChain(ctx.deps.db, c.id);
    if (verdict.ok) {
      lines.push(`${c.slug}: ok (${verdict.checked} events)`);
    } else {
      broken++;
      lines.push(`${c.slug}: BROKEN at event #${verdict.firstBroken!.seq}: ${verdict.firstBroken!.problem}`);
    }
  }
  if (broken) lines.push(`${broken} of ${cities.length} audit chain(s) broken.`);
  return { output: lines.join('\n'), exitCode: broken ? 1 : 0 };
}

/** Writes a file readable by its owner only, never briefly readable by others, replacing any old file. */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  const target = path.resolve(file);
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
  try {
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

const AUDIT_PAGE = 5000;

/** Everything stored about one city, personal data decrypted; the caller records the export first. */
async function collectCity(ctx: CliContext, cityId: string) {
  const { db, keys } = ctx.deps;
  const [row] = await db.select().from(city).where(eq(city.id, cityId));
  const members = await db
    .select({
      userId: membership.userId,
      name: user.name,
      email: user.email,
      role: membership.role,
      organisation: membership.organisation,
      phoneEnc: membership.phoneEnc,
      joinedAt: membership.joinedAt,
    })
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(eq(membership.cityId, cityId))
    .orderBy(asc(membership.joinedAt), asc(membership.userId));
  const invitations = await db
    .select()
    .from(invitation)
    .where(eq(invitation.cityId, cityId))
    .orderBy(asc(invitation.createdAt));
  const events: (typeof auditEvent.$inferSelect)[] = [];
  for (;;) {
    const page = await db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, cityId), gt(auditEvent.seq, events.at(-1)?.seq ?? 0)))
      .orderBy(asc(auditEvent.seq))
      .limit(AUDIT_PAGE);
    events.push(...page);
    if (page.length < AUDIT_PAGE) break;
  }
  return {
    format: 'lpn-city-export/1',
    exportedAt: new Date().toISOString(),
    city: toCity(row),
    memberships: await Promise.all(
      members.map(async ({ phoneEnc, ...m }) => ({
        ...m,
        joinedAt: m.joinedAt.toISOString(),
        phone: phoneEnc ? await keys.decrypt(cityId, PHONE_CONTEXT, phoneEnc) : null,
      })),
    ),
    // The token hash is a credential-equivalent look-up key: it stays in the database.
    invitations: invitations.map(({ tokenHash: _tokenHash, ...i }) => ({
      ...i,
      expiresAt: i.expiresAt.toISOString(),
      acceptedAt: i.acceptedAt?.toISOString() ?? null,
      revokedAt: i.revokedAt?.toISOString() ?? null,
      createdAt: i.createdAt.toISOString(),
    })),
    auditEvents: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

export const EXPORTED_FIELDS = ['name', 'email', 'role', 'organisation', 'phone', 'invitations', 'audit'];

/**
 * `lpn export-city`: the city's data as JSON, phones decrypted. That is personal data, so a reason
 * is required and the export is recorded in the city's audit log before any data leaves.
 */
export async function exportCityCommand(
  ctx: CliContext,
  args: { city?: string; out?: string; reason?: string },
): Promise<CliResult> {
  if (!args.city) throw new CliError('--city is required');
  const reason = args.reason?.trim();
  if (!reason)
    throw new CliError(
      '--reason is required: the export contains personal data and is audited with its reason',
    );
  if (reason.length > 500) throw new CliError('--reason: at most 500 characters');
  const row = await cityBySlug(ctx.deps, args.city);
  await appendAudit(ctx.deps.db, row.id, cliAuditActor('export-city'), {
    action: 'export',
    recordType: 'city',
    recordId: row.id,
    fields: EXPORTED_FIELDS,
    reason,
  });
  const json = JSON.stringify(await collectCity(ctx, row.id), null, 2) + '\n';
  if (!args.out) return { output: json.trimEnd(), exitCode: 0 };
  writePrivateFile(args.out, json);
  return {
    output: `Exported "${row.name}" to ${path.resolve(args.out)} (mode 0600). It contains personal data: store and delete it accordingly.`,
    exitCode: 0,
  };
}
