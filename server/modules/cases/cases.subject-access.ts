import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Alignment, Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { SubjectAccessExport, SubjectAccessInput } from '../../../contracts/case-retention.contract.js';
import type { Identity } from '../../../contracts/cases.contract.js';
import type { Locale } from '../../../contracts/route.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { loadPdfmake } from '../../platform/pdf.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { user } from '../../platform/auth/auth.table.js';
import type { CityKeys } from '../../platform/crypto/keys.js';
import type { Db } from '../../platform/db/index.js';
import { translate } from '../../platform/i18n.js';
import { organisation } from '../network/index.js';
import { decryptIdentity, matchKeys, presentIdentityFields, RESTRICTED_CONTEXT } from './cases.identity.js';
import {
  caseAssessment,
  caseAssignment,
  caseConsent,
  caseFollowUp,
  casePerson,
  casePersonMatchKey,
  caseReferral,
  caseService,
  caseSettings,
  caseSituation,
} from './cases.table.js';
import { getTaxonomy, mergeCityTaxonomy, type TaxonomyKind } from './cases.taxonomies.js';

/*
 * Subject access (docs/CASES.md, "Retention and subject access"): everything this city holds about
 * one person, for the controller to answer the person's request. This is the one deliberate
 * exception to need-to-know: the chair exports without being assigned, because the law puts the duty
 * on the controller. It is chair only (policy 'cases.subject-access'), needs a reason, and is always
 * audited. Only this city is searched, and "nothing found" looks the same as in any other city.
 */

