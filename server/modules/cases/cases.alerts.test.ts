import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { sendOverdueCaseAlerts } from './cases.alerts.js';
import { caseCity, presentation, type CaseCity } from './cases.fixture.js';
import { casePerson, caseSituation } from './cases.table.js';

let t: TestApp;
let c: CaseCity;
beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'alerts');
});
afterAll(() => t.close());

const call = (who: keyof CaseCity['cookies'], method: string, path: string, payload?: object) =>
  t.call({ method: method as 'POST', url: c.url(path), cookie: c.cookies[who], payload });

describe('overdue alerts', () => {
  it('e-mails the assigned agencies and the coordinators once, naming only the reference', async () => {
    const id = (await call('memberA', 'POST', '/cases', presentation)).json().id as string;
    await call('memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'subject',
      identity: { givenName: 'Alerta', familyName: 'Nobodyknows', dateOfBirth: '2012-01-01', guardians: [] },
    });
    await call('memberA', 'POST', `/cases/${id}/stage`, { to: 'filter-2' });
    await call('coordinator', 'POST', `/cases/${id}/decision`, { thresholdMet: true });
    await call('coordinator', 'PUT', `/cases/${id}/assignments`, {
      leadOrganisationId: c.orgs.school,
      assistingOrganisationIds: [c.orgs.clinic],
      disclosure: { basis: 'legal-basis', basisDetail: 'By-law 12, acutely elevated risk' },
    });
    const deps = { db: t.deps.db, mailer: t.deps.mailer, publicUrl: 'https://lpn.example' };
    t.mail.length = 0;
    expect(await sendOverdueCaseAlerts(deps)).toBe(0); // not due yet
    await t.deps.db
      .update(caseSituation)
      .set({ responseDueAt: new Date(Date.now() - 60_000) })
      .where(eq(caseSituation.id, id));
    expect(await sendOverdueCaseAlerts(deps)).toBe(3);
    expect(t.mail.map((m) => m.to).sort()).toEqual(
      ['coordinator@alerts.test', 'membera@alerts.test', 'memberb@alerts.test'].sort(),
    );
    const [reference] = await t.deps.db
      .select({ r: caseSituation.reference })
      .from(caseSituation)
      .where(eq(caseSituation.id, id));
    for (const m of t.mail) {
      expect(m.subject).toContain(reference.r);
      expect(m.text).toContain(`https://lpn.example/c/${c.cityId}/cases/${id}`);
      expect(`${m.subject}${m.text}`).not.toContain('Nobodyknows');
    }
    expect(await sendOverdueCaseAlerts(deps)).toBe(0); // once only
    expect(await t.deps.db.select().from(casePerson).where(eq(casePerson.situationId, id))).toHaveLength(1);
  });
});