type PersonExport = SubjectAccessExport['persons'][number];

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Everything held about the person in this city, decrypted. Reads only: the caller audits. */
async function collect(
  db: Db,
  keys: CityKeys,
  cityId: string,
  input: SubjectAccessInput,
): Promise<PersonExport[]> {
  const keyList = await matchKeys(keys, cityId, input);
  if (!keyList.length) return [];
  const matched = await db
    .selectDistinct({ personId: casePersonMatchKey.personId })
    .from(casePersonMatchKey)
    .where(and(eq(casePersonMatchKey.cityId, cityId), inArray(casePersonMatchKey.key, keyList)));
  if (!matched.length) return [];
  const persons = await db
    .select({ person: casePerson, situation: caseSituation, originatingName: organisation.name })
    .from(casePerson)
    .innerJoin(
      caseSituation,
      and(eq(caseSituation.cityId, casePerson.cityId), eq(caseSituation.id, casePerson.situationId)),
    )
    .leftJoin(
      organisation,
      and(
        eq(organisation.cityId, caseSituation.cityId),
        eq(organisation.id, caseSituation.originatingOrganisationId),
      ),
    )
    .where(
      and(
        eq(casePerson.cityId, cityId),
        inArray(
          casePerson.id,
          matched.map((m) => m.personId),
        ),
      ),
    )
    .orderBy(asc(caseSituation.createdAt), asc(casePerson.createdAt));

  const open = (context: string, ciphertext: string | null) =>
    ciphertext ? keys.decrypt(cityId, context, ciphertext) : Promise.resolve(null);

  const out: PersonExport[] = [];
  for (const { person, situation: s, originatingName } of persons) {
    const inSituation = (t: { cityId: AnyPgColumn; situationId: AnyPgColumn }) =>
      and(eq(t.cityId, cityId), eq(t.situationId, s.id));
    // Consents and referrals recorded for the whole situation concern this person too; those
    // recorded for another person of the situation do not.
    const aboutPerson = (column: typeof caseConsent.personId | typeof caseReferral.personId) =>
      or(eq(column, person.id), isNull(column));

    const assignments = await db
      .select({ a: caseAssignment, name: organisation.name })
      .from(caseAssignment)
      .leftJoin(
        organisation,
        and(
          eq(organisation.cityId, caseAssignment.cityId),
          eq(organisation.id, caseAssignment.organisationId),
        ),
      )
      .where(inSituation(caseAssignment))
      .orderBy(
        asc(caseAssignment.assignedAt),
        sql`case ${caseAssignment.role} when 'originating' then 0 when 'lead' then 1 else 2 end`,
      );
    const consents = await db
      .select()
      .from(caseConsent)
      .where(and(inSituation(caseConsent), aboutPerson(caseConsent.personId)))
      .orderBy(asc(caseConsent.recordedAt));
    const assessments = await db
      .select()
      .from(caseAssessment)
      .where(inSituation(caseAssessment))
      .orderBy(asc(caseAssessment.assessedAt));
    const followUps = await db
      .select()
      .from(caseFollowUp)
      .where(inSituation(caseFollowUp))
      .orderBy(asc(caseFollowUp.dueOn), asc(caseFollowUp.createdAt));
    const referrals = await db
      .select({ r: caseReferral, orgName: organisation.name, serviceName: caseService.name })
      .from(caseReferral)
      .leftJoin(
        organisation,
        and(eq(organisation.cityId, caseReferral.cityId), eq(organisation.id, caseReferral.toOrganisationId)),
      )
      .leftJoin(
        caseService,
        and(eq(caseService.cityId, caseReferral.cityId), eq(caseService.id, caseReferral.toServiceId)),
      )
      .where(and(inSituation(caseReferral), aboutPerson(caseReferral.personId)))
      .orderBy(asc(caseReferral.sentAt));

    const recordIds = [
      person.id,
      s.id,
      ...consents.map((c) => c.id),
      ...assessments.map((a) => a.id),
      ...followUps.map((f) => f.id),
      ...referrals.map((r) => r.r.id),
    ];
    const events = await db
      .select({ e: auditEvent, actorName: user.name })
      .from(auditEvent)
      .leftJoin(user, eq(user.id, auditEvent.actorUserId))
      .where(and(eq(auditEvent.cityId, cityId), inArray(auditEvent.recordId, recordIds)))
      .orderBy(asc(auditEvent.seq));

    out.push({
      personId: person.id,
      relation: person.relation,
      isMinor: person.isMinor,
      recordedAt: person.createdAt.toISOString(),
      identity: await decryptIdentity(keys, cityId, person.identityEnc),
      situation: {
        id: s.id,
        reference: s.reference,
        workflow: s.workflow,
        stage: s.stage,
        subjectKind: s.subjectKind,
        ageBand: s.ageBand,
        gender: s.gender,
        neighbourhood: s.neighbourhood,
        riskFactors: s.riskFactors,
        protectiveFactors: s.protectiveFactors,
        originatingReason: s.originatingReason,
        originatingOrganisation: originatingName
          ? { id: s.originatingOrganisationId, name: originatingName }
          : null,
        createdAt: s.createdAt.toISOString(),
        presentedAt: iso(s.presentedAt),
        thresholdMet: s.thresholdMet,
        decidedAt: iso(s.decidedAt),
        decisionNote: s.decisionNote,
        responseDueAt: iso(s.responseDueAt),
        firstResponseAt: iso(s.firstResponseAt),
        plan: await open(RESTRICTED_CONTEXT.plan, s.planEnc),
        closedAt: iso(s.closedAt),
        outcome: s.outcome,
        closureNote: await open(RESTRICTED_CONTEXT.closureNote, s.closureNoteEnc),
        rejectedAt: iso(s.rejectedAt),
        purgeAfter: iso(s.purgeAfter),
      },
      assignments: assignments.map(({ a, name }) => ({
        organisation: name ? { id: a.organisationId, name } : null,
        role: a.role,
        assignedAt: a.assignedAt.toISOString(),
        endedAt: iso(a.endedAt),
      })),
      consents: consents.map((c) => ({
        id: c.id,
        purpose: c.purpose,
        basis: c.basis,
        basisDetail: c.basisDetail,
        forThisPerson: c.personId === person.id,
        recordedAt: c.recordedAt.toISOString(),
        withdrawnAt: iso(c.withdrawnAt),
      })),
      assessments: await Promise.all(
        assessments.map(async (a) => ({
          id: a.id,
          assessedAt: a.assessedAt.toISOString(),
          factors: a.factors,
          summary: (await open(RESTRICTED_CONTEXT.assessmentSummary, a.summaryEnc)) ?? '',
          managementPlan: (await open(RESTRICTED_CONTEXT.assessmentPlan, a.managementPlanEnc)) ?? '',
          changes: await open(RESTRICTED_CONTEXT.assessmentChanges, a.changesEnc),
        })),
      ),
      followUps: await Promise.all(
        followUps.map(async (f) => ({
          id: f.id,
          kind: f.kind,
          dueOn: f.dueOn,
          completedAt: iso(f.completedAt),
          reviewFinding: f.reviewFinding,
          note: await open(RESTRICTED_CONTEXT.followUpNote, f.noteEnc),
        })),
      ),
      referrals: await Promise.all(
        referrals.map(async ({ r, orgName, serviceName }) => ({
          id: r.id,
          to: orgName ?? serviceName ?? null,
          status: r.status,
          sharedFields: r.sharedFields,
          shareRiskFactors: r.shareRiskFactors,
          forThisPerson: r.personId === person.id,
          sentAt: r.sentAt.toISOString(),
          respondedAt: iso(r.respondedAt),
          declineReason: r.declineReason,
          completedAt: iso(r.completedAt),
          message: await open(RESTRICTED_CONTEXT.referralMessage, r.messageEnc),
          feedback: await open(RESTRICTED_CONTEXT.referralFeedback, r.feedbackEnc),
        })),
      ),
      accessLog: events.map(({ e, actorName }) => ({
        at: e.at.toISOString(),
        actorName,
        actorRole: e.actorRole,
        action: e.action,
        recordType: e.recordType,
        fields: e.fields,
        reason: e.reason,
      })),
    });
  }
  return out;
}

/** The sections of an export that hold something (the audit row's field names). */
function exportedFields(p: PersonExport): string[] {
  const sections: [string, boolean][] = [
    ['situation', true],
    ['plan', p.situation.plan !== null],
    ['closureNote', p.situation.closureNote !== null],
    ['assignments', p.assignments.length > 0],
    ['consents', p.consents.length > 0],
    ['assessments', p.assessments.length > 0],
    ['followUps', p.followUps.length > 0],
    ['referrals', p.referrals.length > 0],
    ['accessLog', p.accessLog.length > 0],
  ];
  return [...presentIdentityFields(p.identity), ...sections.filter(([, has]) => has).map(([name]) => name)];
}

/**
 * Finds the person in this city (by the keyed hashes of name and date of birth) and gathers what is
 * held about them. One audit row per person found ('export', 'case_person', the field names, the
 * reason), or one without a record when nothing matched: the search itself is a processing act.
 */
export async function subjectAccessExport(
  deps: { db: Db; keys: CityKeys },
  auditActor: AuditActor,
  cityId: string,
  input: SubjectAccessInput,
  now: Date = new Date(),
): Promise<SubjectAccessExport> {
  const persons = await collect(deps.db, deps.keys, cityId, input);
  await deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    if (!persons.length) {
      await appendAudit(tx, cityId, auditActor, {
        action: 'export',
        recordType: 'case_person',
        recordId: null,
        fields: [],
        reason: input.reason,
      });
    }
    for (const p of persons) {
      await appendAudit(tx, cityId, auditActor, {
        action: 'export',
        recordType: 'case_person',
        recordId: p.personId,
        fields: exportedFields(p),
        reason: input.reason,
      });
    }
  });
  return {
    format: 'lpn-subject-access/1',
    cityId,
    exportedAt: now.toISOString(),
    request: { givenName: input.givenName, familyName: input.familyName, dateOfBirth: input.dateOfBirth },
    persons,
  };
}

// --- PDF -------------------------------------------------------------------------------------------

/** Labels of the city's factor codes in `lang` (base taxonomies plus the city's own entries). */
async function factorLabels(db: Db, cityId: string, lang: Locale): Promise<Map<string, string>> {
  const [row] = await db
    .select({ additions: caseSettings.taxonomyAdditions })
    .from(caseSettings)
    .where(eq(caseSettings.cityId, cityId));
  const labels = new Map<string, string>();
  for (const kind of ['risk', 'protective', 'vulnerability'] as TaxonomyKind[]) {
    let taxonomy = getTaxonomy(kind);
    const additions = row?.additions?.[kind];
    if (additions) {
      try {
        taxonomy = mergeCityTaxonomy(taxonomy, additions);
      } catch {
        // Additions that no longer fit: the codes print as they are.
      }
    }
    const entries =
      taxonomy.kind === 'vulnerability'
        ? taxonomy.dimensions.flatMap((d) => [d, ...d.factors])
        : taxonomy.categories.flatMap((c) => [c, ...c.subtypes]);
    for (const e of entries) labels.set(e.id, e.labels[lang]);
  }
  return labels;
}

type Row = [string, string];

/** The export as a PDF, labels in `lang` (Arabic right to left). */
export async function subjectAccessPdf(
  db: Db,
  data: SubjectAccessExport,
  cityName: string,
  lang: Locale,
): Promise<Buffer> {
  const factors = await factorLabels(db, data.cityId, lang);
  const key = (k: string) => `case-retention.sar.${k}`;
  const t = (k: string) => translate(lang, key(k));
  // A code's label where there is one (stages, roles, bases …), else the code itself.
  const code = (group: string, value: string | null) => {
    if (value === null) return t('none');
    const k = key(`values.${group}.${value}`);
    const label = translate(lang, k);
    return label === k ? value : label;
  };
  const role = (value: string) => {
    const label = translate(lang, `roles.${value}`);
    return label === `roles.${value}` ? code('actor', value) : label;
  };
  const text = (value: string | null | undefined) => (value && value.trim() ? value : t('none'));
  const date = (value: string | null) => (value ? value.replace('T', ' ').slice(0, 16) : t('none'));
  const yesNo = (value: boolean | null) => (value === null ? t('none') : t(value ? 'yes' : 'no'));
  const list = (values: string[], label: (v: string) => string = (v) => v) =>
    values.length ? values.map(label).join(', ') : t('none');
  const factor = (id: string) => factors.get(id) ?? id;
  const field = (name: string) => code('field', name);

  const rtl = lang === 'ar';
  const align: Alignment = rtl ? 'right' : 'left';
  // See tor.export.ts: right-to-left runs get a trailing space so the last word keeps its gap.
  const txt = (value: string) => (rtl ? `${value} ` : value);
  const heading = (value: string, level: 'h1' | 'h2' | 'h3'): Content => ({
    text: txt(value),
    style: level,
    alignment: align,
  });
  const table = (rows: Row[]): Content => ({
    table: {
      widths: rtl ? ['*', 150] : [150, '*'],
      body: rows.map(([label, value]) => {
        const cells: TableCell[] = [
          { text: txt(label), bold: true, alignment: align },
          { text: txt(value), alignment: align },
        ];
        return rtl ? cells.reverse() : cells;
      }),
    },
    layout: 'lightHorizontalLines',
    margin: [0, 0, 0, 8],
  });
  const section = (title: string, items: Row[][]): Content[] => [
    heading(title, 'h3'),
    ...(items.length
      ? items.map(table)
      : [{ text: txt(t('none')), alignment: align, margin: [0, 0, 0, 8] } satisfies Content]),
  ];

  const identityRows = (identity: Identity): Row[] => [
    [field('givenName'), identity.givenName],
    [field('familyName'), identity.familyName],
    [field('dateOfBirth'), text(identity.dateOfBirth)],
    [field('phone'), text(identity.phone)],
    [field('email'), text(identity.email)],
    [field('address'), text(identity.address)],
    [
      field('guardians'),
      identity.guardians.length
        ? identity.guardians
            .map((g) => [g.name, g.relationship, g.phone].filter(Boolean).join(', '))
            .join('; ')
        : t('none'),
    ],
  ];

  const content: Content[] = [
    heading(t('title'), 'h1'),
    { text: txt(`${t('city')}: ${cityName}`), style: 'meta', alignment: align },
    { text: txt(`${t('exportedAt')}: ${date(data.exportedAt)} UTC`), style: 'meta', alignment: align },
    {
      text: txt(
        `${t('searchedFor')}: ${data.request.givenName} ${data.request.familyName}, ${data.request.dateOfBirth}`,
      ),
      style: 'meta',
      alignment: align,
    },
    { text: txt(t('intro')), margin: [0, 8, 0, 4], alignment: align },
  ];
  if (!data.persons.length)
    content.push({ text: txt(t('noRecords')), margin: [0, 8, 0, 0], alignment: align });

  for (const p of data.persons) {
    const s = p.situation;
    content.push(
      heading(`${t('situation')} ${s.reference}`, 'h2'),
      heading(t('sections.identity'), 'h3'),
      table([
        ...identityRows(p.identity),
        [field('relation'), code('relation', p.relation)],
        [field('isMinor'), yesNo(p.isMinor)],
        [field('recordedAt'), date(p.recordedAt)],
      ]),
      heading(t('sections.situation'), 'h3'),
      table([
        [field('reference'), s.reference],
        [field('workflow'), code('workflow', s.workflow)],
        [field('stage'), code('stage', s.stage)],
        [field('subjectKind'), code('subjectKind', s.subjectKind)],
        [field('ageBand'), code('ageBand', s.ageBand)],
        [field('gender'), code('gender', s.gender)],
        [field('neighbourhood'), text(s.neighbourhood)],
        [field('riskFactors'), list(s.riskFactors, factor)],
        [field('protectiveFactors'), list(s.protectiveFactors, factor)],
        [field('originatingOrganisation'), text(s.originatingOrganisation?.name)],
        [field('originatingReason'), text(s.originatingReason)],
        [field('createdAt'), date(s.createdAt)],
        [field('presentedAt'), date(s.presentedAt)],
        [field('thresholdMet'), yesNo(s.thresholdMet)],
        [field('decidedAt'), date(s.decidedAt)],
        [field('decisionNote'), text(s.decisionNote)],
        [field('responseDueAt'), date(s.responseDueAt)],
        [field('firstResponseAt'), date(s.firstResponseAt)],
        [field('plan'), text(s.plan)],
        [field('closedAt'), date(s.closedAt)],
        [field('outcome'), code('outcome', s.outcome)],
        [field('closureNote'), text(s.closureNote)],
        [field('rejectedAt'), date(s.rejectedAt)],
        [field('purgeAfter'), date(s.purgeAfter)],
      ]),
      ...section(
        t('sections.assignments'),
        p.assignments.map((a) => [
          [field('organisation'), text(a.organisation?.name)],
          [field('role'), code('assignmentRole', a.role)],
          [field('assignedAt'), date(a.assignedAt)],
          [field('endedAt'), date(a.endedAt)],
        ]),
      ),
      ...section(
        t('sections.consents'),
        p.consents.map((c) => [
          [field('purpose'), code('purpose', c.purpose)],
          [field('basis'), code('basis', c.basis)],
          [field('basisDetail'), text(c.basisDetail)],
          [field('forThisPerson'), yesNo(c.forThisPerson)],
          [field('recordedAt'), date(c.recordedAt)],
          [field('withdrawnAt'), date(c.withdrawnAt)],
        ]),
      ),
      ...section(
        t('sections.assessments'),
        p.assessments.map((a) => [
          [field('assessedAt'), date(a.assessedAt)],
          ...Object.entries(a.factors).map(([dimension, ids]): Row => [factor(dimension), list(ids, factor)]),
          [field('summary'), text(a.summary)],
          [field('managementPlan'), text(a.managementPlan)],
          [field('changes'), text(a.changes)],
        ]),
      ),
      ...section(
        t('sections.followUps'),
        p.followUps.map((f) => [
          [field('kind'), code('followUpKind', f.kind)],
          [field('dueOn'), f.dueOn],
          [field('completedAt'), date(f.completedAt)],
          [field('reviewFinding'), code('finding', f.reviewFinding)],
          [field('note'), text(f.note)],
        ]),
      ),
      ...section(
        t('sections.referrals'),
        p.referrals.map((r) => [
          [field('to'), text(r.to)],
          [field('status'), code('referralStatus', r.status)],
          [field('sharedFields'), list(r.sharedFields, field)],
          [field('shareRiskFactors'), yesNo(r.shareRiskFactors)],
          [field('forThisPerson'), yesNo(r.forThisPerson)],
          [field('sentAt'), date(r.sentAt)],
          [field('respondedAt'), date(r.respondedAt)],
          [field('declineReason'), text(r.declineReason)],
          [field('completedAt'), date(r.completedAt)],
          [field('message'), text(r.message)],
          [field('feedback'), text(r.feedback)],
        ]),
      ),
      heading(t('sections.accessLog'), 'h3'),
      p.accessLog.length
        ? {
            table: {
              headerRows: 1,
              widths: ['auto', '*', 'auto', 'auto', '*'],
              body: [
                [t('log.at'), t('log.who'), t('log.action'), t('log.record'), t('log.reason')].map(
                  (h): TableCell => ({
                    text: txt(h),
                    bold: true,
                    alignment: align,
                  }),
                ),
                ...p.accessLog.map((e) =>
                  [
                    date(e.at),
                    `${e.actorName ?? t('log.system')} (${role(e.actorRole)})`,
                    `${code('action', e.action)}${e.fields.length ? `: ${list(e.fields, field)}` : ''}`,
                    code('recordType', e.recordType),
                    text(e.reason),
                  ].map((value): TableCell => ({ text: txt(value), alignment: align })),
                ),
              ].map((cells) => (rtl ? cells.reverse() : cells)),
            },
            layout: 'lightHorizontalLines',
            fontSize: 8.5,
          }
        : { text: txt(t('none')), alignment: align },
    );
  }

  const definition: TDocumentDefinitions = {
    info: { title: t('title') },
    content,
    defaultStyle: { font: rtl ? 'Naskh' : 'Roboto', fontSize: 9.5, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 14, bold: true, margin: [0, 16, 0, 4] },
      h3: { fontSize: 11.5, bold: true, margin: [0, 8, 0, 3] },
      meta: { fontSize: 9, color: '#444444' },
    },
  };
  const pdfmake = await loadPdfmake();
  return Buffer.from(await pdfmake.createPdf(definition).getBuffer());
}
